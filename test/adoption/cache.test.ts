import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { addToTree, treeTracker } from "../trees/temp-tree.js";
import { cacheStats, lines, requireBuild, snapcheck } from "./bin.js";

const trees = treeTracker();
afterAll(trees.cleanup);
requireBuild();

const RULE = "uniqueness/init-random";
const HELPER = `import { randomUUID } from "crypto";\nexport function makeRunId() {\n  return "run-" + randomUUID();\n}\n`;
const CONSTANT_HELPER = `export function makeRunId() {\n  return "run-1";\n}\n`;

/** a.ts has a finding only through its helper in lib/ids.ts; b.ts is clean. */
function project(): string {
  return trees.track({
    "a.ts": `import { makeRunId } from "./lib/ids";\nexport const runId = makeRunId();\n`,
    "b.ts": "export const handler = () => crypto.randomUUID();\n",
    "lib/ids.ts": HELPER,
  });
}

const cached = (root: string, ...args: string[]) => snapcheck(root, ["--cache", "--debug", "-f", "unix", ...args]);

describe.concurrent("--cache", { timeout: 60_000 }, () => {
  it("serves an unchanged tree from the cache without parsing a file, with the same report", async () => {
    const root = project();
    const first = await cached(root);
    expect(first.code).toBe(1);
    expect(cacheStats(first.stderr)).toMatchObject({ hits: 0, misses: 3 });
    expect(cacheStats(first.stderr).parsed).toBeGreaterThanOrEqual(3);
    expect(fs.existsSync(path.join(root, ".snapcheckcache"))).toBe(true);

    const second = await cached(root);
    expect(cacheStats(second.stderr)).toEqual({ hits: 3, misses: 0, parsed: 0 });
    expect([second.code, second.stdout]).toEqual([first.code, first.stdout]);
    expect(second.stdout).toContain(`via makeRunId() in lib/ids.ts:3`);
  });

  it("lints again a file whose content changed, and only it", async () => {
    const root = project();
    await cached(root);
    addToTree(root, { "b.ts": "export const bootId = crypto.randomUUID();\n" });
    const run = await cached(root);
    expect(cacheStats(run.stderr)).toEqual({ hits: 2, misses: 1, parsed: 1 });
    expect(run.stdout).toContain(`b.ts:1:23`);
  });

  it("lints again a file whose imported helper changed, though its own text did not", async () => {
    const root = project();
    expect((await cached(root)).stdout).toContain("a.ts:2:22");
    addToTree(root, { "lib/ids.ts": CONSTANT_HELPER });
    const run = await cached(root);
    expect(cacheStats(run.stderr)).toMatchObject({ hits: 1, misses: 2 });
    expect([run.code, run.stdout]).toEqual([0, ""]);
    // And back: a file found to reach nothing a rule looks for is linted again once it does.
    addToTree(root, { "lib/ids.ts": HELPER });
    expect((await cached(root)).stdout).toContain("a.ts:2:22");
  });

  it("lints again every importer of a re-exported helper, also those linted after another one followed it", async () => {
    const root = trees.track({
      "a.ts": `import { makeRunId } from "./lib/index.js";\nexport const runId = makeRunId();\n`,
      "b.ts": `import { makeRunId } from "./lib/index.js";\nexport const otherId = makeRunId();\n`,
      "lib/index.ts": `export * from "./ids";\n`,
      "lib/ids.ts": HELPER,
    });
    const first = await cached(root, "a.ts", "b.ts");
    expect(lines(first.stdout).filter((line) => line.includes("/"))).toHaveLength(2);
    addToTree(root, { "lib/ids.ts": CONSTANT_HELPER });
    const run = await cached(root, "a.ts", "b.ts");
    expect(cacheStats(run.stderr)).toMatchObject({ hits: 0, misses: 2 });
    expect([run.code, run.stdout]).toEqual([0, ""]);
  });

  it("lints again an importer when a file its import did not resolve to appears", async () => {
    const root = trees.track({ "a.ts": `import { makeRunId } from "./ids.js";\nexport const runId = makeRunId();\n` });
    expect((await cached(root)).code).toBe(0);
    addToTree(root, { "ids.ts": HELPER });
    const run = await cached(root, "a.ts");
    expect(cacheStats(run.stderr)).toEqual({ hits: 0, misses: 1, parsed: 2 });
    expect(run.stdout).toContain("a.ts:2:22");
  });

  it("lints again when the file's resolved config changes", async () => {
    const root = project();
    await cached(root);
    addToTree(root, { ".snapcheckrc.json": JSON.stringify({ overrides: [{ files: ["a.ts"], rules: { [RULE]: "warn" } }] }) });
    const run = await cached(root);
    // Only a.ts's config changed: b.ts and lib/ids.ts resolve to the same settings as before.
    expect(cacheStats(run.stderr)).toMatchObject({ hits: 2, misses: 1 });
    expect([run.code, run.stdout]).toEqual([0, expect.stringContaining("[Warning/uniqueness/init-random]")]);
    // A --rule flag changes every file's config.
    expect(cacheStats((await cached(root, "--rule", `${RULE}:off`)).stderr)).toMatchObject({ hits: 0, misses: 3 });
  });

  it("discards a cache written by another snapcheck version", async () => {
    const root = project();
    await cached(root);
    const file = path.join(root, ".snapcheckcache");
    const data = JSON.parse(fs.readFileSync(file, "utf8")) as { version: string };
    fs.writeFileSync(file, JSON.stringify({ ...data, version: "0.0.1-older" }));
    const run = await cached(root);
    expect(cacheStats(run.stderr)).toMatchObject({ hits: 0, misses: 3 });
    // Rewritten for this version: the next run hits.
    expect(cacheStats((await cached(root)).stderr)).toMatchObject({ hits: 3, misses: 0 });
  });

  it("ignores a corrupt cache, and replaces it", async () => {
    const root = project();
    const first = await cached(root);
    const file = path.join(root, ".snapcheckcache");
    const good = JSON.parse(fs.readFileSync(file, "utf8")) as { files: Record<string, unknown> };
    const oneBadEntry = JSON.stringify({ ...good, files: { ...good.files, "a.ts": { hash: 1, messages: "none" } } });
    for (const [garbage, hits] of [["{not json", 0], ["null", 0], ["", 0], [oneBadEntry, 2]] as const) {
      fs.writeFileSync(file, garbage);
      const run = await cached(root);
      expect([run.code, run.stdout]).toEqual([first.code, first.stdout]);
      expect(cacheStats(run.stderr).hits).toBe(hits);
    }
    expect(cacheStats((await cached(root)).stderr)).toMatchObject({ hits: 3, misses: 0 });
  });

  it("writes to --cache-location, a file or a folder, and leaves no temporary file", async () => {
    const root = project();
    await cached(root, "--cache-location", "tmp/cache/");
    expect(fs.readdirSync(path.join(root, "tmp/cache"))).toEqual([".snapcheckcache"]);
    await cached(root, "--cache-location", "tmp/snapcheck.json");
    expect(fs.readdirSync(path.join(root, "tmp")).sort()).toEqual(["cache", "snapcheck.json"]);
    expect(cacheStats((await cached(root, "--cache-location", "tmp/cache")).stderr).hits).toBe(3);
    expect(fs.existsSync(path.join(root, ".snapcheckcache"))).toBe(false);
  });

  it("warns, and still reports, when the cache cannot be written", async () => {
    const root = project();
    fs.writeFileSync(path.join(root, "blocker"), "");
    const run = await snapcheck(root, ["--cache", "--cache-location", "blocker/cache.json", "-f", "unix"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("a.ts:2:22");
    expect(run.stderr).toMatch(/^snapcheck: warning: cannot write the cache blocker\/cache\.json: /);
  });
});
