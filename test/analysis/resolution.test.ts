import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { allRules, rulesById } from "../../rules/index.js";
import { ModuleIndex } from "../../src/analysis/modules.js";
import { ModuleResolver } from "../../src/analysis/resolution.js";
import { lintText } from "../../src/engine/lint-file.js";
import { treeTracker } from "../trees/temp-tree.js";

const trees = treeTracker();
afterAll(trees.cleanup);

describe("module resolution as the TypeScript compiler does it", () => {
  const root = trees.track({
    "package.json": JSON.stringify({ name: "app", private: true, workspaces: ["packages/*"], imports: { "#helpers/*": "./src/helpers/*.ts" } }),
    "tsconfig.json": '{\n  // comments are allowed here\n  "extends": "./tsconfig.base.json",\n  "compilerOptions": { "baseUrl": "." }\n}\n',
    "tsconfig.base.json": JSON.stringify({ compilerOptions: { module: "nodenext", moduleResolution: "nodenext", paths: { "@/lib/*": ["./src/lib/*"] } } }),
    "src/handler.ts": "",
    "src/db.ts": "export const db = 1;\n",
    "src/lib/chat/index.ts": "export class ChatHub {}\n",
    "src/helpers/secret.ts": "export const secret = 1;\n",
    // A workspace package, linked into node_modules as npm, pnpm and yarn do, with an exports map.
    "packages/core/package.json": JSON.stringify({
      name: "@acme/core",
      exports: { ".": { types: "./dist/index.d.ts", import: "./src/index.ts", require: "./src/index.cjs" }, "./redis": { node: "./src/redis.ts", default: "./src/redis-browser.ts" } },
    }),
    "packages/core/dist/index.d.ts": "export declare const core: number;\n",
    "packages/core/src/index.ts": "export const core = 1;\n",
    "packages/core/src/index.cjs": "exports.core = 1;\n",
    "packages/core/src/redis.ts": "export const redis = 1;\n",
    "packages/core/src/redis-browser.ts": "export const redis = 0;\n",
    "node_modules/@acme/core": { symlink: "../../packages/core" },
    // A third-party package: known to the analyses by name, never followed into.
    "node_modules/ioredis/package.json": JSON.stringify({ name: "ioredis", main: "./built/index.js" }),
    "node_modules/ioredis/built/index.js": "module.exports = class Redis {};\n",
  });
  const handler = path.join(root, "src/handler.ts");
  const resolver = new ModuleResolver(root);

  it("follows a tsconfig `paths` alias declared in an extended config", () => {
    expect(resolver.resolve(handler, "@/lib/chat")).toBe(path.join(root, "src/lib/chat/index.ts"));
  });

  it("follows package.json `imports`", () => {
    expect(resolver.resolve(handler, "#helpers/secret")).toBe(path.join(root, "src/helpers/secret.ts"));
  });

  it("maps a NodeNext `./db.js` specifier to db.ts", () => {
    expect(resolver.resolve(handler, "./db.js")).toBe(path.join(root, "src/db.ts"));
  });

  it("follows a workspace symlink to the package's source through its exports map, by the real path", () => {
    // The handler is CommonJS by its package.json (no "type": "module"), so `require` comes first; `import` as well.
    expect(resolver.resolve(handler, "@acme/core")).toBe(path.join(root, "packages/core/src/index.cjs"));
    expect(resolver.resolve(handler, "@acme/core/redis")).toBe(path.join(root, "packages/core/src/redis.ts"));
  });

  it("never answers with a file inside node_modules, a Node built-in or a missing file", () => {
    expect(resolver.resolve(handler, "ioredis")).toBeUndefined();
    expect(resolver.resolve(handler, "node:crypto")).toBeUndefined();
    expect(resolver.resolve(handler, "crypto")).toBeUndefined();
    expect(resolver.resolve(handler, "./missing.js")).toBeUndefined();
    expect(resolver.resolve(handler, "@/lib/missing")).toBeUndefined();
    expect(resolver.problems).toEqual([]);
  });
});

