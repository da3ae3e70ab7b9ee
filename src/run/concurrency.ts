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

/**
 * Cores per worker under `auto`, as in ESLint: one linting thread keeps about 1.5 cores busy (V8 compiles the
 * compiler's hot code and collects garbage on threads of its own), so on 2 cores two workers took longer than
 * one thread (README, Performance).
 */
const AUTO_CORES_PER_WORKER = 2;

/**
 * The command line's without `--concurrency`: `auto`, so a large run uses the cores a machine has to spare and a
 * small one, or one on 2 cores, lints in this thread. The API lints in the caller's thread unless told otherwise,
 * as ESLint's does.
 */
export const DEFAULT_CONCURRENCY: Concurrency = "auto";

export function parseConcurrency(value: string): Concurrency {
  if (value === "auto" || value === "off") return value;
  if (/^[1-9]\d*$/.test(value)) return Number(value);
  throw new UsageError(`--concurrency: expected a positive number, "auto" or "off", not "${value}"`);
}

/** How many workers lint `files` files on a machine of `cores` cores: 0 lints in the main thread. */
export function workerCount(concurrency: Concurrency, files: number, cores = os.availableParallelism()): number {
  if (concurrency === "off" || files === 0) return 0;
  if (concurrency === "auto") {
    const count = Math.min(Math.floor(cores / AUTO_CORES_PER_WORKER), Math.floor(files / AUTO_FILES_PER_WORKER));
    return count >= 2 ? count : 0;
  }
  return Math.min(concurrency, files);
}
