import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRule } from "../../src/engine/rule.js";
import { lintFiles } from "../../src/run/run.js";
import type { LintResult } from "../../src/results.js";
import { rulesById } from "../../rules/index.js";
import { treeTracker } from "../trees/temp-tree.js";
import { assertBuilt, PROJECT_ROOT, snapcheck } from "./helpers.js";

const trees = treeTracker();
afterAll(trees.cleanup);
beforeAll(assertBuilt);

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

describe("memory", () => {
  const FILES = 600;
  const SAMPLES = [300, 600];

  it("stays flat as the tree grows: parsed files are not all kept", async () => {
    // Each file is analysed in full (it has a finding), and kept would cost about 1 MB of heap.
    const body = Array.from({ length: 200 }, (_, i) => `export function h${i}(a: number) { return [a, ${i}].map((x) => x * 2).reduce((s, x) => s + x, 0); }`);
    const root = trees.track(Object.fromEntries(Array.from({ length: FILES }, (_, i) => [`src/d${i % 20}/f${i}.ts`, `${body.join("\n")}\nexport const runId = crypto.randomUUID();\n`])));
    const heap = new Map<number, number>();
    let seen = 0;
    const probe = createRule({
      id: "uniqueness/test-heap-probe",
      description: "Measures the heap after a number of files.",
      defaultLevel: "error",
      messages: {},
      create() {
        seen++;
        if (SAMPLES.includes(seen)) {
          gc();
          heap.set(seen, process.memoryUsage().heapUsed);
        }
        return {};
      },
    });
    const { results } = await lintFiles({ cwd: root, patterns: ["."], rules: new Map([...rulesById, [probe.meta.id, probe]]) });
    expect(results).toHaveLength(FILES);
    expect(results.every((result: LintResult) => result.fatalErrorCount === 0 && result.errorCount === 1)).toBe(true);
    const growth = heap.get(600)! - heap.get(300)!;
    // Keeping the 300 later files would add about 300 MB.
    expect(growth).toBeLessThan(64 * 1024 * 1024);
  }, 300_000);
});

describe("this project's own node_modules", () => {
  it("is linted to the end when named explicitly, every file accounted for", async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "snapcheck-nm-")), "report.json");
    try {
      const { code, stdout, stderr } = await snapcheck(PROJECT_ROOT, ["node_modules", "--no-ignore", "-f", "json", "-o", out]);
      expect(stderr).not.toMatch(/internal error/i);
      expect([code, stdout]).toEqual([code === 0 ? 0 : 1, ""]);
      const results = JSON.parse(fs.readFileSync(out, "utf8")) as LintResult[];
      expect(results.length).toBeGreaterThan(500);
      const fatal = results.flatMap((result) => result.messages.filter((m) => m.fatal).map((m) => m.message));
      // Files it cannot analyse are named for what they are, never an internal error.
      for (const message of fatal) expect(message).toMatch(/^(Parsing error|File skipped|File could not be analysed)/);
    } finally {
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  }, 600_000);
});
