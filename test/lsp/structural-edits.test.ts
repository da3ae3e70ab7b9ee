import { describe, expect, it } from "vitest";
import { applyEdits } from "../../src/engine/fixes.js";
import { addOptionToCall, minimalEdit, type OptionToAdd } from "../../src/lsp/structural-edits.js";

const LAZY: OptionToAdd = { name: "lazyConnect", value: "true", appendArgument: true };

/** Adds the option to the call starting at the first `new `/`io(` in the text and ending at `end`. */
async function edited(text: string, call: string, option: OptionToAdd = LAZY): Promise<string | undefined> {
  const start = text.indexOf(call);
  const edit = await addOptionToCall("/project/a.ts", text, start, matchingClose(text, text.indexOf("(", start)) + 1, option);
  return edit && applyEdits(text, [edit]).text;
}

function matchingClose(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    if (text[i] === ")" && --depth === 0) return i;
  }
  throw new Error("unbalanced");
}

describe("addOptionToCall", () => {
  it("appends an options argument when none is written", async () => {
    expect(await edited(`const r = new Redis(process.env.URL);\n`, "new Redis")).toBe(`const r = new Redis(process.env.URL, { lazyConnect: true });\n`);
    expect(await edited(`const r = new Redis();\n`, "new Redis")).toBe(`const r = new Redis({ lazyConnect: true });\n`);
  });

  it("does not append for a client whose options must be the object already passed", async () => {
    expect(await edited(`const a = new Ably.Realtime(key);\n`, "new Ably", { name: "autoConnect", value: "false", appendArgument: false })).toBeUndefined();
  });

  it("keeps a one-line literal on one line", async () => {
    expect(await edited(`const r = new Redis({ host: "a", port: 1 });\n`, "new Redis")).toBe(`const r = new Redis({ host: "a", port: 1, lazyConnect: true });\n`);
    expect(await edited(`const r = new Redis(url, {});\n`, "new Redis")).toBe(`const r = new Redis(url, { lazyConnect: true });\n`);
  });

  it("follows a multi-line literal's indentation and trailing commas", async () => {
    expect(await edited(`const r = new Redis({\n  host: "a",\n});\n`, "new Redis")).toBe(`const r = new Redis({\n  host: "a",\n  lazyConnect: true,\n});\n`);
    expect(await edited(`function f() {\n    return new Redis({\n        host: "a"\n    });\n}\n`, "new Redis")).toBe(
      `function f() {\n    return new Redis({\n        host: "a",\n        lazyConnect: true\n    });\n}\n`,
    );
    expect(await edited(`function f() {\n\treturn new Redis({\n\t\thost: "a"\n\t});\n}\n`, "new Redis")).toBe(
      `function f() {\n\treturn new Redis({\n\t\thost: "a",\n\t\tlazyConnect: true\n\t});\n}\n`,
    );
  });

  it("keeps CRLF line ends", async () => {
    expect(await edited(`const r = new Redis({\r\n  host: "a"\r\n});\r\n`, "new Redis")).toBe(`const r = new Redis({\r\n  host: "a",\r\n  lazyConnect: true\r\n});\r\n`);
  });

  it("leaves an option already written alone, and anything that is not a call", async () => {
    expect(await edited(`const r = new Redis({ lazyConnect: false });\n`, "new Redis")).toBeUndefined();
    expect(await addOptionToCall("/project/a.ts", `const x = 1;\n`, 10, 11, LAZY)).toBeUndefined();
  });

  it("parses JSX in .tsx files", async () => {
    const text = `const r = new Redis({ host: "a" });\nexport const App = () => <div>{String(r)}</div>;\n`;
    const edit = await addOptionToCall("/project/a.tsx", text, text.indexOf("new"), text.indexOf(");") + 1, LAZY);
    expect(edit && applyEdits(text, [edit]).text).toContain(`new Redis({ host: "a", lazyConnect: true })`);
  });
});

describe("minimalEdit", () => {
  it("replaces only what differs", () => {
    expect(minimalEdit("abcdef", "abXYef")).toEqual({ range: [2, 4], text: "XY" });
    expect(minimalEdit("aaa", "aaaa")).toEqual({ range: [3, 3], text: "a" });
    expect(minimalEdit("same", "same")).toBeUndefined();
  });
});
