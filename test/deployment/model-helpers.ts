import path from "node:path";
import { afterAll } from "vitest";
import type { DeploymentModel } from "../../src/deployment/model.js";
import { readDeploymentModel } from "../../src/deployment/read.js";
import { treeTracker, type TreeEntry } from "../trees/temp-tree.js";

/** A function of the model with paths relative to the tree, as tests compare them. */
export interface FunctionSummary {
  name: string;
  source: string;
  entry: string | undefined;
  handler: string | undefined;
  runtime: string | undefined;
  packageType: "zip" | "image";
  snapshot: string;
  snapshotDeclared: boolean;
  longLived: boolean;
}

/** Writes the tree, reads its model, and gives it back with paths relative to the tree. */
export function modelReader(): (entries: Record<string, TreeEntry>) => { functions: FunctionSummary[]; problems: string[]; model: DeploymentModel; root: string } {
  const trees = treeTracker();
  afterAll(trees.cleanup);
  return (entries) => {
    const root = trees.track(entries);
    const model = readDeploymentModel([root], { cwd: root });
    const relative = (file: string) => path.relative(root, file).split(path.sep).join("/");
    return {
      root,
      model,
      functions: model.functions.map((fn) => ({
        name: fn.name,
        source: `${relative(fn.source.file)}:${fn.source.line}`,
        entry: fn.entry === undefined ? undefined : relative(fn.entry),
        handler: fn.handler,
        runtime: fn.runtime,
        packageType: fn.packageType,
        snapshot: fn.snapshot,
        snapshotDeclared: fn.snapshotDeclared,
        longLived: fn.longLived,
      })),
      problems: model.problems.map((problem) => `${relative(problem.location.file)}:${problem.location.line}: ${problem.message}`),
    };
  };
}
