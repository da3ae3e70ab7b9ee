import path from "node:path";
import { ModuleIndex } from "../analysis/modules.js";
import { findDescriptorFiles, type DescriptorCandidate } from "../deployment/discover.js";
import type { DeploymentModel } from "../deployment/model.js";
import { readDeploymentModel, type ReadModelOptions } from "../deployment/read.js";
import { ModuleGraph } from "../discovery/module-graph.js";
import { logReads } from "../discovery/regular-file.js";
import { editorScope, reachOfEntries, scopeFromModel, type FileScope } from "./scope.js";

/**
 * For editor processes: what the deployment of a file's own project says about it (undefined without one). The
 * descriptors looked at are those in the file's folder and below, and directly in each folder above it up to the
 * working directory, so an answer never costs a walk of the whole tree; a shared package that only a sibling
 * project's functions load is then linted as without a deployment, never silenced.
 *
 * `candidates`: `findDescriptorFiles([folder], cwd)`, when the caller has looked already.
 */
export function deploymentScopeOfFile(
  cwd: string,
  filePath: string,
  declared: ReadModelOptions["declared"] = [],
  { candidates: found }: { candidates?: readonly DescriptorCandidate[] } = {},
): FileScope | undefined {
  const folder = path.dirname(filePath);
  const scope = editorScope(`${cwd}\0${folder}`, () => {
    const candidates = found ?? findDescriptorFiles([folder], cwd);
    const built = buildScope(cwd, folder, declared, candidates);
    return { scope: scopeFromModel(built.model, built.reach), read: built.read };
  });
  return scope?.scopeOf(filePath);
}

export interface BuiltScope {
  model: DeploymentModel;
  /** By entry file: the files its init reaches. */
  reach: Record<string, string[]>;
  /** Every descriptor, tsconfig, package.json and source file it was built from. */
  read: string[];
}

/** The scope of the descriptors in `candidates` (those of `folder`), with every path it was built from. */
export function buildScope(cwd: string, folder: string, declared: ReadModelOptions["declared"], candidates: readonly DescriptorCandidate[]): BuiltScope {
  const modules = new ModuleIndex(cwd);
  const graph = new ModuleGraph(modules);
  // Every path the readers looked at, found or not: an entry created later must make the scope be built again.
  const looked = new Set<string>();
  logReads(looked);
  try {
    const model = readDeploymentModel([folder], { cwd, candidates, ...(declared ? { declared } : {}) });
    const reach = reachOfEntries(model, graph);
    const read = [...model.descriptors.map((each) => each.file), ...[...graph.knownFiles()].map(([file]) => file), ...modules.resolver.configFilesRead, ...looked];
    return { model, reach, read: [...new Set(read)] };
  } finally {
    logReads(undefined);
  }
}

