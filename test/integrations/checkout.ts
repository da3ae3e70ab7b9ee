import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * Copies the repository's tracked files, as they are in the working tree, into `destination`: what a CI runner or
 * pre-commit checks out, without node_modules or build output. Symlinks stay symlinks.
 */
export function copyTrackedFiles(destination: string): void {
  const tracked = execFileSync("git", ["ls-files", "-z"], { encoding: "utf8" }).split("\0").filter(Boolean);
  for (const file of tracked) {
    const stat = fs.lstatSync(file, { throwIfNoEntry: false });
    if (!stat) continue;
    fs.mkdirSync(path.join(destination, path.dirname(file)), { recursive: true });
    if (stat.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(file), path.join(destination, file));
    else fs.copyFileSync(file, path.join(destination, file));
  }
}
