import { createHash } from "node:crypto";
import type { LintMessage, LintResult } from "../results.js";
import { readSource } from "../run/source.js";
import { relativePosixPath } from "./paths.js";
import type { FormatterContext } from "./types.js";

/** The check name of a problem that has no rule (a file that could not be parsed or read). */
export const NO_RULE_CHECK = "snapcheck/parse";

/**
 * Identifies a finding by its rule, its file and the code it flags (whitespace removed), and which of identical
 * ones it is: never by a line number or a message (which may name a line elsewhere), so code scanning keeps tracking
 * the same alert when lines are added above it or in a file it imports.
 */
export function fingerprint(ruleId: string, relativePath: string, flaggedCode: string, occurrence: number): string {
  return createHash("sha256")
    .update([ruleId, relativePath, flaggedCode, String(occurrence)].join("\u0000"))
    .digest("hex")
    .slice(0, 32);
}

/** The text a message spans, without whitespace (reformatting moves no alert); without the file's text, the message without its line numbers. */
function flaggedCode(lines: readonly string[] | undefined, message: LintMessage): string {
  const { line, column, endLine = line, endColumn } = message;
  const spanned = lines?.slice(line - 1, endLine);
  if (!spanned || spanned.length === 0 || !(line >= 1)) return message.message.replace(/:\d+(?::\d+)?\b/g, "");
  const last = spanned.length - 1;
  if (endColumn !== undefined) spanned[last] = spanned[last]!.slice(0, endColumn - 1);
  spanned[0] = spanned[0]!.slice(Math.max(0, column - 1));
  return spanned.join("\n").replace(/\s+/g, "");
}

function readLines(filePath: string, context: FormatterContext): string[] | undefined {
  let text = context.readSource?.(filePath);
  if (text === undefined) {
    // With the linter's checks: a result may name a device or a pipe (reported as not a regular file).
    const source = readSource(filePath);
    if (!source.ok) return undefined;
    text = source.text;
  }
  return text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
}

/**
 * Stable fingerprints for every finding of a report (SARIF `partialFingerprints`, GitLab `fingerprint`): each file's
 * text is read once, and identical findings in a file are told apart by their order.
 */
export function fingerprinter(context: FormatterContext): (result: LintResult, message: LintMessage) => string {
  const occurrences = new Map<string, number>();
  const linesOf = new Map<string, string[] | undefined>();
  return (result, message) => {
    if (!linesOf.has(result.filePath)) linesOf.set(result.filePath, readLines(result.filePath, context));
    const ruleId = message.ruleId ?? NO_RULE_CHECK;
    const relative = relativePosixPath(context.cwd, result.filePath);
    const code = flaggedCode(linesOf.get(result.filePath), message);
    const key = [ruleId, relative, code].join("\u0000");
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    return fingerprint(ruleId, relative, code, occurrence);
  };
}
