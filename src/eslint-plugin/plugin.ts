import type { AST, ESLint, Linter, Rule as ESLintRule } from "eslint";
import type { Rule } from "../engine/rule.js";
import type { LintMessage, TextEdit } from "../results.js";
import { LintPass } from "./lint-pass.js";
import { readSettings } from "./settings.js";

/** The name the plugin is registered under in `plugins`; rule ids are `snapcheck/<family>/<name>`. */
export const PLUGIN_NAME = "snapcheck";

export interface SnapcheckPlugin extends ESLint.Plugin {
  meta: { name: string; version: string; namespace: string };
  rules: Record<string, ESLintRule.RuleModule>;
  configs: { recommended: Linter.Config };
}

/** Builds the ESLint plugin for a set of snapcheck rules, each exposed under its snapcheck id. */
export function createPlugin(rules: readonly Rule[], version: string): SnapcheckPlugin {
  const rulesById: ReadonlyMap<string, Rule> = new Map(rules.map((rule) => [rule.meta.id, rule]));
  // One pass per ESLint `SourceCode`: every snapcheck rule enabled on a file shares one parse and one walk.
  const passes = new WeakMap<object, LintPass>();
  const passFor = (context: ESLintRule.RuleContext): LintPass => {
    const { sourceCode } = context;
    let pass = passes.get(sourceCode);
    // A pass that already ran belongs to an earlier verify of the same `SourceCode` (Linter#verify accepts one).
    if (!pass || pass.started) {
      const input = { text: sourceCode.text, filePath: context.filename, cwd: context.cwd, settings: readSettings(context.settings) };
      pass = new LintPass(input, rulesById);
      passes.set(sourceCode, pass);
    }
    return pass;
  };

  const eslintRules: Record<string, ESLintRule.RuleModule> = {};
  for (const rule of rules) eslintRules[rule.meta.id] = adapt(rule, passFor);

  const plugin: SnapcheckPlugin = {
    meta: { name: PLUGIN_NAME, version, namespace: PLUGIN_NAME },
    rules: eslintRules,
    configs: { recommended: {} },
  };
  plugin.configs.recommended = {
    name: `${PLUGIN_NAME}/recommended`,
    plugins: { [PLUGIN_NAME]: plugin },
    rules: Object.fromEntries(rules.map((rule) => [`${PLUGIN_NAME}/${rule.meta.id}`, rule.meta.defaultLevel])),
  };
  return plugin;
}

function adapt(rule: Rule, passFor: (context: ESLintRule.RuleContext) => LintPass): ESLintRule.RuleModule {
  const { id, description, docsUrl, fixable } = rule.meta;
  return {
    meta: {
      type: "problem",
      docs: { description, recommended: true, ...(docsUrl ? { url: docsUrl } : {}) },
      ...(fixable ? { fixable: "code" as const } : {}),
      // snapcheck's rule metadata does not declare suggestions, and ESLint rejects undeclared ones.
      hasSuggestions: true,
      // As in a snapcheck config: `["error", { …options }]`.
      schema: [{ type: "object" }],
    },
    create(context) {
      const pass = passFor(context);
      pass.enrol(id, (context.options[0] as Record<string, unknown> | undefined) ?? {});
      return {
        Program() {
          const messages = pass.messagesFor(id);
          const failure = pass.claimFailure();
          if (failure) context.report({ loc: locOf(failure), message: `snapcheck: ${failure.message}` });
          for (const message of messages) context.report(descriptorOf(message));
        },
      };
    },
  };
}

/** snapcheck columns are 1-based, ESLint's `loc` columns 0-based; lines are 1-based in both. */
function locOf(message: LintMessage): AST.SourceLocation {
  const start = { line: message.line, column: message.column - 1 };
  const hasEnd = message.endLine !== undefined && message.endColumn !== undefined;
  return { start, end: hasEnd ? { line: message.endLine!, column: message.endColumn! - 1 } : start };
}

function descriptorOf(message: LintMessage): ESLintRule.ReportDescriptor {
  const { fix, suggestions } = message;
  return {
    loc: locOf(message),
    message: message.message,
    ...(fix ? { fix: (fixer: ESLintRule.RuleFixer) => replace(fixer, fix) } : {}),
    ...(suggestions?.length
      ? { suggest: suggestions.map((suggestion) => ({ desc: suggestion.desc, fix: (fixer: ESLintRule.RuleFixer) => replace(fixer, suggestion.fix) })) }
      : {}),
  };
}

function replace(fixer: ESLintRule.RuleFixer, edit: TextEdit): ESLintRule.Fix {
  return fixer.replaceTextRange(edit.range, edit.text);
}
