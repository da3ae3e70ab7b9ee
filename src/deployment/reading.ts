import path from "node:path";
import { ContainerImage } from "./dockerfile.js";
import { parseSource } from "../engine/parse.js";
import { isRegularFile } from "../discovery/regular-file.js";
import { EntryResolver, readText, splitHandler } from "./entries.js";
import type { DeployedFunction, DescriptorKind, DescriptorLocation, DescriptorProblem } from "./model.js";

/** A function as a reader found it, before the model's rules (SnapStart preparation, de-duplication) apply. */
export interface FunctionDraft extends DeployedFunction {
  /** An AWS Lambda function (SnapStart can apply to it), as opposed to a server or another platform's function. */
  lambda: boolean;
  /** Runs JavaScript. Functions in other languages count for the SnapStart rule of their descriptor, then are dropped. */
  javascript: boolean;
}

/** What one reader is given: shared caches, and where problems go. */
export class ReadContext {
  readonly resolver = new EntryResolver();
  readonly problems: DescriptorProblem[] = [];
  /** Dockerfiles another descriptor builds its function from: they are not listed again on their own. */
  readonly consumedDockerfiles = new Set<string>();
  private readonly images = new Map<string, ContainerImage | null>();

  problem(file: string, position: { line: number; column: number }, message: string): void {
    this.problems.push({ location: { file, line: position.line, column: position.column }, message });
  }

  /** The image a Dockerfile builds from a context folder; undefined (with a problem at `from`) when it cannot be read. */
  image(dockerfile: string, context: string, from?: DescriptorLocation, { consume = true } = {}): ContainerImage | undefined {
    const key = `${dockerfile}\0${context}`;
    let image = this.images.get(key);
    if (image === undefined) {
      const text = readText(dockerfile);
      image = text === undefined ? null : new ContainerImage(dockerfile, context, text);
      this.images.set(key, image);
    }
    if (image && consume) this.consumedDockerfiles.add(dockerfile);
    else if (from) this.problem(from.file, from, `the Dockerfile ${path.basename(dockerfile)} it builds from is missing (${dockerfile})`);
    return image ?? undefined;
  }

  /**
   * The source of a Lambda handler (`src/app.handler`) whose code sits in `codeRoot`: undefined, with a problem at
   * `at`, when no file is found.
   */
  handlerEntry(handler: string, codeRoot: string, stopAt: string, at: DescriptorLocation): { entry: string | undefined; exportName: string | undefined } {
    const split = splitHandler(handler);
    if (!split) {
      this.problem(at.file, at, `handler "${handler}" does not name a file and an export (file.export)`);
      return { entry: undefined, exportName: undefined };
    }
    const entry = this.resolver.resolve(path.resolve(codeRoot, split.modulePath), stopAt);
    // A handler that names an existing file as a whole (`run.sh` of the Lambda Web Adapter) starts no JavaScript module.
    if (!entry && isRegularFile(path.resolve(codeRoot, handler))) return { entry: undefined, exportName: undefined };
    if (!entry) this.problem(at.file, at, `handler "${handler}": no source file ${path.join(path.relative(stopAt, codeRoot), split.modulePath)}.{ts,js,mjs,cjs} (nor a source it was built from)`);
    return { entry, exportName: split.exportName };
  }
}

/** The fields every draft shares, so readers state only what their descriptor says. */
export function draft(
  fields: Pick<FunctionDraft, "name" | "source" | "projectRoot" | "entry" | "handler" | "runtime"> &
    Partial<Pick<FunctionDraft, "packageType" | "snapshotDeclared" | "longLived" | "lambda" | "javascript" | "snapshot">> & { descriptorKind: DescriptorKind },
): FunctionDraft {
  const snapshotDeclared = fields.snapshotDeclared ?? false;
  return {
    packageType: "zip",
    longLived: false,
    lambda: true,
    javascript: true,
    ...fields,
    snapshotDeclared,
    snapshot: fields.snapshot ?? (snapshotDeclared ? "snapstart" : "none"),
  };
}

/** Lambda runtimes that run JavaScript. Source: AWS Lambda Developer Guide, "Lambda runtimes" (identifiers `nodejsNN.x`). */
export function isNodeRuntime(runtime: string | undefined): boolean {
  return runtime === undefined || /^nodejs/.test(runtime);
}

/** 1-based position of the start of a file, for problems about the whole file. */
export const FILE_START = { line: 1, column: 1 } as const;

/** An app file (CDK app, sst.config.ts) that does not parse: one problem, at the parser's first error. */
export function reportUnparsable(file: string, context: ReadContext): void {
  const text = readText(file);
  const parsed = text === undefined ? undefined : parseSource(file, text, { parents: false });
  if (parsed && !parsed.ok) context.problem(file, parsed, `cannot read: ${parsed.message}`);
  else context.problem(file, FILE_START, "cannot read the file");
}
