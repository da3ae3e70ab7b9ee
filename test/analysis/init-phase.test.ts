import { ts } from "#typescript";
import { describe, expect, it } from "vitest";
import { analyse, call, find } from "./analysis-fixture.js";

function phaseOfCall(code: string, callText: string, restoreHooks: string[] = []): string {
  const analysis = analyse(code, {}, restoreHooks);
  return analysis.phaseOf(call(analysis, callText));
}

describe("phaseOf", () => {
  it.each([
    ["top-level statement", `f();`, "f()"],
    ["top-level block", `if (x) { try { f(); } catch {} }`, "f()"],
    ["loop at top level", `for (const a of b) f(a);`, "f(a)"],
    ["top-level await", `await f();`, "f()"],
    ["static field", `class A { static x = f(); }`, "f()"],
    ["static block", `class A { static { f(); } }`, "f()"],
    ["IIFE", `(() => { f(); })();`, "f()"],
    ["async IIFE", `(async function () { await f(); })();`, "f()"],
    ["function called at init", `function g() { f(); } g();`, "f()"],
    ["call chain", `function h() { f(); } function g() { h(); } g();`, "f()"],
    ["bound and called", `function g() { f(); } const b = g.bind(null); b();`, "f()"],
    ["call/apply", `function g() { f(); } g.apply(null, []);`, "f()"],
    ["array callback", `[1].forEach(() => f());`, "f()"],
    ["Array.from callback", `Array.from(x, () => f());`, "f()"],
    ["promise executor", `new Promise(() => f());`, "f()"],
    ["then continuation", `p.then(() => f());`, "f()"],
    ["constructor of a class built at init", `class A { constructor() { f(); } } new A();`, "f()"],
    ["instance field of a class built at init", `class A { x = f(); } const a = new A();`, "f()"],
    ["base class constructor", `class B { constructor() { f(); } } class A extends B {} new A();`, "f()"],
    ["method called on an instance at init", `class A { start() { f(); } } const a = new A(); a.start();`, "f()"],
    ["serialize callback", `import v8 from "v8"; v8.startupSnapshot.addSerializeCallback(() => f());`, "f()"],
    ["callback invoked by a helper at init", `function once(fn) { return fn(); } once(() => f());`, "f()"],
  ])("%s runs at init", (_name, code, callText) => {
    expect(phaseOfCall(code, callText)).toBe("init");
  });

  it.each([
    ["handler", `export const handler = async () => { f(); };`, "f()"],
    ["function only defined", `function g() { f(); }`, "f()"],
    ["route", `app.get("/", () => f());`, "f()"],
    ["listener", `emitter.on("x", () => f());`, "f()"],
    ["timer", `setTimeout(() => f(), 1);`, "f()"],
    ["lazy getter", `const o = { get v() { return f(); } };`, "f()"],
    ["method never called", `class A { m() { f(); } } new A();`, "f()"],
    ["instance field of a class never built", `class A { x = f(); }`, "f()"],
    ["nested function not called", `function g() { return () => f(); } g();`, "f()"],
  ])("%s runs later", (_name, code, callText) => {
    expect(phaseOfCall(code, callText)).toBe("runtime");
  });

  it.each([
    ["addDeserializeCallback", `import v8 from "node:v8"; v8.startupSnapshot.addDeserializeCallback(() => f());`, "f()", []],
    ["setDeserializeMainFunction", `const { startupSnapshot } = require("v8"); startupSnapshot.setDeserializeMainFunction(main); function main() { f(); }`, "f()", []],
    ["configured hook", `onRestore(() => { f(); });`, "f()", ["onRestore"]],
    ["nested in a hook", `import v8 from "v8"; v8.startupSnapshot.addDeserializeCallback(() => { [1].map(() => f()); });`, "f()", []],
  ])("%s is a restore hook", (_name, code, callText, hooks) => {
    expect(phaseOfCall(code, callText, hooks as string[])).toBe("restore-hook");
  });
});

describe("initCalls", () => {
  it("reports a helper's calls at the top-level call that reached it", () => {
    const analysis = analyse(`function make() { return Math.random(); }\nexport const x = make();`);
    const event = analysis.initCalls.find((e) => e.node.getText() === "Math.random()");
    expect(event?.site.getText()).toBe("make()");
    expect(analysis.describeVia(event!)).toBe(" (via make() at line 1)");
  });

  it("follows helpers into other files and names them", () => {
    const analysis = analyse(`import { init } from "./db";\nawait init();`, {
      "db.ts": `import { helper } from "./helper";\nexport async function init() {\n  await helper();\n}`,
      "helper.ts": `export const helper = async () => connect();`,
    });
    const event = analysis.initCalls.find((e) => e.node.getText() === "connect()");
    expect(event?.site.getText()).toBe("init()");
    expect(analysis.describeVia(event!)).toBe(" (via init() in helper.ts:1)");
  });

  it("does not loop on recursion or import cycles", () => {
    const analysis = analyse(`import { b } from "./b";\nexport function a() { b(); a(); }\na();`, {
      "b.ts": `import { a } from "./index";\nexport function b() { a(); }`,
    });
    expect(analysis.initCalls.length).toBeGreaterThan(0);
  });

  it("collects reads of globals at init", () => {
    const analysis = analyse(`const id = process.pid;`);
    expect(analysis.initReads.map((r) => r.node.getText())).toEqual(["process.pid"]);
    expect(find(analysis, ts.SyntaxKind.PropertyAccessExpression, "process.pid")).toBeDefined();
  });

  describe("behind a guard on instance state that starts falsy", () => {
    const drawn = (code: string) => analyse(code).initCalls.some((e) => e.node.getText() === "draw()");
    const sampler = (body: string, field = "rate = 0;") => `class Sampler {\n  ${field}\n  constructor(o = {}) { if (o.rate !== undefined) this.rate = o.rate; ${body} }\n}\n`;

    it.each([
      ["&&", sampler("this.hit = this.rate && draw();")],
      ["if", sampler("if (this.rate) this.hit = draw();")],
      ["conditional, compared with 0", sampler("this.hit = this.rate > 0 ? draw() : false;")],
      ["a nested field, through a method", sampler("this.check();", "#cfg = { rate: 0 };\n  check() { return this.#cfg.rate && draw(); }")],
      ["a destructured parameter default", `class S { constructor({ rate = 0 } = {}) { this.rate = rate; this.hit = this.rate && draw(); } }\nnew S({ name: "x" });`],
    ])("does not run at init with the defaults (%s)", (_name, code) => {
      expect(drawn(`${code}\nnew Sampler();`)).toBe(false);
    });

    it("runs at init when a construction passes a value that may be truthy", () => {
      expect(drawn(`${sampler("this.hit = this.rate && draw();")}new Sampler({ rate: Number(process.env.RATE) });`)).toBe(true);
      expect(drawn(`class S { constructor({ rate = 0 } = {}) { this.rate = rate; this.hit = this.rate && draw(); } }\nclass T extends S {}\nnew T({ rate: 0.5 });`)).toBe(true);
    });

    it("stays silent when the passed value is a falsy literal, and runs when the state does not start falsy", () => {
      expect(drawn(`${sampler("this.hit = this.rate && draw();")}new Sampler({ rate: 0 });`)).toBe(false);
      expect(drawn(`${sampler("this.hit = this.rate && draw();", "rate = 0.1;")}new Sampler();`)).toBe(true);
      expect(drawn(`const rate = 0;\nexport const hit = rate && draw();`)).toBe(true);
    });
  });
});
