import fs from "node:fs";
import path from "node:path";
import { rulesById } from "../../rules/index.js";
import { ModuleIndex } from "../analysis/modules.js";
import type { LintCache } from "./cache.js";
import type { LoadedConfig } from "../config/load.js";
import { ConfigResolver, type RuleFlag } from "../config/resolve.js";
import type { ResolvedConfig } from "../config/types.js";
import { describeFsError, findFiles, type DiscoveryProblem } from "../discovery/find-files.js";
import { ignoreLayer, type IgnoreLayer } from "../discovery/ignore-layers.js";
import { lintText } from "../engine/lint-file.js";
import { lintDescriptorText } from "../engine/lint-descriptor.js";
import { descriptorKindOf } from "../deployment/descriptor-files.js";
import type { Target } from "../config/types.js";
import type { Rule } from "../engine/rule.js";
import { hashBytes } from "./cache.js";
import { lintAndFix, writeFix, type FixMode } from "./fix.js";
import { decodeSource, readSource, type SourceOutcome } from "./source.js";
import { fatalResult, makeResult, type LintResult, type Severity } from "../results.js";


/** ESLint's words for a named file that an ignore pattern excludes (a warning without a position, as in ESLint). */
export const IGNORED_FILE_WARNING =
  'File ignored because of a matching ignore pattern. Use "--no-ignore" to disable file ignore settings or use "--no-warn-ignored" to suppress this warning.';

/** How configs are found and overridden for a run. */
export interface ConfigOptions {
  /** Absolute; relative paths, globs and config searches start here. */
  cwd: string;
  /** `--config`: one config for every file. */
  configFile?: string;
  ruleFlags?: readonly RuleFlag[];
  target?: Target;
  /** Defaults to every rule snapcheck ships. */
  rules?: ReadonlyMap<string, Rule>;
}

export interface LintOptions extends ConfigOptions {
  patterns: readonly string[];
  /** False for `--no-ignore`. */
  useIgnores?: boolean;
  /** `--ignore-pattern`, relative to `cwd`. */
  ignorePatterns?: readonly string[];
  errorOnUnmatchedPattern?: boolean;
  /** False for `--no-warn-ignored`: a named file that ignore patterns exclude is skipped without a warning. */
  warnIgnored?: boolean;
  /** Severity of disable directives that suppress nothing; 0 does not report them. */
  unusedDirectiveSeverity?: 0 | Severity;
  /** `--fix` writes fixed files; `--fix-dry-run` only sets `output`. */
  fix?: FixMode;
  /** `--cache`: results reused while a file, its config and the files its analysis read are unchanged. */
  cache?: LintCache;
  /** Narrows the discovered files before linting (`--changed`). */
  selectFiles?: (files: readonly string[]) => Promise<readonly string[]>;
  /** Called after each file with how many of how many are done (a progress line). */
  onProgress?: (done: number, total: number) => void;
}

export interface StdinOptions extends ConfigOptions {
  content: Buffer | string;
  /** `--stdin-filename`: where the text would live, for config lookup and messages. Defaults to `<text>` in cwd. */
  filePath?: string;
  unusedDirectiveSeverity?: 0 | Severity;
  /** Only `dry-run` makes sense: the fixed text is returned as `output`. */
  fix?: FixMode;
  /** A long-lived process passes its own, so imported files stay parsed between requests. */
  modules?: ModuleIndex;
}

export interface LintRun {
  /** Sorted by file path. */
  results: LintResult[];
  /** Folders that could not be read; the CLI reports them as warnings. */
  problems: DiscoveryProblem[];
}

