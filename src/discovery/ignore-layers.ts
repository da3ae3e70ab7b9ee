import path from "node:path";
import ignore, { type Ignore } from "ignore";

/** Patterns with .gitignore semantics that apply to paths below `base` (a .gitignore's folder, a config's folder). */
export interface IgnoreLayer {
  base: string;
  matcher: Ignore;
}

export function ignoreLayer(base: string, patterns: string | readonly string[]): IgnoreLayer {
  return { base, matcher: ignore().add(patterns) };
}

/** True when the layer ignores the path, false when it re-includes it (`!pattern`), undefined when it has no say. */
export function layerVerdict(layer: IgnoreLayer, absolutePath: string, isDirectory: boolean): boolean | undefined {
  const relative = path.relative(layer.base, absolutePath);
  if (!relative || relative === ".." || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return undefined;
  const posix = path.sep === "/" ? relative : relative.split(path.sep).join("/");
  const result = layer.matcher.test(isDirectory ? `${posix}/` : posix);
  if (result.ignored) return true;
  if (result.unignored) return false;
  return undefined;
}

/** Nested .gitignore files: as in git, the deepest file with a matching pattern decides. */
export function gitignoreVerdict(layers: readonly IgnoreLayer[], absolutePath: string, isDirectory: boolean): boolean {
  for (let i = layers.length - 1; i >= 0; i--) {
    const verdict = layerVerdict(layers[i]!, absolutePath, isDirectory);
    if (verdict !== undefined) return verdict;
  }
  return false;
}
