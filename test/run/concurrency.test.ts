import { execFile } from "node:child_process";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LintResult } from "../../src/results.js";
import { parseConcurrency, workerCount } from "../../src/run/concurrency.js";
import { batchesOf } from "../../src/run/workers.js";
import { treeTracker } from "../trees/temp-tree.js";

/** `--concurrency` through the built bin: results must be byte for byte those of a run in one thread. */
const BIN = fileURLToPath(new URL("../../bin/snapcheck.js", import.meta.url));
const FIXTURES = fileURLToPath(new URL("../../fixtures/", import.meta.url));
const SETTINGS = ["off", "1", "2", "3", "auto"];

const trees = treeTracker();
afterAll(trees.cleanup);

beforeAll(() => {
  if (!fs.existsSync(fileURLToPath(new URL("../../dist/src/run/lint-worker.js", import.meta.url)))) {
    throw new Error("dist/ is missing: run `npx tsc -p .` (npm test does it in pretest)");
  }
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function snapcheck(cwd: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const FOLDERS = 12;
const FILES_PER_FOLDER = 50;

/**
 * 600 files in 12 folders, each importing a sibling and a file of the next folder and calling both at init; a
 * third of the helpers draw a UUID, so a finding depends on a file another batch may hold.
 */
function generatedTree(): Record<string, string> {
  const entries: Record<string, string> = {};
  for (let folder = 0; folder < FOLDERS; folder++) {
    for (let file = 0; file < FILES_PER_FOLDER; file++) {
      const sibling = (file + 1) % FILES_PER_FOLDER;
      const next = (folder + 1) % FOLDERS;
      const draws = (folder * FILES_PER_FOLDER + file) % 3 === 0;
      entries[`src/d${folder}/f${file}.ts`] = [
        'import { randomUUID } from "node:crypto";',
        `import { makeId } from "./f${sibling}.js";`,
        `import { makeKey } from "../d${next}/f${file}.js";`,
        `export function makeId(): string { return ${draws ? "randomUUID()" : '"fixed"'}; }`,
        `export function makeKey(): string { return ${draws ? '"key"' : "String(Math.random())"}; }`,
        "const id = makeId();",
        "const key = makeKey();",
        file === 7 ? "export const broken = ;" : "",
        "export const handler = async () => `${id}:${key}`;",
        "",
      ].join("\n");
    }
  }
  return entries;
}

describe.concurrent("--concurrency", () => {
  it.each([
    ["the fixtures", () => FIXTURES],
    ["a generated tree of 600 importing files", () => trees.track(generatedTree())],
  ])("gives byte-identical results on %s whatever the setting", async (_name, root) => {
    const cwd = root();
    const runs = await Promise.all(SETTINGS.map((setting) => snapcheck(cwd, [".", "-f", "json", "--concurrency", setting])));
    const results = JSON.parse(runs[0]!.stdout) as LintResult[];
    expect(results.reduce((sum, result) => sum + result.errorCount, 0)).toBeGreaterThan(50);
    for (const [index, run] of runs.entries()) {
      expect({ setting: SETTINGS[index], code: run.code, stderr: run.stderr }).toEqual({ setting: SETTINGS[index], code: runs[0]!.code, stderr: runs[0]!.stderr });
      expect(run.stdout === runs[0]!.stdout, `--concurrency ${SETTINGS[index]}`).toBe(true);
    }
  }, 240_000);

  it("lints in workers when told to, and finds what one thread finds in files of other folders", async () => {
    const cwd = trees.track(generatedTree());
    const run = await snapcheck(cwd, ["src", "-f", "json", "--concurrency", "2", "--debug"]);
    expect(run.stderr).toContain("linted in 2 worker threads");
    const results = JSON.parse(run.stdout) as LintResult[];
    const byFile = new Map(results.map((result) => [result.filePath.slice(cwd.length + 1), result]));
    const initFindings = (file: string) =>
      byFile.get(file)!.messages.filter((message) => message.ruleId === "uniqueness/init-random").map((message) => [message.line, message.column, message.message.split(":")[0]]);
    // d0/f2.ts calls makeId of d0/f3.ts (a UUID) and makeKey of d1/f2.ts (Math.random): both at init.
    expect(initFindings("src/d0/f2.ts")).toEqual([
      [6, 12, "crypto.randomUUID() runs at init (via makeId() in f3.ts"],
      [7, 13, "Math.random() runs at init (via makeKey() in ../d1/f2.ts"],
    ]);
    // d0/f1.ts calls the fixed makeId of d0/f2.ts and the fixed makeKey of d1/f1.ts: nothing at init.
    expect(initFindings("src/d0/f1.ts")).toEqual([]);
    expect(byFile.get("src/d0/f7.ts")!.messages[0]).toMatchObject({ fatal: true, line: 8 });
  }, 120_000);

  it("uses the workers started ahead only for what the plan leaves to lint, and exits when it leaves nothing", async () => {
    const tests = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`src/t${i}.test.ts`, "export const id = Math.random();\n"]));
    const cwd = trees.track({ ...tests, "src/a.ts": "export const id = Math.random();\n", "src/b.ts": "import { randomUUID } from 'node:crypto';\nexport const key = randomUUID();\n" });
    const run = await snapcheck(cwd, ["src", "-f", "json", "--concurrency", "3", "--debug"]);
    expect(run.stderr).toContain("linted in 2 worker threads");
    const results = JSON.parse(run.stdout) as LintResult[];
    expect(results.map((result) => [result.filePath.slice(cwd.length + 1), result.messages.map((message) => [message.ruleId, message.line, message.column])])).toEqual([
      ["src/a.ts", [["uniqueness/init-random", 1, 19]]],
      ["src/b.ts", [["uniqueness/init-random", 2, 20]]],
    ]);
    const onlyTests = trees.track(tests);
    const nothing = await snapcheck(onlyTests, ["src", "-f", "json", "--concurrency", "3", "--debug"]);
    expect({ code: nothing.code, stdout: nothing.stdout }).toEqual({ code: 0, stdout: "[]\n" });
    expect(nothing.stderr).toContain("parsed 0 files");
  }, 60_000);

  it("rejects a value that is not a count, auto or off, before linting anything", async () => {
    const run = await snapcheck(FIXTURES, [".", "--concurrency", "0"]);
    expect(run).toEqual({ code: 2, stdout: "", stderr: 'snapcheck: --concurrency: expected a positive number, "auto" or "off", not "0"\n' });
  });
});

