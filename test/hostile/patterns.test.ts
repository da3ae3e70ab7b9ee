import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LintResult } from "../../src/results.js";
import { git } from "../adoption/bin.js";
import { treeTracker } from "../trees/temp-tree.js";
import { assertBuilt, FINDING, RULE, SLOW, snapcheck } from "./helpers.js";

/**
 * Patterns and scanners fed by what a pull request can change (file names, file texts, config globs) take time
 * linear in their input. Each input below took minutes to hours with the backtracking matchers these replaced
 * (`*a*a*a*a*a*a*b` against 100 `a`s alone took 149 s); the bound asserted is generous, the growth is the point.
 */
const trees = treeTracker();
afterAll(trees.cleanup);
beforeAll(assertBuilt);

const BOUND_MS = 60_000;
const CRAFTED_GLOB = "*a*a*a*a*a*a*b";
/** 200 `a`s: about 70 times the work of 100 for a backtracking matcher, so about three hours. */
const LONG_NAME = `${"a".repeat(200)}.ts`;

async function timed<T>(work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work();
  expect(Date.now() - started).toBeLessThan(BOUND_MS);
  return result;
}

const linted = (root: string, stdout: string) =>
  (JSON.parse(stdout) as LintResult[]).map((result) => path.relative(root, result.filePath).split(path.sep).join("/")).sort();

describe.concurrent("globs", () => {
  it("a crafted override glob against a long file name", async () => {
    const config = { overrides: [{ files: [CRAFTED_GLOB], rules: { [RULE]: "off" } }, { files: ["src/*ab.ts"], rules: { [RULE]: "off" } }] };
    const root = trees.track({ ".snapcheckrc.json": JSON.stringify(config), [`src/${LONG_NAME}`]: FINDING, "src/ab.ts": FINDING });
    const run = await timed(() => snapcheck(root, ["src", "-f", "json"]));
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout) as LintResult[];
    // The crafted glob does not match (no `b` after the `a`s); the second one does match ab.ts.
    expect(results.map((result) => [path.basename(result.filePath), result.errorCount])).toEqual([
      [LONG_NAME, 1],
      ["ab.ts", 0],
    ]);
  }, SLOW);

  it("a crafted command-line pattern against a long file name", async () => {
    const root = trees.track({ [`src/${LONG_NAME}`]: FINDING, [`src/${"a".repeat(200)}b.ts`]: FINDING });
    const run = await timed(() => snapcheck(root, [`src/${CRAFTED_GLOB}.ts`, "-f", "json"]));
    expect(run.code).toBe(1);
    expect(linted(root, run.stdout)).toEqual([`src/${"a".repeat(200)}b.ts`]);
  }, SLOW);

  it("a glob this matcher does not support is one clear line and exit 2", async () => {
    const root = trees.track({ ".snapcheckrc.json": JSON.stringify({ overrides: [{ files: ["+(a|b).ts"], rules: {} }] }), "src/a.ts": FINDING });
    const run = await snapcheck(root, ["src"]);
    expect([run.code, run.stdout]).toEqual([2, ""]);
    expect(run.stderr).toBe('snapcheck: .snapcheckrc.json: overrides[0].files: glob "+(a|b).ts": extended globs such as +(…) are not supported\n');
    const pattern = await snapcheck(root, ["src/[[:alpha:]].ts"]);
    expect(pattern.stderr).toBe('snapcheck: pattern "src/[[:alpha:]].ts": POSIX character classes such as [[:alpha:]] are not supported\n');
    expect(pattern.code).toBe(2);
  }, SLOW);
});

describe.concurrent("a connections row named with wildcards", () => {
  it("is looked for in file texts and matched against import specifiers in linear time", async () => {
    const config = { connections: { "a*a*a*a*a*b": { exports: ["Client"], how: "new", connects: "on-construction" } } };
    const crafted = "a".repeat(20_000);
    const root = trees.track({
      ".snapcheckrc.json": JSON.stringify(config),
      // A quote followed by a long run of `a`s, in a comment and as an import: both took hours.
      "src/crafted.ts": `// "${crafted}\nimport { Client } from "${crafted}";\nexport const client = new Client();\n`,
      "src/real.ts": `import { Client } from "aaaaab";\nexport const client = new Client();\n`,
    });
    const run = await timed(() => snapcheck(root, ["src", "-f", "json"]));
    const results = JSON.parse(run.stdout) as LintResult[];
    expect(results.map((result) => [path.basename(result.filePath), result.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}`)])).toEqual([
      ["crafted.ts", []],
      ["real.ts", ["2:23 connections/init-connection"]],
    ]);
  }, SLOW);
});

describe("--changed", () => {
  it("scans a file of a comment followed by megabytes of spaces in linear time, and still follows its imports", async () => {
    // `// import` and 1.9 MB of spaces: 150,000 took 20 s with the old scanner, this about 160 times as long.
    const crafted = `// import${" ".repeat(1_900_000)}\nimport { id } from "./lib.js";\nexport const handler = () => id;\n`;
    const files: Record<string, string> = { "src/lib.ts": "export const id = 1;\n", "src/other.ts": "export const x = 1;\n" };
    for (let i = 0; i < 4; i++) files[`src/crafted${i}.ts`] = crafted;
    const root = trees.track(files);
    await git(root, "init", "-q", "-b", "main");
    await git(root, "add", "-A");
    await git(root, "commit", "-q", "-m", "initial");
    fs.writeFileSync(path.join(root, "src/lib.ts"), FINDING);
    const run = await timed(() => snapcheck(root, ["--changed", "-f", "json"]));
    expect(run.stderr).toBe("");
    expect(linted(root, run.stdout)).toEqual(["src/crafted0.ts", "src/crafted1.ts", "src/crafted2.ts", "src/crafted3.ts", "src/lib.ts"]);
  }, SLOW);
});
