import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { ImportEdge, ModuleIndex } from "../analysis/modules.js";
import { stableJson, type LintCache, type StoredPlan } from "./cache.js";
import type { LoadedConfig } from "../config/load.js";
import { ConfigResolver, type RuleFlag } from "../config/resolve.js";
import type { ResolvedConfig, Target } from "../config/types.js";
import { findFiles, isInside, type DiscoveryProblem, type FoundFiles } from "../discovery/find-files.js";
import { ignoreLayer, type IgnoreLayer } from "../discovery/ignore-layers.js";
import type { DeploymentModel } from "../deployment/model.js";
import { findDescriptorFiles, mayChangeDeployment } from "../deployment/discover.js";
import { descriptorKindOf } from "../deployment/descriptor-files.js";
import { DeploymentScope, scopeFromModel, unreachedMayReport, withDescriptorProblems, type FileScope, type ScopePass } from "./scope.js";
import type { LintTask, TaskSettings } from "./lint-task.js";
import { workerCount, type Concurrency } from "./concurrency.js";
import type { LintWorkers, TaskOutcome } from "./workers.js";
import type { Rule, RuleInfo } from "../engine/rule.js";
import type { FixMode } from "./fix.js";
import type { PlanInputs } from "./plan.js";
import { decodeSource, readSource, type SourceOutcome } from "./source.js";
import { buildOutputFolder, type IncludedKinds, type LeftOutPath } from "../discovery/never-snapshotted.js";
import { fatalResult, makeResult, type LintResult, type Severity } from "../results.js";

/*
 * Nothing here loads the TypeScript compiler, the rules or the analyses at import: they are imported when a file
 * must be linted or the deployment plan built, so a `--cache` run whose files and plan all hit never loads them.
 */

/** The rules snapcheck ships, loaded on first use. */
async function shippedRules(): Promise<ReadonlyMap<string, Rule>> {
  return (await import("../../rules/index.js")).rulesById;
}

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
  /**
   * Without `rules`: the metadata of the rules snapcheck ships, when known without loading them (from the cache);
   * their code is then loaded only if a file must be linted.
   */
  shippedRuleInfo?: ReadonlyMap<string, RuleInfo>;
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
  /** Narrows the discovered files before linting (`--changed`), and says which paths changed. */
  selectFiles?: (files: readonly string[]) => Promise<{ files: readonly string[]; changed: ReadonlySet<string> }>;
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
  /** A process that answers once: keep the file's deployment scope for the next one (stored-scope.ts). */
  storeScope?: boolean;
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
  const ruleInfo = options.rules ?? options.shippedRuleInfo ?? (await shippedRules());
  const resolver = newResolver(options, ruleInfo);
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

  const unusedDirectiveSeverity = options.unusedDirectiveSeverity ?? 1;
  // Workers load the compiler and the rules while this thread reads the deployment and the configs. With --cache or
  // --fix, which files need linting is known only later; other rules than the shipped ones are linted here.
  const aheadCount = options.cache || options.fix || options.rules ? 0 : workerCount(options.concurrency ?? "off", found.files.length);
  const ahead = aheadCount > 0 ? new (await import("./workers.js")).LintWorkers(aheadCount, { cwd: options.cwd, recordImports: false, unusedDirectiveSeverity }) : undefined;
  try {
    return await lintFound(options, { ruleInfo, resolver, found, ahead });
  } finally {
    ahead?.close();
  }
}

