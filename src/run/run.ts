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
import type { DeploymentModel } from "../deployment/model.js";
import { isWithin } from "../deployment/entries.js";
import { readDeploymentModel, type ReadModelOptions } from "../deployment/read.js";
import { ModuleGraph } from "../discovery/module-graph.js";
import { descriptorKindOf } from "../deployment/descriptor-files.js";
import { DeploymentScope, editorScope, type FileScope, withDescriptorProblems, type ScopePass } from "./scope.js";
import { lintPasses, lintUnreachedText, linterFor, taskLinter, unreachedMayReport, type LintTask, type TaskSettings } from "./lint-task.js";
import { workerCount, type Concurrency } from "./concurrency.js";
import { lintInWorkers, type TaskOutcome } from "./workers.js";

export { lintPasses, lintUnreachedText };
import type { Target } from "../config/types.js";
import type { Rule } from "../engine/rule.js";
import { hashBytes } from "./cache.js";
import { lintAndFix, writeFix, type FixMode } from "./fix.js";
import { decodeSource, readSource, type SourceOutcome } from "./source.js";
import { buildOutputFolder, leaveOutNeverSnapshotted, type LeftOutPath } from "../discovery/never-snapshotted.js";
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
  /** `--all-files`: lint every discovered file, as though no deployment descriptor existed. */
  allFiles?: boolean;
  /**
   * `--force-exclude`: a file named on the command line is left out as it would be in a run over the whole tree
   * (code no deployed function loads, never-snapshotted code). Hooks name every staged file.
   */
  forceExclude?: boolean;
  /** Narrows the discovered files before linting (`--changed`). */
  selectFiles?: (files: readonly string[]) => Promise<readonly string[]>;
  /** `--concurrency`: worker threads that lint (default `off`, all in this thread). */
  concurrency?: Concurrency;
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
  /** Worker threads that linted (`--concurrency`); 0 when all was linted in this thread. */
  workers?: number;
  /** The largest heap each worker had after a batch, in bytes (`--debug`). */
  workerHeapPeaks?: number[];
  /** Files and folders left out as code no snapshot runs, with why (`--debug` prints them). */
  leftOut?: LeftOutPath[];
  /** The deployment that decided which files were linted, and how; absent with `--all-files` or none found. */
  deployment?: DeploymentSummary;
}