describe("module resolution with no tsconfig, or a broken one", () => {
  it("resolves like a bundler with the node condition when no tsconfig is found", () => {
    const root = trees.track({
      "package.json": JSON.stringify({ name: "loose", type: "module", imports: { "#db": { node: "./lib/db.js", default: "./lib/db-browser.js" } } }),
      "index.js": "",
      "lib/db.js": "",
      "lib/db-browser.js": "",
      "lib/util/index.js": "",
    });
    const resolver = new ModuleResolver(root);
    expect(resolver.resolve(path.join(root, "index.js"), "#db")).toBe(path.join(root, "lib/db.js"));
    expect(resolver.resolve(path.join(root, "index.js"), "./lib/util")).toBe(path.join(root, "lib/util/index.js"));
  });

  it("warns once about a package.json with a comment and a tsconfig that does not parse, and still resolves", () => {
    const root = trees.track({
      "package.json": '// generated\n{ "name": "broken", "imports": { "#x": "./x.js" } }\n',
      "tsconfig.json": '{ "compilerOptions": { "moduleResolution": ',
      "a.ts": "",
      "b.ts": "",
      "x.js": "",
    });
    const resolver = new ModuleResolver(root);
    expect(resolver.resolve(path.join(root, "a.ts"), "./b")).toBe(path.join(root, "b.ts"));
    expect(resolver.resolve(path.join(root, "a.ts"), "#x")).toBe(path.join(root, "x.js"));
    resolver.resolve(path.join(root, "b.ts"), "#x");
    expect(resolver.problems.map((problem) => path.basename(problem.path)).sort()).toEqual(["package.json", "tsconfig.json"]);
  });
});

describe("analyses follow what the resolver finds", () => {
  // The route mentions nothing a rule looks for: the pre-check must follow the alias to see the client it builds.
  const root = trees.track({
    "tsconfig.json": JSON.stringify({ compilerOptions: { moduleResolution: "bundler", module: "esnext", paths: { "@/lib/*": ["./lib/*"] } } }),
    "lib/chat/index.ts": 'import Redis from "ioredis";\nexport class ChatHub { redis = new Redis(process.env.REDIS_URL!); }\n',
    "app/route.ts": 'import { ChatHub } from "@/lib/chat";\n\nconst hub = new ChatHub();\nexport async function GET() { return hub; }\n',
    "app/lazy.ts": 'import { ChatHub } from "@/lib/chat";\n\nexport async function GET() { return new ChatHub(); }\n',
  });

  it("reports a client built at init behind a tsconfig paths alias, and not one built in the handler", () => {
    const config = {
      rules: Object.fromEntries(allRules.map((rule) => [rule.meta.id, { severity: 2 as const, options: {} }])),
      target: "lambda" as const,
      restoreHooks: [],
      connections: {},
    };
    const modules = new ModuleIndex(root);
    const lint = (relative: string) => {
      const filePath = path.join(root, relative);
      return lintText({ filePath, text: fs.readFileSync(filePath, "utf8"), config, rules: rulesById, modules }).messages;
    };
    expect(lint("app/route.ts").map((m) => [m.ruleId, m.line, m.column])).toEqual([["connections/init-connection", 3, 13]]);
    expect(lint("app/lazy.ts")).toEqual([]);
  });
});

describe("the resolver's look at the disk", () => {
  it("asks the file system about a path once, however many imports lead the compiler to it", async () => {
    const { vi } = await import("vitest");
    const root = trees.track({
      "src/a.ts": "",
      "src/b.ts": "",
      "src/lib/util.ts": "export const util = 1;\n",
    });
    const resolver = new ModuleResolver(root);
    const statSync = vi.spyOn(fs, "statSync");
    try {
      // Different importers and specifiers, so no resolution is reused: only the look at the disk can be.
      expect(resolver.resolve(path.join(root, "src/a.ts"), "./lib/util")).toBe(path.join(root, "src/lib/util.ts"));
      expect(resolver.resolve(path.join(root, "src/b.ts"), "./lib/util.js")).toBe(path.join(root, "src/lib/util.ts"));
      expect(resolver.resolve(path.join(root, "src/lib/util.ts"), "./util")).toBe(path.join(root, "src/lib/util.ts"));
      const paths = statSync.mock.calls.map(([target]) => String(target));
      expect(paths.filter((target, index) => paths.indexOf(target) !== index)).toEqual([]);
    } finally {
      statSync.mockRestore();
    }
  });
});