/** Finds the files, lints each with the configuration in force for it, and returns the results sorted. */
export async function lintFiles(options: LintOptions): Promise<LintRun> {
  const rules = options.rules ?? rulesById;
  const resolver = newResolver(options, rules);
  const layers = new WeakMap<LoadedConfig, IgnoreLayer | undefined>();
  const found = await findFiles({
    cwd: options.cwd,
    patterns: options.patterns,
    useIgnores: options.useIgnores ?? true,
    ignorePatterns: options.ignorePatterns ?? [],
    errorOnUnmatchedPattern: options.errorOnUnmatchedPattern ?? true,
    async configIgnoresFor(dir) {
      const loaded = await resolver.sourceFor(dir);
      if (!loaded?.config.ignorePatterns?.length) return undefined;
      if (!layers.has(loaded)) layers.set(loaded, ignoreLayer(loaded.dir, loaded.config.ignorePatterns));
      return layers.get(loaded);
    },
  });

  const { cache, fix } = options;
  const modules = new ModuleIndex(options.cwd, { recordImports: cache !== undefined });
  const unusedDirectiveSeverity = options.unusedDirectiveSeverity ?? 1;
  const runSettings = String(unusedDirectiveSeverity);
  // Under --fix a cached result with fixes is linted again, so that the fixes are applied.
  const usable = (cached: LintResult) => !fix || !cached.messages.some((message) => message.fix);
  const files = options.selectFiles ? await options.selectFiles(found.files) : found.files;
  const problems = [...found.problems];
  const results: LintResult[] = [];
  for (const filePath of files) {
    options.onProgress?.(results.length, files.length);
    const config = await resolver.configFor(filePath);
    // The text is dropped after each file, so memory stays flat however many files there are.
    const source = readSource(filePath);
    if (!source.ok) {
      results.push(fatalResult(filePath, source.message));
      continue;
    }
    // The hash is of the bytes linted, so a file edited during the run is never cached under its new content.
    const hash = cache ? hashBytes(source.bytes) : "";
    const cached = cache?.get(filePath, hash, config, runSettings, modules, usable);
    if (cached) {
      results.push(cached);
      continue;
    }
    const lint = linterFor({ filePath, config, rules, modules, unusedDirectiveSeverity });
    if (!fix) {
      const result = lint(source.text);
      cache?.set(filePath, hash, config, runSettings, result, modules.dependenciesOf(filePath));
      results.push(result);
      continue;
    }
    const { fixed, unfixed } = lintAndFix(source.text, lint);
    if (fixed.output === undefined) {
      cache?.set(filePath, hash, config, runSettings, fixed, modules.dependenciesOf(filePath));
      results.push(fixed);
    } else if (fix === "dry-run") {
      // Its result describes text that is not on disk: it must not be reused for the file.
      results.push(fixed);
    } else {
      const written = writeFix(filePath, fixed.output, source.bytes, options.cwd);
      if (written.ok) {
        cache?.fileWritten(filePath, hashBytes(written.bytes));
        cache?.set(filePath, hashBytes(written.bytes), config, runSettings, fixed, modules.dependenciesOf(filePath));
        results.push(fixed);
      } else {
        // The file still holds the text that was linted first: its findings stand, with why it was not fixed.
        if (written.warning) problems.push({ path: filePath, message: written.warning });
        results.push(written.problem ? withProblem(unfixed, written.problem) : unfixed);
      }
    }
  }
  if (options.warnIgnored !== false) {
    for (const filePath of found.ignoredNamedFiles) {
      results.push(makeResult(filePath, [{ ruleId: null, severity: 1, message: IGNORED_FILE_WARNING, line: 0, column: 0 }]));
    }
  }
  // tsconfig and package.json files the resolver could not read: warnings, the run went on without them.
  problems.push(...modules.resolver.problems);
  results.sort((a, b) => compareStrings(a.filePath, b.filePath));
  return { results, problems };
}

/** Lints text read from stdin as though it were the file `filePath`. */
export async function lintStdin(options: StdinOptions): Promise<LintRun> {
  const rules = options.rules ?? rulesById;
  const filePath = stdinPath(options);
  const config = await newResolver(options, rules).configFor(filePath);
  const source: SourceOutcome =
    typeof options.content === "string" ? { ok: true, text: options.content } : decodeSource(options.content);
  const modules = options.modules ?? new ModuleIndex(options.cwd);
  const unusedDirectiveSeverity = options.unusedDirectiveSeverity ?? 1;
  const lint = linterFor({ filePath, config, rules, modules, unusedDirectiveSeverity });
  const result = source.ok ? (options.fix ? lintAndFix(source.text, lint).fixed : lint(source.text)) : fatalResult(filePath, source.message);
  return { results: [result], problems: [] };
}

/** Code goes through the code rules; a deployment descriptor (template, serverless.yml, Dockerfile) through the deployment rules. */
function linterFor(options: {
  filePath: string;
  config: ResolvedConfig;
  rules: ReadonlyMap<string, Rule>;
  modules: ModuleIndex;
  unusedDirectiveSeverity: 0 | Severity;
}): (text: string) => LintResult {
  // A YAML or JSON file given by name is not code: it is read as a template whatever it is called.
  const kind = descriptorKindOf(options.filePath) ?? (/\.(?:ya?ml|json)$/i.test(options.filePath) ? "template" : undefined);
  if (kind) return (text) => lintDescriptorText({ ...options, text, kind });
  return (text) => lintText({ ...options, text });
}

export function stdinPath(options: { cwd: string; filePath?: string }): string {
  return path.resolve(options.cwd, options.filePath ?? "<text>");
}

/** The configuration `--print-config` shows: what a file at `filePath` would be linted with. */
export async function configForFile(options: ConfigOptions, filePath: string): Promise<ResolvedConfig> {
  return newResolver(options, options.rules ?? rulesById).configFor(path.resolve(options.cwd, filePath));
}

export function newResolver(options: ConfigOptions, rules: ReadonlyMap<string, Rule>): ConfigResolver {
  return new ConfigResolver({
    cwd: options.cwd,
    rules,
    ...(options.configFile !== undefined ? { configFile: options.configFile } : {}),
    ...(options.ruleFlags ? { ruleFlags: options.ruleFlags } : {}),
    ...(options.target ? { target: options.target } : {}),
  });
}

/** A problem about the file itself (its fixes could not be written), reported as an error at its start. */
function withProblem(result: LintResult, message: string): LintResult {
  const problem = { ruleId: null, severity: 2 as const, message, line: 1, column: 1 };
  return makeResult(result.filePath, [problem, ...result.messages], result.suppressedMessages);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
