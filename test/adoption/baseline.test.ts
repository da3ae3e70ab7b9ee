import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { LintResult } from "../../src/results.js";
import { addToTree, treeTracker } from "../trees/temp-tree.js";
import { lines, requireBuild, snapcheck } from "./bin.js";

const trees = treeTracker();
afterAll(trees.cleanup);
requireBuild();

const RULE = "uniqueness/init-random";
const POOL = "uniqueness/entropy-pool";
/** `count` init-random errors, one per line. */
const errors = (count: number) => Array.from({ length: count }, (_, i) => `export const id${i} = crypto.randomUUID();\n`).join("");
/** One init-random and one entropy-pool error. */
const TWO_RULES = `import { randomUUID } from "node:crypto";\nrandomUUID();\nexport const bootId = Date.now();\nexport const handler = async () => ({ id: randomUUID() });\n`;
const FILE = "snapcheck-suppressions.json";

function project(): string {
  return trees.track({
    "src/a.ts": errors(2),
    // Warnings are never recorded: they do not fail a run, which is what the file exists to stop.
    "src/warned.ts": errors(1),
    ".snapcheckrc.json": JSON.stringify({ overrides: [{ files: ["src/warned.ts"], rules: { [RULE]: "warn" } }] }),
  });
}

const read = (root: string, file = FILE) => JSON.parse(fs.readFileSync(path.join(root, file), "utf8")) as unknown;

async function json(root: string, args: string[] = []): Promise<{ code: number; stderr: string; byFile: Record<string, LintResult> }> {
  const run = await snapcheck(root, ["-f", "json", ...args]);
  const results = JSON.parse(run.stdout) as LintResult[];
  const byFile = Object.fromEntries(results.map((result) => [path.relative(root, result.filePath).split(path.sep).join("/"), result]));
  return { code: run.code, stderr: run.stderr, byFile };
}

describe.concurrent("bulk suppressions", { timeout: 60_000 }, () => {
  it("--suppress-all records error counts per file and rule, and later runs pass while no file has more", async () => {
    const root = project();
    const written = await snapcheck(root, ["--suppress-all", "-f", "unix"]);
    expect(written.code).toBe(0);
    expect(written.stdout).toContain("src/warned.ts:1:20");
    expect(read(root)).toEqual({ "src/a.ts": { [RULE]: { count: 2 } } });
    expect(fs.readFileSync(path.join(root, FILE), "utf8")).toMatch(/^\{\n {2}"src\/a\.ts": \{\n/);

    const { code, stderr, byFile } = await json(root);
    expect([code, stderr]).toEqual([0, ""]);
    expect(byFile["src/a.ts"]).toMatchObject({ messages: [], errorCount: 0 });
    expect(byFile["src/a.ts"]!.suppressedMessages.map((m) => [m.ruleId, m.line, m.suppressions])).toEqual([
      [RULE, 1, [{ kind: "file", justification: "" }]],
      [RULE, 2, [{ kind: "file", justification: "" }]],
    ]);
    expect(byFile["src/warned.ts"]!.warningCount).toBe(1);
  });

  it("reports every error of the rule in the file once there are more than recorded, as ESLint does", async () => {
    const root = project();
    await snapcheck(root, ["--suppress-all"]);
    addToTree(root, { "src/a.ts": errors(3) });
    const { code, byFile } = await json(root);
    expect(code).toBe(1);
    expect(byFile["src/a.ts"]!.messages.map((m) => m.line)).toEqual([1, 2, 3]);
    expect(byFile["src/a.ts"]!.suppressedMessages).toEqual([]);
  });

  it("notices entries that exceed what is left, without failing, and --prune-suppressions lowers or drops them", async () => {
    const root = project();
    addToTree(root, { "src/b.ts": errors(1) });
    await snapcheck(root, ["--suppress-all"]);
    addToTree(root, { "src/a.ts": errors(1), "src/b.ts": "export {};\n" });

    const run = await snapcheck(root, []);
    expect([run.code, run.stdout]).toEqual([0, expect.not.stringContaining("src/a.ts")]);
    expect(lines(run.stderr)).toEqual([
      `snapcheck: warning: unused suppressions in ${FILE}, errors that no longer occur; run with --prune-suppressions to remove them:`,
      `  src/a.ts: ${RULE} (1 unused)`,
      `  src/b.ts: ${RULE} (1 unused)`,
    ]);
    // Linting part of the tree says nothing of the files not linted.
    expect((await snapcheck(root, ["src/a.ts"])).stderr).not.toContain("src/b.ts");

    const pruned = await snapcheck(root, ["--prune-suppressions"]);
    expect([pruned.code, pruned.stderr]).toEqual([0, ""]);
    expect(read(root)).toEqual({ "src/a.ts": { [RULE]: { count: 1 } } });
    expect((await snapcheck(root, [])).stderr).toBe("");
  });

  it("--suppress-rule records only the rules named", async () => {
    const root = trees.track({ "c.ts": TWO_RULES });
    const run = await snapcheck(root, ["--suppress-rule", POOL, "-f", "unix"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`[Error/${RULE}]`);
    expect(run.stdout).not.toContain(POOL);
    expect(read(root)).toEqual({ "c.ts": { [POOL]: { count: 1 } } });
    // Adding the other rule later keeps the first entry.
    await snapcheck(root, ["--suppress-rule", RULE]);
    expect(read(root)).toEqual({ "c.ts": { [POOL]: { count: 1 }, [RULE]: { count: 1 } } });
    expect(await snapcheck(root, [])).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("reads and writes --suppressions-location", async () => {
    const root = project();
    await snapcheck(root, ["--suppress-all", "--suppressions-location", "config/suppressions.json"]);
    expect(fs.existsSync(path.join(root, FILE))).toBe(false);
    expect(read(root, "config/suppressions.json")).toEqual({ "src/a.ts": { [RULE]: { count: 2 } } });
    expect((await snapcheck(root, ["--suppressions-location", "config/suppressions.json"])).code).toBe(0);
    expect((await snapcheck(root, [])).code).toBe(1);
  });

  it("exits 2 on a broken file and on flag mistakes", async () => {
    const root = project();
    addToTree(root, { [FILE]: "{ nope" });
    const broken = await snapcheck(root, []);
    expect([broken.code, lines(broken.stderr).length]).toEqual([2, 1]);
    expect(broken.stderr).toMatch(/^snapcheck: snapcheck-suppressions\.json: invalid JSON: /);
    addToTree(root, { [FILE]: JSON.stringify({ "src/a.ts": { [RULE]: 2 } }) });
    expect(lines((await snapcheck(root, [])).stderr)).toEqual([
      'snapcheck: snapcheck-suppressions.json: expected { "<file>": { "<rule>": { "count": <n> } } }',
    ]);

    const fresh = project();
    const unknown = await snapcheck(fresh, ["--suppress-rule", "uniqueness/nope"]);
    expect([unknown.code, lines(unknown.stderr)]).toEqual([2, ['snapcheck: --suppress-rule: unknown rule "uniqueness/nope"']]);
    expect((await snapcheck(fresh, ["--suppress-all", "--suppress-rule", RULE])).code).toBe(2);
    expect((await snapcheck(fresh, ["--suppress-all", "--prune-suppressions"])).code).toBe(2);
    expect(fs.existsSync(path.join(fresh, FILE))).toBe(false);
  });
});
