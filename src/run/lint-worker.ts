import v8 from "node:v8";
import { parentPort, workerData } from "node:worker_threads";
import { rulesById } from "../../rules/index.js";
import { ModuleIndex } from "../analysis/modules.js";
import { parseCount } from "../engine/parse.js";
import { runTask } from "./lint-task.js";
import type { BatchReply, BatchRequest, TaskOutcome, WorkerSettings } from "./workers.js";

/** A `--concurrency` worker: lints the batches the main thread sends, keeping imported files parsed across them. */
const settings = workerData as WorkerSettings;
const modules = new ModuleIndex(settings.cwd, { recordImports: settings.recordImports });
let problemsSent = 0;

parentPort?.on("message", (request: BatchRequest) => {
  const parsesBefore = parseCount();
  const outcomes = request.tasks.map(({ filePath, config, unreached, passes }): TaskOutcome => {
    const task = { filePath, config: request.configs[config]!, unreached, ...(passes ? { passes } : {}) };
    const outcome = runTask(task, { rules: rulesById, modules, unusedDirectiveSeverity: settings.unusedDirectiveSeverity }, settings.recordImports);
    if (outcome.hash === undefined) return outcome;
    return { ...outcome, dependencies: modules.dependenciesOf(filePath) };
  });
  const problems = modules.resolver.problems.slice(problemsSent);
  problemsSent = modules.resolver.problems.length;
  // A thread has no RSS of its own: its heap's physical size is what it adds to the process.
  const reply: BatchReply = { outcomes, problems, parsed: parseCount() - parsesBefore, heapBytes: v8.getHeapStatistics().total_physical_size };
  parentPort?.postMessage(reply);
});
