import path from "node:path";
import { Worker } from "node:worker_threads";
import type { ImportEdge } from "../analysis/modules.js";
import type { ResolutionProblem } from "../analysis/resolution.js";
import type { ResolvedConfig } from "../config/types.js";
import { countWorkerParses } from "../engine/parse.js";
import type { LintResult, Severity } from "../results.js";
import type { LintTask } from "./lint-task.js";

/**
 * The smallest batch: below this, a batch's files share too few imports for a worker to parse each once, and the
 * messages cost more than the linting. Batches shrink towards it (guided scheduling): the first are large, so that
 * a worker keeps what a folder imports parsed, and the last small, so that no worker is left with a long one while
 * the others are idle.
 */
const MIN_BATCH = 16;

/**
 * Contiguous runs of the (sorted) tasks, each about 1/(2 * workers) of those left, cut where the folder changes
 * when a cut is near: files of one folder import each other most, and a worker parses an imported file once for
 * all the files of its batches.
 */
export function batchesOf<T extends { filePath: string }>(tasks: readonly T[], workers: number): { start: number; end: number }[] {
  const batches: { start: number; end: number }[] = [];
  let start = 0;
  const endsFolder = (end: number) => end === tasks.length || path.dirname(tasks[end]!.filePath) !== path.dirname(tasks[end - 1]!.filePath);
  while (start < tasks.length) {
    const target = Math.max(MIN_BATCH, Math.ceil((tasks.length - start) / (2 * workers)));
    // The folder end nearest the target size, within half a batch either way; else the target size.
    let end = Math.min(tasks.length, start + target);
    for (let offset = 0; offset <= target / 2; offset++) {
      const later = start + target + offset;
      const earlier = start + target - offset;
      if (later <= tasks.length && endsFolder(later)) {
        end = later;
        break;
      }
      if (earlier > start && earlier <= tasks.length && endsFolder(earlier)) {
        end = earlier;
        break;
      }
    }
    batches.push({ start, end });
    start = end;
  }
  return batches;
}

export interface WorkerSettings {
  cwd: string;
  /** `--cache`: workers return the imports each file's analysis followed. */
  recordImports: boolean;
  unusedDirectiveSeverity: 0 | Severity;
}

/** What a worker sends back for one task. */
export interface TaskOutcome {
  result?: LintResult;
  /** With `--cache`: the hash of the bytes linted (absent when the file could not be read: nothing to cache). */
  hash?: string;
  dependencies?: ImportEdge[];
}

export interface BatchRequest {
  configs: ResolvedConfig[];
  tasks: { filePath: string; config: number; unreached: boolean; passes?: LintTask["passes"] }[];
}

export interface BatchReply {
  outcomes: TaskOutcome[];
  /** Files the worker parsed for the batch. */
  parsed: number;
  /** The worker's heap after the batch (physical bytes). */
  heapBytes: number;
  problems: ResolutionProblem[];
}

/**
 * A worker's young generation, where a file's tree is made and mostly dies. V8 lets it grow to 48 MiB per thread:
 * on the medium corpus two workers then peaked at 510-520 MiB with the main thread; 16 MiB took that to 460-475
 * MiB in the same time, 8 MiB to 440 MiB but 5% slower (more of each tree outlives a smaller young generation).
 */
const WORKER_YOUNG_GENERATION_MB = 16;

/**
 * `--concurrency` workers, started before the files to lint are known (while this thread reads the deployment
 * and the configs, they load the compiler and the rules), then given the tasks once. Each keeps its own parsed-file
 * cache across its batches.
 */
export class LintWorkers {
  private readonly threads: { worker: Worker; failed: boolean }[];

  constructor(count: number, settings: WorkerSettings) {
    this.threads = Array.from({ length: count }, () => {
      const worker = new Worker(new URL("./lint-worker.js", import.meta.url), {
        workerData: settings,
        resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
      });
      const thread = { worker, failed: false };
      // A worker that fails before its first batch (out of memory while loading) is given none.
      worker.once("error", () => (thread.failed = true));
      worker.once("exit", () => (thread.failed = true));
      return thread;
    });
  }

  get size(): number {
    return this.threads.length;
  }

  /**
   * Lints the tasks in at most `count` of the workers and returns one outcome per task in the tasks' order; the
   * workers are stopped when done. The batches of a worker that failed (it ran out of memory) are linted in this
   * thread by the linter `fallback` loads: this thread loads the compiler and the rules only then.
   */
  async lint(
    tasks: readonly LintTask[],
    count: number,
    fallback: () => Promise<(task: LintTask) => TaskOutcome>,
    onTaskDone: () => void,
  ): Promise<{ outcomes: TaskOutcome[]; problems: ResolutionProblem[]; heapPeaks: number[] }> {
    const batches = batchesOf(tasks, count);
    const outcomes: TaskOutcome[] = new Array<TaskOutcome>(tasks.length);
    const problems: ResolutionProblem[] = [];
    const heapPeaks: number[] = [];
    let next = 0;
    const runWorker = ({ worker, failed }: { worker: Worker; failed: boolean }, workerIndex: number) =>
      new Promise<void>((resolve) => {
        if (failed) return resolve();
        let current: { start: number; end: number } | undefined;
        // The worker died: the batch in its hand is linted here at the end, its other batches go to the rest.
        const died = () => {
          current = undefined;
          resolve();
        };
        const send = () => {
          current = batches[next++];
          if (!current) return resolve();
          worker.postMessage(requestFor(tasks.slice(current.start, current.end)));
        };
        worker.on("message", (reply: BatchReply) => {
          if (!current) return;
          reply.outcomes.forEach((outcome, offset) => {
            outcomes[current!.start + offset] = outcome;
            onTaskDone();
          });
          problems.push(...reply.problems);
          countWorkerParses(reply.parsed);
          heapPeaks[workerIndex] = Math.max(heapPeaks[workerIndex] ?? 0, reply.heapBytes);
          send();
        });
        worker.once("error", died);
        worker.once("exit", died);
        send();
      });
    try {
      await Promise.all(this.threads.slice(0, Math.min(count, batches.length)).map(runWorker));
    } finally {
      this.close();
    }
    // Batches that a worker died with, or that no worker was left to take.
    let lintHere: ((task: LintTask) => TaskOutcome) | undefined;
    for (let index = 0; index < tasks.length; index++) {
      if (!outcomes[index]) {
        lintHere ??= await fallback();
        outcomes[index] = lintHere(tasks[index]!);
        onTaskDone();
      }
    }
    return { outcomes, problems, heapPeaks };
  }

  /** Stops the workers; a run that lints nothing in them, or fails before, must not be kept alive by them. */
  close(): void {
    for (const { worker } of this.threads) void worker.terminate();
  }
}

/** Each distinct config is cloned into the worker once per batch, not once per file. */
function requestFor(tasks: readonly LintTask[]): BatchRequest {
  const configs: ResolvedConfig[] = [];
  const indexes = new Map<ResolvedConfig, number>();
  return {
    configs,
    tasks: tasks.map(({ filePath, config, unreached, passes }) => {
      let index = indexes.get(config);
      if (index === undefined) {
        index = configs.push(config) - 1;
        indexes.set(config, index);
      }
      return { filePath, config: index, unreached, ...(passes ? { passes } : {}) };
    }),
  };
}
