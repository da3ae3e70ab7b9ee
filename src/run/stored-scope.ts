import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { snapcheckCacheFolder } from "../cache-folder.js";
import type { DescriptorCandidate } from "../deployment/discover.js";
import type { DeploymentModel } from "../deployment/model.js";
import type { ReadModelOptions } from "../deployment/read.js";
import { readVersion } from "../package.js";
import { buildIdentity, stableJson } from "./cache.js";
import { editorScopeShape } from "./cache-schema.js";
import type { BuiltScope } from "./editor-scope.js";
import { stampOf } from "./scope.js";
import { writeFileAtomic } from "./write-file.js";

// A file's deployment scope kept between editor processes that answer once (`--stdin`), in snapcheck's cache
// folder: used while the same descriptors are found and every file it was built from has the size and time it had.
// Reading it loads neither the deployment readers nor the import graph.

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
export function storeFile(cwd: string, folder: string, declared: ReadModelOptions["declared"]): string | undefined {
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

/** The stored scope, if it is this build's, the same descriptors are found and nothing it read has changed. */
export function readStored(store: string, candidates: readonly DescriptorCandidate[]): BuiltScope | undefined {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(store, "utf8"));
  } catch {
    // None yet, or one a killed process could not have left (writes are atomic): built again.
    return undefined;
  }
  if (editorScopeShape(data) !== undefined) return undefined;
  const kept = data as StoredScope;
  if (kept.build !== buildIdentity(readVersion())) return undefined;
  if (stableJson(kept.candidates) !== stableJson(candidates.map(({ file, kind }) => [file, kind]))) return undefined;
  if (!kept.stamps.every(([file, stamp]) => stampOf(file) === stamp)) return undefined;
  const reach: Record<string, string[]> = {};
  for (const [entry, indices] of Object.entries(kept.reach)) reach[entry] = indices.map((index) => kept.files[index] ?? "");
  return { model: kept.model, reach, read: kept.stamps.map(([file]) => file) };
}

export function writeStored(store: string, candidates: readonly DescriptorCandidate[], built: BuiltScope): void {
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
    build: buildIdentity(readVersion()),
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
