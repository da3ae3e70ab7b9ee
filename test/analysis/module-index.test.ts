import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { allRules, rulesById } from "../../rules/index.js";
import { ModuleIndex } from "../../src/analysis/modules.js";
import type { ResolvedConfig } from "../../src/config/types.js";
import { lintText } from "../../src/engine/lint-file.js";
import { parseCount } from "../../src/engine/parse.js";
import { treeTracker } from "../trees/temp-tree.js";

const trees = treeTracker();
afterAll(trees.cleanup);

const config: ResolvedConfig = {
  rules: Object.fromEntries(allRules.map((rule) => [rule.meta.id, { severity: 2 as const, options: {} }])),
  target: "lambda",
  restoreHooks: [],
  connections: {},
};

function lintWith(modules: ModuleIndex, filePath: string) {
  return lintText({ filePath, text: fs.readFileSync(filePath, "utf8"), config, rules: rulesById, modules });
}

describe("the parsed files a run keeps", () => {
  // ids.ts is reached twice (directly, and through label.ts): one linted file must not parse it twice.
  const root = trees.track({
    "ids.ts": 'import { randomUUID } from "node:crypto";\nexport function makeId() { return randomUUID(); }\n',
    "label.ts": 'import { makeId } from "./ids.js";\nexport function label() { return "run-" + makeId(); }\n',
    "main.ts": 'import { makeId } from "./ids.js";\nimport { label } from "./label.js";\nexport const id = makeId();\nexport const name = label();\n',
  });
  const main = path.join(root, "main.ts");

  it("parses each file once per linted file, even when nothing may be kept between files", () => {
    const modules = new ModuleIndex(root, { keptNodes: 0 });
    const before = parseCount();
    const result = lintWith(modules, main);
    expect(parseCount() - before).toBe(3);
    // One finding: the same randomUUID() call, reached through both paths, is reported where it is first reached.
    expect(result.messages.map((m) => [m.ruleId, m.line])).toEqual([["uniqueness/init-random", 3]]);
    // Dropped once the file is done, so the next linted file starts from an empty cache.
    expect(modules.parsed(path.join(root, "ids.ts"), fs.readFileSync(path.join(root, "ids.ts"), "utf8"))).toBeUndefined();
    const again = parseCount();
    expect(lintWith(modules, main)).toEqual(result);
    expect(parseCount() - again).toBe(3);
  });

  it("keeps a linted file only once an analysis imports it, unless told to keep every linted file", () => {
    const ids = path.join(root, "ids.ts");
    const idsText = fs.readFileSync(ids, "utf8");
    const run = new ModuleIndex(root);
    lintWith(run, ids);
    expect(run.parsed(ids, idsText)).toBeUndefined();
    lintWith(run, main);
    expect(run.parsed(ids, idsText)).toBeDefined();
    expect(run.parsed(main, fs.readFileSync(main, "utf8"))).toBeUndefined();

    const editor = new ModuleIndex(root, { keepLintedFiles: true });
    lintWith(editor, ids);
    expect(editor.parsed(ids, idsText)).toBeDefined();
  });

  it("holds on to no tree it does not keep, even one too large ever to keep", () => {
    const big = path.join(trees.track({ "big.ts": `import { randomUUID } from "node:crypto";\nexport const id = randomUUID();\n${"void 0;\n".repeat(300_000)}` }), "big.ts");
    const modules = new ModuleIndex(path.dirname(big));
    expect(lintWith(modules, big).messages.map((m) => [m.ruleId, m.line])).toEqual([["uniqueness/init-random", 2]]);
    expect(modules.cachesInUse.size).toBe(0);
  });

  it("reuses what it keeps, and keeping nothing never changes a finding", () => {
    const fixtures = path.resolve(import.meta.dirname, "../../fixtures");
    const files = (fs.readdirSync(fixtures, { recursive: true }) as string[])
      .map((relative) => path.join(fixtures, relative))
      .filter((file) => /\.(?:[mc]?[jt]s|[jt]sx)$/.test(file) && fs.statSync(file).isFile())
      .sort();
    const keeping = new ModuleIndex(fixtures);
    const before = parseCount();
    const kept = files.map((file) => lintWith(keeping, file));
    const parsedKeeping = parseCount() - before;
    const dropping = new ModuleIndex(fixtures, { keptNodes: 0 });
    const dropped = files.map((file) => lintWith(dropping, file));
    const parsedDropping = parseCount() - before - parsedKeeping;
    expect(dropped).toEqual(kept);
    expect(kept.some((result) => result.messages.some((m) => m.message.includes("(via ")))).toBe(true);
    expect(parsedKeeping).toBeLessThan(parsedDropping);
  });
});