export interface DeploymentSummary {
  model: DeploymentModel;
  /** Files some function's init reaches. */
  reachedFiles: number;
  /** Time to read the descriptors, resolve the entries and build the import graph. */
  milliseconds: number;
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
    async leavesOutFolder(dir) {
      const output = buildOutputFolder(dir);
      if (!output || (options.allFiles ?? (await resolver.sourceFor(options.cwd))?.config.allFiles === true)) return undefined;
      return (await resolver.sourceFor(path.dirname(dir)))?.config.include?.buildOutput ? undefined : output.reason;
    },
  });

  const { cache, fix } = options;
  const modules = new ModuleIndex(options.cwd, { recordImports: cache !== undefined });
  const rootConfig = await resolver.sourceFor(options.cwd);
  const allFiles = options.allFiles ?? rootConfig?.config.allFiles === true;
  const started = performance.now();
  const declared = rootConfig?.config.functions ? [{ configFile: rootConfig.filePath, functions: rootConfig.config.functions }] : [];
  const scope = allFiles ? undefined : deploymentScope(options, modules, declared);
  const deployment = scope ? { model: scope.model, reachedFiles: scope.reachedFileCount, milliseconds: performance.now() - started } : undefined;
  const named = options.forceExclude ? new Set<string>() : namedFiles(options);
  const unusedDirectiveSeverity = options.unusedDirectiveSeverity ?? 1;
  const runSettings = String(unusedDirectiveSeverity);
  const settingsOf = (passes: readonly ScopePass[] | undefined) => (passes ? `${runSettings}\0${JSON.stringify(passes)}` : runSettings);
  const settings = { rules, modules, unusedDirectiveSeverity };
  // Under --fix a cached result with fixes is linted again, so that the fixes are applied.
  const usable = (cached: LintResult) => !fix || !cached.messages.some((message) => message.fix);
  const selected = options.selectFiles ? await options.selectFiles(found.files) : found.files;
  // Where no deployment descriptor says what is snapshotted (none found, or a file outside every descriptor's
  // project), code that no snapshot runs is left out, unless named.
  const { kept: files, leftOut } = allFiles
    ? { kept: selected, leftOut: [] }
    : await leaveOutNeverSnapshotted(selected, {
        root: options.cwd,
        graph: new ModuleGraph(modules),
        named,
        decides: (filePath) => !scope || scope.scopeOf(filePath).kind === "outside",
        includedFor: async (filePath) => (await resolver.sourceFor(path.dirname(filePath)))?.config.include,
      });
  const problems = [...found.problems];
  const results: LintResult[] = [];
  const tasks: LintTask[] = [];
  for (const filePath of files) {
    const fileScope = scope?.scopeOf(filePath);
    // In a deployment's project, code no function loads at init is never snapshotted; a file named on the command
    // line, and the descriptors themselves (the deployment rules read them), are linted all the same.
    const unreached = fileScope?.kind === "unreached" && !named.has(filePath) && !descriptorKindOf(filePath);
    const passes = fileScope?.kind === "functions" ? fileScope.passes : undefined;
    const config = await resolver.configFor(filePath);
    if (unreached) {
      if (unreachedMayReport(config, rules)) tasks.push({ filePath, config, unreached });
      continue;
    }
    const task: LintTask = { filePath, config, unreached, ...(passes ? { passes } : {}) };
    if (!cache && !fix) {
      tasks.push(task);
      continue;
    }
    const fileSettings = settingsOf(passes);
    // The text is dropped after each file, so memory stays flat however many files there are.
    const source = readSource(filePath);
    if (!source.ok) {
      results.push(fatalResult(filePath, source.message));
      continue;
    }
    const hash = cache ? hashBytes(source.bytes) : "";
    const cached = cache?.get(filePath, hash, config, fileSettings, modules, usable);
    if (cached) {
      results.push(cached);
      continue;
    }
    if (!fix) {
      tasks.push(task);
      continue;
    }
    const lint = taskLinter(task, settings) as (text: string) => LintResult;
    const { fixed, unfixed } = lintAndFix(source.text, lint);
    if (fixed.output === undefined) {
      cache?.set(filePath, hash, config, fileSettings, fixed, modules.dependenciesOf(filePath));
      results.push(fixed);
    } else if (fix === "dry-run") {
      // Its result describes text that is not on disk: it must not be reused for the file.
      results.push(fixed);
    } else {
      const written = writeFix(filePath, fixed.output, source.bytes, options.cwd);
      if (written.ok) {
        cache?.fileWritten(filePath, hashBytes(written.bytes));
        cache?.set(filePath, hashBytes(written.bytes), config, fileSettings, fixed, modules.dependenciesOf(filePath));
        results.push(fixed);
      } else {
        // The file still holds the text that was linted first: its findings stand, with why it was not fixed.
        if (written.warning) problems.push({ path: filePath, message: written.warning });
        results.push(written.problem ? withProblem(unfixed, written.problem) : unfixed);
      }
    }
  }
  let done = results.length;
  const progress = () => options.onProgress?.(done++, results.length + tasks.length);
  const recordImports = cache !== undefined;
  // Workers load the rules snapcheck ships: a run with other rules, or one that writes fixes, lints here.
  const workers = fix || rules !== rulesById ? 0 : workerCount(options.concurrency ?? "off", tasks.length);
  const linted: TaskOutcome[] = [];
  const resolutionProblems: DiscoveryProblem[] = [];
  let workerHeapPeaks: number[] | undefined;
  if (workers > 0) {
    const lintHere = (task: LintTask) => withDependencies(runTask(task, settings, recordImports), modules, recordImports);
    const parallel = await lintInWorkers(tasks, workers, { cwd: options.cwd, recordImports, unusedDirectiveSeverity }, lintHere, progress);
    linted.push(...parallel.outcomes);
    resolutionProblems.push(...parallel.problems);
    workerHeapPeaks = parallel.heapPeaks;
  } else {
    for (const task of tasks) {
      progress();
      linted.push(withDependencies(runTask(task, settings, recordImports), modules, recordImports));
    }
  }
  tasks.forEach((task, index) => {
    const { result, dependencies, hash } = linted[index]!;
    if (!result) return;
    // The hash is of the bytes linted, so a file edited during the run is never cached under its new content.
    if (hash !== undefined && !task.unreached) cache?.set(task.filePath, hash, task.config, settingsOf(task.passes), result, dependencies ?? []);
    results.push(result);
  });
  if (options.warnIgnored !== false) {
    for (const filePath of found.ignoredNamedFiles) {
      results.push(makeResult(filePath, [{ ruleId: null, severity: 1, message: IGNORED_FILE_WARNING, line: 0, column: 0 }]));
    }
  }
  // tsconfig and package.json files the resolver could not read: warnings, the run went on without them. Sorted
  // and once each, so that which thread met one first does not change the output.
  problems.push(...uniqueByPath([...modules.resolver.problems, ...resolutionProblems]).sort((a, b) => compareStrings(a.path, b.path)));
  const reported = scope ? withDescriptorProblems(results, scope.model, (file) => isUnderPatterns(file, options)) : results;
  reported.sort((a, b) => compareStrings(a.filePath, b.filePath));
  return { results: reported, problems, workers, ...(workerHeapPeaks ? { workerHeapPeaks } : {}), leftOut: [...found.leftOutFolders, ...leftOut], ...(deployment ? { deployment } : {}) };
}

