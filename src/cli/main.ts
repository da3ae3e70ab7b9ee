import path from "node:path";
import { applyBaselineStep, describeUnused } from "../run/baseline.js";
import { cacheFilePath, LintCache } from "../run/cache.js";
import { displayPath } from "../config/load.js";
import { parseRuleFlag, parseTarget } from "../config/resolve.js";
import { LEVEL_SEVERITY, type Level } from "../config/types.js";
import { errorMessage, UsageError } from "../errors.js";
import { HUMAN_FORMATS } from "../formatters/index.js";
import { loadFormatter } from "../formatters/module.js";
import { escapeControls } from "../formatters/terminal.js";
import { makeResult, type LintResult, type Severity } from "../results.js";
import type { ConfigOptions } from "../run/run.js";
import { assertReplaceable, FileWriteError, writeFileAtomic, type WriteOptions } from "../run/write-file.js";
import { processIo, type CliIo } from "./io.js";
import { progressFor } from "./progress.js";
import { parseCommandLine, type CliOptions } from "./options.js";
import { DEFAULT_CONCURRENCY, parseConcurrency } from "../run/concurrency.js";
import { shouldColor, shouldHyperlink } from "./terminal.js";
import { readVersion } from "../package.js";
import { shippedRuleMeta } from "../run/shipped-rule-meta.js";
import { compilerLoaded } from "../compiler-state.js";
import type { RuleInfo } from "../engine/rule.js";

/**
 * Runs snapcheck with `argv` (`[node, script, ...args]`) and returns the exit code: 0 clean, 1 errors or too many
 * warnings, 2 a usage, config or internal error. User mistakes print one line each, never a stack trace.
 */
export async function main(argv: readonly string[], givenIo?: CliIo): Promise<number> {
  let io: CliIo;
  try {
    io = givenIo ?? processIo();
  } catch (error) {
    process.stderr.write(`snapcheck: ${errorMessage(error)}\n`);
    return 2;
  }
  try {
    return await runCommandLine(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      for (const problem of error.problems) io.writeErr(`snapcheck: ${problem}\n`);
      return 2;
    }
    if (argv.includes("--debug")) {
      const stack = error instanceof Error ? (error.stack ?? "") : "";
      io.writeErr(`snapcheck: internal error: ${errorMessage(error)}\n${stack}\n`);
    } else {
      io.writeErr(`snapcheck: internal error: ${errorMessage(error).split("\n")[0]} (run with --debug for the stack)\n`);
    }
    return 2;
  }
}