describe("worker planning", () => {
  it("parses ESLint's values", () => {
    expect(["off", "auto", "4"].map(parseConcurrency)).toEqual(["off", "auto", 4]);
    expect(() => parseConcurrency("-1")).toThrow(/--concurrency/);
  });

  it("starts no worker for a small run under auto, and never more workers than files", () => {
    expect(workerCount("auto", 10)).toBe(0);
    expect(workerCount("off", 10_000)).toBe(0);
    expect(workerCount(8, 3)).toBe(3);
  });

  it("under auto, starts a worker per two cores, at least two, and one per 300 files at most", () => {
    expect(workerCount("auto", 10_000, 2)).toBe(0);
    expect(workerCount("auto", 10_000, 3)).toBe(0);
    expect(workerCount("auto", 10_000, 4)).toBe(2);
    expect(workerCount("auto", 10_000, 16)).toBe(8);
    expect(workerCount("auto", 900, 16)).toBe(3);
    expect(workerCount("auto", 599, 16)).toBe(0);
    // A count is taken as given, cores or not.
    expect(workerCount(2, 10_000, 2)).toBe(2);
  });

  it("cuts batches at folder ends, keeping a folder's files together when the cut is near", () => {
    const folder = (name: string, count: number) => Array.from({ length: count }, (_, i) => ({ filePath: `/${name}/${i}.ts` }));
    // 160 files, one worker: batches of half of what is left (80, then 45, 20, 16 at least), each cut at the
    // folder end within half a batch of that size: a+b (70 files), c (50), then d cut at 20 and its last 20.
    expect(batchesOf([...folder("a", 40), ...folder("b", 30), ...folder("c", 50), ...folder("d", 40)], 1)).toEqual([
      { start: 0, end: 70 },
      { start: 70, end: 120 },
      { start: 120, end: 140 },
      { start: 140, end: 160 },
    ]);
  });

  it("makes batches smaller towards the end, so that workers finish together", () => {
    const files = Array.from({ length: 200 }, (_, i) => ({ filePath: `/e/${i}.ts` }));
    // A quarter of what is left with two workers, down to 16 files.
    expect(batchesOf(files, 2).map(({ start, end }) => end - start)).toEqual([50, 38, 28, 21, 16, 16, 16, 15]);
  });
});
