import path from "node:path";
import { ContainerImage } from "./dockerfile.js";
import { programOf } from "./programs.js";
import type { DescriptorSpan } from "./snapstart-facts.js";

/** `node` writes the blob here when `--build-snapshot` is given no `--snapshot-blob`. Source: Node.js CLI docs, `--build-snapshot`. */
const DEFAULT_BLOB = "snapshot.blob";

/** A `RUN node --build-snapshot …` whose blob the image's own `node` process never loads. */
export interface UnusedSnapshotBuild {
  at: DescriptorSpan;
  blob: string;
  /** The process the image starts, as written. */
  process: string;
}

function snapshotBlobOf(words: readonly string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === "--snapshot-blob") return words[i + 1];
    if (word.startsWith("--snapshot-blob=")) return word.slice("--snapshot-blob=".length);
  }
  return undefined;
}

/**
 * Startup snapshots a Dockerfile builds but does not use: the final image starts `node` (directly, not through a
 * package script or a shell script, whose contents are not in sight) without `--snapshot-blob`, so Node runs the
 * entry from scratch and the snapshot only cost build time.
 */
export function unusedSnapshotBuilds(filePath: string, text: string): UnusedSnapshotBuild[] {
  const image = new ContainerImage(filePath, path.dirname(filePath), text);
  const process = image.processWith()?.words ?? [];
  const program = programOf(process);
  if (program?.kind !== "script" || !/^node(js)?$/.test(program.runtime) || snapshotBlobOf(process) !== undefined) return [];
  const unused: UnusedSnapshotBuild[] = [];
  for (const run of image.runCommands()) {
    const built = programOf(run.words);
    if (built?.kind !== "script" || !built.buildsSnapshot) continue;
    unused.push({ at: { line: run.line, column: run.column }, blob: snapshotBlobOf(run.words) ?? DEFAULT_BLOB, process: process.join(" ") });
  }
  return unused;
}
