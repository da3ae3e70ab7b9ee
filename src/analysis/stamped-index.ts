import fs from "node:fs";
import type { ts } from "#typescript";
import { ModuleIndex, type ModuleFacts } from "./modules.js";

/**
 * A `ModuleIndex` that remembers the size and mtime of each file it read from disk, so an editor's long-lived
 * ESLint process notices that an imported file changed since it was parsed.
 */
class StampedIndex extends ModuleIndex {
  readonly stamps = new Map<string, string>();
  /** Linted text wins over the disk (an editor lints unsaved buffers) and is replaced when linted again. */
  private readonly linted = new Set<string>();

  override register(filePath: string, sourceFile: ts.SourceFile): ModuleFacts {
    this.linted.add(filePath);
    this.stamps.delete(filePath);
    return super.register(filePath, sourceFile);
  }

  override load(filePath: string | undefined): ModuleFacts | undefined {
    if (filePath && !this.linted.has(filePath) && !this.stamps.has(filePath)) this.stamps.set(filePath, stampOf(filePath));
    return super.load(filePath);
  }

  isFresh(): boolean {
    for (const [filePath, stamp] of this.stamps) if (stampOf(filePath) !== stamp) return false;
    return true;
  }
}

function stampOf(filePath: string): string {
  const stat = fs.statSync(filePath, { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}` : "missing";
}

/** Past this many files read from disk the index starts afresh, so the check before each file stays cheap. */
const MAX_STAMPED_FILES = 512;

let shared: StampedIndex | undefined;

/**
 * The process's one `ModuleIndex`, so an imported file is parsed once however many files ESLint lints. Checked
 * before each file, and replaced when a file it read from disk has changed.
 */
export function sharedModuleIndex(cwd: string): ModuleIndex {
  if (!shared || shared.stamps.size > MAX_STAMPED_FILES || !shared.isFresh()) shared = new StampedIndex(cwd, { keepLintedFiles: true });
  return shared;
}
