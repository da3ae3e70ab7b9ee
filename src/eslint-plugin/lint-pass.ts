import path from "node:path";
import type { ResolvedConfig } from "../config/types.js";
import { lintText } from "../engine/lint-file.js";
import { makeResult } from "../results.js";
import { deploymentScopeOfFile } from "../run/editor-scope.js";
import { lintPasses, lintUnreachedText } from "../run/lint-task.js";
import { parseSource } from "../engine/parse.js";
import type { Rule } from "../engine/rule.js";
import type { LintMessage } from "../results.js";
import type { PluginSettings } from "./settings.js";
import { sharedModuleIndex } from "../analysis/stamped-index.js";

/**
 * One ESLint pass over one file. ESLint creates every enabled rule before it walks the file, so each rule's `create`
 * enrols it here, and the first rule to reach `Program` runs snapcheck once for all of them.
 */
export class LintPass {
  private readonly enrolled = new Map<string, Record<string, unknown>>();
  private readonly byRule = new Map<string, LintMessage[]>();
  private failure: LintMessage | undefined;
  private failureClaimed = false;
  private ran = false;

  constructor(
    private readonly input: { text: string; filePath: string; cwd: string; settings: PluginSettings },
    private readonly rules: ReadonlyMap<string, Rule>,
  ) {}

  get started(): boolean {
    return this.ran;
  }

  enrol(ruleId: string, options: Record<string, unknown>): void {
    this.enrolled.set(ruleId, options);
  }

  /** The findings of one snapcheck rule in this file. */
  messagesFor(ruleId: string): readonly LintMessage[] {
    if (!this.ran) {
      this.ran = true;
      this.run(this.enrolled);
    } else if (!this.enrolled.has(ruleId)) {
      // Created after the run started: never seen with ESLint 9, but costs only a second walk if it happens.
      this.enrolled.set(ruleId, {});
      this.run(new Map([[ruleId, {}]]));
    }
    return this.byRule.get(ruleId) ?? [];
  }

  /** An internal error of the analysis, handed to the first rule that asks, so it shows once and not once per rule. */
  claimFailure(): LintMessage | undefined {
    if (!this.failure || this.failureClaimed) return undefined;
    this.failureClaimed = true;
    return this.failure;
  }

  private run(enrolled: ReadonlyMap<string, Record<string, unknown>>): void {
    const { text, cwd, settings } = this.input;
    const filePath = path.resolve(cwd, this.input.filePath);
    const modules = sharedModuleIndex(cwd);
    // ESLint parsed this text with the parser its config names; text the TypeScript parser cannot read (a .vue or
    // Flow file) is not snapcheck's to lint, and ESLint already reports real syntax errors.
    const parsed = modules.parsed(filePath, text) ? undefined : parseSource(filePath, text);
    if (parsed && !parsed.ok) return;
    if (parsed) modules.register(filePath, parsed.sourceFile);

    const config: ResolvedConfig = {
      // ESLint decides each rule's severity; snapcheck only needs to know which rules to run.
      rules: Object.fromEntries([...enrolled].map(([id, options]) => [id, { severity: 2, options }])),
      target: settings.target,
      restoreHooks: settings.restoreHooks,
      connections: settings.connections,
    };
    // As a run over the tree would: a file no deployed function loads at init is not reported, and one that some
    // load is analysed for the snapshot kinds of those functions.
    const fileScope = deploymentScopeOfFile(cwd, filePath);
    const options = { filePath, text, config, rules: this.rules, modules, unusedDirectiveSeverity: 0 as const };
    const result =
      fileScope?.kind === "unreached"
        ? (lintUnreachedText(filePath, text, config, this.rules, modules) ?? makeResult(filePath, []))
        : fileScope?.kind === "functions"
          ? lintPasses(options, fileScope.passes)
          : lintText(options);
    for (const message of result.messages) {
      if (message.ruleId === null) {
        // A malformed snapcheck directive belongs to no rule: ESLint would show it under whichever rule reported it.
        // The CLI reports those; here only an internal error is shown (once, at the top of the file).
        if (message.fatal) this.failure ??= message;
        continue;
      }
      const list = this.byRule.get(message.ruleId) ?? [];
      list.push(message);
      this.byRule.set(message.ruleId, list);
    }
  }
}
