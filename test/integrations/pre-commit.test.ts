import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { treeTracker } from "../trees/temp-tree.js";
import { copyTrackedFiles } from "./checkout.js";

const trees = treeTracker();
afterAll(trees.cleanup, 120_000);

const hasPreCommit = spawnSync("pre-commit", ["--version"]).status === 0;
// CI installs pre-commit (.ci/run): there a missing tool is a failure, never a silent skip.
if (!hasPreCommit && process.env.CI) throw new Error("pre-commit is not installed; .ci/run installs it");

const HAZARD = "import { randomUUID } from 'node:crypto';\nconst instanceId = randomUUID();\nexport const handler = async () => instanceId;\n";

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=dev", "-c", "user.email=dev@example.com", ...args], { cwd, encoding: "utf8" });
}

describe("the pre-commit hook definition", () => {
  it("is a node hook over JavaScript and TypeScript files that passes their names", () => {
    const [hook] = parse(fs.readFileSync(".pre-commit-hooks.yaml", "utf8")) as Record<string, unknown>[];
    expect(hook).toMatchObject({ id: "snapcheck", language: "node", types_or: ["javascript", "jsx", "ts", "tsx"] });
    expect(hook).not.toHaveProperty("pass_filenames", false);
    expect(String(hook!.entry).split(" ")[0]).toBe("snapcheck");
  });
});

describe.skipIf(!hasPreCommit)("pre-commit try-repo", () => {
  let hookRepo = "";
  let project = "";
  let home = "";

  beforeAll(() => {
    // The hook repository as pre-commit clones it: this working tree's tracked files, committed.
    hookRepo = trees.track({});
    copyTrackedFiles(hookRepo);
    git(hookRepo, "init", "-q");
    git(hookRepo, "add", "-A");
    git(hookRepo, "commit", "-qm", "snapcheck");
    home = trees.track({});
    project = trees.track({
      "package.json": '{ "name": "service", "private": true }\n',
      "serverless.yml": "service: orders\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  orders:\n    handler: src/handler.handler\n    snapStart: true\n",
      "src/handler.ts": HAZARD,
      "src/handler.test.ts": `${HAZARD}it("works", () => {});\n`,
      "README.md": "Math.random() in prose is not code\n",
    });
    git(project, "init", "-q");
    git(project, "add", "-A");
  }, 120_000);

  function tryRepo(...files: string[]) {
    return spawnSync("pre-commit", ["try-repo", hookRepo, "snapcheck", "--verbose", "--color", "never", "--files", ...files], {
      cwd: project,
      encoding: "utf8",
      env: { ...process.env, PRE_COMMIT_HOME: home, CI: "" },
    });
  }

  it("installs the hook and fails the commit on a hazard in a staged handler, naming the file and rule", () => {
    const run = tryRepo("src/handler.ts", "src/handler.test.ts", "README.md");
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/snapcheck\.+Failed/);
    expect(run.stdout).toContain("src/handler.ts");
    expect(run.stdout).toContain("uniqueness/init-random");
    // The test file is named by the hook, yet left out: no deployed function loads it.
    expect(run.stdout).not.toContain("handler.test.ts");
  }, 400_000);

  it("passes when the staged files are clean", () => {
    const run = tryRepo("src/handler.test.ts", "README.md");
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/snapcheck\.+Passed/);
  }, 400_000);
});
