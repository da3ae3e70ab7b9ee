import type { ModuleIndex } from "../analysis/modules.js";
import type { ResolvedConfig } from "../config/types.js";
import { lintDescriptorText } from "../engine/lint-descriptor.js";
import { lintText, type LintTextOptions } from "../engine/lint-file.js";
import { RelevanceFilter } from "../engine/relevance.js";
import type { Rule } from "../engine/rule.js";
import { descriptorKindOf } from "../deployment/descriptor-files.js";
import { fatalResult, makeResult, type LintResult, type Severity } from "../results.js";
import { configForPass, configForUnreached, mergePasses, type ScopePass } from "./scope.js";
import { hashBytes } from "./cache.js";
import { readSource } from "./source.js";
import type { TaskOutcome } from "./workers.js";

/**
 * One file to lint, as the main thread decided it from the deployment scope and the config: the same whether the
 * main thread or a worker lints it, so results never depend on `--concurrency`.
 */
export interface LintTask {
  filePath: string;
  config: ResolvedConfig;
  /** In a deployment's project but reached by no function: only the deployment rules. */
  unreached: boolean;
  /** One analysis per snapshot kind reaching the file; absent outside any deployment. */
  passes?: readonly ScopePass[];
}

export interface TaskSettings {
  rules: ReadonlyMap<string, Rule>;
  modules: ModuleIndex;
  unusedDirectiveSeverity: 0 | Severity;
}

/** The linter of a task's text; for an unreached file, one that may find nothing to report (undefined). */
export function taskLinter(task: LintTask, settings: TaskSettings): (text: string) => LintResult | undefined {
  const { filePath, config, passes } = task;
  const { rules, modules, unusedDirectiveSeverity } = settings;
  if (task.unreached) return (text) => lintUnreachedText(filePath, text, config, rules, modules);
  if (passes) return (text) => lintPasses({ filePath, text, config, rules, modules, unusedDirectiveSeverity }, passes);
  return linterFor({ filePath, config, rules, modules, unusedDirectiveSeverity });
}

/** Code goes through the code rules; a deployment descriptor (template, serverless.yml, Dockerfile) through the deployment rules. */
export function linterFor(options: {
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

/**
 * A file of a deployment's project that no function loads: only what the deployment rules find in it (a CDK stack
 * turning SnapStart on where Lambda rejects it), and nothing at all, not even a parse error, when they find nothing.
 */
export function lintUnreachedText(filePath: string, text: string, config: ResolvedConfig, rules: ReadonlyMap<string, Rule>, modules: ModuleIndex): LintResult | undefined {
  const deploymentOnly = configForUnreached(config, rules);
  if (!deploymentOnly || !deploymentTriggers(rules, deploymentOnly).matches(text)) return undefined;
  const result = lintText({ filePath, text, config: deploymentOnly, rules, modules, unusedDirectiveSeverity: 0 });
  const messages = result.messages.filter((message) => !message.fatal);
  return messages.length > 0 ? makeResult(filePath, messages, result.suppressedMessages) : undefined;
}

const triggerFilters = new WeakMap<ResolvedConfig, RelevanceFilter>();

/** What a file's own text must mention for an enabled deployment rule to find anything in it. */
function deploymentTriggers(rules: ReadonlyMap<string, Rule>, config: ResolvedConfig): RelevanceFilter {
  let filter = triggerFilters.get(config);
  if (!filter) {
    const enabled = Object.entries(config.rules).filter(([, setting]) => setting.severity !== 0);
    filter = new RelevanceFilter(enabled.map(([id]) => rules.get(id)?.meta.triggers));
    triggerFilters.set(config, filter);
  }
  return filter;
}

/** One analysis per snapshot kind that reaches the file, each with the configuration its kind calls for. */
export function lintPasses(options: LintTextOptions, passes: readonly ScopePass[]): LintResult {
  const outcomes = passes.map((pass, index) => ({
    pass,
    result: lintText({
      ...options,
      config: configForPass(options.config, pass.kind, options.rules),
      // A pass with fewer rules would call the others' disable comments unused: the first full pass judges them.
      unusedDirectiveSeverity: index === 0 && pass.kind !== "none" ? options.unusedDirectiveSeverity ?? 1 : 0,
    }),
  }));
  return mergePasses(options.filePath, outcomes);
}

/**
 * Reads and lints one task's file (not under `--fix`); with `hashed`, the hash of the bytes linted comes back too,
 * also for an unreached file with nothing to report (no result), so that the cache remembers that.
 */
export function runTask(task: LintTask, settings: TaskSettings, hashed: boolean): TaskOutcome {
  const source = readSource(task.filePath);
  // An unreached file that cannot be read has nothing the deployment rules could find.
  if (!source.ok) return task.unreached ? {} : { result: fatalResult(task.filePath, source.message) };
  const result = taskLinter(task, settings)(source.text);
  const hash = hashed ? { hash: hashBytes(source.bytes) } : {};
  return result ? { result, ...hash } : hash;
}
