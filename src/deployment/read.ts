import path from "node:path";
import type { DeclaredFunction } from "../config/types.js";
import { errorMessage } from "../errors.js";
import { readCdk } from "./cdk.js";
import { readCompose } from "./compose.js";
import { readDockerfile } from "./containers.js";
import { findDescriptorFiles, type DescriptorCandidate } from "./discover.js";
import { readText } from "./entries.js";
import type { DeployedFunction, DeploymentModel, DescriptorKind } from "./model.js";
import { readGoogleCloudPackage } from "./google-cloud.js";
import { readPackageJson } from "./node-snapshot.js";
import { FILE_START, ReadContext, type FunctionDraft } from "./reading.js";
import { looksLikeTemplate, readTemplate } from "./sam.js";
import { readDeclaredFunctions } from "./declared.js";
import { readServerless } from "./serverless.js";
import { readSst } from "./sst.js";
import { readWrangler } from "./wrangler.js";
import { parseYamlDescriptor, type YamlDescriptor } from "./yaml.js";

/** Descriptors larger than this are not read (a generated template of this size is not one a team edits). */
const MAX_DESCRIPTOR_BYTES = 5 * 1024 * 1024;

export interface ReadModelOptions {
  /** Where relative roots start, and how far up from a root descriptors are looked for. */
  cwd: string;
  /** Functions declared in snapcheck config files, each list with the file it comes from. */
  declared?: readonly { configFile: string; functions: readonly DeclaredFunction[] }[];
  /** False for `--no-ignore`: descriptors a .gitignore excludes are read too. */
  useIgnores?: boolean;
  /** `findDescriptorFiles` of the same roots, cwd and `useIgnores`, when the caller has it already. */
  candidates?: readonly DescriptorCandidate[];
}

/** Reads one descriptor file into functions; problems go to the context. */
export type DescriptorReader = (file: string, text: string, context: ReadContext) => { kind: DescriptorKind; functions: FunctionDraft[] } | undefined;

/**
 * The deployment model of the descriptors in and below `roots`. Never throws: a descriptor that cannot be read is
 * one problem on that file, and the others are still read.
 */
export function readDeploymentModel(roots: readonly string[], options: ReadModelOptions): DeploymentModel {
  const context = new ReadContext();
  const descriptors: DeploymentModel["descriptors"] = [];
  const groups: DescriptorGroup[] = [];
  const files = options.candidates ?? findDescriptorFiles(roots, options.cwd, { useIgnores: options.useIgnores ?? true });
  const record = (file: string, read: ReturnType<DescriptorReader>) => {
    if (!read) return;
    const descriptor = { file, kind: read.kind, projectRoot: read.functions[0]?.projectRoot ?? path.dirname(file) };
    descriptors.push(descriptor);
    groups.push({ descriptor, functions: read.functions });
  };
  // Dockerfiles last: those another descriptor builds from are read as part of it.
  for (const { file, kind } of files.filter((each) => each.kind !== "dockerfile")) {
    const reader = READERS[kind];
    if (reader) record(file, readSafely(file, reader, context));
  }
  for (const { file } of files.filter((each) => each.kind === "dockerfile" && !context.consumedDockerfiles.has(each.file))) {
    // A Dockerfile of another language deploys nothing snapcheck reads: not a descriptor of the project's code.
    const read = readSafely(file, (dockerfile) => ({ kind: "dockerfile", functions: readDockerfile(dockerfile, context) }), context);
    if (read && read.functions.length > 0) record(file, read);
  }
  for (const { configFile, functions } of options.declared ?? []) {
    const declared = readDeclaredFunctions(configFile, functions, context);
    const descriptor = { file: configFile, kind: "config" as const, projectRoot: path.dirname(configFile) };
    descriptors.push(descriptor);
    // A declared function corrects what a descriptor said about the same entry (and handler, when given).
    for (const group of groups) {
      group.functions = group.functions.filter((found) => !declared.some((each) => each.entry === found.entry && (each.handler === undefined || each.handler === found.handler)));
    }
    groups.push({ descriptor, functions: declared });
  }
  return { functions: applyModelRules(groups), descriptors, problems: context.problems };
}

