import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lintFiles } from "../../src/run/run.js";
import type { LintResult } from "../../src/results.js";
import { treeTracker } from "../trees/temp-tree.js";
import { assertBuilt, FINDING, PROJECT_ROOT, SLOW, snapcheck } from "./helpers.js";

/** The fixtures of every rule family, plus a few files of our own so the test means something while they grow. */
const trees = treeTracker();
afterAll(trees.cleanup);

let root = "";
beforeAll(() => {
  assertBuilt();
  root = trees.track({
    "extra/ids.ts": 'import { makeId } from "./lib/make.js";\nexport const a = makeId();\nexport const b = Math.random();\n',
    "extra/lib/make.ts": "export function makeId() {\n  return crypto.randomUUID();\n}\n",
    "extra/cycle/a.ts": 'import { b } from "./b.js";\nexport const a = () => b;\n',
    "extra/cycle/b.ts": 'import { a } from "./a.js";\nimport { makeId } from "../lib/make.js";\nexport const b = makeId();\nexport { a };\n',
    "extra/ünï cödé/x.ts": `${FINDING}${FINDING.replace("id", "id2")}`,
    "extra/broken.ts": "export const = ;\n",
    "extra/handler.mjs": "export const handler = async () => ({ id: crypto.randomUUID() });\n",
    // z-x.ts reaches the random source only through an import cycle (b → a → c) that 0-p.ts explores first.
    "extra/reach/0-p.ts": 'import { make } from "./a.js";\nexport const p = make;\n',
    "extra/reach/a.ts": 'import "./b.js";\nexport { make } from "./c.js";\n',
    "extra/reach/b.ts": 'import { make } from "./a.js";\nexport { make };\n',
    "extra/reach/c.ts": "export function make() {\n  return crypto.randomUUID();\n}\n",
    "extra/reach/z-x.ts": 'import { make } from "./b.js";\nexport const id = make();\n',
  });
  fs.cpSync(path.join(PROJECT_ROOT, "fixtures"), path.join(root, "fixtures"), { recursive: true });
});

function isSorted(results: LintResult[]): boolean {
  const paths = results.map((result) => result.filePath);
  const pathsSorted = paths.every((p, i) => i === 0 || paths[i - 1]! < p);
  const messagesSorted = results.every((result) =>
    result.messages.every((m, i) => {
      const before = result.messages[i - 1];
      return !before || before.line < m.line || (before.line === m.line && before.column <= m.column);
    }),
  );
  return pathsSorted && messagesSorted;
}

describe("determinism", () => {
  it("gives byte-identical JSON and SARIF on two runs, sorted by path, line and column", async () => {
    const [json1, json2, sarif1, sarif2] = await Promise.all([
      snapcheck(root, ["-f", "json"]),
      snapcheck(root, ["-f", "json"]),
      snapcheck(root, ["-f", "sarif"]),
      snapcheck(root, ["-f", "sarif"]),
    ]);
    for (const outcome of [json1, json2, sarif1, sarif2]) expect([outcome.code, outcome.stderr]).toEqual([1, ""]);
    expect(json2.stdout).toBe(json1.stdout);
    expect(sarif2.stdout).toBe(sarif1.stdout);
    const results = JSON.parse(json1.stdout) as LintResult[];
    expect(results.length).toBeGreaterThan(7);
    expect(results.flatMap((result) => result.messages).length).toBeGreaterThan(5);
    expect(isSorted(results)).toBe(true);
  }, SLOW);

  it("gives each file the same result whether it is linted alone or with the whole tree, in any order", async () => {
    const whole = await lintFiles({ cwd: root, patterns: ["."] });
    const files = whole.results.map((result) => result.filePath);
    const reversed = await lintFiles({ cwd: root, patterns: [...files].reverse() });
    expect(JSON.stringify(reversed.results)).toBe(JSON.stringify(whole.results));
    for (const result of whole.results) {
      const alone = await lintFiles({ cwd: root, patterns: [result.filePath] });
      expect(alone.results).toEqual([result]);
    }
  }, SLOW);
});
