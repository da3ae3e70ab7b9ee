import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describeFsError } from "../discovery/find-files.js";

/**
 * Why a file was not written: `refused` (a link, not a regular file, not one of snapcheck's own files),
 * `changed` (a source edited since it was linted) or `failed` (the file system said no: full disk, permissions).
 * The target is untouched in every case.
 */
export class FileWriteError extends Error {
  constructor(
    readonly kind: "refused" | "changed" | "failed",
    shown: string,
    /** Why, without the file's name: for a message placed on the file itself. */
    readonly reason: string,
  ) {
    super(`cannot write ${shown}: ${reason}`);
    this.name = "FileWriteError";
  }
}

export interface WriteOptions {
  /** How the target is named in messages. */
  shown: string;
  /** Whether the file now at the target may be replaced, judged by its bytes (snapcheck's own cache format). */
  replaces?: { test: (existing: Buffer) => boolean; kind: string };
  /** The target must still hold exactly these bytes: a source fixed from the text that was linted. */
  unchangedFrom?: Buffer;
  /** No folder from here down to the target may be a symbolic link (missing folders are created). */
  noLinkedFoldersBelow?: string;
}

/** Own files are at most this large: a larger file at the target is not one of them, and is never read whole. */
const MAX_OWN_FILE_BYTES = 512 * 1024 * 1024;
/** `.<name>.snapcheck-<pid>-<random>.tmp`, beside the target, so the rename never crosses file systems. */
const TEMPORARY_MARK = ".snapcheck-";
/** Another pid namespace (a container sharing the folder) may own a live writer's file for a moment: spare young ones. */
const STALE_AFTER_MS = 2_000;

const cleanedFolders = new Set<string>();

/**
 * Replaces `target` with `data` so that, whatever happens (a kill, a full disk, a power loss), the target holds
 * either its old or its new bytes: written to a temporary file in the same folder, flushed to disk, renamed over
 * the target, and the folder flushed. Never writes through a symbolic link, keeps the mode and owner of the file it
 * replaces, and first removes temporary files that killed runs left in the folder. Throws a `FileWriteError`.
 */
export function writeFileAtomic(target: string, data: Buffer | string, options: WriteOptions): void {
  const folder = path.dirname(target);
  prepareFolder(folder, options);
  removeStaleTemporaries(folder);
  const existing = checkTarget(target, options);
  const temporary = path.join(folder, `.${path.basename(target).slice(0, 100)}${TEMPORARY_MARK}${process.pid}-${crypto.randomBytes(4).toString("hex")}.tmp`);
  let created = false;
  try {
    const mode = existing ? existing.mode & 0o7777 : 0o666;
    const fd = fs.openSync(temporary, "wx", mode);
    created = true;
    try {
      if (existing) keepModeAndOwner(fd, existing, options.shown);
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    // Read again just before the rename, so an edit saved while the fix was computed is not lost.
    if (options.unchangedFrom && !sameBytes(target, options.unchangedFrom)) throw changedError(options.shown);
    fs.renameSync(temporary, target);
    created = false;
    flushFolder(folder);
  } catch (error) {
    if (created) fs.rmSync(temporary, { force: true });
    if (error instanceof FileWriteError) throw error;
    throw new FileWriteError("failed", options.shown, describeFsError(error));
  }
}

/**
 * Throws the `FileWriteError` that writing `target` would throw for what is there now (a link, a file that is not
 * snapcheck's own), so a run can refuse before it starts rather than after linting.
 */
export function assertReplaceable(target: string, options: WriteOptions): void {
  refuseLinkedFolders(path.dirname(target), options);
  checkTarget(target, options);
}

function prepareFolder(folder: string, options: WriteOptions): void {
  refuseLinkedFolders(folder, options);
  try {
    fs.mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw new FileWriteError("failed", options.shown, describeFsError(error));
  }
}

function refuseLinkedFolders(folder: string, options: WriteOptions): void {
  const base = options.noLinkedFoldersBelow;
  if (base !== undefined) {
    const relative = path.relative(base, folder);
    // Folders above the base (the working directory) are the user's own choice, links included.
    if (relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative)) {
      let current = base;
      for (const part of relative.split(path.sep)) {
        current = path.join(current, part);
        const stats = lstatOrUndefined(current);
        if (stats?.isSymbolicLink()) {
          throw new FileWriteError("refused", options.shown, `the folder ${part} is a symbolic link, and snapcheck never writes through links`);
        }
        if (!stats) return;
      }
    }
  }
}

