import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { LintResult } from "../../src/results.js";
import { treeTracker } from "../trees/temp-tree.js";
import { cacheStats, lines, requireBuild, snapcheck } from "./bin.js";

const trees = treeTracker();
afterAll(trees.cleanup);
requireBuild();

const POOLED = `import { randomUUID } from "node:crypto";\nrandomUUID();\nexport const handler = async () => ({ id: randomUUID() });\n`;
const FIXED = `import { randomUUID } from "node:crypto";\nrandomUUID();\nexport const handler = async () => ({ id: randomUUID({ disableEntropyCache: true }) });\n`;
/** Not fixable: the Web Crypto global ignores options. */
const UNFIXABLE = `const bootId = crypto.randomUUID();\nexport const handler = async () => ({ bootId, id: crypto.randomUUID() });\n`;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const PAST = new Date("2020-01-01T00:00:00Z");

function project(): string {
  const root = trees.track({ "src/pooled.ts": POOLED, "src/bom.ts": Buffer.concat([BOM, Buffer.from(POOLED)]), "src/web.ts": UNFIXABLE });
  fs.utimesSync(path.join(root, "src/web.ts"), PAST, PAST);
  return root;
}

const text = (root: string, file: string) => fs.readFileSync(path.join(root, file));

describe.concurrent("fixes", { timeout: 60_000 }, () => {
  it("--fix writes the fixed files, keeps a BOM, leaves unchanged files alone and reports what remains", async () => {
    const root = project();
    const run = await snapcheck(root, ["--fix", "-f", "unix"]);
    expect(run.code).toBe(1);
    expect(lines(run.stdout).filter((line) => line.includes("/src/"))).toEqual([
      expect.stringContaining("src/web.ts:1:16: globalThis.crypto.randomUUID() runs at init"),
      expect.stringContaining("src/web.ts:2:51: globalThis.crypto.randomUUID() draws from a cache"),
    ]);
    expect(text(root, "src/pooled.ts").toString()).toBe(FIXED);
    expect(text(root, "src/bom.ts")).toEqual(Buffer.concat([BOM, Buffer.from(FIXED)]));
    expect(text(root, "src/web.ts").toString()).toBe(UNFIXABLE);
    expect(fs.statSync(path.join(root, "src/web.ts")).mtime).toEqual(PAST);
    // Nothing left to fix.
    expect((await snapcheck(root, ["src/pooled.ts", "src/bom.ts"])).code).toBe(0);
  });

  it("--fix-dry-run reports the fixed text as output in JSON and writes nothing", async () => {
    const root = project();
    const run = await snapcheck(root, ["--fix-dry-run", "-f", "json"]);
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout) as LintResult[];
    const byName = Object.fromEntries(results.map((result) => [path.basename(result.filePath), result]));
    expect(byName["pooled.ts"]).toMatchObject({ output: FIXED, messages: [], errorCount: 0 });
    expect(byName["bom.ts"]!.output).toBe(`\uFEFF${FIXED}`);
    expect(byName["web.ts"]!.errorCount).toBe(2);
    expect(byName["web.ts"]).not.toHaveProperty("output");
    expect(text(root, "src/pooled.ts").toString()).toBe(POOLED);
  });

  it("--fix-dry-run on stdin gives the fixed text as output; --fix on stdin is refused", async () => {
    const root = trees.track({});
    const run = await snapcheck(root, ["--stdin", "--stdin-filename", "src/piped.ts", "--fix-dry-run", "-f", "json"], POOLED);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as LintResult[])[0]!.output).toBe(FIXED);
    const refused = await snapcheck(root, ["--stdin", "--fix"], POOLED);
    expect([refused.code, refused.stdout, lines(refused.stderr)]).toEqual([
      2,
      "",
      ["snapcheck: --fix cannot write to stdin; use --fix-dry-run with --format json"],
    ]);
    expect((await snapcheck(root, ["--fix", "--fix-dry-run"])).code).toBe(2);
  });

  it("caches the fixed files: the next run with --cache parses nothing", async () => {
    const root = project();
    const fixed = await snapcheck(root, ["--fix", "--cache", "--debug"]);
    expect(cacheStats(fixed.stderr)).toMatchObject({ hits: 0, misses: 3 });
    const again = await snapcheck(root, ["--fix", "--cache", "--debug"]);
    expect(cacheStats(again.stderr)).toEqual({ hits: 3, misses: 0, parsed: 0 });
    expect(again.code).toBe(1);
  });

  it("--list-rules marks entropy-pool fixable", async () => {
    const { stdout } = await snapcheck(trees.track({}), ["--list-rules"]);
    expect(stdout).toMatch(/^uniqueness\/entropy-pool\s+error\s+yes\s/m);
    expect(stdout).toMatch(/^uniqueness\/init-random\s+error\s+no\s/m);
  });
});
