import path from "node:path";

/**
 * snapcheck's own cache folder (the compiler's V8 code cache, editors' deployment scopes): `SNAPCHECK_CODE_CACHE_DIR`
 * when set, else `.cache/snapcheck` in the node_modules folder that holds `installedFile` (where build tools keep
 * theirs). Undefined when that file is not in a node_modules folder and no folder is named.
 */
export function snapcheckCacheFolder(installedFile: string): string | undefined {
  if (process.env.SNAPCHECK_CODE_CACHE_DIR) return process.env.SNAPCHECK_CODE_CACHE_DIR;
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = installedFile.lastIndexOf(marker);
  return at >= 0 ? path.join(installedFile.slice(0, at + marker.length), ".cache", "snapcheck") : undefined;
}
