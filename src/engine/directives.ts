import { ConfigCommentParser } from "@eslint/plugin-kit";
import { ts } from "#typescript";
import type { LintMessage, Severity, SuppressedMessage } from "../results.js";

// Directives are read as ESLint reads its own (@eslint/plugin-kit's ConfigCommentParser, the parser ESLint uses):
// a comment is one only when its trimmed text starts with the directive; `-- why` ends the rule list; the
// block-only kinds (`disable`, `enable`) are ignored in line comments; `disable-line` may not span lines.

export const DIRECTIVE_PREFIX = "snapcheck-";
const KINDS = ["disable", "enable", "disable-line", "disable-next-line"] as const;
export type DirectiveKind = (typeof KINDS)[number];
const LINE_COMMENT_KINDS: readonly DirectiveKind[] = ["disable-line", "disable-next-line"];

/** `line` for `// …` (and `# …` in languages that have it), `block` for `/* … *\/`. */
export type CommentStyle = "line" | "block";

/** A comment as a parser found it: the text between its delimiters, and where it starts and ends (1-based). */
export interface SourceComment {
  value: string;
  style: CommentStyle;
  line: number;
  column: number;
  endLine: number;
}

/** What a directive comment says. */
export interface DirectiveText {
  kind: DirectiveKind;
  /** Empty means every rule. */
  ruleIds: string[];
  justification: string;
}

const commentParser = new ConfigCommentParser();

/** The directive in a comment's text (without its delimiters), or undefined when the comment is not one. */
export function parseDirectiveText(value: string, style: CommentStyle): DirectiveText | undefined {
  const parsed = commentParser.parseDirective(value);
  if (!parsed?.label.startsWith(DIRECTIVE_PREFIX)) return undefined;
  const kind = parsed.label.slice(DIRECTIVE_PREFIX.length) as DirectiveKind;
  if (!KINDS.includes(kind)) return undefined;
  if (style === "line" && !LINE_COMMENT_KINDS.includes(kind)) return undefined;
  return { kind, ruleIds: Object.keys(commentParser.parseListConfig(parsed.value)), justification: parsed.justification };
}

/** A directive comment found in a file. */
export interface CommentDirective extends DirectiveText {
  line: number;
  column: number;
  endLine: number;
}

export interface FileDirectives {
  directives: CommentDirective[];
  /** Malformed directives (a `disable-line` spanning lines), reported as errors whatever the rules say. */
  problems: LintMessage[];
}

/** The directives among a file's comments, in any language whose comments the caller can list. */
export function directivesOf(comments: Iterable<SourceComment>): FileDirectives {
  const directives: CommentDirective[] = [];
  const problems: LintMessage[] = [];
  for (const comment of comments) {
    const directive = parseDirectiveText(comment.value, comment.style);
    if (!directive) continue;
    const place = { line: comment.line, column: comment.column, endLine: comment.endLine };
    if (directive.kind === "disable-line" && comment.endLine !== comment.line) {
      problems.push({ ruleId: null, severity: 2, message: `${DIRECTIVE_PREFIX}disable-line comment should not span multiple lines.`, line: place.line, column: place.column });
      continue;
    }
    directives.push({ ...directive, ...place });
  }
  return { directives, problems };
}

/** The directives of a JavaScript or TypeScript file: only real comments, never text in strings, templates or JSX. */
export function parseDirectives(sourceFile: ts.SourceFile): FileDirectives {
  const text = sourceFile.text;
  const comments = new Map<number, SourceComment>();
  for (let at = text.indexOf(DIRECTIVE_PREFIX); at !== -1; at = text.indexOf(DIRECTIVE_PREFIX, at + 1)) {
    const range = commentAround(sourceFile, at);
    if (!range || comments.has(range.pos)) continue;
    const block = range.kind === ts.SyntaxKind.MultiLineCommentTrivia;
    const start = sourceFile.getLineAndCharacterOfPosition(range.pos);
    comments.set(range.pos, {
      value: text.slice(range.pos + 2, block ? range.end - 2 : range.end),
      style: block ? "block" : "line",
      line: start.line + 1,
      column: start.character + 1,
      endLine: sourceFile.getLineAndCharacterOfPosition(range.end).line + 1,
    });
  }
  return directivesOf(comments.values());
}

