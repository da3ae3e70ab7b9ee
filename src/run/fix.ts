import { displayPath } from "../config/load.js";
import { applyEdits } from "../engine/fixes.js";
import type { LintResult, TextEdit } from "../results.js";
import { FileWriteError, writeFileAtomic } from "./write-file.js";

/** `write`: `--fix` writes the fixed files; `dry-run`: `--fix-dry-run` only reports the fixed text as `output`. */
export type FixMode = "write" | "dry-run";

/** As in ESLint: fixes can enable other fixes, but a pair of rules fixing each other back and forth must stop. */
export const MAX_FIX_PASSES = 10;

const BOM = "\uFEFF";

export interface FixOutcome {
  /** The result of the final text; `output` is set when the text changed. */
  fixed: LintResult;
  /** The result of the text as it was, which stands when the fixed text cannot be written. */
  unfixed: LintResult;
}

/**
 * Lints `text`, applies every fix of the remaining problems, and lints the fixed text again, up to
 * `MAX_FIX_PASSES` times. The fixed text keeps a byte order mark the file started with.
 */
export function lintAndFix(text: string, lint: (text: string) => LintResult): FixOutcome {
  const bom = text.startsWith(BOM) ? BOM : "";
  let body = text.slice(bom.length);
  const unfixed = lint(body);
  let result = unfixed;
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
  return { fixed: changed ? { ...result, output: bom + body } : result, unfixed };
}

export type FixWrite = { ok: true; bytes: Buffer } | { ok: false; warning?: string; problem?: string };

/**
 * Writes a fixed file in the encoding it had (UTF-8, with or without BOM, or UTF-16 with BOM), through
 * `writeFileAtomic`, only while it still holds `original`, the bytes that were linted. A file edited since is left
 * alone with a `warning`; a fix that cannot be written (a full disk, a link, a file that is not valid UTF-8, whose
 * undecodable bytes would be replaced) is a `problem` to report on the file.
 */
export function writeFix(filePath: string, output: string, original: Buffer, cwd: string): FixWrite {
  const shown = displayPath(cwd, filePath);
  try {
    const bytes = encodeLike(original, output, shown);
    writeFileAtomic(filePath, bytes, { shown, unchangedFrom: original });
    return { ok: true, bytes };
  } catch (error) {
    if (!(error instanceof FileWriteError)) throw error;
    if (error.kind === "changed") return { ok: false, warning: `fixes not written: ${error.reason}` };
    return { ok: false, problem: `Fixes not written: ${error.reason}` };
  }
}

function encodeLike(original: Buffer, output: string, shown: string): Buffer {
  const utf16 = original[0] === 0xff && original[1] === 0xfe ? "le" : original[0] === 0xfe && original[1] === 0xff ? "be" : undefined;
  if (utf16) {
    const body = Buffer.from(output, "utf16le");
    if (utf16 === "be") body.swap16();
    // Decoding drops the odd last byte of an odd-length file; it is kept as it was.
    const oddByte = (original.length - 2) % 2 === 1 ? original.subarray(original.length - 1) : Buffer.alloc(0);
    return Buffer.concat([original.subarray(0, 2), body, oddByte]);
  }
  if (!Buffer.from(original.toString("utf8"), "utf8").equals(original)) {
    throw new FileWriteError("refused", shown, "the file is not valid UTF-8, and its undecodable bytes would be replaced");
  }
  return Buffer.from(output, "utf8");
}
