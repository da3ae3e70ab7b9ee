import path from "node:path";
import { Worker } from "node:worker_threads";
import type { ImportEdge } from "../analysis/modules.js";
import type { ResolutionProblem } from "../analysis/resolution.js";
import type { ResolvedConfig } from "../config/types.js";
import { countWorkerParses } from "../engine/parse.js";
import type { LintResult, Severity } from "../results.js";
import type { LintTask } from "./lint-task.js";

/** Batches per worker: enough to even out folders of unequal cost, few enough that each keeps its imports parsed. */
const BATCHES_PER_WORKER = 4;

/**
 * Contiguous runs of the (sorted) tasks, cut where the folder changes when a cut is near: files of one folder
 * import each other most, and a worker parses an imported file once for all the files of its batches.
 */
export function batchesOf<T extends { filePath: string }>(tasks: readonly T[], workers: number): { start: number; end: number }[] {
  const target = Math.max(1, Math.ceil(tasks.length / (workers * BATCHES_PER_WORKER)));
  const batches: { start: number; end: number }[] = [];
  let start = 0;
  const endsFolder = (end: number) => end === tasks.length || path.dirname(tasks[end]!.filePath) !== path.dirname(tasks[end - 1]!.filePath);
  while (start < tasks.length) {
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
 * Lints the tasks in `count` worker threads, each with its own parsed-file cache, and returns one outcome per task
 * in the tasks' order. A batch whose worker fails (it ran out of memory) is linted by `fallback` in this thread.
 */
export async function lintInWorkers(
  tasks: readonly LintTask[],
  count: number,
  settings: WorkerSettings,
  fallback: (task: LintTask) => TaskOutcome,
  onTaskDone: () => void,
): Promise<{ outcomes: TaskOutcome[]; problems: ResolutionProblem[]; heapPeaks: number[] }> {
  const batches = batchesOf(tasks, count);
  const outcomes: TaskOutcome[] = new Array<TaskOutcome>(tasks.length);
  const problems: ResolutionProblem[] = [];
  const heapPeaks: number[] = [];
  let next = 0;
  const runWorker = (workerIndex: number) =>
    new Promise<void>((resolve) => {
      const worker = new Worker(new URL("./lint-worker.js", import.meta.url), { workerData: settings });
      let current: { start: number; end: number } | undefined;
      const finish = () => {
        void worker.terminate();
        resolve();
      };
      const send = () => {
        current = batches[next++];
        if (!current) return finish();
        worker.postMessage(requestFor(tasks.slice(current.start, current.end)));
      };
      const lintHere = () => {
        // The worker died with a batch in hand: this thread lints it, and the worker's other batches go to the rest.
        if (current) {
          for (let index = current.start; index < current.end; index++) {
            outcomes[index] = fallback(tasks[index]!);
            onTaskDone();
          }
        }
        current = undefined;
        resolve();
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
      worker.once("error", lintHere);
      worker.once("exit", () => (current ? lintHere() : resolve()));
      send();
    });
  await Promise.all(Array.from({ length: Math.min(count, batches.length) }, (_, index) => runWorker(index)));
  // A worker that died left the batches it never took.
  for (let index = 0; index < tasks.length; index++) {
    if (!outcomes[index]) {
      outcomes[index] = fallback(tasks[index]!);
      onTaskDone();
    }
  }
  return { outcomes, problems, heapPeaks };
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