describe("the specifiers a run remembers", () => {
  it("keep no file's text alive", async () => {
    const v8 = await import("node:v8");
    const vm = await import("node:vm");
    v8.setFlagsFromString("--expose-gc");
    const collect = vm.runInNewContext("gc") as () => void;
    const { relativeSpecifiers } = await import("../../src/engine/relevance.js");
    const root = trees.track({});
    const modules = new ModuleIndex(root);
    collect();
    const before = process.memoryUsage().heapUsed;
    // 64 texts of 1 MB, each naming a module by a specifier long enough that V8 would keep it as a slice of the text.
    for (let i = 0; i < 64; i++) {
      const text = `import { a } from "./a-module-that-does-not-exist-${i}.js";\n${"x".repeat(1_000_000)}${i}`;
      for (const specifier of relativeSpecifiers(text)) modules.resolve(path.join(root, "main.ts"), specifier);
    }
    collect();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(16 * 1024 * 1024);
  });
});

describe("the TypeScript compiler's code cache", () => {
  const loader = path.resolve(import.meta.dirname, "../../dist/src/typescript.js");

  /** `commandLineFlags`: set V8's flags as the command line does before loading the compiler. */
  async function parseInChild(cacheDirectory: string, { commandLineFlags = false } = {}): Promise<string> {
    const { execFileSync } = await import("node:child_process");
    const flags = path.resolve(import.meta.dirname, "../../dist/src/v8-flags.js");
    const script = [
      commandLineFlags ? `(await import(${JSON.stringify(flags)})).setCommandLineV8Flags();` : "",
      `const { ts } = await import(${JSON.stringify(loader)});`,
      `console.log(ts.createSourceFile("a.ts", "let a = 1; let b = 2;", 99).statements.length);`,
    ].join("\n");
    return execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      env: { ...process.env, SNAPCHECK_CODE_CACHE_DIR: cacheDirectory },
      encoding: "utf8",
    }).trim();
  }

  it("is written on first use, reused after, and rewritten when V8 rejects it", async () => {
    const cacheDirectory = trees.track({});
    expect(await parseInChild(cacheDirectory)).toBe("2");
    const [name] = fs.readdirSync(cacheDirectory);
    expect(name).toMatch(/^typescript-v\d+.*\.v8cache$/);
    const cacheFile = path.join(cacheDirectory, name!);
    const written = fs.readFileSync(cacheFile);
    expect(written.length).toBeGreaterThan(100_000);

    expect(await parseInChild(cacheDirectory)).toBe("2");
    expect(fs.readFileSync(cacheFile).equals(written)).toBe(true);

    fs.writeFileSync(cacheFile, "not a code cache");
    expect(await parseInChild(cacheDirectory)).toBe("2");
    expect(fs.readFileSync(cacheFile).length).toBeGreaterThan(100_000);
  });

  it("is kept per set of V8 flags, so the command line and an editor's process do not replace each other's", async () => {
    const cacheDirectory = trees.track({});
    expect(await parseInChild(cacheDirectory, { commandLineFlags: true })).toBe("2");
    expect(await parseInChild(cacheDirectory)).toBe("2");
    const names = fs.readdirSync(cacheDirectory).sort();
    expect(names).toHaveLength(2);
    const written = names.map((name) => fs.readFileSync(path.join(cacheDirectory, name)));
    // Each accepted by the next process with its flags: neither is written again.
    expect(await parseInChild(cacheDirectory, { commandLineFlags: true })).toBe("2");
    expect(await parseInChild(cacheDirectory)).toBe("2");
    expect(fs.readdirSync(cacheDirectory).sort()).toEqual(names);
    expect(names.map((name, index) => fs.readFileSync(path.join(cacheDirectory, name)).equals(written[index]!))).toEqual([true, true]);
  });
});

describe("the compiler's members", () => {
  it("are every export of the compiler ts-morph bundles, held by objects V8 keeps in fast mode", async () => {
    const { execFileSync } = await import("node:child_process");
    const loader = path.resolve(import.meta.dirname, "../../dist/src/typescript.js");
    const script = [
      `import { createRequire } from "node:module";`,
      `const { ts } = await import(${JSON.stringify(loader)});`,
      `const require = createRequire(${JSON.stringify(loader)});`,
      `const bundled = require(require.resolve("@ts-morph/common/dist/typescript.js", { paths: [require.resolve("ts-morph")] }));`,
      `const missing = Object.keys(bundled).filter((name) => !(name in ts) || typeof ts[name] !== typeof bundled[name]);`,
      `const modes = []; for (let link = ts; link !== Object.prototype; link = Object.getPrototypeOf(link)) modes.push(%HasFastProperties(link));`,
      `console.log(JSON.stringify({ exports: Object.keys(bundled).length, missing, modes, version: ts.version === bundled.version }));`,
    ].join("\n");
    const report = JSON.parse(execFileSync(process.execPath, ["--allow-natives-syntax", "--input-type=module", "-e", script], { encoding: "utf8" }));
    expect(report.exports).toBeGreaterThan(1000);
    expect(report.missing).toEqual([]);
    expect(report.version).toBe(true);
    expect(report.modes.length).toBeGreaterThan(1);
    expect(report.modes.every(Boolean)).toBe(true);
  });
});
