import fs from "node:fs";

/** Why a file's bytes were not read: what it is instead (missing, too large, not a regular file), or the error. */
export type RegularFileOutcome =
  /** `stats`: the open file's, taken before the read (a write during it changes them). */
  | { ok: true; bytes: Buffer; stats: fs.Stats }
  | { ok: false; reason: "missing" | "not-regular" | "too-large" | "unreadable"; error?: unknown };

/** Larger files are generated or vendored code; parsing them would dominate the run for nothing. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

let readLog: Set<string> | undefined;

/**
 * While a log is set, every path read or looked for through this module is added to it: what `--cache` keeps a
 * plan built from (the readers and classifiers read texts and look for entry files here), so the plan is rebuilt
 * when one of them changes, appears or goes. Unset with undefined.
 */
export function logReads(log: Set<string> | undefined): void {
  readLog = log;
}

/**
 * The bytes of a regular file of at most `maxBytes`. The file is opened without blocking and checked through the
 * open descriptor, so a named pipe or a device put where a file was expected (an import, an entry, a linted file,
 * `snapcheck /dev/stdin`) is refused instead of blocking the run or never ending. Never throws.
 */
export function readRegularFile(filePath: string, maxBytes: number): RegularFileOutcome {
  readLog?.add(filePath);
  let fd: number | undefined;
  try {
    fd = fs.openSync(filePath, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const stats = fs.fstatSync(fd);
    if (!stats.isFile()) return { ok: false, reason: "not-regular" };
    if (stats.size > maxBytes) return { ok: false, reason: "too-large" };
    const bytes = fs.readFileSync(fd);
    // It grew between the stat and the read.
    return bytes.length > maxBytes ? { ok: false, reason: "too-large" } : { ok: true, bytes, stats };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a folder on the way is a file, so nothing is there either.
    return { ok: false, reason: code === "ENOENT" || code === "ENOTDIR" ? "missing" : "unreadable", error };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Whether a regular file is at `filePath` (links followed). Logged: finding nothing there decides as much as a read. */
export function isRegularFile(filePath: string): boolean {
  readLog?.add(filePath);
  return regularFileAt(filePath);
}

/** `isRegularFile` unlogged, for lookups whose caller records them itself (module resolution). */
export function regularFileAt(filePath: string): boolean {
  try {
    return fs.statSync(filePath, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/** Whether anything is at `filePath`; logged like `isRegularFile`. */
export function pathExists(filePath: string): boolean {
  readLog?.add(filePath);
  return fs.existsSync(filePath);
}

/** The UTF-8 text of a regular file of at most `maxBytes`, or undefined for anything else. */
export function readRegularFileText(filePath: string, maxBytes: number): string | undefined {
  const read = readRegularFile(filePath, maxBytes);
  return read.ok ? read.bytes.toString("utf8") : undefined;
}

/** Larger files are generated or vendored: their imports are not read (the same bound as imports analyses follow). */
const MAX_SMALL_FILE_BYTES = 2 * 1024 * 1024;

/** The text of a file up to 2 MB, or "" (too large, unreadable, gone): what the import graph and classifiers read. */
export function readSmallFile(filePath: string): string {
  return readRegularFileText(filePath, MAX_SMALL_FILE_BYTES) ?? "";
}