/** Runs a reader on a file's text; a file that cannot be read or a reader that fails is one problem on that file. */
function readSafely(file: string, reader: DescriptorReader, context: ReadContext): ReturnType<DescriptorReader> {
  const text = readText(file);
  if (text === undefined || text.length > MAX_DESCRIPTOR_BYTES) return undefined;
  try {
    return reader(file, text, context);
  } catch (error) {
    context.problem(file, FILE_START, `cannot read: ${errorMessage(error).split("\n")[0]}`);
    return undefined;
  }
}

/** Parses a YAML/JSON descriptor; a broken one is a problem at the first error's position. */
function parsedYaml(file: string, text: string, context: ReadContext): YamlDescriptor | undefined {
  try {
    return parseYamlDescriptor(text);
  } catch (error) {
    const message = errorMessage(error);
    const at = /\(line (\d+), column (\d+)\)$/.exec(message);
    context.problem(file, at ? { line: Number(at[1]), column: Number(at[2]) } : FILE_START, `cannot read: ${message}`);
    return undefined;
  }
}

const READERS: Partial<Record<DescriptorCandidate["kind"], DescriptorReader>> = {
  template(file, text, context) {
    if (!looksLikeTemplate(text)) return undefined;
    const descriptor = parsedYaml(file, text, context);
    return descriptor ? readTemplate(file, descriptor, context) : { kind: "cloudformation", functions: [] };
  },
  serverless(file, text, context) {
    const descriptor = parsedYaml(file, text, context);
    return { kind: "serverless", functions: descriptor ? readServerless(file, descriptor, context) : [] };
  },
  compose(file, text, context) {
    const descriptor = parsedYaml(file, text, context);
    const functions = descriptor ? readCompose(file, descriptor, context) : [];
    return functions.length > 0 || !descriptor ? { kind: "compose", functions } : undefined;
  },
  cdk(file, text, context) {
    return { kind: "cdk", functions: readCdk(file, text, context) };
  },
  sst(file, _text, context) {
    return { kind: "sst", functions: readSst(file, context) };
  },
  wrangler(file, text, context) {
    const functions = readWrangler(file, text, context);
    return functions.length > 0 ? { kind: "wrangler", functions } : undefined;
  },
  package(file, text, context) {
    const snapshots = readPackageJson(file, text, context);
    if (snapshots.length > 0) return { kind: "node-snapshot", functions: snapshots };
    const cloud = readGoogleCloudPackage(file, text, context);
    return cloud.length > 0 ? { kind: "google-cloud", functions: cloud } : undefined;
  },
};

/**
 * The model's rules over what the readers found. A descriptor whose Lambda functions all lack SnapStart belongs to
 * a team preparing for it: those functions are checked as SnapStart functions (`snapshotDeclared` stays false, and
 * the descriptor is marked, so the run can say so once). Long-lived processes never are. Functions in other
 * languages counted for that rule and are dropped here: snapcheck reads JavaScript and TypeScript.
 */
interface DescriptorGroup {
  descriptor: DeploymentModel["descriptors"][number];
  /** Its functions, wherever each is declared (an SST app's components may sit in files it imports). */
  functions: FunctionDraft[];
}

function applyModelRules(groups: readonly DescriptorGroup[]): DeployedFunction[] {
  for (const { descriptor, functions } of groups) {
    const lambdas = functions.filter((each) => each.lambda && !each.longLived);
    if (lambdas.length === 0 || lambdas.some((each) => each.snapshotDeclared)) continue;
    for (const each of lambdas) each.snapshot = "snapstart";
    if (lambdas.some((each) => each.javascript)) descriptor.assumedSnapStart = true;
  }
  return groups.flatMap(({ functions }) => functions.filter((each) => each.javascript).map(({ lambda: _lambda, javascript: _javascript, ...deployed }) => deployed));
}
