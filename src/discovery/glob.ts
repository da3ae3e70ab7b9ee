/**
 * Glob matching in time linear in the path (times the pattern's length), whatever the pattern: globs come from
 * config files and command lines that a pull request can change, and a backtracking matcher (a regular expression
 * built from `*a*a*a*a*a*a*b`) takes hours on a file name of a few hundred `a`s. The pattern is compiled to a list of
 * tokens and run as a set of positions (a Thompson simulation), never backtracking.
 *
 * The syntax is picomatch's core: `*`, `?`, `[a-z]`/`[!a]` classes, `**` as a whole segment (any number of
 * folders), `{a,b}` alternatives and `{1..3}` ranges, `\` escapes and a leading `!` to negate. Extended globs
 * (`@(a|b)`, `+(a)`) and POSIX classes (`[[:alpha:]]`) are refused with a `GlobError`.
 */
export class GlobError extends Error {}

export interface GlobOptions {
  /** Whether wildcards match names starting with `.` (picomatch's `dot`). */
  dot: boolean;
}

/** Longest pattern accepted, counting every alternative its braces expand to. */
const MAX_EXPANDED_LENGTH = 4_096;
const MAX_ALTERNATIVES = 256;

type Token =
  | { kind: "char"; char: string }
  | { kind: "one"; accepts: (char: string) => boolean }
  | { kind: "star" }
  /** `**` followed by `/`: zero or more whole folders, `(?:.*\/)?`. */
  | { kind: "folders" }
  /** `/**` at the end: nothing, or `/` and anything below, `(?:\/.*)?`. */
  | { kind: "below" }
  /** `**` as the whole pattern: any path. */
  | { kind: "any" };

export function compileGlob(glob: string, options: GlobOptions): (path: string) => boolean {
  const negated = glob.startsWith("!") && !glob.startsWith("!(");
  const body = negated ? glob.slice(1) : glob;
  const alternatives = expandBraces(body);
  if (alternatives.reduce((sum, alternative) => sum + alternative.length, 0) > MAX_EXPANDED_LENGTH) {
    throw new GlobError(`too long: more than ${MAX_EXPANDED_LENGTH} characters once its braces are expanded`);
  }
  const programs = alternatives.map(tokenize);
  return (path) => programs.some((tokens) => run(tokens, path, options.dot)) !== negated;
}

/** A name pattern where `*` stands for any characters, `/` included (module names of the connections table). */
export function compileWildcard(pattern: string): (name: string) => boolean {
  const tokens: Token[] = [...pattern].map((char) => (char === "*" ? { kind: "any" } : { kind: "char", char }));
  return (name) => run(tokens, name, true);
}

function tokenize(glob: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < glob.length) {
    const char = glob[i]!;
    const atSegmentStart = i === 0 || glob[i - 1] === "/";
    if ("@!+*?".includes(char) && glob[i + 1] === "(") throw new GlobError(`extended globs such as ${char}(…) are not supported`);
    if (char === "\\") {
      tokens.push({ kind: "char", char: glob[i + 1] ?? "\\" });
      i += 2;
    } else if (char === "*") {
      let end = i;
      while (glob[end] === "*") end++;
      const wholeSegment = end - i >= 2 && atSegmentStart && (end === glob.length || glob[end] === "/");
      if (!wholeSegment) {
        tokens.push({ kind: "star" });
        i = end;
      } else if (end < glob.length) {
        tokens.push({ kind: "folders" });
        i = end + 1;
      } else {
        const last = tokens[tokens.length - 1];
        if (last?.kind === "char" && last.char === "/") {
          tokens.pop();
          tokens.push({ kind: "below" });
        } else {
          tokens.push({ kind: "any" });
        }
        i = end;
      }
    } else if (char === "?") {
      tokens.push({ kind: "one", accepts: () => true });
      i++;
    } else if (char === "[") {
      const parsed = parseClass(glob, i);
      if (parsed) {
        tokens.push({ kind: "one", accepts: parsed.accepts });
        i = parsed.end;
      } else {
        tokens.push({ kind: "char", char });
        i++;
      }
    } else {
      tokens.push({ kind: "char", char });
      i++;
    }
  }
  return tokens;
}

/** `[abc]`, `[a-z]`, `[!a]`, `[^a]`; undefined when there is no closing `]` (the `[` is then literal). */
function parseClass(glob: string, start: number): { accepts: (char: string) => boolean; end: number } | undefined {
  let i = start + 1;
  const negated = glob[i] === "!" || glob[i] === "^";
  if (negated) i++;
  if (glob.startsWith("[:", i)) throw new GlobError("POSIX character classes such as [[:alpha:]] are not supported");
  const ranges: [string, string][] = [];
  let first = true;
  while (i < glob.length && (glob[i] !== "]" || first)) {
    first = false;
    let low = glob[i]!;
    if (low === "\\" && i + 1 < glob.length) low = glob[++i]!;
    i++;
    let high = low;
    if (glob[i] === "-" && i + 1 < glob.length && glob[i + 1] !== "]") {
      high = glob[i + 1] === "\\" && i + 2 < glob.length ? glob[i + 2]! : glob[i + 1]!;
      i += glob[i + 1] === "\\" ? 3 : 2;
    }
    ranges.push([low, high]);
  }
  if (i >= glob.length) return undefined;
  const inClass = (char: string) => ranges.some(([low, high]) => char >= low && char <= high);
  return { accepts: (char) => inClass(char) !== negated, end: i + 1 };
}

