import path from "node:path";
import { ModuleIndex } from "../analysis/modules.js";
import { readDeploymentModel, type ReadModelOptions } from "../deployment/read.js";
import { ModuleGraph } from "../discovery/module-graph.js";
import { DeploymentScope, editorScope, type FileScope } from "./scope.js";

/**
 * For editor processes: what the deployment of a file's own project says about it (undefined without one). The
 * descriptors looked at are those in the file's folder and below, and directly in each folder above it up to the
 * working directory, so an answer never costs a walk of the whole tree; a shared package that only a sibling
 * project's functions load is then linted as without a deployment, never silenced.
 */
export function deploymentScopeOfFile(cwd: string, filePath: string, declared: ReadModelOptions["declared"] = []): FileScope | undefined {
  const folder = path.dirname(filePath);
  const scope = editorScope(`${cwd}\0${folder}`, () => {
    const modules = new ModuleIndex(cwd);
    const graph = new ModuleGraph(modules);
    const model = readDeploymentModel([folder], { cwd, ...(declared ? { declared } : {}) });
    const built = new DeploymentScope(model, (entry) => graph.reachableFrom(entry));
    const read = [...model.descriptors.map((each) => each.file), ...[...graph.knownFiles()].map(([file]) => file), ...modules.resolver.configFilesRead];
    return { scope: built.hasDeployment ? built : undefined, read };
  });
  return scope?.scopeOf(filePath);
}