/**
 * The deployment the descriptors in and above the linted paths describe, with the files each function's init
 * reaches; undefined when there is no descriptor (every file is linted as before).
 */
function deploymentScope(options: LintOptions, modules: ModuleIndex, declared: ReadModelOptions["declared"]): DeploymentScope | undefined {
  // Globs are searched from the cwd: descriptors are looked for in the folders the patterns name.
  const roots = options.patterns.map((pattern) => (fs.existsSync(path.resolve(options.cwd, pattern)) ? pattern : "."));
  const model = readDeploymentModel(roots.length > 0 ? roots : ["."], { cwd: options.cwd, ...(declared ? { declared } : {}) });
  const scope = new DeploymentScope(model, new ModuleGraph(modules));
  return scope.hasDeployment ? scope : undefined;
}

/** Whether a file is, or is inside, a path named on the command line (a glob counts as the cwd). */
function isUnderPatterns(file: string, options: LintOptions): boolean {
  return options.patterns.some((pattern) => {
    const named = path.resolve(options.cwd, pattern);
    return fs.existsSync(named) ? isWithin(file, named) : isWithin(file, options.cwd);
  });
}

/** Files named on the command line (not folders or globs): always linted. */
function namedFiles(options: LintOptions): Set<string> {
  const named = new Set<string>();
  for (const pattern of options.patterns) {
    const filePath = path.resolve(options.cwd, pattern);
    try {
      if (fs.statSync(filePath).isFile()) named.add(filePath);
    } catch {
      // A glob, or a path that does not exist: discovery reports it.
    }
  }
  return named;
}

/** Reads and lints one task's file (not under `--fix`); with `hashed`, the hash of the bytes linted comes back too. */
export function runTask(task: LintTask, settings: TaskSettings, hashed: boolean): TaskOutcome {
  const source = readSource(task.filePath);
  // An unreached file that cannot be read has nothing the deployment rules could find.
  if (!source.ok) return task.unreached ? {} : { result: fatalResult(task.filePath, source.message) };
  const result = taskLinter(task, settings)(source.text);
  if (!result) return {};
  return hashed ? { result, hash: hashBytes(source.bytes) } : { result };
}

