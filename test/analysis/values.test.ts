import { ts } from "#typescript";
import { describe, expect, it } from "vitest";
import { analyse, call, find } from "./analysis-fixture.js";

function calleeKey(code: string, callText: string, files?: Record<string, string>): string | undefined {
  const analysis = analyse(code, files);
  return analysis.keyOf(call(analysis, callText).expression);
}

describe("binding resolution", () => {
  it.each([
    [`import { randomUUID } from "crypto"; randomUUID();`, "randomUUID()", "crypto:randomUUID"],
    [`import { randomUUID as r } from "node:crypto"; r();`, "r()", "crypto:randomUUID"],
    [`import crypto from "crypto"; crypto.randomUUID();`, "crypto.randomUUID", "crypto:randomUUID"],
    [`import * as c from "crypto"; c.randomBytes(4);`, "c.randomBytes", "crypto:randomBytes"],
    [`const c = require("crypto"); c.randomInt(9);`, "c.randomInt", "crypto:randomInt"],
    [`const { randomBytes } = require("crypto"); randomBytes(1);`, "randomBytes(1)", "crypto:randomBytes"],
    [`const { webcrypto: { getRandomValues: g } } = require("crypto"); g(a);`, "g(a)", "crypto:webcrypto.getRandomValues"],
    [`require("crypto").randomBytes(2);`, "require(\"crypto\").randomBytes", "crypto:randomBytes"],
    [`const { v4 } = await import("uuid"); v4();`, "v4()", "uuid:v4"],
    [`const m = await import("node:os"); m.hostname();`, "m.hostname", "os:hostname"],
    [`globalThis.crypto.randomUUID();`, "globalThis.crypto.randomUUID", "crypto.randomUUID"],
    [`Math.random();`, "Math.random", "Math.random"],
    [`const r = Math.random; r();`, "r()", "Math.random"],
    [`let r; r = Math.random; r();`, "r()", "Math.random"],
    [`import os = require("os"); os.hostname();`, "os.hostname", "os:hostname"],
  ])("%s", (code, callText, expected) => {
    expect(calleeKey(code, callText)).toBe(expected);
  });

  it("respects shadowing by a local declaration, a parameter and a catch variable", () => {
    expect(calleeKey(`const Math = { random() { return 1; } }; Math.random();`, "Math.random")).toBeUndefined();
    expect(calleeKey(`function f(Math) { return Math.random(); }`, "Math.random")).toBeUndefined();
    expect(calleeKey(`try {} catch (crypto) { crypto.randomUUID(); }`, "crypto.randomUUID")).toBeUndefined();
    expect(calleeKey(`{ const Math = x; } Math.random();`, "Math.random")).toBe("Math.random");
  });

  it("does not resolve a variable reassigned to different values", () => {
    expect(calleeKey(`let r = Math.random; r = other; r();`, "r()")).toBeUndefined();
  });

  it("sees through type-only imports as nothing", () => {
    expect(calleeKey(`import type { randomUUID } from "crypto"; randomUUID();`, "randomUUID()")).toBeUndefined();
  });

  it("hoists var and function declarations", () => {
    expect(calleeKey(`r(); var r = Math.random;`, "r()")).toBe("Math.random");
  });
});

