import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

interface Package {
  root: string;
  version: string;
}

let found: Package | null | undefined;

/** snapcheck's own package.json, found upward from this file (it sits at different depths in src/ and dist/). */
function findPackage(): Package | null {
  if (found !== undefined) return found;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "package.json");
    try {
      const manifest = JSON.parse(fs.readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (manifest.name === "snapcheck" && manifest.version) return (found = { root: dir, version: manifest.version });
    } catch {
      // Not here; keep going up.
    }
    const parent = path.dirname(dir);
    if (parent === dir) return (found = null);
    dir = parent;
  }
}

export function readVersion(): string {
  return findPackage()?.version ?? "0.0.0";
}

/** The folder holding snapcheck's package.json, docs/ and dist/. */
export function packageRoot(): string | undefined {
  return findPackage()?.root;
}
