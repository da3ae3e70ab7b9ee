import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** A file's text or bytes, or a symlink to create (target relative to the link's folder, or absolute). */
export type TreeEntry = string | Buffer | { symlink: string };

/**
 * Writes `entries` (relative path → content) into a fresh temporary folder and returns its real path
 * (on macOS the temp folder itself sits behind a symlink, which would make path comparisons fail).
 */
export function makeTree(entries: Record<string, TreeEntry>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "snapcheck-test-")));
  addToTree(root, entries);
  return root;
}

export function addToTree(root: string, entries: Record<string, TreeEntry>): void {
  for (const [relative, entry] of Object.entries(entries)) {
    const target = path.join(root, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (typeof entry === "object" && !Buffer.isBuffer(entry)) fs.symlinkSync(entry.symlink, target);
    else if (relative.endsWith("/")) fs.mkdirSync(target, { recursive: true });
    else fs.writeFileSync(target, entry);
  }
}

export function removeTree(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}

/** Removes every tree made through `track` after the test file, so failures leave nothing behind either. */
export function treeTracker(): { track: (entries: Record<string, TreeEntry>) => string; cleanup: () => void } {
  const roots: string[] = [];
  return {
    track(entries) {
      const root = makeTree(entries);
      roots.push(root);
      return root;
    },
    cleanup() {
      for (const root of roots.splice(0)) removeTree(root);
    },
  };
}
