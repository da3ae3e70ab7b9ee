import fs from "node:fs";
import path from "node:path";
import type { ResolvedConfig, Target } from "../config/types.js";
import type { DeployedFunction, DeploymentModel, SnapshotKind } from "../deployment/model.js";
import { isInside } from "../discovery/find-files.js";
import type { RuleInfo } from "../engine/rule.js";
import { makeResult, type LintMessage, type LintResult, type SuppressedMessage } from "../results.js";

/** One analysis of a file: under one snapshot kind, for the functions of that kind whose init reaches it. */
export interface ScopePass {
  kind: SnapshotKind;
  /** Names of the functions, sorted. */
  functions: string[];
}

/** What the deployment model says about a file. */
export type FileScope =
  /** Init code of these functions: analysed once per snapshot kind among them (snapstart first). */
  | { kind: "functions"; passes: ScopePass[] }
  /** In a descriptor's project but reached by none of its functions: never snapshotted, not reported. */
  | { kind: "unreached" }
  /** In no descriptor's project: linted as in a run without a deployment. */
  | { kind: "outside" };

const KIND_ORDER: readonly SnapshotKind[] = ["snapstart", "node-snapshot", "none"];

/** The files each deployed function's entry reaches at init, and the projects the descriptors cover. */
export class DeploymentScope {
  private readonly functionsByFile = new Map<string, DeployedFunction[]>();
  private readonly projectRoots: string[];

  /** `reachableFrom`: the files an entry's init loads (the import graph's answer, or the cache's). */
  constructor(
    readonly model: DeploymentModel,
    reachableFrom: (entry: string) => Iterable<string>,
  ) {
    for (const fn of model.functions) {
      if (fn.entry === undefined) continue;
      for (const file of reachableFrom(fn.entry)) {
        const list = this.functionsByFile.get(file);
        if (list) list.push(fn);
        else this.functionsByFile.set(file, [fn]);
      }
    }
    // A descriptor whose functions all point at no file tells nothing about which of its project's code runs: it
    // claims no project, and the code around it is linted as without a deployment. A long-lived server's does:
    // whatever its entry (often built inside the image), the code it is built from is served by a process that is
    // never snapshotted.
    const claiming = model.functions.filter((fn) => fn.entry !== undefined || fn.longLived);
    this.projectRoots = [...new Set(claiming.map((fn) => fn.projectRoot))];
  }

  /** Whether any descriptor was found: without one, every file is linted as before. */
  get hasDeployment(): boolean {
    return this.model.descriptors.length > 0;
  }

  /** How many files some function's init reaches. */
  get reachedFileCount(): number {
    return this.functionsByFile.size;
  }

  scopeOf(filePath: string): FileScope {
    const functions = this.functionsByFile.get(filePath);
    if (functions) return { kind: "functions", passes: passesFor(functions) };
    return this.projectRoots.some((root) => isInside(filePath, root)) ? { kind: "unreached" } : { kind: "outside" };
  }
}

/** By entry file: the files its init reaches, for each function's entry. */
export function reachOfEntries(model: DeploymentModel, graph: { reachableFrom(entry: string): Iterable<string> }): Record<string, string[]> {
  const reach: Record<string, string[]> = {};
  for (const fn of model.functions) {
    if (fn.entry !== undefined && !Object.hasOwn(reach, fn.entry)) reach[fn.entry] = [...graph.reachableFrom(fn.entry)];
  }
  return reach;
}

/** The scope of a model whose entries reach the files in `reach`; undefined when it has no descriptor. */
export function scopeFromModel(model: DeploymentModel, reach: Readonly<Record<string, readonly string[]>>): DeploymentScope | undefined {
  const scope = new DeploymentScope(model, (entry) => (Object.hasOwn(reach, entry) ? reach[entry]! : []));
  return scope.hasDeployment ? scope : undefined;
}

function passesFor(functions: readonly DeployedFunction[]): ScopePass[] {
  return KIND_ORDER.flatMap((kind) => {
    const names = [...new Set(functions.filter((fn) => fn.snapshot === kind).map((fn) => fn.name))].sort();
    return names.length > 0 ? [{ kind, functions: names }] : [];
  });
}

const TARGET_OF_KIND: Record<SnapshotKind, Target> = { snapstart: "lambda", "node-snapshot": "node-snapshot", none: "lambda" };

/**
 * The configuration a pass runs with: the snapshot kind decides the target, and code that only functions without
 * a snapshot reach is checked only by the rules whose hazard exists without one (`alsoWithoutSnapshot`), and by
 * the deployment rules, which judge the infrastructure code itself.
 */
export function configForPass(config: ResolvedConfig, kind: SnapshotKind, rules: ReadonlyMap<string, RuleInfo>): ResolvedConfig {
  const target = TARGET_OF_KIND[kind];
  if (kind !== "none") return config.target === target ? config : { ...config, target };
  return onlyRules(config, rules, (rule) => rule.meta.alsoWithoutSnapshot === true || rule.meta.family === "deployment", target);
}

/**
 * Code no function loads at init (a CDK stack, a script) is never snapshotted, but the deployment rules still
 * judge what it deploys; undefined when none of them is on. Memoized per resolved config (files of one config
 * share it).
 */
export function configForUnreached(config: ResolvedConfig, rules: ReadonlyMap<string, RuleInfo>): ResolvedConfig | undefined {
  if (!unreachedConfigs.has(config)) {
    const only = onlyRules(config, rules, (rule) => rule.meta.family === "deployment", config.target);
    unreachedConfigs.set(config, Object.values(only.rules).some((setting) => setting.severity !== 0) ? only : undefined);
  }
  return unreachedConfigs.get(config);
}