/** The comment that holds `position`, if it is in one. */
function commentAround(sourceFile: ts.SourceFile, position: number): ts.CommentRange | undefined {
  let node: ts.Node = sourceFile;
  for (;;) {
    let next: ts.Node | undefined;
    ts.forEachChild(node, (child) => {
      if (child.pos <= position && position < child.end) next = child;
      return next;
    });
    if (!next) break;
    node = next;
  }
  // In the trivia before the deepest node's first token; else in the gap between two of its children, where only
  // punctuation, keywords and trivia are left, which the scanner reads right without knowing the context. Inside a
  // leaf (a string, a template, JSX text) is no comment.
  let gapStart = node.pos;
  let gapEnd = node.getStart(sourceFile);
  if (position >= gapEnd) {
    gapEnd = node.end;
    let children = 0;
    ts.forEachChild(node, (child) => {
      children++;
      if (child.end <= position) gapStart = Math.max(gapStart, child.end);
      else if (child.pos > position) gapEnd = Math.min(gapEnd, child.pos);
    });
    if (children === 0) return undefined;
  }
  const text = sourceFile.text;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, sourceFile.languageVariant, text, undefined, gapStart, gapEnd - gapStart);
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (scanner.getTokenEnd() <= position) continue;
    if (kind !== ts.SyntaxKind.SingleLineCommentTrivia && kind !== ts.SyntaxKind.MultiLineCommentTrivia) return undefined;
    return scanner.getTokenStart() <= position ? { pos: scanner.getTokenStart(), end: scanner.getTokenEnd(), kind } : undefined;
  }
  return undefined;
}

/** One rule (or every rule: `ruleId` null) turned off or back on from a position on, as ESLint models a directive. */
interface Switch {
  type: "disable" | "enable";
  line: number;
  column: number;
  ruleId: string | null;
  comment: CommentDirective;
}

function compareLocations(a: { line: number; column: number }, b: { line: number; column: number }): number {
  return a.line - b.line || a.column - b.column;
}

export interface DirectiveOutcome {
  messages: LintMessage[];
  suppressed: SuppressedMessage[];
}

/**
 * Moves messages covered by a directive to `suppressed` and reports rule ids that do not exist and, unless
 * `unusedSeverity` is 0, directives that suppressed or re-enabled nothing, with ESLint's algorithm and messages:
 * block directives first, then line directives; the last `disable` before a message that concerns its rule is the one
 * used, and an `enable` concerning it after that `disable` lifts it.
 */
export function applyDirectives(
  file: FileDirectives,
  messages: LintMessage[],
  unusedSeverity: 0 | Severity,
  isKnownRule: (id: string) => boolean,
): DirectiveOutcome {
  if (file.directives.length === 0 && file.problems.length === 0) return { messages, suppressed: [] };
  const problems: LintMessage[] = [...file.problems];
  const blockSwitches: Switch[] = [];
  const lineSwitches: Switch[] = [];
  for (const comment of file.directives) {
    const known = comment.ruleIds.filter((id) => {
      if (isKnownRule(id)) return true;
      problems.push({ ruleId: null, severity: 2, message: `Unknown rule '${id}' in ${DIRECTIVE_PREFIX}${comment.kind} directive.`, line: comment.line, column: comment.column });
      return false;
    });
    const ruleIds = comment.ruleIds.length === 0 ? [null] : known;
    for (const ruleId of ruleIds) {
      if (comment.kind === "disable" || comment.kind === "enable") {
        blockSwitches.push({ type: comment.kind, line: comment.line, column: comment.column, ruleId, comment });
      } else {
        const line = comment.kind === "disable-line" ? comment.line : comment.endLine + 1;
        lineSwitches.push({ type: "disable", line, column: 1, ruleId, comment }, { type: "enable", line: line + 1, column: 0, ruleId, comment });
      }
    }
  }
  blockSwitches.sort(compareLocations);
  lineSwitches.sort(compareLocations);

  const suppressions = new Map<LintMessage, Switch[]>();
  const usedBlock = suppress(blockSwitches, messages, suppressions);
  const usedLine = suppress(lineSwitches, messages, suppressions);

  const kept: LintMessage[] = [];
  const suppressed: SuppressedMessage[] = [];
  for (const message of messages) {
    const by = suppressions.get(message);
    if (!by) kept.push(message);
    else suppressed.push({ ...message, suppressions: by.map((s) => ({ kind: "directive" as const, justification: s.comment.justification })) });
  }
  if (unusedSeverity !== 0) {
    for (const [switches, used] of [
      [blockSwitches, usedBlock],
      [lineSwitches, usedLine],
    ] as const) {
      const unusedDisables = switches.filter((s) => s.type === "disable" && !used.has(s));
      const usedEnables = usedEnableSwitches(switches);
      const unusedEnables = switches.filter((s) => s.type === "enable" && s.comment.kind === "enable" && !usedEnables.has(s));
      problems.push(...describeUnused(unusedDisables, unusedSeverity), ...describeUnused(unusedEnables, unusedSeverity));
    }
  }
  return { messages: [...kept, ...problems], suppressed };
}

