import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Range,
} from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { RuleMeta } from "../engine/rule.js";
import type { LintMessage } from "../results.js";

export const SOURCE = "snapcheck";

/** What a diagnostic carries back to the server in code action requests: which finding it is. */
export interface DiagnosticData {
  /** The index of the message in the result the diagnostic was made from. */
  index: number;
  /** The document version it was computed for: a code action on an older version is not offered. */
  version: number;
}

/** Converts a finding to an LSP diagnostic. Lines and columns are 1-based UTF-16 in both, LSP counts from 0. */
export function toDiagnostic(
  message: LintMessage,
  document: TextDocument,
  rulesMeta: ReadonlyMap<string, RuleMeta>,
  data: DiagnosticData,
): Diagnostic {
  const range = rangeOf(message, document);
  const diagnostic: Diagnostic = {
    range,
    severity: message.severity === 2 ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: SOURCE,
    message: message.message,
    data,
  };
  if (message.ruleId) {
    diagnostic.code = message.ruleId;
    const docsUrl = rulesMeta.get(message.ruleId)?.docsUrl;
    if (docsUrl) diagnostic.codeDescription = { href: docsUrl };
    const related = relatedLocation(message.message, document);
    if (related) diagnostic.relatedInformation = [related];
  } else if (message.message.startsWith("Unused snapcheck-")) {
    // A disable comment that suppresses nothing: editors grey it out.
    diagnostic.tags = [DiagnosticTag.Unnecessary];
  }
  return diagnostic;
}

/** The finding's range; a fatal problem with only a start covers the rest of its line. */
export function rangeOf(message: LintMessage, document: TextDocument): Range {
  const start = { line: Math.max(0, message.line - 1), character: Math.max(0, message.column - 1) };
  if (message.endLine !== undefined && message.endColumn !== undefined) {
    return { start, end: { line: message.endLine - 1, character: message.endColumn - 1 } };
  }
  const lineEnd = document.offsetAt({ line: start.line + 1, character: 0 });
  const end = document.positionAt(Math.max(document.offsetAt(start), trimLineBreak(document.getText(), lineEnd)));
  return { start, end };
}

function trimLineBreak(text: string, offset: number): number {
  let end = offset;
  while (end > 0 && (text[end - 1] === "\n" || text[end - 1] === "\r")) end--;
  return end;
}

/**
 * Places a message names in the words `FileAnalysis.describeVia` and `locationOf` give them: ` (via makeRunId()
 * in lib/ids.ts:2)` or ` (via makeRunId() at line 2)`, the line where a helper makes the init-time call; and
 * `filled at init (line 3)`, the call that warmed an entropy pool. Each becomes related information.
 */
const RELATED_PATTERNS: readonly { pattern: RegExp; describe: (subject: string) => string }[] = [
  { pattern: / \(via (.+?) (?:at line (\d+)|in (.+?):(\d+))\)/, describe: (helper) => `the init-time call, reached through ${helper}` },
  { pattern: /(that .+?) filled at init \((?:line (\d+)|(.+?):(\d+))\)/, describe: () => "the init-time call that filled the cache" },
];

export function relatedLocation(text: string, document: TextDocument): DiagnosticRelatedInformation | undefined {
  for (const { pattern, describe } of RELATED_PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const [, subject = "", sameFileLine, otherFile, otherLine] = match;
    const line = Number(sameFileLine ?? otherLine) - 1;
    const documentPath = filePathOf(document.uri);
    const uri = otherFile && documentPath ? pathToFileURL(path.resolve(path.dirname(documentPath), otherFile)).href : document.uri;
    return { location: { uri, range: { start: { line, character: 0 }, end: { line, character: 0 } } }, message: describe(subject) };
  }
  return undefined;
}

/** The local path of a `file:` URI; undefined for unsaved buffers (`untitled:`) and other schemes. */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
