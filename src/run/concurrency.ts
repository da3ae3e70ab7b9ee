import os from "node:os";
import { UsageError } from "../errors.js";

/** `--concurrency`: ESLint's values. A number is how many worker threads lint; `off` lints in the main thread. */
export type Concurrency = number | "auto" | "off";

/**
 * Files to lint per worker before `auto` starts one: a worker costs about 0.25 s of start-up (loading the compiler
 * and the rules), what the main thread lints about 150 files in; below this many files per worker, the start-up
 * eats the gain (see the README's Performance section).
 */
const AUTO_FILES_PER_WORKER = 300;

export function parseConcurrency(value: string): Concurrency {
  if (value === "auto" || value === "off") return value;
  if (/^[1-9]\d*$/.test(value)) return Number(value);
  throw new UsageError(`--concurrency: expected a positive number, "auto" or "off", not "${value}"`);
}

/** How many workers lint `files` files: 0 lints in the main thread. */
export function workerCount(concurrency: Concurrency, files: number): number {
  if (concurrency === "off" || files === 0) return 0;
  if (concurrency === "auto") {
    const count = Math.min(os.availableParallelism(), Math.floor(files / AUTO_FILES_PER_WORKER));
    return count >= 2 ? count : 0;
  }
  return Math.min(concurrency, files);
}
