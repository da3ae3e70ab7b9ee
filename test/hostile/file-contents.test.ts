import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LintResult } from "../../src/results.js";
import { treeTracker } from "../trees/temp-tree.js";
import { assertBuilt, byFile, describeMessage, FINDING, RULE, SLOW, snapcheck, type Run } from "./helpers.js";

/**
 * Every kind of file content a repository may hold, in one generated tree linted by one run of the bin: each file
 * gets exactly one result, unreadable ones one fatal message, and the findings of the others are all there.
 */
const trees = treeTracker();
afterAll(trees.cleanup);


function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
}

function utf16be(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]);
}

/** About 6 MB of a generated data table, with one finding at its very end. */
function generatedTable(): { text: string; lastLine: number } {
  const rows: string[] = [];
  let size = 0;
  for (let i = 0; size < 6 * 1024 * 1024; i++) {
    const row = `  { id: ${i}, name: "row-${i}", tags: ["t${i % 7}", "u${i % 13}"], weight: ${i % 1000}, enabled: ${i % 2 === 0} },\n`;
    rows.push(row);
    size += row.length;
  }
  const text = `// generated\nexport const table = [\n${rows.join("")}];\nexport function lookup(id) { return table[id]; }\n${FINDING}`;
  return { text, lastLine: rows.length + 5 };
}

const LONG_LINE_PREFIX = `export const blob = "${"x".repeat(2 * 1024 * 1024)}"; `;
const table = generatedTable();
const terms = (count: number, join: string) => Array.from({ length: count }, (_, i) => `a${i % 10}`).join(join);

const TREE: Record<string, string | Buffer> = {
  "src/handler.ts": FINDING,
  "src/broken.ts": `export const = ;\nexport const also = ;\n${FINDING}`,
  "src/binary.ts": Buffer.from([0x47, 0x40, 0x00, 0x10, 0x00, 0x00, 0xb0, 0x0d, 0x00, 0x01]),
  "src/utf16le.ts": utf16le(`// é\n${FINDING}`),
  "src/utf16be.ts": utf16be(`// é\n${FINDING}`),
  "src/invalid-utf8.ts": Buffer.concat([Buffer.from("// caf"), Buffer.from([0xe9, 0xff, 0xc3]), Buffer.from(`\n${FINDING}`)]),
  "src/empty.ts": "",
  "src/crlf-bom.ts": `\uFEFF// header\r\n\r\n${FINDING.trimEnd()}\r\n// snapcheck-disable-next-line ${RULE}\r\nexport const other = crypto.randomUUID();\r\n`,
  "src/long-line.ts": `${LONG_LINE_PREFIX}${FINDING}`,
  "src/generated.js": table.text,
  "src/deep-parens.ts": `${FINDING}export const x = ${"(".repeat(20_000)}1${")".repeat(20_000)};\n`,
  "src/deep-arrays.ts": `${FINDING}export const x = ${"[".repeat(20_000)}1${"]".repeat(20_000)};\n`,
  "src/long-sum.ts": `${FINDING}export const x = ${terms(50_000, " + ")};\n`,
  "src/long-call-chain.ts": `${FINDING}export const x = promise${".then(next)".repeat(50_000)};\n`,
  "src/long-logical-chain.ts": `${FINDING}export const x = ${terms(50_000, " && ")};\n`,
  "src/many-statements.ts": `${"void 0;\n".repeat(300_000)}${FINDING}`,
};

let root = "";
let outcome: Run;
let results: Map<string, LintResult>;

beforeAll(async () => {
  assertBuilt();
  root = trees.track(TREE);
  outcome = await snapcheck(root, ["src", "-f", "json"]);
  results = byFile(root, outcome.stdout);
}, SLOW);

function messagesOf(file: string): string[] {
  const result = results.get(file);
  if (!result) throw new Error(`no result for ${file}`);
  return result.messages.map(describeMessage);
}

/** `line:column ruleId` of each message: rule wording is the rules' business. */
function placesOf(file: string): string[] {
  return results.get(file)!.messages.map((m) => `${m.line}:${m.column} ${m.ruleId ?? "fatal"}`);
}

