import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { treeTracker } from "../trees/temp-tree.js";
import { copyTrackedFiles } from "./checkout.js";
import { readAction, runAction, type ActionRun } from "./action-runner.js";

const trees = treeTracker();
afterAll(trees.cleanup, 120_000);

const action = readAction("action.yml");
/** The action's checkout, as a runner makes it: the repository's tracked files at this state, nothing installed. */
let actionPath = "";

beforeAll(() => {
  actionPath = trees.track({});
  copyTrackedFiles(actionPath);
}, 60_000);

function repository(files: Record<string, string>): string {
  return trees.track({ "package.json": '{ "name": "service", "private": true }\n', ...files });
}

const HAZARD = "import { randomUUID } from 'node:crypto';\nconst instanceId = randomUUID();\nexport const handler = async () => instanceId;\n";
const CLEAN = "import { randomUUID } from 'node:crypto';\nexport const handler = async () => randomUUID();\n";

/** The first scenario runs the real install; the others reuse it (a runner would install again, at 20 s a time). */
let installed = false;
function runInstalledAction(workspace: string, inputs: Record<string, string>): ActionRun {
  const run = runAction(action, { actionPath, workspace, inputs, ...(installed ? { skipSteps: ["Install snapcheck"] } : {}) });
  installed = true;
  return run;
}

function step(run: ActionRun, name: string) {
  const found = run.steps.find((record) => record.name === name);
  if (!found) throw new Error(`no step ${name}`);
  return found;
}

describe("the GitHub Action (action.yml)", () => {
  it("is a composite action on current majors of setup-node and upload-sarif", () => {
    expect(action.runs.using).toBe("composite");
    const uses = action.runs.steps.flatMap((s) => (s.uses ? [s.uses] : []));
    expect(uses).toEqual(["actions/setup-node@v6", "github/codeql-action/upload-sarif@v4"]);
    expect(action.inputs["node-version"]?.default).toBe("24");
  });

  it("installs itself, annotates findings on the pull request and fails the job", () => {
    const run = runInstalledAction(repository({ "src/handler.ts": HAZARD }), {});
    expect(step(run, "Install snapcheck").exitCode).toBe(0);
    const lint = step(run, "Run snapcheck");
    expect(lint.exitCode, lint.stderr).toBe(0);
    expect(lint.stdout).toMatch(/^::error file=src\/handler\.ts,line=2,col=\d+,.*title=uniqueness\/init-random::/m);
    expect(run.outputs["exit-code"]).toBe("1");
    expect(step(run, "Upload SARIF to code scanning").skipped).toBe(true);
    expect(step(run, "Fail on findings").exitCode).toBe(1);
    expect(run.failed).toBe(true);
  }, 240_000);

  it("uploads a SARIF report instead, and still fails on findings after the upload", () => {
    const run = runInstalledAction(repository({ "src/handler.ts": HAZARD }), { "upload-sarif": "true" });
    const sarifFile = run.outputs["sarif-file"]!;
    const sarif = JSON.parse(fs.readFileSync(sarifFile, "utf8")) as { version: string; runs: { results: { ruleId: string }[] }[] };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]!.results.map((result) => result.ruleId)).toEqual(["uniqueness/init-random"]);
    expect(step(run, "Upload SARIF to code scanning").with).toEqual({ sarif_file: sarifFile, category: "snapcheck" });
    expect(step(run, "Fail on findings").exitCode).toBe(1);
  }, 240_000);

  it("passes paths and extra arguments through, and succeeds on clean code", () => {
    const workspace = repository({ "api/handler.ts": CLEAN, "jobs/handler.ts": CLEAN, "other/handler.ts": HAZARD });
    const run = runInstalledAction(workspace, { paths: "api jobs", args: "--max-warnings 0", format: "stylish" });
    expect(run.outputs["exit-code"]).toBe("0");
    expect(step(run, "Fail on findings").skipped).toBe(true);
    expect(run.failed).toBe(false);
  }, 240_000);

  it("fails at the lint step on a usage mistake, with snapcheck's one-line error", () => {
    const run = runInstalledAction(repository({ "src/handler.ts": CLEAN }), { args: "--no-such-flag" });
    const lint = step(run, "Run snapcheck");
    expect(lint.exitCode).toBe(2);
    expect(lint.stderr).toContain("snapcheck: unknown option '--no-such-flag'");
    expect(step(run, "Fail on findings").skipped).toBe(true);
  }, 240_000);

  it("never lets an input run as shell code", () => {
    const workspace = repository({ "src/handler.ts": CLEAN });
    const run = runInstalledAction(workspace, { paths: "src $(touch pwned) `touch pwned2`" });
    expect(fs.existsSync(path.join(workspace, "pwned")) || fs.existsSync(path.join(workspace, "pwned2"))).toBe(false);
    // Each word is a path to snapcheck, and "$(touch" matches no file.
    expect(step(run, "Run snapcheck").stderr).toContain('snapcheck: No files matching the pattern "$(touch"');
  }, 240_000);
});
