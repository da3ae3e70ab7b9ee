import { ts } from "#typescript";
import { FileAnalysis } from "../analysis/file-analysis.js";
import type { ModuleIndex } from "../analysis/modules.js";
import type { ResolvedConfig } from "../config/types.js";
import { fatalResult, makeResult, type LintMessage, type LintResult, type Severity } from "../results.js";
import { applyDirectives, parseDirectives } from "./directives.js";
import { parseSource } from "./parse.js";
import { RelevanceFilter, type Triggers } from "./relevance.js";
import { formatMessage, isDescriptorRule, type CodeRule, type NodeListener, type Rule, type RuleContext } from "./rule.js";
import { runDescriptorRules } from "./lint-descriptor.js";
import { snapStartFactsOf } from "../deployment/snapstart-facts.js";
import { walk, type DispatchTable } from "./walk.js";

export interface LintTextOptions {
  filePath: string;
  text: string;
  config: ResolvedConfig;
  rules: ReadonlyMap<string, Rule>;
  modules: ModuleIndex;
  /** `false` analyses every file fully, even one no enabled rule can find anything in (to prove the pre-check). */
  precheck?: boolean;
  /** Severity of directives that suppress nothing: 0 ignores them. */
  unusedDirectiveSeverity?: 0 | Severity;
}

const BOM = "\uFEFF";

const filters = new Map<string, RelevanceFilter>();

/** One filter per set of enabled rules (usually one per run); modules a config adds to the client table count too. */
function relevanceFilter(enabled: readonly Rule[], configuredModules: readonly string[]): RelevanceFilter {
  const key = [...enabled.map((rule) => rule.meta.id), "", ...configuredModules].join("\n");
  let filter = filters.get(key);
  if (!filter) {
    const triggers: (Triggers | undefined)[] = enabled.map((rule) => rule.meta.triggers);
    if (configuredModules.length > 0) triggers.push({ modules: configuredModules });
    filters.set(key, (filter = new RelevanceFilter(triggers)));
  }
  return filter;
}

/** Lints one file's text: parse, one walk dispatching to every enabled rule, directives. Never throws. */
export function lintText(options: LintTextOptions): LintResult {
  try {
    return lintTextOrThrow(options);
  } catch (error) {
    // Outside the rules (the pre-check following imports, the parser, directives): still one result for the file.
    return fatalResult(options.filePath, describeFailure(error, ""));
  } finally {
    // Between files, not during one: the files this one's analysis followed into stay parsed until it is done.
    options.modules.settle();
  }
}