async function runCommandLine(argv: readonly string[], io: CliIo): Promise<number> {
  // A subcommand only as the first word: a folder named "explain" can still be linted as ./explain.
  if (argv[2] === "explain") return (await import("./explain.js")).explain(argv.slice(3), io);
  if (argv[2] === "functions") return (await import("./functions.js")).functionsCommand(argv.slice(3), io);
  const version = readVersion();
  // `snapcheck lsp [flags]` is `--lsp`; editors' clients may add `--stdio`, the only transport there is.
  const parsed = parseCommandLine(argv[2] === "lsp" ? [...argv.slice(0, 2), "--lsp", ...argv.slice(3)] : argv, io, version);
  if ("exitCode" in parsed) return parsed.exitCode;
  const options = parsed.options;
  checkCombinations(options);
  const concurrency = options.concurrency === undefined ? DEFAULT_CONCURRENCY : parseConcurrency(options.concurrency);
  if (options.init) return (await import("./init.js")).initConfig(io);
  // Before the parser loads: a mistyped format fails at once. A formatter module is only imported, never run, here.
  const formatter = options.listRules || options.printConfig !== undefined || options.server ? undefined : await loadFormatter(options.format, path.resolve(io.cwd));
  // The rules load the TypeScript compiler (~0.5 s): --help, --version and flag mistakes skip it, and so does a
  // --cache run whose files all come from the cache (the cache keeps the rules' metadata).
  const loadShipped = () => import("../../rules/index.js");
  const { configForFile, lintFiles, lintStdin } = await import("../run/run.js");

  if (options.listRules) {
    const [{ allRules }, { formatRuleJson, formatRuleTable }] = await Promise.all([loadShipped(), import("./list-rules.js")]);
    io.writeOut(options.format === "json" ? formatRuleJson(allRules) : formatRuleTable(allRules));
    return 0;
  }
  if (options.printConfig !== undefined || options.lsp || options.server) {
    const { rulesById } = await loadShipped();
    const configOptions = await commandLineConfig(options, io, rulesById);
    if (options.printConfig !== undefined) {
      const config = await configForFile({ ...configOptions, rules: rulesById }, options.printConfig);
      io.writeOut(`${JSON.stringify(config, null, 2)}\n`);
      return 0;
    }
    if (options.lsp) {
      const { startLanguageServer } = await import("../lsp/server.js");
      return startLanguageServer({ ...configOptions, rules: rulesById, unusedDirectiveSeverity: unusedDirectiveSeverityOf(options) });
    }
    const { serve } = await import("./server.js");
    return serve({ ...configOptions, rules: rulesById, unusedDirectiveSeverity: unusedDirectiveSeverityOf(options) }, io, lintStdin);
  }

  const unusedDirectiveSeverity = unusedDirectiveSeverityOf(options);
  const fix = options.fix ? "write" : options.fixDryRun ? "dry-run" : undefined;
  const reportFile = options.outputFile !== undefined ? reportTarget(path.resolve(io.cwd), options.outputFile) : undefined;
  // Refused before linting: a link or a file that is not snapcheck's own is never replaced.
  if (reportFile) refuseReport(() => assertReplaceable(reportFile.path, reportFile.options));
  const cwd = path.resolve(io.cwd);
  const cache = options.cache && !options.stdin ? await LintCache.open(cacheFilePath(cwd, options.cacheLocation), version, cwd) : undefined;
  // The rules, and the compiler their analyses load, wait until a file is linted in this thread (`--changed` often
  // lints nothing, a cached run may answer everything, worker threads load their own); the metadata the build wrote
  // beside them resolves the configs.
  const rulesOnRecord = cache?.ruleInfo();
  const knownRules = rulesOnRecord ?? (options.stdin ? undefined : shippedRuleMeta());
  const shipped = knownRules ? undefined : await loadShipped();
  const ruleInfo: ReadonlyMap<string, RuleInfo> = knownRules ?? shipped!.rulesById;
  if (cache && !rulesOnRecord) cache.rememberRules([...ruleInfo.values()].map(({ meta }) => meta));
  const configOptions = await commandLineConfig(options, io, ruleInfo);
  const changed = options.changed ? await import("../discovery/changed-files.js") : undefined;
  const stdinContent = options.stdin ? await io.readStdin() : undefined;
  const progress = progressFor(io, HUMAN_FORMATS.has(options.format) && !options.stdin);
  const run = stdinContent
    ? await lintStdin({
        ...configOptions,
        ...(shipped ? { rules: shipped.rulesById } : {}),
        content: stdinContent,
        unusedDirectiveSeverity,
        fix,
        storeScope: true,
        ...(options.stdinFilename !== undefined ? { filePath: options.stdinFilename } : {}),
      })
    : await lintFiles({
        ...configOptions,
        ...(shipped ? { rules: shipped.rulesById } : { shippedRuleInfo: ruleInfo }),
        patterns: options.paths.length > 0 ? options.paths : ["."],
        useIgnores: options.ignore,
        ignorePatterns: options.ignorePattern ?? [],
        errorOnUnmatchedPattern: options.errorOnUnmatchedPattern,
        warnIgnored: options.warnIgnored,
        unusedDirectiveSeverity,
        fix,
        cache,
        concurrency,
        ...(options.allFiles ? { allFiles: true } : {}),
        ...(options.forceExclude ? { forceExclude: true } : {}),
        onProgress: progress.update,
        ...(changed ? { selectFiles: (files) => changed.selectChangedFiles(files, { cwd: configOptions.cwd, since: options.since }) } : {}),
      });
  progress.clear();
  // Folders that could not be read go to stderr: they are not findings in a file, and must not break JSON or SARIF.
  for (const problem of run.problems) {
    io.writeErr(`snapcheck: warning: ${escapeControls(displayPath(configOptions.cwd, problem.path))}: ${escapeControls(problem.message)}\n`);
  }
  if (run.deployment) {
    const { model } = run.deployment;
    if (options.format === "stylish" && model.descriptors.some((descriptor) => descriptor.assumedSnapStart)) {
      const { assumedSnapStartNotes } = await import("./functions.js");
      for (const note of assumedSnapStartNotes(model, configOptions.cwd)) io.writeErr(`snapcheck: ${note}\n`);
    }
    if (options.debug) {
      io.writeErr(
        `snapcheck: debug: deployment: ${model.functions.length} functions from ${model.descriptors.length} descriptors; ` +
          `their init reaches ${run.deployment.reachedFiles} files (descriptors, entries and import graph: ${Math.round(run.deployment.milliseconds)} ms)\n`,
      );
    }
  }
  const cacheFailure = cache?.save();
  if (cache && cacheFailure) {
    io.writeErr(`snapcheck: warning: cannot write the cache ${displayPath(configOptions.cwd, cache.filePath)}: ${cacheFailure}\n`);
  }

  const baseline = applyBaselineStep(run.results, {
    cwd: configOptions.cwd,
    location: options.suppressionsLocation,
    suppressAll: options.suppressAll,
    suppressRules: options.suppressRule,
    prune: options.pruneSuppressions,
  });
  const results = options.quiet ? baseline.results.map(onlyErrors) : baseline.results;
  const toFile = options.outputFile !== undefined;
  const color = shouldColor(options.color, io, toFile);
  const report = await formatter!(results, {
    cwd: configOptions.cwd,
    rulesMeta: new Map([...ruleInfo.values()].map((rule) => [rule.meta.id, rule.meta])),
    color,
    hyperlinks: shouldHyperlink(color, io, toFile),
    version,
    // SARIF fingerprints hash the flagged code: from stdin, that is the text read, not a file on disk.
    ...(stdinContent ? { readSource: () => stdinContent.toString("utf8") } : {}),
  });
  if (reportFile) refuseReport(() => writeFileAtomic(reportFile.path, report, reportFile.options));
  else if (report) io.writeOut(report.endsWith("\n") ? report : `${report}\n`);

  progress.summary(run.results.length);

  // As ESLint: --quiet hides warnings from the report, but they still count towards --max-warnings.
  let errorCount = 0;
  let warningCount = 0;
  for (const result of baseline.results) {
    errorCount += result.errorCount;
    warningCount += result.warningCount;
  }
  const maxWarnings = options.maxWarnings ?? -1;
  const tooManyWarnings = maxWarnings >= 0 && warningCount > maxWarnings;
  if (errorCount === 0 && tooManyWarnings) io.writeErr(`snapcheck found too many warnings (maximum: ${maxWarnings}).\n`);
  if (options.debug) {
    for (const item of run.leftOut ?? []) io.writeErr(`snapcheck: debug: left out ${displayPath(configOptions.cwd, item.path)}: ${item.reason}\n`);
    for (const note of cache?.notes ?? []) io.writeErr(`snapcheck: debug: ${note}\n`);
    if (cache) io.writeErr(`snapcheck: debug: cache: ${cache.hits} hits, ${cache.misses} misses\n`);
    if (run.workers) {
      const heaps = (run.workerHeapPeaks ?? []).map((bytes) => Math.round(bytes / 2 ** 20)).join(", ");
      io.writeErr(`snapcheck: debug: linted in ${run.workers} worker thread${run.workers === 1 ? "" : "s"} (peak heap MiB: ${heaps})\n`);
    }
    // In a fresh process: the compiler, and so any parse, only loads when some file or the plan missed the cache.
    const parsed = compilerLoaded() ? (await import("../engine/parse.js")).parseCount() : 0;
    io.writeErr(`snapcheck: debug: parsed ${parsed} files; TypeScript compiler ${compilerLoaded() ? "loaded" : "not loaded"}\n`);
  }
  // Fixed code leaves counts too high: a later regression would then hide under them. A notice, not a failure.
  const unused = options.stdin ? [] : describeUnused(baseline.unused);
  if (unused.length > 0) {
    io.writeErr(
      `snapcheck: warning: unused suppressions in ${baseline.file}, errors that no longer occur; ` +
        `run with --prune-suppressions to remove them:\n${unused.map((line) => `  ${line}\n`).join("")}`,
    );
  }
  return errorCount > 0 || tooManyWarnings ? 1 : 0;
}

