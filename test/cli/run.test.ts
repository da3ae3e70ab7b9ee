import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { configForFile, lintFiles, lintStdin } from "../../src/run/run.js";
import { MAX_FILE_BYTES } from "../../src/discovery/regular-file.js";
import { decodeSource, readSource } from "../../src/run/source.js";
import { treeTracker } from "../trees/temp-tree.js";

const trees = treeTracker();
afterAll(trees.cleanup);

const RULE = "uniqueness/init-random";
const FINDING = "export const id = crypto.randomUUID();\n";
const CLEAN = "export function handler() {\n  return crypto.randomUUID();\n}\n";

function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
}

function utf16be(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]);
}

describe("decodeSource", () => {
  it("decodes UTF-8, UTF-16LE and UTF-16BE by their byte order marks", () => {
    expect(decodeSource(Buffer.from("const a = 'é';"))).toEqual({ ok: true, text: "const a = 'é';" });
    expect(decodeSource(utf16le("const a = 'é';"))).toEqual({ ok: true, text: "const a = 'é';" });
    expect(decodeSource(utf16be("const a = 'é';"))).toEqual({ ok: true, text: "const a = 'é';" });
  });

  it("replaces invalid UTF-8 instead of failing", () => {
    expect(decodeSource(Buffer.from([0x61, 0xff, 0x62]))).toEqual({ ok: true, text: "a\uFFFDb" });
  });

  it("skips a file with a NUL byte in its first 8 KB as binary", () => {
    expect(decodeSource(Buffer.from([0x47, 0x00, 0x11]))).toEqual({ ok: false, message: "File skipped: binary" });
    const lateNul = Buffer.concat([Buffer.alloc(8192, 0x20), Buffer.from([0])]);
    expect(decodeSource(lateNul).ok).toBe(true);
  });
});

describe("readSource", () => {
  it("explains a file that disappeared during the run", () => {
    expect(readSource("/nonexistent/snapcheck/file.ts")).toEqual({ ok: false, message: "ENOENT: file disappeared during the run" });
  });

  it("skips files over 10 MB without reading them", () => {
    const root = trees.track({});
    const big = path.join(root, "bundle.js");
    fs.closeSync(fs.openSync(big, "w"));
    fs.truncateSync(big, MAX_FILE_BYTES + 1);
    expect(readSource(big)).toEqual({ ok: false, message: "File skipped: larger than 10 MB" });
  });
});

describe("lintFiles", () => {
  it("lints each file with its own config and returns results sorted by path", async () => {
    const root = trees.track({
      ".snapcheckrc.json": JSON.stringify({ overrides: [{ files: ["legacy/**"], rules: { [RULE]: "off" } }] }),
      "src/b.ts": FINDING,
      "src/a.ts": CLEAN,
      "legacy/old.ts": FINDING,
    });
    const { results } = await lintFiles({ cwd: root, patterns: ["."] });
    const files = results.map((result) => path.relative(root, result.filePath));
    expect(files).toEqual(["legacy/old.ts", "src/a.ts", "src/b.ts"].map(path.normalize));
    expect(results.map((result) => result.messages.map((message) => message.ruleId))).toEqual([[], [], [RULE]]);
  });

  it("reports a binary file as a fatal result and lints the rest", async () => {
    const root = trees.track({ "video.ts": Buffer.from([0x47, 0x40, 0x00, 0x10]), "ok.ts": CLEAN, "utf16.ts": utf16le(CLEAN) });
    fs.truncateSync(path.join(root, "ok.ts"), 0);
    const { results } = await lintFiles({ cwd: root, patterns: ["."] });
    const summary = results.map((result) => [path.basename(result.filePath), result.messages.map((m) => [m.fatal ?? false, m.message])]);
    expect(summary).toEqual([
      ["ok.ts", []],
      ["utf16.ts", []],
      ["video.ts", [[true, "File skipped: binary"]]],
    ]);
  });

  it("finds problems in UTF-16 files at the right place", async () => {
    const root = trees.track({ "le.ts": utf16le(`// é\n${FINDING}`), "be.ts": utf16be(`// é\n${FINDING}`) });
    const { results } = await lintFiles({ cwd: root, patterns: ["."] });
    for (const result of results) expect(result.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([[RULE, 2, 19]]);
  });
});

describe("lintStdin and configForFile", () => {
  it("lints stdin as the file it names, with that file's config", async () => {
    const root = trees.track({ "src/.snapcheckrc.json": JSON.stringify({ rules: { [RULE]: "warn" } }) });
    const { results } = await lintStdin({ cwd: root, content: Buffer.from(FINDING), filePath: "src/handler.ts" });
    expect(results).toHaveLength(1);
    expect(results[0]!.filePath).toBe(path.join(root, "src/handler.ts"));
    expect(results[0]!.messages.map((m) => [m.ruleId, m.severity])).toEqual([[RULE, 1]]);
    const anonymous = await lintStdin({ cwd: root, content: "const = ;" });
    expect(anonymous.results[0]!.filePath).toBe(path.join(root, "<text>"));
    expect(anonymous.results[0]!.messages[0]).toMatchObject({ fatal: true, line: 1 });
  });

  it("resolves the config a file would be linted with, even if it does not exist", async () => {
    const root = trees.track({ ".snapcheckrc.yaml": "target: node-snapshot\nrestoreHooks: [reseed]\n" });
    const config = await configForFile({ cwd: root, ruleFlags: [{ id: RULE, level: "warn" }] }, "src/new.ts");
    expect(config).toMatchObject({
      target: "node-snapshot",
      restoreHooks: ["reseed"],
      rules: { [RULE]: { severity: 1, options: {} } },
    });
  });
});