describe("hostile file contents, end to end", () => {
  it("exits 1 with no stderr, and exactly one result per file", () => {
    expect([outcome.code, outcome.signal, outcome.stderr]).toEqual([1, null, ""]);
    expect([...results.keys()]).toEqual(Object.keys(TREE).sort());
  });

  it("reports a syntax error as one fatal message, and the other files' findings", () => {
    const broken = messagesOf("src/broken.ts");
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatch(/^1:14 fatal Parsing error: /);
    expect(placesOf("src/handler.ts")).toEqual([`1:19 ${RULE}`]);
  });

  it("skips a binary file with one message", () => {
    expect(messagesOf("src/binary.ts")).toEqual(["1:1 fatal File skipped: binary"]);
  });

  it("reads UTF-16 (both byte orders) and invalid UTF-8, finding problems at the right place", () => {
    for (const file of ["src/utf16le.ts", "src/utf16be.ts", "src/invalid-utf8.ts"]) {
      expect(placesOf(file)).toEqual([`2:19 ${RULE}`]);
    }
  });

  it("lints an empty file as clean", () => {
    expect(messagesOf("src/empty.ts")).toEqual([]);
  });

  it("keeps lines and columns right with CRLF line endings and a byte order mark", () => {
    const result = results.get("src/crlf-bom.ts")!;
    expect(result.messages.map((m) => [m.line, m.column, m.endLine, m.endColumn])).toEqual([[3, 19, 3, 38]]);
    // The directive on a CRLF line still applies to the next line.
    expect(result.suppressedMessages.map((m) => [m.ruleId, m.line, m.column])).toEqual([[RULE, 5, 22]]);
  });

  it("reports the column of a finding at the end of a 2 MB line", () => {
    const result = results.get("src/long-line.ts")!;
    const column = LONG_LINE_PREFIX.length + FINDING.indexOf("crypto") + 1;
    expect(result.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([[RULE, 1, column]]);
  });

  it("lints a 6 MB generated file, finding the problem on its last line", () => {
    expect(Buffer.byteLength(table.text)).toBeGreaterThan(6 * 1024 * 1024);
    expect(placesOf("src/generated.js")).toEqual([`${table.lastLine}:19 ${RULE}`]);
  });

  it("analyses a file of 300,000 top-level statements, finding the problem after them", () => {
    expect(placesOf("src/many-statements.ts")).toEqual([`300001:19 ${RULE}`]);
  });

  it("reports 20,000 nested parentheses or arrays as not analysable, without taking the run down", () => {
    for (const file of ["src/deep-parens.ts", "src/deep-arrays.ts"]) {
      expect(messagesOf(file)).toEqual(["1:1 fatal File could not be analysed: nesting too deep for the parser"]);
    }
  });

  it("reports 50,000-term expression chains as not analysable, promptly", () => {
    for (const file of ["src/long-sum.ts", "src/long-call-chain.ts", "src/long-logical-chain.ts"]) {
      const messages = messagesOf(file);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(/^2:\d+ fatal File could not be analysed: nesting deeper than 1000 levels$/);
    }
  });
});

describe.runIf(process.platform !== "win32")("a named file that is not a regular file", () => {
  it("is skipped with a message instead of blocking on a named pipe", async () => {
    const dir = trees.track({ "a.ts": FINDING });
    execFileSync("mkfifo", [path.join(dir, "pipe.ts")]);
    const { code, stdout, stderr } = await snapcheck(dir, ["pipe.ts", "a.ts", "-f", "json"]);
    expect([code, stderr]).toEqual([1, ""]);
    const found = byFile(dir, stdout);
    expect(found.get("pipe.ts")!.messages.map(describeMessage)).toEqual(["1:1 fatal File skipped: not a regular file"]);
    expect(found.get("a.ts")!.messages.map((m) => m.ruleId)).toEqual([RULE]);
    expect(fs.statSync(path.join(dir, "pipe.ts")).isFIFO()).toBe(true);
  }, SLOW);
});

describe("code that would act if run", () => {
  it("is read, never executed: only a JavaScript config file is loaded", async () => {
    const touch = (name: string) => `require("node:fs").writeFileSync(require("node:path").join(__dirname, "${name}"), "");\n`;
    const dir = trees.track({
      "src/evil.cjs": `${touch("RAN-cjs")}${FINDING.replace("export ", "")}`,
      "src/evil.mjs": `import fs from "node:fs";\nfs.writeFileSync(new URL("RAN-mjs", import.meta.url), "");\n${FINDING}`,
      "src/evil.ts": `import "./helper.js";\nprocess.exit(3);\n${FINDING}`,
      "src/helper.ts": 'import fs from "node:fs";\nfs.writeFileSync(new URL("RAN-helper", import.meta.url), "");\n',
      "snapcheck.config.mjs": 'import fs from "node:fs";\nfs.writeFileSync(new URL("RAN-config", import.meta.url), "");\nexport default {};\n',
    });
    const { code, stdout, stderr } = await snapcheck(dir, ["src", "-f", "json"]);
    expect([code, stderr]).toEqual([1, ""]);
    expect([...byFile(dir, stdout).values()].map((result) => result.messages.map((m) => m.ruleId))).toEqual([[RULE], [RULE], [RULE], []]);
    expect(fs.readdirSync(dir).filter((name) => name.startsWith("RAN-"))).toEqual(["RAN-config"]);
    expect(fs.readdirSync(path.join(dir, "src")).filter((name) => name.startsWith("RAN-"))).toEqual([]);
  }, SLOW);
});
