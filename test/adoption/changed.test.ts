import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { LintResult } from "../../src/results.js";
import { addToTree, treeTracker } from "../trees/temp-tree.js";
import { git, lines, requireBuild, snapcheck } from "./bin.js";

const trees = treeTracker();
afterAll(trees.cleanup);
requireBuild();

const FINDING = "export const bootId = crypto.randomUUID();\n";

/** A committed repository: handler.ts uses lib/ids.ts, entry.ts imports handler.ts, other.ts has a finding. */
async function repository(): Promise<string> {
  const root = trees.track({
    ".gitignore": "ignored/\n",
    "src/handler.ts": `import { makeRunId } from "./lib/ids.js";\nexport const handler = () => makeRunId();\n`,
    "src/entry.ts": `export { handler } from "./handler";\n`,
    "src/lib/ids.ts": `export function makeRunId() {\n  return "run";\n}\n`,
    "src/other.ts": FINDING,
  });
  await git(root, "init", "-q", "-b", "main");
  await git(root, "add", "-A");
  await git(root, "commit", "-q", "-m", "initial");
  return root;
}

/** The files a run linted (the json format has a result for each), relative to the root. */
async function linted(root: string, args: string[]): Promise<string[]> {
  const run = await snapcheck(root, ["--changed", "-f", "json", ...args]);
  expect(run.stderr).toBe("");
  return (JSON.parse(run.stdout) as LintResult[]).map((result) => path.relative(root, result.filePath).split(path.sep).join("/"));
}

describe.concurrent("--changed", { timeout: 60_000 }, () => {
  it("lints nothing in a clean working tree", async () => {
    const root = await repository();
    expect(await snapcheck(root, ["--changed"])).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("lints uncommitted changes and the files importing them, directly or through another file", async () => {
    const root = await repository();
    addToTree(root, { "src/lib/ids.ts": `import { randomUUID } from "node:crypto";\nexport function makeRunId() {\n  return randomUUID();\n}\n` });
    expect(await linted(root, [])).toEqual(["src/entry.ts", "src/handler.ts", "src/lib/ids.ts"]);
    // Intersected with the paths given.
    expect(await linted(root, ["src/lib"])).toEqual(["src/lib/ids.ts"]);
  });

  it("counts staged and untracked files, but not ignored ones", async () => {
    const root = await repository();
    addToTree(root, { "src/new.ts": FINDING, "ignored/x.ts": FINDING, "src/entry.ts": `export { handler } from "./handler.js";\n` });
    await git(root, "add", "src/entry.ts");
    expect(await linted(root, [])).toEqual(["src/entry.ts", "src/new.ts"]);
    const run = await snapcheck(root, ["--changed", "-f", "unix"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("src/new.ts:1:23");
    expect(run.stdout).not.toContain("other.ts");
  });

  it("lints every file below a changed config file", async () => {
    const root = await repository();
    addToTree(root, { "src/lib/.snapcheckrc.json": JSON.stringify({ rules: { "uniqueness/init-random": "warn" } }) });
    expect(await linted(root, [])).toEqual(["src/lib/ids.ts"]);
    addToTree(root, { "package.json": JSON.stringify({ name: "app" }) });
    expect(await linted(root, [])).toEqual(["src/lib/ids.ts"]);
    addToTree(root, { "package.json": JSON.stringify({ name: "app", snapcheck: { target: "node-snapshot" } }) });
    expect(await linted(root, [])).toEqual(["src/entry.ts", "src/handler.ts", "src/lib/ids.ts", "src/other.ts"]);
  });

  it("lints the importers of a deleted file", async () => {
    const root = await repository();
    fs.rmSync(path.join(root, "src/lib/ids.ts"));
    expect(await linted(root, [])).toEqual(["src/entry.ts", "src/handler.ts"]);
  });

  it("--since compares with the merge base of a ref: what a branch changed, plus uncommitted work", async () => {
    const root = await repository();
    await git(root, "checkout", "-q", "-b", "feature");
    addToTree(root, { "src/lib/ids.ts": `export function makeRunId() {\n  return "run-2";\n}\n` });
    await git(root, "commit", "-q", "-am", "change ids");
    // main moves on too: its own changes are not the branch's.
    await git(root, "checkout", "-q", "main");
    addToTree(root, { "src/other.ts": `${FINDING}// touched on main\n` });
    await git(root, "commit", "-q", "-am", "main work");
    await git(root, "checkout", "-q", "feature");
    addToTree(root, { "src/draft.ts": "export {};\n" });

    expect(await linted(root, ["--since", "main"])).toEqual(["src/draft.ts", "src/entry.ts", "src/handler.ts", "src/lib/ids.ts"]);
    expect(await linted(root, ["--since", "HEAD"])).toEqual(["src/draft.ts"]);
    expect(await linted(root, [])).toEqual(["src/draft.ts"]);
  });

  it("exits 2 with one line for an unknown ref, or outside a git repository", async () => {
    const root = await repository();
    const unknown = await snapcheck(root, ["--changed", "--since", "no-such-branch"]);
    expect([unknown.code, unknown.stdout, lines(unknown.stderr)]).toEqual([2, "", ['snapcheck: --since: unknown git ref "no-such-branch"']]);
    const option = await snapcheck(root, ["--changed", "--since", "--output=x"]);
    expect([option.code, lines(option.stderr)]).toEqual([2, ['snapcheck: --since: unknown git ref "--output=x"']]);

    const outside = trees.track({ "a.ts": FINDING });
    const run = await snapcheck(outside, ["--changed"], undefined, { GIT_CEILING_DIRECTORIES: path.dirname(outside) });
    expect([run.code, run.stdout, lines(run.stderr)]).toEqual([2, "", [`snapcheck: --changed: ${outside} is not inside a git repository`]]);
    expect(lines((await snapcheck(root, ["--since", "main"])).stderr)).toEqual(["snapcheck: --since needs --changed"]);
  });
});
