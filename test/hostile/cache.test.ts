import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rulesById } from "../../rules/index.js";
import { createRule } from "../../src/engine/rule.js";
import { LintCache } from "../../src/run/cache.js";
import { lintFiles } from "../../src/run/run.js";
import { treeTracker } from "../trees/temp-tree.js";
import { assertBuilt, FINDING, lines, SLOW, snapcheck } from "./helpers.js";

/** A cache file is input like any other: a checkout may bring one, another job may share it. */
const trees = treeTracker();
afterAll(trees.cleanup);
beforeAll(assertBuilt);

const CLEAN = "export const handler = async () => ({ ok: true });\n";
const cached = (root: string, ...args: string[]) => snapcheck(root, ["--cache", "--debug", "-f", "unix", ...args]);
const stats = (stderr: string) => /cache: (\d+) hits, (\d+) misses/.exec(stderr)?.slice(1).map(Number);

describe("a file edited while it is linted", () => {
  it("is cached under the hash of the text that was linted, so the next run lints the edit", async () => {
    const root = trees.track({ "src/a.ts": CLEAN });
    const file = path.join(root, "src/a.ts");
    // Saved by an editor between the read and the end of linting.
    const editor = createRule({
      id: "uniqueness/test-editor",
      description: "Saves a finding into the file while it is linted.",
      defaultLevel: "error",
      messages: {},
      create(context) {
        if (fs.readFileSync(context.filePath, "utf8") === CLEAN) fs.writeFileSync(context.filePath, FINDING);
        return {};
      },
    });
    const rules = new Map([...rulesById, [editor.meta.id, editor]]);
    const lintWithCache = async () => {
      const cache = await LintCache.open(path.join(root, ".snapcheckcache"), "test", root);
      const run = await lintFiles({ cwd: root, patterns: ["src"], rules, cache });
      expect(cache.save()).toBeUndefined();
      return { errors: run.results[0]!.errorCount, hits: cache.hits };
    };
    expect(await lintWithCache()).toEqual({ errors: 0, hits: 0 });
    expect(fs.readFileSync(file, "utf8")).toBe(FINDING);
    expect(await lintWithCache()).toEqual({ errors: 1, hits: 0 });
    expect(await lintWithCache()).toEqual({ errors: 1, hits: 1 });
  });
});

describe.concurrent("a crafted cache", () => {
  function project(): string {
    return trees.track({ "src/a.ts": FINDING, "src/b.ts": CLEAN, "src/lib.ts": CLEAN, "src/c.ts": `import "./lib.js";\n${FINDING}` });
  }

  function tamper(root: string, file: string, change: (entry: Record<string, unknown>) => void): void {
    const cacheFile = path.join(root, ".snapcheckcache");
    const data = JSON.parse(fs.readFileSync(cacheFile, "utf8")) as { files: Record<string, Record<string, unknown>[]> };
    change(data.files[file]![0]!);
    // Nesting too deep for JSON.stringify is spliced in as text.
    fs.writeFileSync(cacheFile, JSON.stringify(data).replace('"DEEP"', `${"[".repeat(100_000)}${"]".repeat(100_000)}`));
  }

  it.each([
    ["a message that is not text", "src/a.ts", (entry: Record<string, unknown>) => ((entry.messages as Record<string, unknown>[])[0]!.message = {})],
    ["a severity out of range", "src/a.ts", (entry: Record<string, unknown>) => ((entry.messages as Record<string, unknown>[])[0]!.severity = 5)],
    ["a very deep value", "src/a.ts", (entry: Record<string, unknown>) => ((entry.messages as Record<string, unknown>[])[0]!.fix = "DEEP")],
    ["a million imports", "src/c.ts", (entry: Record<string, unknown>) => (entry.resolutions = Array.from({ length: 1_000_000 }, () => 0))],
    ["an unknown key", "src/b.ts", (entry: Record<string, unknown>) => (entry.polluted = true)],
  ])("drops an entry with %s, lints that file again and says so under --debug", async (_what, file, change) => {
    const root = project();
    const first = await cached(root);
    tamper(root, file, change);
    const started = Date.now();
    const run = await cached(root);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect([run.code, run.stdout]).toEqual([first.code, first.stdout]);
    expect(stats(run.stderr)).toEqual([3, 1]);
    expect(run.stderr).toContain(`snapcheck: debug: cache entry of ${file} dropped: `);
    expect(run.stderr).not.toMatch(/internal error/);
    // Replaced by a good entry.
    expect(stats((await cached(root)).stderr)).toEqual([4, 0]);
  }, SLOW);

  it("never reads a cached file or an import that became a device", async () => {
    const root = project();
    await cached(root);
    for (const name of ["src/b.ts", "src/lib.ts"]) {
      fs.rmSync(path.join(root, name));
      fs.symlinkSync("/dev/zero", path.join(root, name));
    }
    const run = await cached(root, "src/b.ts", "src/c.ts");
    expect(run.code).toBe(1);
    expect(lines(run.stdout).filter((line) => line.includes("b.ts"))).toEqual([expect.stringContaining("b.ts:1:1: File skipped: not a regular file [Error]")]);
  }, SLOW);
});

describe("two jobs with different settings sharing one cache", () => {
  it("keep each other's entries: both hit on their next runs", async () => {
    const root = trees.track({ "src/a.ts": FINDING, "src/b.ts": CLEAN });
    const warn = ["--rule", "uniqueness/init-random:warn"];
    expect(stats((await cached(root)).stderr)).toEqual([0, 2]);
    expect(stats((await cached(root, ...warn)).stderr)).toEqual([0, 2]);
    const plain = await cached(root);
    const warned = await cached(root, ...warn);
    expect([stats(plain.stderr), stats(warned.stderr)]).toEqual([
      [2, 0],
      [2, 0],
    ]);
    expect([plain.code, warned.code]).toEqual([1, 0]);
  }, SLOW);
});
