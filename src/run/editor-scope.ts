import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { ModuleIndex } from "../analysis/modules.js";
import { snapcheckCacheFolder } from "../cache-folder.js";
import { findDescriptorFiles, type DescriptorCandidate } from "../deployment/discover.js";
import type { DeploymentModel } from "../deployment/model.js";
import { readDeploymentModel, type ReadModelOptions } from "../deployment/read.js";
import { ModuleGraph } from "../discovery/module-graph.js";
import { readVersion } from "../package.js";
import { buildStamp, stableJson } from "./cache.js";
import { editorScopeShape } from "./cache-schema.js";
import { DeploymentScope, editorScope, stampOf, type FileScope } from "./scope.js";
import { writeFileAtomic } from "./write-file.js";

/**
 * For editor processes: what the deployment of a file's own project says about it (undefined without one). The
 * descriptors looked at are those in the file's folder and below, and directly in each folder above it up to the
 * working directory, so an answer never costs a walk of the whole tree; a shared package that only a sibling
 * project's functions load is then linted as without a deployment, never silenced.
 *
 * `stored`: a process that answers once (`--stdin`) keeps the scope in snapcheck's cache folder for the next one,
 * which uses it while the same descriptors are found and every file it was built from is unchanged.
 */
export function deploymentScopeOfFile(
  cwd: string,
  filePath: string,
  declared: ReadModelOptions["declared"] = [],
  { stored = false }: { stored?: boolean } = {},
): FileScope | undefined {
  const folder = path.dirname(filePath);
  const scope = editorScope(`${cwd}\0${folder}`, () => {
    const candidates = findDescriptorFiles([folder], cwd);
    const store = stored ? storeFile(cwd, folder, declared) : undefined;
    const kept = store ? readStored(store, candidates) : undefined;
    if (kept) return { scope: scopeOf(kept.model, kept.reach), read: kept.read };
    const built = buildScope(cwd, folder, declared, candidates);
    if (store) writeStored(store, candidates, built);
    return { scope: scopeOf(built.model, built.reach), read: built.read };
  });
  return scope?.scopeOf(filePath);
}

interface BuiltScope {
  model: DeploymentModel;
  /** By entry file: the files its init reaches. */
  reach: Record<string, string[]>;
  /** Every descriptor, tsconfig, package.json and source file it was built from. */
  read: string[];
}

function buildScope(cwd: string, folder: string, declared: ReadModelOptions["declared"], candidates: readonly DescriptorCandidate[]): BuiltScope {
  const modules = new ModuleIndex(cwd);
  const graph = new ModuleGraph(modules);
  const model = readDeploymentModel([folder], { cwd, candidates, ...(declared ? { declared } : {}) });
  const reach: Record<string, string[]> = {};
  for (const fn of model.functions) {
    if (fn.entry !== undefined && !Object.hasOwn(reach, fn.entry)) reach[fn.entry] = [...graph.reachableFrom(fn.entry)];
  }
  const read = [...model.descriptors.map((each) => each.file), ...[...graph.knownFiles()].map(([file]) => file), ...modules.resolver.configFilesRead];
  return { model, reach, read: [...new Set(read)] };
}

function scopeOf(model: DeploymentModel, reach: Record<string, string[]>): DeploymentScope | undefined {
  const scope = new DeploymentScope(model, (entry) => (Object.hasOwn(reach, entry) ? reach[entry]! : []));
  return scope.hasDeployment ? scope : undefined;
}

/** Scopes kept: one per folder an editor asked about, the least recently written removed first. */
const MAX_STORED_SCOPES = 32;

/** A stored scope: what it was built from, and what it found (paths as indices into `files`, to keep it small). */
interface StoredScope {
  build: string;
  candidates: [string, string][];
  /** `[file, stamp]` (`stampOf`) of every file read. */
  stamps: [string, string][];
  files: string[];
  model: DeploymentModel;
  reach: Record<string, number[]>;
}

/** Where the scope of `folder` is kept for this cwd and these declared functions; undefined without a cache folder. */
function storeFile(cwd: string, folder: string, declared: ReadModelOptions["declared"]): string | undefined {
  let installed: string;
  try {
    installed = createRequire(import.meta.url).resolve("ts-morph");
  } catch {
    return undefined;
  }
  const directory = snapcheckCacheFolder(installed);
  if (!directory) return undefined;
  const key = crypto.createHash("sha256").update(stableJson([cwd, folder, declared ?? []])).digest("hex");
  return path.join(directory, "editor-scopes", `${key}.json`);
}

function buildOfSnapcheck(): string {
  return `${readVersion()}+${buildStamp()}`;
}

/** The stored scope, if it is this build's, the same descriptors are found and nothing it read has changed. */
function readStored(store: string, candidates: readonly DescriptorCandidate[]): BuiltScope | undefined {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(store, "utf8"));
  } catch {
    // None yet, or one a killed process could not have left (writes are atomic): built again.
    return undefined;
  }
  if (editorScopeShape(data) !== undefined) return undefined;
  const kept = data as StoredScope;
  if (kept.build !== buildOfSnapcheck()) return undefined;
  if (stableJson(kept.candidates) !== stableJson(candidates.map(({ file, kind }) => [file, kind]))) return undefined;
  if (!kept.stamps.every(([file, stamp]) => stampOf(file) === stamp)) return undefined;
  const reach: Record<string, string[]> = {};
  for (const [entry, indices] of Object.entries(kept.reach)) reach[entry] = indices.map((index) => kept.files[index] ?? "");
  return { model: kept.model, reach, read: kept.stamps.map(([file]) => file) };
}

function writeStored(store: string, candidates: readonly DescriptorCandidate[], built: BuiltScope): void {
  const files: string[] = [];
  const indexOf = new Map<string, number>();
  const reach: Record<string, number[]> = {};
  for (const [entry, reached] of Object.entries(built.reach)) {
    reach[entry] = reached.map((file) => {
      let index = indexOf.get(file);
      if (index === undefined) {
        index = files.push(file) - 1;
        indexOf.set(file, index);
      }
      return index;
    });
  }
  const kept: StoredScope = {
    build: buildOfSnapcheck(),
    candidates: candidates.map(({ file, kind }) => [file, kind]),
    stamps: built.read.map((file) => [file, stampOf(file)]),
    files,
    model: built.model,
    reach,
  };
  try {
    writeFileAtomic(store, JSON.stringify(kept), { shown: store });
    removeOldest(path.dirname(store));
  } catch {
    // A read-only install: the next answer builds its scope again, as without the store.
  }
}

function removeOldest(directory: string): void {
  const scopes = fs
    .readdirSync(directory)
    .filter((name) => name.endsWith(".json"))
    .map((name) => {
      const file = path.join(directory, name);
      try {
        return { file, written: fs.statSync(file).mtimeMs };
      } catch {
        return { file, written: 0 };
      }
    })
    .sort((a, b) => b.written - a.written);
  for (const { file } of scopes.slice(MAX_STORED_SCOPES)) fs.rmSync(file, { force: true });
}
