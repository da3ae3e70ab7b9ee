import fs from "node:fs";

/**
 * The UTF-8 text of a regular file of at most `maxBytes`, or undefined for anything else (missing, too large, a
 * folder, a named pipe or a device). The file is opened without blocking and checked through the open descriptor,
 * so a pipe put where an import or an entry points can never block the run.
 */
export function readRegularFileText(filePath: string, maxBytes: number): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(filePath, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const stats = fs.fstatSync(fd);
    if (!stats.isFile() || stats.size > maxBytes) return undefined;
    return fs.readFileSync(fd, "utf8");
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