const unreachedConfigs = new WeakMap<ResolvedConfig, ResolvedConfig | undefined>();

/** Whether an unreached file can have anything to report under `config`: when not, it is not even read. */
export function unreachedMayReport(config: ResolvedConfig, rules: ReadonlyMap<string, RuleInfo>): boolean {
  return configForUnreached(config, rules) !== undefined;
}

function onlyRules(config: ResolvedConfig, rules: ReadonlyMap<string, RuleInfo>, keep: (rule: RuleInfo) => boolean, target: Target): ResolvedConfig {
  const kept = Object.entries(config.rules).filter(([id]) => {
    const rule = rules.get(id);
    return rule !== undefined && keep(rule);
  });
  return { ...config, target, rules: Object.fromEntries(kept) };
}

/**
 * One result from the passes over one file: a finding more than one pass reports is one message naming the
 * functions of all of them.
 */
export function mergePasses(filePath: string, passes: readonly { pass: ScopePass; result: LintResult }[]): LintResult {
  const messages = new Map<string, LintMessage>();
  const suppressed = new Map<string, SuppressedMessage>();
  let output: string | undefined;
  for (const { pass, result } of passes) {
    output ??= result.output;
    for (const message of result.messages) addNaming(messages, message, message.fatal ? [] : pass.functions);
    for (const message of result.suppressedMessages) addNaming(suppressed, message, pass.functions);
  }
  const merged = makeResult(filePath, [...messages.values()], [...suppressed.values()]);
  if (output !== undefined) merged.output = output;
  return merged;
}

function addNaming<M extends LintMessage>(into: Map<string, M>, message: M, functions: readonly string[]): void {
  const key = `${message.ruleId}\0${message.line}\0${message.column}\0${message.message}`;
  const known = into.get(key);
  if (!known) {
    into.set(key, functions.length > 0 ? { ...message, functions: [...functions] } : message);
    return;
  }
  if (functions.length > 0) known.functions = [...new Set([...(known.functions ?? []), ...functions])].sort();
}

const PROBLEM_PREFIX = "Deployment descriptor: ";
/** How `lintDescriptorText` starts its warning for a descriptor that does not parse. */
const UNREADABLE_DESCRIPTOR = "Deployment descriptor could not be read";

/**
 * Descriptor problems as warnings on the descriptor files the run covers (`isLinted`), merged into the results the
 * run already has.
 */
export function withDescriptorProblems(results: LintResult[], model: DeploymentModel, isLinted: (file: string) => boolean): LintResult[] {
  if (model.problems.length === 0) return results;
  const byFile = new Map<string, LintMessage[]>();
  for (const { location, message } of model.problems) {
    // A descriptor read only because it sits above a linted path is not this run's to report on.
    if (!isLinted(location.file)) continue;
    const list = byFile.get(location.file) ?? [];
    list.push({ ruleId: null, severity: 1, message: `${PROBLEM_PREFIX}${message}`, line: location.line, column: location.column });
    byFile.set(location.file, list);
  }
  const merged = results.map((result) => {
    let added = byFile.get(result.filePath);
    if (!added) return result;
    byFile.delete(result.filePath);
    // A descriptor the deployment rules lint already says when it does not parse: once is enough.
    if (result.messages.some((message) => message.ruleId === null && message.message.startsWith(UNREADABLE_DESCRIPTOR))) {
      added = added.filter((message) => !message.message.startsWith(`${PROBLEM_PREFIX}cannot read`));
      if (added.length === 0) return result;
    }
    const combined = makeResult(result.filePath, [...result.messages, ...added], result.suppressedMessages);
    if (result.output !== undefined) combined.output = result.output;
    if (result.source !== undefined) combined.source = result.source;
    return combined;
  });
  for (const [file, messages] of byFile) merged.push(makeResult(path.resolve(file), messages));
  return merged;
}

/** How long an editor process trusts the set of descriptor files before walking the tree for new ones. */
const DESCRIPTOR_WALK_TTL_MS = 60_000;

interface EditorScope {
  scope: DeploymentScope | undefined;
  walkedAt: number;
  /** Size and mtime of every descriptor, tsconfig, package.json and source file the scope was built from. */
  stamps: Map<string, string>;
}

const editorScopes = new Map<string, EditorScope>();

/**
 * The deployment scope for editor processes (`--stdin`, `--server`, the ESLint plugin), which answer for one file
 * at a time: built once per key (a folder of linted files), and built again when one of the files
 * it was built from changes (a descriptor, a tsconfig, a package.json, an imported file) or after a minute, so a
 * new descriptor is seen. Undefined when there is no deployment.
 */
export function editorScope(key: string, build: () => { scope: DeploymentScope | undefined; read: Iterable<string> }): DeploymentScope | undefined {
  const known = editorScopes.get(key);
  if (known && Date.now() - known.walkedAt < DESCRIPTOR_WALK_TTL_MS && [...known.stamps].every(([file, stamp]) => stampOf(file) === stamp)) {
    return known.scope;
  }
  const { scope, read } = build();
  const stamps = new Map<string, string>();
  for (const file of read) stamps.set(file, stampOf(file));
  editorScopes.set(key, { scope, walkedAt: Date.now(), stamps });
  return scope;
}

/** Size and modification time: what editor processes check a file they built a scope from against. */
export function stampOf(filePath: string): string {
  try {
    const stats = fs.statSync(filePath);
    return `${stats.size}:${stats.mtimeMs}`;
  } catch {
    return "missing";
  }
}
