/**
 * What a rule can only find in a file whose text (or the text of a file it imports from the tree) mentions one of
 * these: a module it imports (`"ioredis"`, `'node:crypto'`), a word (`randomUUID`, `Date`) or a word in any case
 * (`token` in `accessToken`). A rule without triggers needs every file.
 */
export interface Triggers {
  modules?: readonly string[];
  words?: readonly string[];
  wordsAnyCase?: readonly string[];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
/**
 * Module names may use `*` for any characters (generated client paths). Such a name is looked for by its longest
 * part without `*`, anywhere in the text: a regular expression with two wildcards or more would backtrack, and
 * its cost grow with a power of the length of a crafted line. Finding more files only costs their analysis.
 */
const wildcardModulePattern = (name: string) => {
  const longest = name.split("*").reduce((best, part) => (part.length > best.length ? part : best), "");
  return longest ? escape(longest) : "[\"'`]";
};

/** A disable directive must be parsed even where no rule has anything to find: it may be unused. */
const DIRECTIVE = "snapcheck-";

/** The union of the triggers of the rules enabled for a file: one regular expression, tested once per text. */
export class RelevanceFilter {
  /** Some enabled rule needs every file. */
  readonly always: boolean;
  private readonly pattern: RegExp | undefined;
  private readonly anyCase: RegExp | undefined;

  constructor(triggers: readonly (Triggers | undefined)[]) {
    this.always = triggers.some((t) => t === undefined);
    const modules = new Set<string>();
    const words = new Set<string>([DIRECTIVE]);
    const anyCase = new Set<string>();
    for (const t of triggers) {
      t?.modules?.forEach((m) => modules.add(m));
      t?.words?.forEach((w) => words.add(w));
      t?.wordsAnyCase?.forEach((w) => anyCase.add(w.toLowerCase()));
    }
    // Words are whole identifiers (`now` in `Date.now`, not in `unknown`); the directive prefix is not.
    words.delete(DIRECTIVE);
    const alternatives = [escape(DIRECTIVE), `\\b(?:${[...words].map(escape).join("|")})\\b`];
    // A module is named in a string: an import, a require, or an export from.
    const exact = [...modules].filter((name) => !name.includes("*"));
    if (exact.length > 0) alternatives.push(`["'\`](?:node:)?(?:${exact.map(escape).join("|")})["'\`/]`);
    alternatives.push(...[...modules].filter((name) => name.includes("*")).map(wildcardModulePattern));
    this.pattern = new RegExp(alternatives.join("|"));
    this.anyCase = anyCase.size > 0 ? new RegExp([...anyCase].map(escape).join("|"), "i") : undefined;
  }

  /** Whether the text mentions anything an enabled rule looks for. */
  matches(text: string): boolean {
    return this.always || this.pattern!.test(text) || (this.anyCase?.test(text) ?? false);
  }
}

const RELATIVE_SPECIFIER = /["'](\.\.?\/[^"'\n]*)["']/g;

/** Relative module specifiers a text mentions (over-approximated: any string that looks like one). */
export function relativeSpecifiers(text: string): string[] {
  return [...text.matchAll(RELATIVE_SPECIFIER)].map((match) => match[1]!);
}

/** Other specifiers of `from "…"`, `import "…"`, `import("…")`, `require("…")`: aliases, `#imports`, packages. */
const BARE_IMPORT = /\b(?:from|import|require)\s*(?:\(\s*)?["']([^"'.\s][^"'\s]*)["']/g;

/** Every module specifier a text may import: relative ones as above, and bare ones in an import's position. */
export function importSpecifiers(text: string): string[] {
  const specifiers = relativeSpecifiers(text);
  for (const match of text.matchAll(BARE_IMPORT)) specifiers.push(match[1]!);
  return specifiers;
}
