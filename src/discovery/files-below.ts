import fs from "node:fs";
import path from "node:path";

export interface FilesBelowOptions {
  /** Whether to walk into a folder, by its name and path. */
  entersFolder: (name: string, folderPath: string) => boolean;
  /** Whether a file is wanted, by its name. */
  wantsFile: (name: string) => boolean;
  /** How many wanted files at the most: a bounded look, never a walk of a whole disk. */
  maxFiles: number;
}

/**
 * The wanted files in and below `dir`, depth first, without following symbolic links to folders; folders that
 * cannot be read hold nothing (file discovery reports them). Lazy, so a caller that found what it looked for stops.
 */
export function* filesBelow(dir: string, { entersFolder, wantsFile, maxFiles }: FilesBelowOptions): Generator<string> {
  const stack = [dir];
  let yielded = 0;
  for (let folder = stack.pop(); folder !== undefined; folder = stack.pop()) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entersFolder(entry.name, full)) stack.push(full);
      } else if (entry.isFile() && wantsFile(entry.name)) {
        if (yielded++ >= maxFiles) return;
        yield full;
      }
    }
  }
}
