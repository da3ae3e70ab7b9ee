import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";

/**
 * Runs a composite action's steps as the GitHub runner does, for a test: `run` steps through
 * `bash --noprofile --norc -eo pipefail`, with `${{ inputs.* }}` and `${{ steps.*.outputs.* }}` expressions in `if`,
 * `env`, `with` and `working-directory`, step outputs read from `$GITHUB_OUTPUT`. `uses` steps are not run (they
 * need GitHub): they are recorded with their evaluated `with`, so a test can check what they would have received.
 */
export interface ActionStep {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  "working-directory"?: string;
}

export interface ActionDefinition {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface StepRecord {
  name: string;
  skipped: boolean;
  exitCode?: number;
  stdout?: string;
  stderr?: string;
  uses?: string;
  with?: Record<string, string>;
}

export interface ActionRun {
  steps: StepRecord[];
  outputs: Record<string, string>;
  /** Whether the job would fail: a run step exited non-zero. */
  failed: boolean;
}

export function readAction(file: string): ActionDefinition {
  return parse(fs.readFileSync(file, "utf8")) as ActionDefinition;
}

export function runAction(action: ActionDefinition, options: { actionPath: string; workspace: string; inputs: Record<string, string>; env?: NodeJS.ProcessEnv; skipSteps?: string[] }): ActionRun {
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) inputs[name] = options.inputs[name] ?? input.default ?? "";
  const stepOutputs: Record<string, Record<string, string>> = {};
  const records: StepRecord[] = [];
  let failed = false;
  const temp = fs.mkdtempSync(path.join(options.workspace, "..", "runner-temp-"));

  const lookup = (reference: string): string => {
    const [scope, ...rest] = reference.split(".");
    if (scope === "inputs") return inputs[rest.join(".")] ?? "";
    if (scope === "steps" && rest[1] === "outputs") return stepOutputs[rest[0]!]?.[rest.slice(2).join(".")] ?? "";
    throw new Error(`expression not supported by the test runner: ${reference}`);
  };
  const evaluate = (expression: string): string | boolean => {
    const terms = expression.split("&&").map((term) => term.trim());
    if (terms.length > 1) return terms.every((term) => evaluate(term) === true);
    const term = terms[0]!;
    if (term === "always()") return true;
    if (term === "success()") return !failed;
    const comparison = /^([\w.-]+)\s*(==|!=)\s*'([^']*)'$/.exec(term);
    if (comparison) return (lookup(comparison[1]!) === comparison[3]) === (comparison[2] === "==");
    return lookup(term);
  };
  const interpolate = (text: string): string => text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expression: string) => String(evaluate(expression)));
  const condition = (text: string | undefined): boolean => {
    if (text === undefined) return !failed;
    const expression = /^\$\{\{\s*(.+?)\s*\}\}$/.exec(text.trim())?.[1] ?? text;
    // As on GitHub, a condition without a status function implies success().
    const value = evaluate(expression);
    return (/\b(always|failure|cancelled)\(\)/.test(expression) || !failed) && value === true;
  };

  for (const step of action.runs.steps) {
    const name = step.name ?? step.id ?? step.uses ?? "step";
    if (options.skipSteps?.includes(name) || !condition(step.if)) {
      records.push({ name, skipped: true });
      continue;
    }
    const withValues = Object.fromEntries(Object.entries(step.with ?? {}).map(([key, value]) => [key, interpolate(String(value))]));
    if (step.uses) {
      records.push({ name, skipped: false, uses: step.uses, with: withValues });
      continue;
    }
    const outputFile = path.join(temp, `output-${records.length}`);
    fs.writeFileSync(outputFile, "");
    const env = {
      ...process.env,
      ...options.env,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([key, value]) => [key, interpolate(String(value))])),
      GITHUB_ACTION_PATH: options.actionPath,
      GITHUB_OUTPUT: outputFile,
      GITHUB_WORKSPACE: options.workspace,
      RUNNER_TEMP: temp,
    };
    const cwd = path.resolve(options.workspace, interpolate(step["working-directory"] ?? "."));
    const child = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run ?? ""], { cwd, env, encoding: "utf8" });
    const exitCode = child.status ?? 1;
    records.push({ name, skipped: false, exitCode, stdout: child.stdout, stderr: child.stderr });
    if (step.id) {
      stepOutputs[step.id] = Object.fromEntries(
        fs.readFileSync(outputFile, "utf8").split("\n").filter((line) => line.includes("=")).map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
      );
    }
    if (exitCode !== 0) failed = true;
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([key, output]) => [key, interpolate(output.value)]));
  return { steps: records, outputs, failed };
}