/** The stats of the file to replace, or undefined when there is none; throws when it must not be replaced. */
function checkTarget(target: string, options: WriteOptions): fs.Stats | undefined {
  const stats = lstatOrUndefined(target);
  if (!stats) {
    if (options.unchangedFrom) throw changedError(options.shown);
    return undefined;
  }
  if (stats.isSymbolicLink()) {
    throw new FileWriteError("refused", options.shown, "it is a symbolic link, and snapcheck never writes through links");
  }
  if (!stats.isFile()) throw new FileWriteError("refused", options.shown, "it is not a regular file");
  if (options.unchangedFrom && !sameBytes(target, options.unchangedFrom)) throw changedError(options.shown);
  const replaces = options.replaces;
  if (replaces && stats.size > 0 && (stats.size > MAX_OWN_FILE_BYTES || !replaces.test(readOrEmpty(target)))) {
    throw new FileWriteError("refused", options.shown, `it is not ${replaces.kind}, and snapcheck replaces only its own`);
  }
  return stats;
}

function keepModeAndOwner(fd: number, existing: fs.Stats, shown: string): void {
  fs.fchmodSync(fd, existing.mode & 0o7777);
  const uid = process.getuid?.();
  const gid = process.getgid?.();
  if (uid === undefined || (existing.uid === uid && existing.gid === gid)) return;
  try {
    fs.fchownSync(fd, existing.uid, existing.gid);
  } catch {
    throw new FileWriteError("refused", shown, "it belongs to another user or group, which replacing it would change");
  }
}

function changedError(shown: string): FileWriteError {
  return new FileWriteError("changed", shown, "it changed after it was linted");
}

function sameBytes(target: string, expected: Buffer): boolean {
  const stats = lstatOrUndefined(target);
  if (!stats?.isFile() || stats.size !== expected.length) return false;
  return readOrEmpty(target).equals(expected);
}

function readOrEmpty(target: string): Buffer {
  try {
    return fs.readFileSync(target);
  } catch {
    return Buffer.alloc(0);
  }
}

/** Temporary files of runs that were killed between creating and renaming them: their process is gone. */
function removeStaleTemporaries(folder: string): void {
  if (cleanedFolders.has(folder)) return;
  cleanedFolders.add(folder);
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    const pid = temporaryOwner(name);
    if (pid === undefined || pid === process.pid || isAlive(pid)) continue;
    const file = path.join(folder, name);
    const stats = lstatOrUndefined(file);
    if (stats?.isFile() && now - stats.mtimeMs > STALE_AFTER_MS) fs.rmSync(file, { force: true });
  }
}

/** The pid in a temporary file's name, if the name is one snapcheck makes. */
export function temporaryOwner(name: string): number | undefined {
  if (!name.startsWith(".") || !name.endsWith(".tmp")) return undefined;
  const mark = name.lastIndexOf(TEMPORARY_MARK);
  if (mark < 1) return undefined;
  const match = /^(\d+)-[0-9a-f]{8}\.tmp$/.exec(name.slice(mark + TEMPORARY_MARK.length));
  return match ? Number(match[1]) : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Makes the rename itself durable; some platforms and file systems cannot flush a folder, which is no failure. */
function flushFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, "r");
    fs.fsyncSync(fd);
  } catch {
    // The data is flushed; only the rename's durability depends on the folder.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function lstatOrUndefined(target: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(target);
  } catch {
    return undefined;
  }
}
