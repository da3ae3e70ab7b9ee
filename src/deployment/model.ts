/**
 * The deployment model: which functions a project deploys, where their code starts, and how (if at all) their
 * process is snapshotted. Readers (one per descriptor kind) produce it; the run uses it to decide which files are
 * init code of a snapshotted function and with which target; the deployment rules check it.
 */

/** How a deployed function's process is snapshotted. */
export type SnapshotKind =
  /** Lambda SnapStart on published versions, or any Firecracker clone: a raw memory snapshot. */
  | "snapstart"
  /** A Node.js startup snapshot (`node --build-snapshot`): V8 reseeds Math.random, crypto caches are copied. */
  | "node-snapshot"
  /** Never snapshotted: each environment runs its own init (a Lambda without SnapStart, a long-lived server). */
  | "none";

export const SNAPSHOT_KINDS: readonly SnapshotKind[] = ["snapstart", "node-snapshot", "none"];

/** The descriptor kinds snapcheck reads; `config` is a function declared in the snapcheck config. */
export type DescriptorKind =
  | "sam"
  | "cloudformation"
  | "serverless"
  | "cdk"
  | "sst"
  | "dockerfile"
  | "compose"
  | "node-snapshot"
  | "wrangler"
  | "google-cloud"
  | "config";

/** A place in a descriptor: an absolute path and a 1-based line and column. */
export interface DescriptorLocation {
  file: string;
  line: number;
  column: number;
}

export interface DeployedFunction {
  /** The name the descriptor gives it (logical id, function key, construct id, service name). */
  name: string;
  descriptorKind: DescriptorKind;
  /** Where the function is declared. */
  source: DescriptorLocation;
  /** The folder whose code belongs to the descriptor's project (its folder and below). */
  projectRoot: string;
  /** Absolute path of the source file the process starts from; undefined when it could not be found. */
  entry: string | undefined;
  /** The export the platform calls (`handler` in `index.handler`); undefined for a plain program entry. */
  handler: string | undefined;
  runtime: string | undefined;
  packageType: "zip" | "image";
  /** What is in force after the "a team preparing for SnapStart" rule of the model was applied. */
  snapshot: SnapshotKind;
  /** Whether the descriptor itself turns snapshots on (SnapStart, `--build-snapshot`), before any assumption. */
  snapshotDeclared: boolean;
  /** A long-lived process (container server, ECS task): never a SnapStart candidate. */
  longLived: boolean;
}

/** A descriptor that could not be read, or an entry that points nowhere: reported once as a warning on that file. */
export interface DescriptorProblem {
  location: DescriptorLocation;
  message: string;
}

export interface DeploymentModel {
  functions: DeployedFunction[];
  /** Every descriptor read, with the folder its project covers. */
  descriptors: {
    file: string;
    kind: DescriptorKind;
    projectRoot: string;
    /** None of its Lambda functions turns SnapStart on, so all were taken as SnapStart candidates (said once per run). */
    assumedSnapStart?: boolean;
  }[];
  problems: DescriptorProblem[];
}
