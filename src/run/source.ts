import { describeFsError } from "../discovery/find-files.js";
import { MAX_FILE_BYTES, readRegularFile } from "../discovery/regular-file.js";
import { decodeUtf16 } from "../text-decoding.js";

/** Like git, a NUL byte near the start marks a binary file (an MPEG transport stream also ends in `.ts`). */
const BINARY_SNIFF_BYTES = 8192;

export type SourceOutcome = { ok: true; text: string } | { ok: false; message: string };
/** A file read from disk keeps its bytes: the cache hashes them, and `--fix` writes only over the same bytes. */
export type ReadOutcome = { ok: true; text: string; bytes: Buffer } | { ok: false; message: string };

/** Reads a file to lint (see `readRegularFile`); every failure becomes a message for that file, never an exception. */
export function readSource(filePath: string): ReadOutcome {
  const read = readRegularFile(filePath, MAX_FILE_BYTES);
  if (read.ok) {
    const decoded = decodeSource(read.bytes);
    return decoded.ok ? { ...decoded, bytes: read.bytes } : decoded;
  }
  switch (read.reason) {
    case "not-regular":
      return { ok: false, message: "File skipped: not a regular file" };
    case "too-large":
      return { ok: false, message: "File skipped: larger than 10 MB" };
    case "missing":
      // Node decodes names as UTF-8; a name in another encoding cannot be opened through the decoded string.
      if (filePath.includes("\uFFFD")) return { ok: false, message: "File could not be read: its name is not valid UTF-8" };
      return { ok: false, message: "ENOENT: file disappeared during the run" };
    case "unreadable":
      return { ok: false, message: `File could not be read: ${describeFsError(read.error)}` };
  }
}

/** UTF-16 when it starts with a UTF-16 byte order mark, else UTF-8 with invalid bytes as U+FFFD. */
export function decodeSource(buffer: Buffer): SourceOutcome {
  const utf16 = decodeUtf16(buffer);
  if (utf16 !== undefined) return { ok: true, text: utf16 };
  if (buffer.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { ok: false, message: "File skipped: binary" };
  return { ok: true, text: buffer.toString("utf8") };
}