/** Records which switches suppress each message (the first pass to suppress one gets the credit); returns the used disables. */
function suppress(switches: readonly Switch[], messages: readonly LintMessage[], suppressions: Map<LintMessage, Switch[]>): Set<Switch> {
  const used = new Set<Switch>();
  if (switches.length === 0) return used;
  for (const message of messages) {
    if (message.fatal || message.ruleId === null) continue;
    let active: Switch[] = [];
    for (const s of switches) {
      if (compareLocations(s, message) > 0) break;
      if (s.ruleId !== null && s.ruleId !== message.ruleId) continue;
      if (s.type === "disable") active.push(s);
      else active = [];
    }
    if (active.length === 0) continue;
    const earlier = suppressions.get(message);
    if (earlier) earlier.push(...active);
    else {
      suppressions.set(message, active);
      used.add(active.at(-1)!);
    }
  }
  return used;
}

/** `enable` switches that lift an earlier `disable`, read backwards as ESLint does. */
function usedEnableSwitches(switches: readonly Switch[]): Set<Switch> {
  const enabled = new Map<string | null, Switch>();
  const used = new Set<Switch>();
  for (let index = switches.length - 1; index >= 0; index--) {
    const s = switches[index]!;
    if (s.type === "enable") {
      if (s.ruleId === null) enabled.clear();
      enabled.set(s.ruleId, s);
      continue;
    }
    if (enabled.size === 0) continue;
    if (s.ruleId === null) {
      for (const enable of enabled.values()) used.add(enable);
      enabled.clear();
    } else {
      const enable = enabled.get(s.ruleId) ?? enabled.get(null);
      if (enable) used.add(enable);
    }
  }
  return used;
}

/** One message per comment when none of its rules was used, else one per unused rule, worded as ESLint's. */
function describeUnused(switches: readonly Switch[], severity: Severity): LintMessage[] {
  const byComment = new Map<CommentDirective, Switch[]>();
  for (const s of switches) byComment.set(s.comment, [...(byComment.get(s.comment) ?? []), s]);
  const messages: LintMessage[] = [];
  for (const [comment, unused] of byComment) {
    const ids = unused.flatMap((s) => (s.ruleId === null ? [] : [`'${s.ruleId}'`]));
    const whole = comment.ruleIds.every((id) => unused.some((s) => s.ruleId === id));
    const descriptions = whole ? [joinOr(ids)] : ids;
    for (const description of descriptions) {
      messages.push({ ruleId: null, severity, message: unusedMessage(unused[0]!.type, description), line: comment.line, column: comment.column });
    }
  }
  return messages;
}

function unusedMessage(type: "disable" | "enable", description: string): string {
  if (type === "enable") {
    return description
      ? `Unused ${DIRECTIVE_PREFIX}enable directive (no matching ${DIRECTIVE_PREFIX}disable directives were found for ${description}).`
      : `Unused ${DIRECTIVE_PREFIX}enable directive (no matching ${DIRECTIVE_PREFIX}disable directives were found).`;
  }
  return description
    ? `Unused ${DIRECTIVE_PREFIX}disable directive (no problems were reported from ${description}).`
    : `Unused ${DIRECTIVE_PREFIX}disable directive (no problems were reported).`;
}

function joinOr(items: readonly string[]): string {
  return items.length <= 2 ? items.join(" or ") : `${items.slice(0, -1).join(", ")}, or ${items.at(-1)}`;
}
