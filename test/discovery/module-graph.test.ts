import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ModuleIndex } from "../../src/analysis/modules.js";
import { initImportSpecifiers, ModuleGraph } from "../../src/discovery/module-graph.js";
import { treeTracker } from "../trees/temp-tree.js";

const trees = treeTracker();
afterAll(trees.cleanup);

describe("the specifiers a module loads at init", () => {
  it("takes static imports, re-exports, import-equals and top-level require/import(), in source order", () => {
    const text = [
      'import "./side-effect";',
      'import { a } from "./a";',
      'export * from "./b";',
      'export { c } from "./c";',
      'import d = require("./d");',
      'const e = require("./e");',
      'const f = await import("./f");',
      'if (process.env.X) require("./g");',
      "class K { static k = require('./k'); }",
    ].join("\n");
    expect(initImportSpecifiers("/x/main.ts", text)).toEqual(["./side-effect", "./a", "./b", "./c", "./d", "./e", "./f", "./g", "./k"]);
  });

  it("leaves out what is erased or loaded only when a function runs", () => {
    const text = [
      'import type { T } from "./types";',
      'import { type U, type V } from "./more-types";',
      'export type { W } from "./w";',
      'export async function handler() { const { db } = await import("./db"); return require("./lazy"); }',
      'const later = () => import("./later");',
      "class K { method() { return require('./method'); } }",
      'type X = typeof import("./type-query");',
    ].join("\n");
    expect(initImportSpecifiers("/x/main.ts", text)).toEqual([]);
  });
});

describe("the files an entry reaches", () => {
  const root = trees.track({
    "tsconfig.json": JSON.stringify({ compilerOptions: { moduleResolution: "bundler", module: "esnext", paths: { "@/lib/*": ["./lib/*"] } } }),
    "handler.ts": 'import { hub } from "@/lib/chat";\nimport Redis from "ioredis";\nexport async function handler() { return import("./report"); }\n',
    "lib/chat.ts": 'export * from "./store.js";\nexport const hub = 1;\n',
    "lib/store.ts": 'import { hub } from "./chat";\nexport const store = hub;\n',
    "report.ts": 'import "./lib/unused";\n',
    "lib/unused.ts": "",
    "scripts/seed.ts": 'import { store } from "../lib/store";\n',
  });
  const graph = new ModuleGraph(new ModuleIndex(root));

  it("follows aliases and relative imports through a cycle, and not into packages or dynamic imports", () => {
    const reached = graph.reachableFrom(path.join(root, "handler.ts"));
    expect([...reached].map((file) => path.relative(root, file)).sort()).toEqual(["handler.ts", "lib/chat.ts", "lib/store.ts"]);
  });

  it("records each import with what it resolved to", () => {
    expect(graph.importsOf(path.join(root, "handler.ts"))).toEqual([
      { specifier: "@/lib/chat", resolved: path.join(root, "lib/chat.ts") },
      { specifier: "ioredis", resolved: undefined },
    ]);
  });

  it("reaches from several entries at once, and answers for a missing entry with itself alone", () => {
    const reached = graph.reachableFrom([path.join(root, "scripts/seed.ts"), path.join(root, "report.ts")]);
    expect([...reached].map((file) => path.relative(root, file)).sort()).toEqual(["lib/chat.ts", "lib/store.ts", "lib/unused.ts", "report.ts", "scripts/seed.ts"]);
    expect([...graph.reachableFrom(path.join(root, "missing.ts"))]).toEqual([path.join(root, "missing.ts")]);
  });
});
