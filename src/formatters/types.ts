import type { RuleMeta } from "../engine/rule.js";
import type { LintResult } from "../results.js";

export interface FormatterContext {
  /** Working directory: relative paths in output are relative to it. */
  cwd: string;
  /** Metadata of every known rule, by id (SARIF's `rules[]`, stylish hyperlinks). */
  rulesMeta: ReadonlyMap<string, RuleMeta>;
  color: boolean;
  /** Whether the terminal renders OSC 8 hyperlinks. */
  hyperlinks: boolean;
  version: string;
  /** The linted text of a file (SARIF fingerprints hash the flagged code); read from disk when absent or undefined. */
  readSource?: (filePath: string) => string | undefined;
}

/** A formatter is a pure function from results to the text to print. */
export type Formatter = (results: readonly LintResult[], context: FormatterContext) => string;
