import fs from "node:fs";
import type { ts } from "#typescript";
import { ModuleIndex, type ModuleFacts } from "./modules.js";

/**
 * A `ModuleIndex` for editor processes (the ESLint plugin, `--server`, the language server). It remembers the size
 * and mtime of each file it read from disk, so the process notices that an imported file changed since it was
 * parsed; and when the linted text of a file that another file imports changes (an unsaved buffer), it forgets
 * what importers derived from the old text.
 */
export class StampedIndex extends ModuleIndex {
  readonly stamps = new Map<string, string>();
  /** Linted text wins over the disk (an editor lints unsaved buffers) and is replaced when linted again. */
  private readonly linted = new Set<string>();
  /** Files resolved as imports: a new text of one of them invalidates what importers cached or judged. */
  private readonly imported = new Set<string>();

  constructor(cwd: string, options: { recordImports?: boolean } = {}) {
    super(cwd, { ...options, keepLintedFiles: true });
  }

  override register(filePath: string, sourceFile: ts.SourceFile): ModuleFacts {
    if (this.imported.has(filePath) && this.keptTree(filePath) !== sourceFile) this.forgetDerived();
    this.linted.add(filePath);
    this.stamps.delete(filePath);
    return super.register(filePath, sourceFile);
  }

  override resolveFrom(from: string, specifier: string): string | undefined {
    const resolved = super.resolveFrom(from, specifier);
    if (resolved) this.imported.add(resolved);
    return resolved;
  }

  override load(filePath: string | undefined): ModuleFacts | undefined {
    if (filePath) {
      if (!this.linted.has(filePath) && !this.stamps.has(filePath)) this.stamps.set(filePath, stampOf(filePath));
    }
    return super.load(filePath);
  }

  /** The editor closed the file: from now on the disk holds its text. */
  closed(filePath: string): void {
    if (!this.linted.delete(filePath)) return;
    this.imported.delete(filePath);
    this.drop(filePath);
  }

  isFresh(): boolean {
    for (const [filePath, stamp] of this.stamps) if (stampOf(filePath) !== stamp) return false;
    return true;
  }

  /** Past this many files read from disk the index should start afresh, so the check before each file stays cheap. */
  isFull(): boolean {
    return this.stamps.size > MAX_STAMPED_FILES;
  }
}

function stampOf(filePath: string): string {
  const stat = fs.statSync(filePath, { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}` : "missing";
}

const MAX_STAMPED_FILES = 512;

let shared: StampedIndex | undefined;

/**
 * The process's one `ModuleIndex`, so an imported file is parsed once however many files ESLint lints. Checked
 * before each file, and replaced when a file it read from disk has changed.
 */
export function sharedModuleIndex(cwd: string): ModuleIndex {
  if (!shared || shared.isFull() || !shared.isFresh()) shared = new StampedIndex(cwd);
  return shared;
}