/** The rest of `lintFiles`, once the files are found (and workers started ahead, if any). */
async function lintFound(
  options: LintOptions,
  { ruleInfo, resolver, found, ahead }: { ruleInfo: ReadonlyMap<string, RuleInfo>; resolver: ConfigResolver; found: FoundFiles; ahead: LintWorkers | undefined },
): Promise<LintRun> {
  const { cache, fix } = options;
  const analysis = new AnalysisStage(options.cwd, options.rules, cache !== undefined);
  const rootConfig = await resolver.sourceFor(options.cwd);
  const allFiles = options.allFiles ?? rootConfig?.config.allFiles === true;
  const declared = rootConfig?.config.functions ? [{ configFile: rootConfig.filePath, functions: rootConfig.config.functions }] : [];
  const named = options.forceExclude ? new Set<string>() : namedFiles(options);
  const unusedDirectiveSeverity = options.unusedDirectiveSeverity ?? 1;
  const runSettings = String(unusedDirectiveSeverity);
  const settingsOf = (passes: readonly ScopePass[] | undefined) => (passes ? `${runSettings}\0${JSON.stringify(passes)}` : runSettings);
  // An unreached file's result (often none) is kept apart from the result of the same file linted in full.
  const unreachedSettings = `${runSettings}\0unreached`;
  // Under --fix a cached result with fixes is linted again, so that the fixes are applied.
  const usable = (cached: LintResult) => !fix || !cached.messages.some((message) => message.fix);
  const selection = options.selectFiles ? await options.selectFiles(found.files) : undefined;
  const selected = selection?.files ?? found.files;
  const deploymentMayHaveChanged = !selection || [...selection.changed].some(mayChangeDeployment);
  const started = performance.now();
  const planned = allFiles
    ? undefined
    : await runPlan(
        { cwd: options.cwd, roots: descriptorRoots(options), declared, useIgnores: options.useIgnores ?? true, files: selected, named, includes: await includesOf(selected, resolver) },
        { cache, analysis, deploymentMayHaveChanged },
      );
  const scope = planned?.scope;
  const deployment = scope ? { model: scope.model, reachedFiles: scope.reachedFileCount, milliseconds: performance.now() - started } : undefined;
  const leftOutFiles = new Set(planned?.leftOut.map((item) => item.path));
  const files = selected.filter((file) => !leftOutFiles.has(file));
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
    if (unreached && !unreachedMayReport(config, ruleInfo)) continue;
    const task: LintTask = { filePath, config, unreached, ...(passes ? { passes } : {}) };
    if (!cache && !fix) {
      tasks.push(task);
      continue;
    }
    const fileSettings = unreached ? unreachedSettings : settingsOf(passes);
    // Only the hash is needed to answer from the cache: the text is read when the file must be linted.
    const hash = cache?.currentHash(filePath);
    const cached = hash === undefined ? undefined : cache?.get(filePath, hash, config, fileSettings, usable);
    if (cached) {
      // An unreached file with nothing to report has no result at all.
      if (!unreached || cached.messages.length > 0) results.push(cached);
      continue;
    }
    if (!fix || unreached) {
      tasks.push(task);
      continue;
    }
    // The text is dropped after each file, so memory stays flat however many files there are.
    const source = readSource(filePath);
    if (!source.ok) {
      results.push(fatalResult(filePath, source.message));
      continue;
    }
    const { lintAndFix, writeFix } = await import("./fix.js");
    const settings = await analysis.settings(unusedDirectiveSeverity);
    const lint = (await analysis.lintTask()).taskLinter(task, settings) as (text: string) => LintResult;
    const { fixed, unfixed } = lintAndFix(source.text, lint);
    const sourceHash = cache ? hashOf(source.bytes) : "";
    if (fixed.output === undefined) {
      cache?.set(filePath, sourceHash, config, fileSettings, fixed, settings.modules.dependenciesOf(filePath));
      results.push(fixed);
    } else if (fix === "dry-run") {
      // Its result describes text that is not on disk: it must not be reused for the file.
      results.push(fixed);
    } else {
      const written = writeFix(filePath, fixed.output, source.bytes, options.cwd);
      if (written.ok) {
        cache?.fileWritten(filePath, hashOf(written.bytes));
        cache?.set(filePath, hashOf(written.bytes), config, fileSettings, fixed, settings.modules.dependenciesOf(filePath));
        results.push(fixed);
      } else {
        // The file still holds the text that was linted first: its findings stand, with why it was not fixed.
        if (written.warning) problems.push({ path: filePath, message: written.warning });
        results.push(written.problem ? withProblem(unfixed, written.problem) : unfixed);
      }
    }
  }
  const linted = tasks.length > 0 ? await lintTasks(tasks, results.length, analysis, options, unusedDirectiveSeverity, ahead) : undefined;
  tasks.forEach((task, index) => {
    const { result, dependencies, hash } = linted!.outcomes[index]!;
    // The hash is of the bytes linted, so a file edited during the run is never cached under its new content.
    if (hash !== undefined) {
      const fileSettings = task.unreached ? unreachedSettings : settingsOf(task.passes);
      cache?.set(task.filePath, hash, task.config, fileSettings, result ?? makeResult(task.filePath, []), dependencies ?? []);
    }
    if (result) results.push(result);
  });
  if (options.warnIgnored !== false) {
    for (const filePath of found.ignoredNamedFiles) {
      results.push(makeResult(filePath, [{ ruleId: null, severity: 1, message: IGNORED_FILE_WARNING, line: 0, column: 0 }]));
    }
  }
  // tsconfig and package.json files the resolver could not read: warnings, the run went on without them. Sorted
  // and once each, so that which thread met one first does not change the output.
  const resolutionProblems = [...(analysis.loadedModules?.resolver.problems ?? []), ...(linted?.problems ?? [])];
  cache?.rememberProblems(resolutionProblems);
  problems.push(...uniqueByPath([...resolutionProblems, ...(cache?.resolutionProblems() ?? [])]).sort((a, b) => compareStrings(a.path, b.path)));
  const reported = scope ? withDescriptorProblems(results, scope.model, (file) => isUnderPatterns(file, options)) : results;
  reported.sort((a, b) => compareStrings(a.filePath, b.filePath));
  return {
    results: reported,
    problems,
    workers: linted?.workers ?? 0,
    ...(linted?.workerHeapPeaks ? { workerHeapPeaks: linted.workerHeapPeaks } : {}),
    leftOut: [...found.leftOutFolders, ...(planned?.leftOut ?? [])],
    ...(deployment ? { deployment } : {}),
  };
}