describe("symbolic values", () => {
  it("keeps instances, call results and member paths", () => {
    const analysis = analyse(`import { Pool } from "pg"; const pool = new Pool(); pool.query("select 1");`);
    const value = analysis.calleeOf(call(analysis, "pool.query"));
    expect(value).toMatchObject({ kind: "instance", ctor: { kind: "module", module: "pg", path: ["Pool"] }, path: ["query"] });
  });

  it("follows a helper that returns a value", () => {
    const analysis = analyse(`import Redis from "ioredis"; function make() { return new Redis(); } const r = make(); r.get("k");`);
    expect(analysis.resolvedValueOf(call(analysis, "r.get").expression)).toMatchObject({ kind: "instance", path: ["get"] });
    expect(analysis.calleeOf(call(analysis, "r.get"))).toMatchObject({ kind: "instance", ctor: { module: "ioredis", path: [] }, path: ["get"] });
  });

  it("reads class fields, constructor assignments and methods through this", () => {
    const analysis = analyse(
      `import { Client } from "pg";\nclass Db { client = new Client(); other; constructor() { this.other = new Client(); } run() { this.client.connect(); this.other.end(); } }`,
    );
    expect(analysis.calleeOf(call(analysis, "this.client.connect"))).toMatchObject({ kind: "instance", path: ["connect"] });
    expect(analysis.calleeOf(call(analysis, "this.other.end"))).toMatchObject({ kind: "instance", path: ["end"] });
  });

  it("follows relative imports, re-exports and export *", () => {
    const files = {
      "lib/index.ts": `export * from "./a"; export { b as bee } from "./b";`,
      "lib/a.ts": `export function a() {}`,
      "lib/b.ts": `export const b = () => 1;`,
      "cjs.js": `module.exports = { c() {} }; exports.d = function d() {};`,
    };
    const analysis = analyse(`import { a, bee } from "./lib/index.js"; import cjs from "./cjs.js"; a(); bee(); cjs.c();`, files);
    const resolved = (text: string) => analysis.resolvedValueOf(call(analysis, text).expression).kind;
    expect(resolved("a()")).toBe("function");
    expect(resolved("bee()")).toBe("function");
    expect(resolved("cjs.c()")).toBe("function");
    // Without resolving, the value stays a cheap reference into the other file.
    expect(analysis.calleeOf(call(analysis, "a()")).kind).toBe("export");
  });

  it("finds the export that wins: a file's own over export *, and CommonJS assignments of one name or of all", () => {
    const files = {
      "lib/index.ts": `export * from "./other"; export const make = () => new Redis();\nimport Redis from "ioredis";`,
      "lib/other.ts": `export const make = () => 1; export function only() {}`,
      "cjs.js": `exports.close = function close() {};\nmodule.exports = { open: require("net").connect };`,
    };
    const analysis = analyse(`import { make, only } from "./lib/index.js"; import cjs from "./cjs.js"; make(); only(); cjs.open(); cjs.close();`, files);
    const resolved = (text: string) => analysis.resolvedValueOf(call(analysis, text).expression);
    const make = resolved("make()");
    expect(make.kind === "function" && make.file.filePath).toMatch(/lib[\\/]index\.ts$/);
    expect(resolved("only()").kind).toBe("function");
    expect(resolved("cjs.open()")).toMatchObject({ kind: "module", module: "net", path: ["connect"] });
    expect(resolved("cjs.close()").kind).toBe("function");
  });

  it("reads an object literal's member as written last, after any spread", () => {
    const analysis = analyse(
      `const base = { r: Math.random };\nconst a = { r: Date.now, r: Math.random };\nconst b = { r: Date.now, ...base };\nconst c = { ...base, r: Date.now };\na.r(); b.r(); c.r();`,
    );
    expect(analysis.keyOf(call(analysis, "a.r()").expression)).toBe("Math.random");
    expect(analysis.keyOf(call(analysis, "b.r()").expression)).toBeUndefined();
    expect(analysis.keyOf(call(analysis, "c.r()").expression)).toBe("Date.now");
  });

  it("gives up on unknown shapes instead of guessing", () => {
    const analysis = analyse(`const x = cond ? a : b; x.y();`);
    expect(analysis.calleeOf(call(analysis, "x.y")).kind).toBe("unknown");
  });
});

describe("value fate", () => {
  it.each([
    [`const id = String(Math.random());`, "kept", "id"],
    [`const t = { at: Date.now() };`, "kept", "t"],
    [`exports.x = \`a-\${Date.now()}\`;`, "kept", "x"],
    [`Date.now();`, "discarded", undefined],
    [`console.log(Date.now());`, "discarded", undefined],
    [`const s = Date.now().toString(36);`, "kept", "s"],
    [`void Date.now();`, "discarded", undefined],
  ])("%s", (code, kind, name) => {
    const analysis = analyse(code);
    const fate = analysis.fateOf(findSourceCall(analysis));
    expect(fate.kind).toBe(kind);
    if (fate.kind === "kept") expect(fate.name).toBe(name);
  });
});

function findSourceCall(analysis: ReturnType<typeof analyse>): ts.Node {
  try {
    return call(analysis, "Date.now");
  } catch {
    return call(analysis, "Math.random");
  }
}
