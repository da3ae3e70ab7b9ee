import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ModuleIndex } from "../../src/analysis/modules.js";
import type { ResolvedConfig } from "../../src/config/types.js";
import { lintText } from "../../src/engine/lint-file.js";
import type { Target } from "../../src/config/types.js";
import type { LintResult } from "../../src/results.js";
import { rulesById } from "../../rules/index.js";
import { PROJECT_ROOT } from "./helpers.js";

/**
 * Mutated and truncated sources, thousands of them, through the engine with every rule on: it never throws, and
 * every input gets exactly one well-formed result. Fixed seed, so a failure reproduces.
 */
const SEED = 20_260_101;
const RUNS = 6000;
const FIXTURES = path.join(PROJECT_ROOT, "fixtures");
const SOURCE = /\.[cm]?[jt]sx?$/;

/** Inline snippets keep the test meaningful however many fixtures exist. */
const SNIPPETS: Record<string, string> = {
  "inline/init.ts": 'import { randomUUID } from "node:crypto";\nexport const id = randomUUID();\nconst seed = Math.random();\n',
  "inline/handler.mjs": "let token;\nexport async function handler() {\n  token ??= await fetchToken();\n  return token;\n}\n",
  "inline/class.ts": "class Pool {\n  static id = crypto.randomUUID();\n  #conn = new Redis(6379);\n}\nexport default new Pool();\n",
  "inline/hooks.cjs": 'const v8 = require("v8");\nv8.startupSnapshot.addDeserializeCallback(() => { globalThis.seed = Math.random(); });\nmodule.exports = { t: Date.now() };\n',
  "inline/jsx.tsx": "export const App = () => <div key={crypto.randomUUID()}>{`${Math.random()}`}</div>;\n",
  "inline/directives.ts": "// snapcheck-disable-next-line uniqueness/init-random\nexport const a = crypto.randomUUID();\n/* snapcheck-disable */\nexport const b = Math.random();\n",
};

function fixtureFiles(): { filePath: string; text: string }[] {
  const found: { filePath: string; text: string }[] = [];
  if (fs.existsSync(FIXTURES)) {
    for (const entry of fs.readdirSync(FIXTURES, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !SOURCE.test(entry.name)) continue;
      const filePath = path.join(entry.parentPath, entry.name);
      found.push({ filePath, text: fs.readFileSync(filePath, "utf8") });
    }
  }
  for (const [relative, text] of Object.entries(SNIPPETS)) found.push({ filePath: path.join(FIXTURES, relative), text });
  return found.sort((a, b) => (a.filePath < b.filePath ? -1 : 1));
}

/** Fragments that tend to confuse parsers and the analyses behind them. */
const NASTY = [
  "{", "}", "(", ")", "[", "]", "`", "${", "/*", "*/", "//", '"', "'", "\\", "\u0000", "\uFEFF", "\r", "\r\n", "\u2028",
  "\uD800", "\uDFFF", "=>", "async ", "await ", "yield ", "new ", "class ", "function ", "import(", 'require("', "export ",
  "<div>", "</", "?.", "??=", "#x", "@dec ", "static {", "crypto.randomUUID()", "Math.random()", "process.env.TOKEN",
  "let x = x.y;", "x = x();", "new Redis()", "// snapcheck-disable-line", "/* snapcheck-enable */", "a".repeat(300),
];

type Mutation =
  | { kind: "truncate"; at: number }
  | { kind: "delete"; at: number; length: number }
  | { kind: "insert"; at: number; text: string }
  | { kind: "duplicate"; at: number; length: number }
  | { kind: "swap"; at: number; other: number; length: number };

const position = fc.double({ min: 0, max: 1, noNaN: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: position }),
  fc.record({ kind: fc.constant("delete" as const), at: position, length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: position, text: fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 8 })) }),
  fc.record({ kind: fc.constant("duplicate" as const), at: position, length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant("swap" as const), at: position, other: position, length: fc.integer({ min: 1, max: 60 }) }),
);

function mutate(text: string, change: Mutation): string {
  const at = Math.floor(change.at * text.length);
  switch (change.kind) {
    case "truncate":
      return text.slice(0, at);
    case "delete":
      return text.slice(0, at) + text.slice(at + change.length);
    case "insert":
      return text.slice(0, at) + change.text + text.slice(at);
    case "duplicate":
      return text.slice(0, at + change.length) + text.slice(at);
    case "swap": {
      const other = Math.floor(change.other * text.length);
      const [first, second] = at < other ? [at, other] : [other, at];
      if (first + change.length > second) return text;
      const a = text.slice(first, first + change.length);
      const b = text.slice(second, second + change.length);
      return text.slice(0, first) + b + text.slice(first + change.length, second) + a + text.slice(second + b.length);
    }
  }
}

function configFor(target: Target): ResolvedConfig {
  const rules = Object.fromEntries([...rulesById.keys()].map((id) => [id, { severity: 2 as const, options: {} }]));
  return { rules, target, restoreHooks: ["reseed"], connections: {} };
}

function checkResult(result: LintResult, filePath: string, text: string): void {
  expect(result.filePath).toBe(filePath);
  const lineCount = text.split(/\r\n|[\n\r\u2028\u2029]/).length;
  for (const message of result.messages) {
    expect(message.line).toBeGreaterThanOrEqual(1);
    expect(message.line).toBeLessThanOrEqual(lineCount);
    expect(message.column).toBeGreaterThanOrEqual(1);
    expect(typeof message.message).toBe("string");
    // A rule crash would hide every finding of the file: none of the inputs may cause one.
    expect(message.message).not.toMatch(/^Internal error/);
  }
  expect(result.errorCount + result.warningCount).toBe(result.messages.length);
  expect(result.fatalErrorCount).toBeLessThanOrEqual(1);
}

describe("fuzz", () => {
  const files = fixtureFiles();
  const configs = { lambda: configFor("lambda"), "node-snapshot": configFor("node-snapshot") };

  it(`lints ${RUNS} mutated sources without throwing, one well-formed result each`, () => {
    expect(files.length).toBeGreaterThanOrEqual(Object.keys(SNIPPETS).length);
    const input = fc.record({
      file: fc.constantFrom(...files),
      changes: fc.array(mutation, { minLength: 1, maxLength: 6 }),
      target: fc.constantFrom<Target>("lambda", "node-snapshot"),
      precheck: fc.boolean(),
    });
    fc.assert(
      fc.property(input, ({ file, changes, target, precheck }) => {
        const text = changes.reduce(mutate, file.text);
        const options = { filePath: file.filePath, text, config: configs[target], rules: rulesById, precheck };
        // A fresh index per input, so one input's parse cannot stand in for another's.
        const result = lintText({ ...options, modules: new ModuleIndex(PROJECT_ROOT) });
        checkResult(result, file.filePath, text.startsWith("\uFEFF") ? text.slice(1) : text);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  }, 120_000);

  it("gives the same result for the same input", () => {
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.array(mutation, { maxLength: 4 }), (file, changes) => {
        const text = changes.reduce(mutate, file.text);
        const lint = () =>
          lintText({ filePath: file.filePath, text, config: configs.lambda, rules: rulesById, modules: new ModuleIndex(PROJECT_ROOT), precheck: false });
        expect(lint()).toEqual(lint());
      }),
      { seed: SEED, numRuns: 200 },
    );
  }, 120_000);
});