/**
 * The compiler, the rules and the analyses, loaded on first use: a `--cache` run that answers every file from the
 * cache never loads them. One module index per run, shared by the plan and the linting (parsed imports, resolutions).
 */
class AnalysisStage {
  loadedModules: ModuleIndex | undefined;
  private rules: ReadonlyMap<string, Rule> | undefined;

  constructor(
    private readonly cwd: string,
    givenRules: ReadonlyMap<string, Rule> | undefined,
    private readonly recordImports: boolean,
  ) {
    this.rules = givenRules;
  }

  async modules(): Promise<ModuleIndex> {
    if (!this.loadedModules) {
      const { ModuleIndex } = await import("../analysis/modules.js");
      this.loadedModules ??= new ModuleIndex(this.cwd, { recordImports: this.recordImports });
    }
    return this.loadedModules;
  }

  async loadRules(): Promise<ReadonlyMap<string, Rule>> {
    this.rules ??= await shippedRules();
    return this.rules;
  }

  /** Whether the run's rules are the ones snapcheck ships (and a worker thread loads), without loading them. */
  async usesShippedRules(): Promise<boolean> {
    return this.rules === undefined || this.rules === (await shippedRules());
  }

  async settings(unusedDirectiveSeverity: 0 | Severity): Promise<TaskSettings> {
    return { rules: await this.loadRules(), modules: await this.modules(), unusedDirectiveSeverity };
  }

  lintTask(): Promise<typeof import("./lint-task.js")> {
    return import("./lint-task.js");
  }
}

/**
 * Lints the tasks, in worker threads when `--concurrency` asks for them and the run is big enough: those started
 * ahead when there are any (fewer are used if fewer tasks are left than files found), else started now.
 */
