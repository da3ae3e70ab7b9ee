import { ts } from "#typescript";
import type { LintMessage, Severity, SuppressedMessage } from "../results.js";

/** `// snapcheck-disable-next-line a, b -- why`, `// snapcheck-disable-line`, `/* snapcheck-disable *\/ … /* snapcheck-enable *\/`. */
type DirectiveKind = "disable-next-line" | "disable-line" | "disable" | "enable";

export interface Directive {
  kind: DirectiveKind;
  /** Empty means every rule. */
  ruleIds: string[];
  justification: string;
  line: number;
  column: number;
  /** The lines and positions it covers, filled in for disable directives. */
  fromLine: number;
  fromColumn: number;
  toLine: number;
  toColumn: number;
  usedRuleIds: Set<string>;
  usedAll: boolean;
}

const DIRECTIVE_PATTERN =
  /(?:\/\/|\/\*)[ \t]*snapcheck-(disable-next-line|disable-line|disable|enable)(?=[\s*]|$)([^\n]*?)(?:\*\/|$)/gm;

function isInsideLiteral(sourceFile: ts.SourceFile, position: number): boolean {
  let node: ts.Node = sourceFile;
  for (;;) {
    let next: ts.Node | undefined;
    ts.forEachChild(node, (child) => {
      if (child.pos <= position && position < child.end) {
        next = child;
        return true;
      }
      return undefined;
    });
    if (!next) break;
    node = next;
  }
  return (
    node.getStart(sourceFile) <= position &&
    (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || ts.isTemplateExpression(node) || node.kind === ts.SyntaxKind.JsxText)
  );
}

export function parseDirectives(sourceFile: ts.SourceFile): Directive[] {
  const text = sourceFile.text;
  if (!text.includes("snapcheck-")) return [];
  const directives: Directive[] = [];
  for (const match of text.matchAll(DIRECTIVE_PATTERN)) {
    const position = match.index;
    if (isInsideLiteral(sourceFile, position)) continue;
    const start = sourceFile.getLineAndCharacterOfPosition(position);
    directives.push(directiveOf(match[1] as DirectiveKind, match[2] ?? "", start.line + 1, start.character + 1));
  }
  closeBlocks(directives);
  return directives;
}

/** A `#` comment of a YAML file or a Dockerfile: its text after the `#`, and where the `#` is. */
export interface HashComment {
  text: string;
  line: number;
  column: number;
}

const HASH_DIRECTIVE_PATTERN = /^[ \t]*snapcheck-(disable-next-line|disable-line|disable|enable)(?=\s|$)(.*)$/;

/** Directives written as `# snapcheck-disable-next-line deployment/x -- why` in descriptors, with the same meaning. */
export function parseHashCommentDirectives(comments: readonly HashComment[]): Directive[] {
  const directives: Directive[] = [];
  for (const comment of comments) {
    const match = HASH_DIRECTIVE_PATTERN.exec(comment.text);
    if (match) directives.push(directiveOf(match[1] as DirectiveKind, match[2] ?? "", comment.line, comment.column));
  }
  closeBlocks(directives);
  return directives;
}

function directiveOf(kind: DirectiveKind, rest: string, line: number, column: number): Directive {
  const [list = "", justification = ""] = rest.split(/\s--\s?|\s--$/, 2);
  const ruleIds = list
    .split(",")
    .map((id) => id.trim())
    .filter(Boolean);
  return {
    kind,
    ruleIds,
    justification: justification.trim(),
    line,
    column,
    fromLine: kind === "disable-next-line" ? line + 1 : line,
    fromColumn: kind === "disable" ? column : 0,
    toLine: kind === "disable" ? Number.POSITIVE_INFINITY : kind === "disable-next-line" ? line + 1 : line,
    toColumn: Number.POSITIVE_INFINITY,
    usedRuleIds: new Set(),
    usedAll: false,
  };
}

/** Ends each block `disable` at the first later `enable` naming its rules (or naming none). */
function closeBlocks(directives: Directive[]): void {
  for (const [index, enable] of directives.entries()) {
    if (enable.kind !== "enable") continue;
    for (const disable of directives.slice(0, index)) {
      if (disable.kind !== "disable" || disable.toLine !== Number.POSITIVE_INFINITY) continue;
      const closes =
        enable.ruleIds.length === 0 || (disable.ruleIds.length > 0 && disable.ruleIds.every((id) => enable.ruleIds.includes(id)));
      if (closes) {
        disable.toLine = enable.line;
        disable.toColumn = enable.column;
      }
    }
  }
}

function covers(directive: Directive, message: LintMessage): boolean {
  if (directive.kind === "enable") return false;
  if (directive.ruleIds.length > 0 && !directive.ruleIds.includes(message.ruleId ?? "")) return false;
  const afterStart =
    message.line > directive.fromLine || (message.line === directive.fromLine && message.column >= directive.fromColumn);
  const beforeEnd = message.line < directive.toLine || (message.line === directive.toLine && message.column < directive.toColumn);
  return afterStart && beforeEnd;
}

export interface DirectiveOutcome {
  messages: LintMessage[];
  suppressed: SuppressedMessage[];
}

/**
 * Moves messages covered by a directive to `suppressed`, and reports directives that suppressed nothing
 * (`unusedSeverity` 0 turns that off) and rule ids that do not exist.
 */
export function applyDirectives(
  directives: Directive[],
  messages: LintMessage[],
  unusedSeverity: 0 | Severity,
  isKnownRule: (id: string) => boolean,
): DirectiveOutcome {
  if (directives.length === 0) return { messages, suppressed: [] };
  const kept: LintMessage[] = [];
  const suppressed: SuppressedMessage[] = [];
  for (const message of messages) {
    const matching = message.fatal || message.ruleId === null ? [] : directives.filter((d) => covers(d, message));
    if (matching.length === 0) {
      kept.push(message);
      continue;
    }
    for (const directive of matching) {
      if (directive.ruleIds.length === 0) directive.usedAll = true;
      else directive.usedRuleIds.add(message.ruleId!);
    }
    suppressed.push({
      ...message,
      suppressions: matching.map((d) => ({ kind: "directive" as const, justification: d.justification })),
    });
  }
  for (const directive of directives) {
    if (directive.kind === "enable") continue;
    const place = { line: directive.line, column: directive.column };
    for (const id of directive.ruleIds) {
      if (!isKnownRule(id)) {
        kept.push({ ruleId: null, severity: 2, message: `Unknown rule '${id}' in snapcheck-${directive.kind} directive.`, ...place });
      } else if (unusedSeverity !== 0 && !directive.usedRuleIds.has(id)) {
        kept.push({
          ruleId: null,
          severity: unusedSeverity,
          message: `Unused snapcheck-${directive.kind} directive (no problems were reported from '${id}').`,
          ...place,
        });
      }
    }
    if (directive.ruleIds.length === 0 && unusedSeverity !== 0 && !directive.usedAll) {
      kept.push({
        ruleId: null,
        severity: unusedSeverity,
        message: `Unused snapcheck-${directive.kind} directive (no problems were reported).`,
        ...place,
      });
    }
  }
  return { messages: kept, suppressed };
}
