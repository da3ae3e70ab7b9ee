import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** snapcheck's own package.json, found upward from this file (it sits at different depths in src/ and dist/). */
export function readVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "package.json");
    try {
      const manifest = JSON.parse(fs.readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (manifest.name === "snapcheck" && manifest.version) return manifest.version;
    } catch {
      // Not here; keep going up.
    }
    const parent = path.dirname(dir);
    if (parent === dir) return "0.0.0";
    dir = parent;
  }
}