async function lintTasks(
  tasks: readonly LintTask[],
  answered: number,
  analysis: AnalysisStage,
  options: LintOptions,
  unusedDirectiveSeverity: 0 | Severity,
  ahead: LintWorkers | undefined,
): Promise<{ outcomes: TaskOutcome[]; problems: DiscoveryProblem[]; workers: number; workerHeapPeaks?: number[] }> {
  const recordImports = options.cache !== undefined;
  let done = answered;
  const progress = () => options.onProgress?.(done++, answered + tasks.length);
  const linter = async () => {
    const settings = await analysis.settings(unusedDirectiveSeverity);
    const { runTask } = await analysis.lintTask();
    return (task: LintTask) => withDependencies(task, runTask(task, settings, recordImports), settings.modules, recordImports);
  };
  // Workers load the rules snapcheck ships: a run with other rules, or one that writes fixes, lints here.
  const wanted = options.fix || !(await analysis.usesShippedRules()) ? 0 : workerCount(options.concurrency ?? "off", tasks.length);
  const count = ahead ? Math.min(wanted, ahead.size) : wanted;
  if (count > 0) {
    const workers = ahead ?? new (await import("./workers.js")).LintWorkers(count, { cwd: options.cwd, recordImports, unusedDirectiveSeverity });
    const parallel = await workers.lint(tasks, count, linter, progress);
    return { outcomes: parallel.outcomes, problems: parallel.problems, workers: count, workerHeapPeaks: parallel.heapPeaks };
  }
  const lintHere = await linter();
  const outcomes = tasks.map((task) => {
    progress();
    return lintHere(task);
  });
  return { outcomes, problems: [], workers: 0 };
}

/** The deployment scope and the files left out, from the cache when what they were built from is unchanged. */
async function runPlan(
  inputs: PlanInputs,
  { cache, analysis, deploymentMayHaveChanged }: { cache: LintCache | undefined; analysis: AnalysisStage; deploymentMayHaveChanged: boolean },
): Promise<{ scope: DeploymentScope | undefined; leftOut: LeftOutPath[] }> {
  // Nothing to lint (`--changed`) and no change to anything the readers read: the plan could only report the
  // descriptors' problems again, as the run that changed them did.
  if (inputs.files.length === 0 && !deploymentMayHaveChanged) return { scope: undefined, leftOut: [] };
  let key: string | undefined;
  let plan: StoredPlan | undefined;
  // A descriptor added anywhere the model is read from changes the plan: the candidates are part of its key.
  const found = cache || inputs.files.length === 0 ? findDescriptorFiles(inputs.roots, inputs.cwd, { useIgnores: inputs.useIgnores }) : undefined;
  const candidates = found ?? [];
  // Nothing to lint (`--changed` with no change) and nothing that could report on a descriptor: no plan to build.
  if (inputs.files.length === 0 && candidates.length === 0 && (inputs.declared ?? []).length === 0) return { scope: undefined, leftOut: [] };
  if (cache) {
    const inputsOnRecord = {
      cwd: inputs.cwd,
      roots: inputs.roots,
      declared: inputs.declared ?? [],
      useIgnores: inputs.useIgnores,
      files: inputs.files,
      named: [...inputs.named].sort(),
      includes: inputs.files.map((file) => inputs.includes.get(file) ?? null),
      candidates: candidates.map(({ file, kind }) => [file, kind]),
    };
    key = crypto.createHash("sha256").update(stableJson(inputsOnRecord)).digest("hex");
    plan = cache.plan(key);
    if (plan) cache.notes.push("deployment plan and import graph reused from the cache");
  }
  if (!plan) {
    const { buildPlan } = await import("./plan.js");
    // What a stored plan's import graph read from files unchanged since is not read and parsed again.
    const seeds = cache && key ? cache.graphSeeds(key) : undefined;
    // The descriptors found for the key are the ones read: the tree is not walked for them twice.
    const built = await buildPlan({ ...inputs, ...(found ? { candidates: found } : {}) }, await analysis.modules(), { forCache: cache !== undefined, ...(seeds ? { seeds } : {}) });
    plan = built.plan;
    if (built.seeded > 0) cache?.notes.push(`deployment plan rebuilt; the imports of ${built.seeded} unchanged files reused from the cache`);
    // The candidates' bytes decide the model too (a template's text, a package.json's scripts).
    if (cache && key) cache.setPlan(key, built.plan, [...built.consulted, ...candidates.map(({ file }) => file)], built.imports, built.graph);
  }
  return { scope: scopeFromModel(plan.model, plan.reach), leftOut: plan.leftOut };
}

