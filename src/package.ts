import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

interface Package {
  root: string;
  version: string;
  homepage?: string;
}

let found: Package | null | undefined;

/** snapcheck's own package.json, found upward from this file (it sits at different depths in src/ and dist/). */
function findPackage(): Package | null {
  if (found !== undefined) return found;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "package.json");
    try {
      const manifest = JSON.parse(fs.readFileSync(candidate, "utf8")) as { name?: string; version?: string; homepage?: unknown };
      if (manifest.name === "snapcheck" && manifest.version) {
        const homepage = typeof manifest.homepage === "string" && manifest.homepage.trim() ? manifest.homepage.trim() : undefined;
        return (found = { root: dir, version: manifest.version, ...(homepage ? { homepage } : {}) });
      }
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

/** The package's dist/ folder when this code runs from it; undefined when running from source (tests, tsx). */
export function builtFolder(): string | undefined {
  const root = packageRoot();
  const dist = root === undefined ? undefined : path.join(root, "dist");
  return dist !== undefined && fileURLToPath(import.meta.url).startsWith(dist + path.sep) ? dist : undefined;
}

/** package.json `homepage`: every link snapcheck prints is derived from it, and left out while it is unset. */
export function readHomepage(): string | undefined {
  return findPackage()?.homepage;
}

const ruleDocs = new Map<string, string | undefined>();

/** A rule's page, docs/rules/<family>/<name>.md, as shipped in the package; undefined when it is missing. */
export function readRuleDoc(ruleId: string): string | undefined {
  if (ruleDocs.has(ruleId)) return ruleDocs.get(ruleId);
  const root = packageRoot();
  let text: string | undefined;
  try {
    if (root) text = fs.readFileSync(path.join(root, "docs", "rules", ...ruleId.split("/")) + ".md", "utf8");
  } catch {
    text = undefined;
  }
  ruleDocs.set(ruleId, text);
  return text;
}