/** The config settings of the command line: `--suppress-rule`, `--rule`, `--config`, `--target`. */
async function commandLineConfig(options: CliOptions, io: CliIo, rules: ReadonlyMap<string, RuleInfo>): Promise<ConfigOptions> {
  for (const id of options.suppressRule ?? []) {
    if (!rules.has(id)) throw new UsageError(`--suppress-rule: unknown rule "${id}"`);
  }
  return {
    cwd: path.resolve(io.cwd),
    ruleFlags: (options.rule ?? []).map((flag) => parseRuleFlag(flag, rules)),
    ...(options.config !== undefined ? { configFile: options.config } : {}),
    ...(options.target !== undefined ? { target: parseTarget(options.target) } : {}),
  };
}

/** As ESLint 9: the bare flag means errors, the severity flag sets any level, and the default is a warning. */
function unusedDirectiveSeverityOf(options: CliOptions): 0 | Severity {
  if (options.reportUnusedDisableDirectives) return 2;
  const level = options.reportUnusedDisableDirectivesSeverity ?? "warn";
  return /^[012]$/.test(level) ? (Number(level) as 0 | Severity) : LEVEL_SEVERITY[level as Level];
}

function checkCombinations(options: CliOptions): void {
  if (options.reportUnusedDisableDirectives && options.reportUnusedDisableDirectivesSeverity !== undefined) {
    throw new UsageError("--report-unused-disable-directives and --report-unused-disable-directives-severity cannot be used together");
  }
  if (options.stdin && options.paths.length > 0) {
    throw new UsageError("--stdin lints text from stdin; pass paths or --stdin, not both");
  }
  if (options.lsp && (options.stdin || options.server || options.paths.length > 0)) {
    throw new UsageError("--lsp talks the Language Server Protocol on stdin and stdout; it takes no paths, --stdin or --server");
  }
  if (options.stdinFilename !== undefined && !options.stdin) throw new UsageError("--stdin-filename needs --stdin");
  if (options.fix && options.fixDryRun) throw new UsageError("--fix writes the fixes, --fix-dry-run does not; pass one of them");
  if (options.fix && options.stdin) throw new UsageError("--fix cannot write to stdin; use --fix-dry-run with --format json");
  if (options.since !== undefined && !options.changed) throw new UsageError("--since needs --changed");
  if (options.changed && options.stdin) throw new UsageError("--changed selects files to lint; it cannot be used with --stdin");
  const suppressing = options.suppressAll || (options.suppressRule?.length ?? 0) > 0;
  if (options.suppressAll && options.suppressRule) throw new UsageError("--suppress-all already covers every rule; pass --suppress-all or --suppress-rule");
  if (suppressing && options.pruneSuppressions) throw new UsageError("--prune-suppressions cannot be combined with --suppress-all or --suppress-rule");
  if ((suppressing || options.pruneSuppressions) && options.stdin) throw new UsageError("the suppressions file is written from files on disk, not --stdin");
}

/** `--quiet`: warnings are dropped before formatting. */
function onlyErrors(result: LintResult): LintResult {
  if (result.warningCount === 0) return result;
  const errors = makeResult(
    result.filePath,
    result.messages.filter((message) => message.severity === 2),
    result.suppressedMessages,
  );
  return result.output !== undefined ? { ...errors, output: result.output } : errors;
}

/** `-o`: missing folders are created, but no folder below the working directory may be a link. */
function reportTarget(cwd: string, outputFile: string): { path: string; options: WriteOptions } {
  const filePath = path.resolve(cwd, outputFile);
  return { path: filePath, options: { shown: displayPath(cwd, filePath), noLinkedFoldersBelow: cwd } };
}

function refuseReport(write: () => void): void {
  try {
    write();
  } catch (error) {
    if (error instanceof FileWriteError) throw new UsageError(`-o: ${error.message}`);
    throw error;
  }
}
