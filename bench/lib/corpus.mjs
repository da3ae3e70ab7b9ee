// The benchmark corpus: built by the shared script, counted the way the parse floor counts, and copied for scaling.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const CORPORA = ["medium", "huge", "tiny"];

// The same selection as ../shared/bench/parse-floor.mjs and snapcheck's discovery.
const SOURCE_EXTENSIONS = new Set([".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"]);
const DECLARATION_FILE = /\.d\.[mc]?ts$/;

export function isSourceFile(name) {
  return SOURCE_EXTENSIONS.has(path.extname(name)) && !DECLARATION_FILE.test(name);
}

/** Sorted absolute paths of the source files under dir. */
export function listSourceFiles(dir) {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && isSourceFile(entry.name))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

export function corpusStats(dir) {
  const files = listSourceFiles(dir);
  let bytes = 0;
  for (const file of files) bytes += fs.statSync(file).size;
  return { files: files.length, bytes, paths: files };
}

export function corpusIsComplete(dir) {
  return CORPORA.every((name) => fs.existsSync(path.join(dir, name))) && fs.existsSync(path.join(dir, "tiny", "one.ts"));
}

/**
 * Builds the corpus with the shared script when any part is missing. Its output goes to our stderr so a long
 * `npm pack` is visibly alive. Returns an error message, or undefined on success.
 */
export function ensureCorpus(dir, sharedDir, log) {
  if (corpusIsComplete(dir)) return undefined;
  const script = path.join(sharedDir, "bench", "make-corpus.sh");
  if (!fs.existsSync(script)) return `the corpus ${dir} is missing and ${script} does not exist (use --shared DIR)`;
  log(`building the corpus in ${dir} with ${script} ...`);
  const result = spawnSync("bash", [script, dir], { stdio: ["ignore", "ignore", "inherit"] });
  if (result.error) return `cannot run ${script}: ${result.error.message}`;
  if (result.status !== 0) return `${script} failed with exit code ${result.status}`;
  if (!corpusIsComplete(dir)) return `${script} finished but ${dir} lacks medium/, huge/ or tiny/one.ts`;
  return undefined;
}

/**
 * `factor` real copies of a corpus (snapcheck deduplicates repeated paths, and symlinks would be resolved to the
 * same files) in `<name>-<factor>x/`, made once and reused while the source keeps the same file count and size.
 */
export function ensureScaledCopy(corpusDir, name, factor, stats) {
  const dir = path.join(corpusDir, `${name}-${factor}x`);
  const stamp = path.join(dir, ".complete");
  const expected = `${stats.files} ${stats.bytes}`;
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === expected) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  for (let copy = 1; copy <= factor; copy++) {
    fs.cpSync(path.join(corpusDir, name), path.join(dir, `copy-${copy}`), { recursive: true });
  }
  fs.writeFileSync(stamp, expected);
  return dir;
}
