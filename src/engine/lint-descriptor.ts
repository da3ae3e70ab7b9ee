import type { ModuleIndex } from "../analysis/modules.js";
import type { ResolvedConfig } from "../config/types.js";
import type { DescriptorFileKind } from "../deployment/descriptor-files.js";
import { snapStartFactsOf, type DescriptorSpan, type ParsedDescriptor } from "../deployment/snapstart-facts.js";
import { parseYamlDescriptor } from "../deployment/yaml.js";
import { fatalResult, makeResult, type LintMessage, type LintResult, type Severity } from "../results.js";
import { applyDirectives, directivesOf, DIRECTIVE_PREFIX, type SourceComment } from "./directives.js";
import { formatMessage, isDescriptorRule, type DescriptorRule, type Rule } from "./rule.js";

export interface LintDescriptorOptions {
  filePath: string;
  text: string;
  kind: DescriptorFileKind;
  config: ResolvedConfig;
  rules: ReadonlyMap<string, Rule>;
  /** Records the files the checks read (a template's Dockerfile) for `--cache`. */
  modules?: ModuleIndex;
  unusedDirectiveSeverity?: 0 | Severity;
}

const BOM = "\uFEFF";

/** Lints a deployment descriptor (template, serverless.yml, Dockerfile) with the deployment rules. Never throws. */
export function lintDescriptorText(options: LintDescriptorOptions): LintResult {
  const { filePath, kind } = options;
  const text = options.text.startsWith(BOM) ? options.text.slice(1) : options.text;
  let descriptor: ParsedDescriptor;
  try {
    descriptor = kind === "dockerfile" ? { kind, filePath, text } : { kind, filePath, yaml: parseYamlDescriptor(text) };
  } catch (error) {
    // A descriptor is not the user's code: one that does not parse is a warning, and the run goes on.
    const reason = error instanceof Error ? error.message : String(error);
    const at = /\(line (\d+), column (\d+)\)$/.exec(reason);
    const place = at ? { line: Number(at[1]), column: Number(at[2]) } : { line: 1, column: 1 };
    return makeResult(filePath, [{ ruleId: null, severity: 1, message: `Deployment descriptor could not be read: ${reason}`, ...place }]);
  }
  let outcome: { messages: LintMessage[]; failure?: string };
  try {
    outcome = runDescriptorRules(descriptor, options.config, options.rules);
  } catch (error) {
    return fatalResult(filePath, `Internal error: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (outcome.failure) return fatalResult(filePath, outcome.failure);
  for (const file of snapStartFactsOf(descriptor).filesRead) options.modules?.recordFileRead(filePath, file);
  const comments = text.includes(DIRECTIVE_PREFIX) ? (kind === "dockerfile" ? dockerfileComments(text) : yamlComments(text)) : [];
  const applied = applyDirectives(directivesOf(comments), outcome.messages, options.unusedDirectiveSeverity ?? 1, (id) => options.rules.has(id));
  return makeResult(filePath, applied.messages, applied.suppressed);
}

/** Runs the enabled descriptor rules over a parsed descriptor; a rule that throws is named in `failure`. */
export function runDescriptorRules(
  descriptor: ParsedDescriptor,
  config: ResolvedConfig,
  rules: ReadonlyMap<string, Rule>,
): { messages: LintMessage[]; failure?: string } {
  const messages: LintMessage[] = [];
  for (const [id, setting] of Object.entries(config.rules)) {
    const rule = rules.get(id);
    if (!rule || setting.severity === 0 || !isDescriptorRule(rule)) continue;
    try {
      (rule as DescriptorRule).check({
        filePath: descriptor.filePath,
        descriptor,
        options: setting.options,
        report({ at, messageId, data }) {
          messages.push({
            ruleId: id,
            severity: setting.severity as Severity,
            message: formatMessage(rule.meta.messages[messageId] ?? messageId, data),
            messageId,
            ...spanFields(at),
          });
        },
      });
    } catch (error) {
      return { messages, failure: `Internal error in rule ${id}: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  return { messages };
}

function spanFields(at: DescriptorSpan): Pick<LintMessage, "line" | "column" | "endLine" | "endColumn"> {
  return {
    line: at.line,
    column: at.column,
    ...(at.endLine !== undefined ? { endLine: at.endLine } : {}),
    ...(at.endColumn !== undefined ? { endColumn: at.endColumn } : {}),
  };
}

/**
 * A `#` comment, the only kind these files have. Read as a block comment is in code: every directive kind applies,
 * `disable` … `enable` included, since there is no other way to write a block.
 */
function hashComment(value: string, line: number, column: number): SourceComment {
  return { value, style: "block", line, column, endLine: line };
}

/** A Dockerfile's comments: whole lines starting with `#` (elsewhere `#` is an argument). */
export function dockerfileComments(text: string): SourceComment[] {
  const comments: SourceComment[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const at = line.search(/\S/);
    if (at >= 0 && line[at] === "#") comments.push(hashComment(line.slice(at + 1), index + 1, at + 1));
  });
  return comments;
}

/**
 * The `#` comments of a YAML text: a `#` at the start of a line or after a space, outside quotes. (A `#` line inside
 * a block scalar is read as a comment too: a directive there is as good as anywhere.)
 */
export function yamlComments(text: string): SourceComment[] {
  const comments: SourceComment[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    let quote: string | undefined;
    for (let i = 0; i < line.length; i++) {
      const char = line[i]!;
      if (quote) {
        if (char === quote) quote = undefined;
      } else if (char === "'" || char === '"') {
        // A quote opens a scalar only where one can start, not inside a plain word (`don't`).
        if (i === 0 || /[\s:,[{-]/.test(line[i - 1]!)) quote = char;
      } else if (char === "#" && (i === 0 || /\s/.test(line[i - 1]!))) {
        comments.push(hashComment(line.slice(i + 1), index + 1, i + 1));
        return;
      }
    }
  });
  return comments;
}