function lintTextOrThrow(options: LintTextOptions): LintResult {
  const { filePath, config, rules } = options;
  const text = options.text.startsWith(BOM) ? options.text.slice(1) : options.text;
  let enabled = Object.entries(config.rules).flatMap(([id, setting]) => {
    const rule = rules.get(id);
    return rule && setting.severity !== 0 ? [{ rule, severity: setting.severity, options: setting.options }] : [];
  });
  if (options.precheck !== false) {
    const configuredModules = Object.keys(config.connections);
    const filter = relevanceFilter(enabled.map(({ rule }) => rule), configuredModules);
    const mentionsAny = filter.matches(text);
    if (!mentionsAny && !options.modules.importsReach(filePath, text, filter)) {
      // Nothing an enabled rule looks for is in reach: only check that the file parses. An editor process keeps
      // the tree all the same: files importing this one must read this text, not an earlier one.
      if (options.modules.keepsLintedFiles) {
        const kept = parseSource(filePath, text);
        options.modules.lintedTree(filePath, kept.ok ? kept.sourceFile : undefined);
        if (kept.ok) return makeResult(filePath, []);
      }
      const syntax = parseSource(filePath, text, { parents: false });
      return syntax.ok ? makeResult(filePath, []) : fatalResult(filePath, syntax.message, syntax.line, syntax.column);
    }
    // Rules of a family share their triggers: the text is searched once for each set.
    const mentioned = new Map<Triggers | undefined, boolean>();
    const mentions = (rule: Rule) => {
      let found = mentioned.get(rule.meta.triggers);
      if (found === undefined) mentioned.set(rule.meta.triggers, (found = relevanceFilter([rule], configuredModules).matches(text)));
      return found;
    };
    // A text that mentions no trigger of any enabled rule mentions none of one rule's either: no search needed.
    enabled = enabled.filter(({ rule }) => !rule.meta.triggersInOwnText || (mentionsAny && mentions(rule)));
  }
  const earlier = options.modules.parsed(filePath, text);
  const parsed = earlier ? { ok: true as const, sourceFile: earlier } : parseSource(filePath, text);
  if (!parsed.ok) {
    if (options.modules.keepsLintedFiles) options.modules.lintedTree(filePath, undefined);
    return fatalResult(filePath, parsed.message, parsed.line, parsed.column);
  }
  const { sourceFile } = parsed;
  const facts = options.modules.register(filePath, sourceFile);

  const messages: LintMessage[] = [];
  const analysis = new FileAnalysis(facts, config);
  // Deployment rules read a CDK app's code as its descriptor; they have no listeners.
  const checksDescriptor = enabled.some(({ rule }) => isDescriptorRule(rule));
  const codeRules = enabled.filter((entry): entry is typeof entry & { rule: CodeRule } => !isDescriptorRule(entry.rule));
  const table: DispatchTable = new Map();
  const endListeners: (() => void)[] = [];
  let currentRule = "";
  try {
    for (const { rule, severity, options: ruleOptions } of codeRules) {
      const ruleId = rule.meta.id;
      currentRule = ruleId;
      const context: RuleContext = {
        filePath,
        sourceFile,
        analysis,
        target: config.target,
        options: ruleOptions,
        report({ node, messageId, data, fix, suggestions }) {
          const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
          const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
          messages.push({
            ruleId,
            severity,
            message: formatMessage(rule.meta.messages[messageId] ?? messageId, data),
            messageId,
            line: start.line + 1,
            column: start.character + 1,
            endLine: end.line + 1,
            endColumn: end.character + 1,
            ...(fix && rule.meta.fixable ? { fix } : {}),
            ...(suggestions ? { suggestions } : {}),
          });
        },
      };
      const listeners = rule.create(context);
      for (const [kind, listener] of Object.entries(listeners.kinds ?? {}) as [string, NodeListener][]) {
        const key = Number(kind) as ts.SyntaxKind;
        const list = table.get(key);
        const named = guarded(ruleId, listener);
        if (list) list.push(named);
        else table.set(key, [named]);
      }
      if (listeners.onFileEnd) endListeners.push(guarded<void>(ruleId, listeners.onFileEnd));
    }
    currentRule = "";
    walk(sourceFile, table);
    for (const listener of endListeners) listener();
    if (checksDescriptor) {
      const descriptor = { kind: "cdk" as const, filePath, analysis };
      const outcome = runDescriptorRules(descriptor, config, rules);
      if (outcome.failure) return fatalResult(filePath, outcome.failure);
      messages.push(...outcome.messages);
      for (const file of snapStartFactsOf(descriptor).filesRead) options.modules.recordFileRead(filePath, file);
    }
  } catch (error) {
    return fatalResult(filePath, describeFailure(error, currentRule));
  }

  const directives = parseDirectives(sourceFile);
  const outcome = applyDirectives(directives, messages, options.unusedDirectiveSeverity ?? 1, (id) => rules.has(id));
  return makeResult(filePath, outcome.messages, outcome.suppressed);
}

class RuleFailure extends Error {
  constructor(
    readonly ruleId: string,
    readonly failure: unknown,
  ) {
    super(failure instanceof Error ? failure.message : String(failure));
  }
}

/** Names the rule in any error its listener throws. One parameter, not a rest array: it runs for every call node. */
function guarded<T>(ruleId: string, listener: (argument: T) => void): (argument: T) => void {
  return (argument: T) => {
    try {
      listener(argument);
    } catch (error) {
      throw error instanceof RuleFailure ? error : new RuleFailure(ruleId, error);
    }
  };
}

function describeFailure(error: unknown, ruleId: string): string {
  const cause = error instanceof RuleFailure ? error.failure : error;
  const rule = error instanceof RuleFailure ? error.ruleId : ruleId;
  if (cause instanceof RangeError && /call stack/i.test(cause.message)) {
    return "File could not be analysed: nesting too deep";
  }
  const where = rule ? ` in rule ${rule}` : "";
  return `Internal error${where}: ${cause instanceof Error ? cause.message : String(cause)}`;
}
