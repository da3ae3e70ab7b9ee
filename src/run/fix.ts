import fs from "node:fs";
import { describeFsError } from "../discovery/find-files.js";
import { applyEdits } from "../engine/fixes.js";
import type { LintResult, TextEdit } from "../results.js";

/** `write`: `--fix` writes the fixed files; `dry-run`: `--fix-dry-run` only reports the fixed text as `output`. */
export type FixMode = "write" | "dry-run";

/** As in ESLint: fixes can enable other fixes, but a pair of rules fixing each other back and forth must stop. */
export const MAX_FIX_PASSES = 10;

const BOM = "\uFEFF";

/**
 * Lints `text`, applies every fix of the remaining problems, and lints the fixed text again, up to
 * `MAX_FIX_PASSES` times. The result is that of the final text; `output` is set when the text changed, keeping
 * a byte order mark the file started with.
 */
export function lintAndFix(text: string, lint: (text: string) => LintResult): LintResult {
  const bom = text.startsWith(BOM) ? BOM : "";
  let body = text.slice(bom.length);
  let result = lint(body);
  let changed = false;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const edits: TextEdit[] = result.messages.flatMap((message) => (message.fix ? [message.fix] : []));
    if (edits.length === 0) break;
    const fixed = applyEdits(body, edits).text;
    if (fixed === body) break;
    body = fixed;
    changed = true;
    result = lint(body);
  }
  return changed ? { ...result, output: bom + body } : result;
}

/**
 * Writes a fixed file in the encoding it had (UTF-8, with or without BOM, or UTF-16 with BOM). Returns why it
 * was not written, if it was not: a file that is not valid UTF-8 would have its undecodable bytes replaced.
 */
export function writeFixedFile(filePath: string, output: string): string | undefined {
  try {
    const original = fs.readFileSync(filePath);
    let encoded: Buffer;
    if (original[0] === 0xff && original[1] === 0xfe) {
      encoded = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(output, "utf16le")]);
    } else if (original[0] === 0xfe && original[1] === 0xff) {
      encoded = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(output, "utf16le").swap16()]);
    } else if (!Buffer.from(original.toString("utf8"), "utf8").equals(original)) {
      return "not written: the file is not valid UTF-8";
    } else {
      encoded = Buffer.from(output, "utf8");
    }
    fs.writeFileSync(filePath, encoded);
    return undefined;
  } catch (error) {
    return `fixes not written: ${describeFsError(error)}`;
  }
}