/** The folders descriptors are looked for in: those the patterns name (globs are searched from the cwd). */
function descriptorRoots(options: LintOptions): string[] {
  const roots = options.patterns.map((pattern) => (fs.existsSync(path.resolve(options.cwd, pattern)) ? pattern : "."));
  return roots.length > 0 ? roots : ["."];
}

/** The config's `include` switches in force for each file, asked once per folder. */
async function includesOf(files: readonly string[], resolver: ConfigResolver): Promise<Map<string, IncludedKinds | undefined>> {
  const byFolder = new Map<string, IncludedKinds | undefined>();
  const includes = new Map<string, IncludedKinds | undefined>();
  for (const file of files) {
    const folder = path.dirname(file);
    if (!byFolder.has(folder)) byFolder.set(folder, (await resolver.sourceFor(folder))?.config.include);
    includes.set(file, byFolder.get(folder));
  }
  return includes;
}

function hashOf(bytes: Buffer): string {
  return crypto.createHash("sha256").update(bytes).digest("hex");
}

/** Whether a file is, or is inside, a path named on the command line (a glob counts as the cwd). */
function isUnderPatterns(file: string, options: LintOptions): boolean {
  return options.patterns.some((pattern) => {
    const named = path.resolve(options.cwd, pattern);
    return fs.existsSync(named) ? isInside(file, named) : isInside(file, options.cwd);
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

/** With `--cache`, the imports the analysis of the task's file followed. */
function withDependencies(task: LintTask, outcome: TaskOutcome, modules: ModuleIndex, recordImports: boolean): TaskOutcome {
  if (!recordImports || outcome.hash === undefined) return outcome;
  const dependencies: ImportEdge[] = modules.dependenciesOf(task.filePath);
  return { ...outcome, dependencies };
}

/**
 * Lints text read from stdin as though it were the file `filePath`, as a run over the tree would: when the working
 * directory holds a deployment, a file no function loads at init is not reported.
 */
export async function lintStdin(options: StdinOptions): Promise<LintRun> {
  const rules = options.rules ?? (await shippedRules());
  const filePath = stdinPath(options);
  const resolver = newResolver(options, rules);
  const config = await resolver.configFor(filePath);
  const source: SourceOutcome =
    typeof options.content === "string" ? { ok: true, text: options.content } : decodeSource(options.content);
  const [{ ModuleIndex }, { lintPasses, linterFor, lintUnreachedText }, { lintAndFix }] = await Promise.all([
    import("../analysis/modules.js"),
    import("./lint-task.js"),
    import("./fix.js"),
  ]);
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
  const candidates = findDescriptorFiles([path.dirname(filePath)], options.cwd);
  // No descriptor around the file: the readers are not even loaded.
  if (candidates.length === 0 && declared.length === 0) return undefined;
  const stored = options.storeScope ? await import("./stored-scope.js") : undefined;
  const store = stored?.storeFile(options.cwd, path.dirname(filePath), declared);
  const kept = store ? stored!.readStored(store, candidates) : undefined;
  if (kept) return scopeFromModel(kept.model, kept.reach)?.scopeOf(filePath);
  const { buildScope, deploymentScopeOfFile } = await import("./editor-scope.js");
  if (!store) return deploymentScopeOfFile(options.cwd, filePath, declared, { candidates });
  // Answering once: built for the store, not for a process that would ask again.
  const built = buildScope(options.cwd, path.dirname(filePath), declared, candidates);
  stored!.writeStored(store, candidates, built);
  return scopeFromModel(built.model, built.reach)?.scopeOf(filePath);
}

export function stdinPath(options: { cwd: string; filePath?: string }): string {
  return path.resolve(options.cwd, options.filePath ?? "<text>");
}

/** The configuration `--print-config` shows: what a file at `filePath` would be linted with. */
export async function configForFile(options: ConfigOptions, filePath: string): Promise<ResolvedConfig> {
  return newResolver(options, options.rules ?? (await shippedRules())).configFor(path.resolve(options.cwd, filePath));
}

export function newResolver(options: ConfigOptions, rules: ReadonlyMap<string, RuleInfo>): ConfigResolver {
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