/** With `--cache`, the imports the analysis of the task's file followed. */
function withDependencies(outcome: TaskOutcome, modules: ModuleIndex, recordImports: boolean): TaskOutcome {
  if (!recordImports || !outcome.result || outcome.hash === undefined) return outcome;
  return { ...outcome, dependencies: modules.dependenciesOf(outcome.result.filePath) };
}

/**
 * Lints text read from stdin as though it were the file `filePath`, as a run over the tree would: when the working
 * directory holds a deployment, a file no function loads at init is not reported.
 */
export async function lintStdin(options: StdinOptions): Promise<LintRun> {
  const rules = options.rules ?? rulesById;
  const filePath = stdinPath(options);
  const resolver = newResolver(options, rules);
  const config = await resolver.configFor(filePath);
  const source: SourceOutcome =
    typeof options.content === "string" ? { ok: true, text: options.content } : decodeSource(options.content);
  const modules = options.modules ?? new ModuleIndex(options.cwd);
  const unusedDirectiveSeverity = options.unusedDirectiveSeverity ?? 1;
  const fileScope = await stdinScope(options, resolver, filePath);
  if (fileScope?.kind === "unreached" && !descriptorKindOf(filePath)) {
    const result = source.ok ? lintUnreachedText(filePath, source.text, config, rules, modules) : undefined;
    return { results: [result ?? makeResult(filePath, [])], problems: [] };
  }
  const passes = fileScope?.kind === "functions" ? fileScope.passes : undefined;
  const lint = passes
    ? (text: string) => lintPasses({ filePath, text, config, rules, modules, unusedDirectiveSeverity }, passes)
    : linterFor({ filePath, config, rules, modules, unusedDirectiveSeverity });
  const result = source.ok ? (options.fix ? lintAndFix(source.text, lint).fixed : lint(source.text)) : fatalResult(filePath, source.message);
  return { results: [result], problems: [] };
}

/** The deployment scope of a file linted alone (stdin, an editor), cached per working directory. */
async function stdinScope(options: StdinOptions, resolver: ConfigResolver, filePath: string): Promise<FileScope | undefined> {
  const rootConfig = await resolver.sourceFor(options.cwd);
  if (rootConfig?.config.allFiles === true) return undefined;
  const declared = rootConfig?.config.functions ? [{ configFile: rootConfig.filePath, functions: rootConfig.config.functions }] : [];
  return deploymentScopeOfFile(options.cwd, filePath, declared);
}

/**
 * For editor processes: what the deployment of a file's own project says about it (undefined without one). The
 * descriptors looked at are those in the file's folder and below, and directly in each folder above it up to the
 * working directory, so an answer never costs a walk of the whole tree; a shared package that only a sibling
 * project's functions load is then linted as without a deployment, never silenced.
 */
export function deploymentScopeOfFile(cwd: string, filePath: string, declared: ReadModelOptions["declared"] = []): FileScope | undefined {
  const folder = path.dirname(filePath);
  const scope = editorScope(`${cwd}\0${folder}`, () => {
    const modules = new ModuleIndex(cwd);
    const graph = new ModuleGraph(modules);
    const model = readDeploymentModel([folder], { cwd, ...(declared ? { declared } : {}) });
    const built = new DeploymentScope(model, graph);
    const read = [...model.descriptors.map((each) => each.file), ...[...graph.knownFiles()].map(([file]) => file), ...modules.resolver.configFilesRead];
    return { scope: built.hasDeployment ? built : undefined, read };
  });
  return scope?.scopeOf(filePath);
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

function uniqueByPath<T extends { path: string }>(problems: readonly T[]): T[] {
  const seen = new Set<string>();
  return problems.filter((problem) => !seen.has(problem.path) && seen.add(problem.path));
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
