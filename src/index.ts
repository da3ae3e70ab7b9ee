/**
 * snapcheck's programmatic API: `import { lintFiles, lintText, loadConfig, formatResults } from "snapcheck"`.
 * Results have the shape of ESLint's `LintResult`, so ESLint formatters and tools read them too.
 */
import path from "node:path";
import { rulesById } from "../rules/index.js";
import { parseRuleFlag } from "./config/resolve.js";
import { LEVEL_SEVERITY, type Level, type ResolvedConfig, type Target } from "./config/types.js";
import type { RuleMeta } from "./engine/rule.js";
import { FORMAT_NAMES } from "./formatters/index.js";
import { loadFormatter } from "./formatters/module.js";
import { readVersion } from "./package.js";
import type { LintResult } from "./results.js";
import { configForFile, lintFiles as lintFilesRun, lintStdin, type ConfigOptions } from "./run/run.js";

export type { LintMessage, LintResult, Severity, SuppressedMessage, Suggestion, TextEdit } from "./results.js";
export type { Level, ResolvedConfig, RuleConfig, Target } from "./config/types.js";
export type { RuleMeta } from "./engine/rule.js";
export { UsageError } from "./errors.js";
export { FORMAT_NAMES };

/** How a file's configuration is found and overridden, as on the command line. */
export interface ConfigSelection {
  /** Relative paths, globs and config searches start here. Default: `process.cwd()`. */
  cwd?: string;
  /** A config file used for every file instead of searching (`--config`). */
  configFile?: string;
  /** Rule levels applied after every config file (`--rule id:level`). */
  rules?: Record<string, Level>;
  /** The runtime that snapshots the process (`--target`). */
  target?: Target;
}

export interface LintOptions extends ConfigSelection {
  /** False disregards `.gitignore` files, config `ignorePatterns` and the patterns below (`--no-ignore`). Default: true. */
  ignore?: boolean;
  /** Extra `.gitignore`-style patterns, relative to `cwd` (`--ignore-pattern`). */
  ignorePatterns?: string[];
  /** The level of disable comments that change nothing. Default: `"warn"`. */
  reportUnusedDisableDirectives?: Level;
  /** Computes the safe fixes and returns the fixed text as each result's `output`; never writes a file. */
  fix?: boolean;
}

export interface LintTextOptions extends Omit<LintOptions, "ignore" | "ignorePatterns"> {
  /** Where the text would live: config lookup, relative imports and messages use it. Default: `<text>` in `cwd`. */
  filePath?: string;
}

/**
 * Lints the files that `patterns` (files, folders, globs) name, as `snapcheck <patterns>` does, and returns one result
 * per file, sorted by path. A usage or configuration mistake rejects with a `UsageError`.
 */
export async function lintFiles(patterns: string | readonly string[], options: LintOptions = {}): Promise<LintResult[]> {
  const run = await lintFilesRun({
    ...configOptions(options),
    patterns: typeof patterns === "string" ? [patterns] : patterns,
    useIgnores: options.ignore ?? true,
    ignorePatterns: options.ignorePatterns ?? [],
    unusedDirectiveSeverity: LEVEL_SEVERITY[options.reportUnusedDisableDirectives ?? "warn"],
    ...(options.fix ? { fix: "dry-run" as const } : {}),
  });
  return run.results;
}

/** Lints a text as though it were the file `options.filePath`, as `snapcheck --stdin` does. */
export async function lintText(text: string, options: LintTextOptions = {}): Promise<LintResult> {
  const run = await lintStdin({
    ...configOptions(options),
    content: text,
    unusedDirectiveSeverity: LEVEL_SEVERITY[options.reportUnusedDisableDirectives ?? "warn"],
    ...(options.filePath !== undefined ? { filePath: options.filePath } : {}),
    ...(options.fix ? { fix: "dry-run" as const } : {}),
  });
  return run.results[0]!;
}

/** The configuration a file would be linted with (`--print-config`). */
export async function loadConfig(filePath: string, options: ConfigSelection = {}): Promise<ResolvedConfig> {
  const selection = configOptions(options);
  return configForFile(selection, path.resolve(selection.cwd, filePath));
}

/** The metadata of every rule snapcheck ships. */
export function listRules(): RuleMeta[] {
  return [...rulesById.values()].map((rule) => rule.meta);
}

/**
 * Renders results as the command line would print them: a built-in format (`FORMAT_NAMES`), a path to a formatter
 * module, or an `eslint-formatter-*` package.
 */
export async function formatResults(results: readonly LintResult[], format = "stylish", options: { cwd?: string } = {}): Promise<string> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const formatter = await loadFormatter(format, cwd);
  const rulesMeta = new Map(listRules().map((meta) => [meta.id, meta]));
  return formatter(results, { cwd, rulesMeta, color: false, hyperlinks: false, version: readVersion() });
}

function configOptions(options: ConfigSelection): ConfigOptions & { cwd: string } {
  return {
    cwd: path.resolve(options.cwd ?? process.cwd()),
    rules: rulesById,
    ruleFlags: Object.entries(options.rules ?? {}).map(([id, level]) => parseRuleFlag(`${id}:${level}`, rulesById)),
    ...(options.configFile !== undefined ? { configFile: options.configFile } : {}),
    ...(options.target !== undefined ? { target: options.target } : {}),
  };
}
