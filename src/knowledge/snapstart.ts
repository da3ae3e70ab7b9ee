/**
 * What Lambda SnapStart supports, one row per fact with the AWS page it comes from, so a change of AWS policy is a
 * change of one row.
 */

import { SNAPSTART_LABEL } from "../deployment/dockerfile.js";

const SNAPSTART_PAGE = "AWS Lambda Developer Guide, \"Improving startup performance with Lambda SnapStart\", Supported features and limitations (docs.aws.amazon.com/lambda/latest/dg/snapstart.html)";
const CONTAINER_HOOKS_PAGE = "AWS Lambda Developer Guide, \"Implementing SnapStart hooks for container images\" (docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-custom.html)";

export interface SnapStartRuntimeRow {
  /** The runtime identifier's prefix, before its version: `java` in `java21`, `python` in `python3.12`. */
  family: string;
  /** The first version with SnapStart on a zip function; undefined: never on a zip function. */
  supportedFrom?: readonly number[];
  /** For an unsupported family: the route AWS documents instead. */
  route?: string;
  source: string;
}

export const SNAPSTART_RUNTIMES: readonly SnapStartRuntimeRow[] = [
  { family: "java", supportedFrom: [11], source: SNAPSTART_PAGE },
  { family: "python", supportedFrom: [3, 12], source: SNAPSTART_PAGE },
  { family: "dotnet", supportedFrom: [8], source: SNAPSTART_PAGE },
  {
    family: "nodejs",
    route: "package it as a container image from the Lambda Node.js base image that sets LABEL com.amazonaws.lambda.feature.snapstart=\"Allow\" (or implements the Runtime API restore calls), or turn SnapStart off",
    source: `${SNAPSTART_PAGE}; ${CONTAINER_HOOKS_PAGE}`,
  },
  {
    family: "ruby",
    route: "package it as a container image that sets LABEL com.amazonaws.lambda.feature.snapstart=\"Allow\" (or implements the Runtime API restore calls), or turn SnapStart off",
    source: `${SNAPSTART_PAGE}; ${CONTAINER_HOOKS_PAGE}`,
  },
  {
    family: "provided",
    route: "package it as a container image whose runtime implements the Runtime API restore calls (or sets LABEL com.amazonaws.lambda.feature.snapstart=\"Allow\"), or turn SnapStart off",
    source: `${SNAPSTART_PAGE} (OS-only runtimes); ${CONTAINER_HOOKS_PAGE}`,
  },
  { family: "go", route: "turn SnapStart off (the go1.x runtime is retired; an OS-only runtime needs a container image)", source: SNAPSTART_PAGE },
];

/** Whether a zip function on `runtime` can have SnapStart; undefined when the runtime is not one snapcheck knows. */
export function snapStartSupportOf(runtime: string): { supported: true } | { supported: false; row: SnapStartRuntimeRow } | undefined {
  const match = /^([a-z]+)([\d.]*)/.exec(runtime.trim().toLowerCase());
  if (!match) return undefined;
  const row = SNAPSTART_RUNTIMES.find((entry) => entry.family === match[1]);
  if (!row) return undefined;
  if (!row.supportedFrom) return { supported: false, row };
  const version = match[2]!.split(".").filter(Boolean).map(Number);
  if (version.length === 0) return undefined;
  return compareVersions(version, row.supportedFrom) >= 0 ? { supported: true } : { supported: false, row };
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Features SnapStart cannot be combined with. */
export const SNAPSTART_LIMITS = {
  /** Ephemeral storage (`/tmp`) above this many MB is not supported. */
  maxEphemeralStorageMb: 512,
  provisionedConcurrency: false,
  efs: false,
  source: SNAPSTART_PAGE,
} as const;

/**
 * A container image opts in to SnapStart with this label when it needs no hooks, or by implementing the Runtime API
 * restore calls; with neither, publishing a version fails. Lambda's Java, Python and .NET base images coordinate the
 * lifecycle themselves.
 */
export const SNAPSTART_IMAGE_OPT_IN = {
  label: { key: SNAPSTART_LABEL, value: "Allow" },
  restoreApiPath: "/runtime/restore/next",
  /** Lambda base images (public.ecr.aws/lambda/<family>:<version>) that coordinate SnapStart themselves. */
  managedBaseImage: /^(?:public\.ecr\.aws\/lambda\/|amazon\/aws-lambda-)(java|python|dotnet):?(\d[\d.]*)?/,
  source: CONTAINER_HOOKS_PAGE,
} as const;
