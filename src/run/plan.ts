import path from "node:path";
import type { ImportEdge, ModuleIndex } from "../analysis/modules.js";
import { GCLOUD_IGNORE_FILE, type DescriptorCandidate } from "../deployment/discover.js";
import { readDeploymentModel, type ReadModelOptions } from "../deployment/read.js";
import { isInside } from "../discovery/find-files.js";
import { ModuleGraph, type InitImport } from "../discovery/module-graph.js";
import { logReads } from "../discovery/regular-file.js";
import { leaveOutNeverSnapshotted, type IncludedKinds } from "../discovery/never-snapshotted.js";
import type { StoredPlan } from "./cache.js";
import { reachOfEntries, scopeFromModel } from "./scope.js";

/** What a run's plan is built from, besides the files on disk. */
export interface PlanInputs {
  cwd: string;
  /** The folders descriptors are looked for in (see `readDeploymentModel`). */
  roots: readonly string[];
  declared: ReadModelOptions["declared"];
  /** False for `--no-ignore`. */
  useIgnores: boolean;
  /** The descriptor files in and above the roots, when the caller has looked for them already. */
  candidates?: readonly DescriptorCandidate[];
  /** The files the run would lint, before those never snapshotted are left out. */
  files: readonly string[];
  /** Files named on the command line: never left out. */
  named: ReadonlySet<string>;
  /** The config's `include` switches in force for each of `files`. */
  includes: ReadonlyMap<string, IncludedKinds | undefined>;
}

/**
 * A plan, with every path whose state it was built from, every import resolved to build it, and what the import
 * graph read from each file (for `--cache`).
 */
export interface BuiltPlan {
  plan: StoredPlan;
  consulted: string[];
  imports: ImportEdge[];
  graph: [string, readonly InitImport[]][];
  /** How many of the graph's files came from `seeds` instead of being read and parsed. */
  seeded: number;
}

/**
 * Files in a linted file's folders whose presence decides what is left out (a package's tests, a browser app) or
 * what a package deploys (a Google Cloud package).
 */
const FOLDER_MARKERS = ["package.json", "index.html", GCLOUD_IGNORE_FILE];

/**
 * Reads the deployment model, follows each entry's imports, and leaves out the files no snapshot runs: the stage
 * between discovery and linting, built with the compiler (CDK apps and the import graph are parsed).
 */
export async function buildPlan(
  inputs: PlanInputs,
  modules: ModuleIndex,
  { forCache, seeds = new Map() }: { forCache: boolean; seeds?: ReadonlyMap<string, readonly InitImport[]> },
): Promise<BuiltPlan> {
  // Without --cache nothing keeps the plan: recording what it was built from would only cost memory (a run over
  // 10,000 files resolves about 100,000 imports).
  if (!forCache) return { plan: await planWith(inputs, new ModuleGraph(modules)), consulted: [], imports: [], graph: [], seeded: 0 };
  // Every resolution the graph and the classifier make is kept: the plan stands only while none of them changes.
  const imports: ImportEdge[] = [];
  const seen = new Set<string>();
  const recording = {
    resolve(from: string, specifier: string) {
      const { file, consulted } = modules.resolution(from, specifier);
      const key = `${from}\0${specifier}`;
      if (!seen.has(key)) {
        seen.add(key);
        imports.push({ from, specifier, resolved: file, consulted });
      }
      return file;
    },
  };
  // A seeded file is neither read nor resolved again: its imports' records come from the cache.
  const graph = new ModuleGraph(recording, seeds);
  const read = new Set<string>();
  logReads(read);
  try {
    const plan = await planWith(inputs, graph);
    const known = [...graph.knownFiles()];
    return { plan, consulted: witnessesOf(inputs, plan, graph, modules, read), imports, graph: known, seeded: known.filter(([file]) => seeds.has(file)).length };
  } finally {
    logReads(undefined);
  }
}

async function planWith(inputs: PlanInputs, graph: ModuleGraph): Promise<StoredPlan> {
  const { cwd, files, named } = inputs;
  const model = readDeploymentModel(inputs.roots, {
    cwd,
    useIgnores: inputs.useIgnores,
    ...(inputs.declared ? { declared: inputs.declared } : {}),
    ...(inputs.candidates ? { candidates: inputs.candidates } : {}),
  });
  const reach = reachOfEntries(model, graph);
  const deployed = scopeFromModel(model, reach);
  // Where no deployment descriptor says what is snapshotted (none found, or a file outside every descriptor's
  // project), code that no snapshot runs is left out, unless named.
  const { leftOut } = await leaveOutNeverSnapshotted(files, {
    root: cwd,
    graph,
    named,
    decides: (filePath) => !deployed || deployed.scopeOf(filePath).kind === "outside",
    includedFor: async (filePath) => inputs.includes.get(filePath),
  });
  return { model, reach, leftOut };
}

/** Every path whose state the plan was built from: the files, what was read, the descriptors and folder markers. */
function witnessesOf(inputs: PlanInputs, plan: StoredPlan, graph: ModuleGraph, modules: ModuleIndex, read: ReadonlySet<string>): string[] {
  const { cwd, files } = inputs;
  const consulted = new Set<string>([...files, ...read, ...modules.resolver.configFilesRead, ...plan.model.descriptors.map((each) => each.file)]);
  for (const [file] of graph.knownFiles()) consulted.add(file);
  const folders = new Set<string>();
  for (const file of files) {
    for (let dir = path.dirname(file); isInside(dir, cwd) && !folders.has(dir); dir = path.dirname(dir)) {
      folders.add(dir);
      for (const marker of FOLDER_MARKERS) consulted.add(path.join(dir, marker));
      if (dir === cwd) break;
    }
  }
  return [...consulted];
}