/** `{a,b}` and `{1..3}`, nested, into the plain alternatives they stand for (a brace without either is literal). */
function expandBraces(glob: string): string[] {
  const open = findBrace(glob);
  if (!open) return [glob];
  const { start, end, parts } = open;
  const prefix = glob.slice(0, start);
  const suffix = glob.slice(end + 1);
  const results: string[] = [];
  for (const part of parts) {
    for (const expanded of expandBraces(prefix + part + suffix)) {
      results.push(expanded);
      if (results.length > MAX_ALTERNATIVES) throw new GlobError(`expands to more than ${MAX_ALTERNATIVES} alternatives`);
    }
  }
  return results;
}

/** The first brace group that expands, with its parts. */
function findBrace(glob: string): { start: number; end: number; parts: string[] } | undefined {
  for (let start = 0; start < glob.length; start++) {
    if (glob[start] === "\\") {
      start++;
      continue;
    }
    if (glob[start] !== "{") continue;
    let depth = 0;
    const commas: number[] = [];
    for (let i = start; i < glob.length; i++) {
      const char = glob[i];
      if (char === "\\") i++;
      else if (char === "{") depth++;
      else if (char === "," && depth === 1) commas.push(i);
      else if (char === "}" && --depth === 0) {
        const inner = glob.slice(start + 1, i);
        if (commas.length > 0) {
          const bounds = [start, ...commas, i];
          return { start, end: i, parts: bounds.slice(1).map((bound, index) => glob.slice(bounds[index]! + 1, bound)) };
        }
        const range = expandRange(inner);
        if (range) return { start, end: i, parts: range };
        break;
      }
    }
  }
  return undefined;
}

function expandRange(inner: string): string[] | undefined {
  const numeric = /^(-?\d{1,6})\.\.(-?\d{1,6})$/.exec(inner);
  const letters = /^([a-zA-Z])\.\.([a-zA-Z])$/.exec(inner);
  const match = numeric ?? letters;
  if (!match) return undefined;
  const from = numeric ? Number(match[1]) : match[1]!.charCodeAt(0);
  const to = numeric ? Number(match[2]) : match[2]!.charCodeAt(0);
  if (Math.abs(to - from) >= MAX_ALTERNATIVES) throw new GlobError(`expands to more than ${MAX_ALTERNATIVES} alternatives`);
  const step = from <= to ? 1 : -1;
  const values: string[] = [];
  for (let value = from; value !== to + step; value += step) values.push(numeric ? String(value) : String.fromCharCode(value));
  return values;
}

/**
 * Runs the tokens over `path` as a set of positions. Position `k` is "before token k"; a `folders`, `below` or `any`
 * token also has an inner position (`k + count`) for "inside what it matches", which has no way out but by
 * consuming the right character.
 */
function run(tokens: readonly Token[], path: string, dot: boolean): boolean {
  const count = tokens.length;
  let current = new Uint8Array(2 * count + 1);
  let next = new Uint8Array(2 * count + 1);
  const add = (set: Uint8Array, position: number) => {
    // Tokens that may match nothing lead on to the next position at once.
    for (let k = position; k <= count && !set[k]; k++) {
      set[k] = 1;
      const kind = tokens[k]?.kind;
      if (kind !== "star" && kind !== "folders" && kind !== "below" && kind !== "any") break;
    }
  };
  const addInner = (set: Uint8Array, k: number) => {
    set[count + 1 + k] = 1;
    // Inside `/**` or `**` the match may end anywhere.
    if (tokens[k]!.kind !== "folders") add(set, k + 1);
  };
  add(current, 0);
  for (let i = 0; i < path.length; i++) {
    const char = path[i]!;
    // Wildcards never match a leading dot of a name unless `dot` is set.
    const hidden = !dot && char === "." && (i === 0 || path[i - 1] === "/");
    next.fill(0);
    let alive = false;
    for (let k = 0; k < count; k++) {
      const token = tokens[k]!;
      const before = current[k] === 1;
      const inside = current[count + 1 + k] === 1;
      if (!before && !inside) continue;
      alive = true;
      switch (token.kind) {
        case "char":
          if (before && char === token.char) add(next, k + 1);
          break;
        case "one":
          if (before && char !== "/" && !hidden && token.accepts(char)) add(next, k + 1);
          break;
        case "star":
          if (char !== "/" && !hidden) add(next, k);
          break;
        case "folders":
          if (hidden) break;
          addInner(next, k);
          if (char === "/") add(next, k + 1);
          break;
        case "below":
          if ((before && char === "/") || (inside && !hidden)) addInner(next, k);
          break;
        case "any":
          if (!hidden) addInner(next, k);
          break;
      }
    }
    if (!alive) return false;
    [current, next] = [next, current];
  }
  return current[count] === 1;
}
