import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRule } from "../../src/engine/rule.js";
import type { SarifLog } from "../../src/formatters/sarif.js";
import { lintFiles } from "../../src/run/run.js";
import { rulesById } from "../../rules/index.js";
import { treeTracker } from "../trees/temp-tree.js";
import { assertBuilt, byFile, describeMessage, FINDING, lines, RULE, SLOW, snapcheck } from "./helpers.js";

const trees = treeTracker();
afterAll(trees.cleanup);
beforeAll(assertBuilt);

const relative = (root: string) => (file: string) => path.relative(root, file).split(path.sep).join("/");

describe.runIf(process.platform !== "win32")("symlinks", () => {
  it("survives symlink loops and leaves links out of the tree alone", async () => {
    const outside = trees.track({ "secret.ts": FINDING, "dir/deep.ts": FINDING });
    const root = trees.track({
      "src/a.ts": FINDING,
      "src/up": { symlink: ".." },
      "src/self": { symlink: "." },
      "src/ping": { symlink: "pong" },
      "src/pong": { symlink: "ping" },
      "src/alias.ts": { symlink: "a.ts" },
      "src/dangling.ts": { symlink: "missing.ts" },
      "src/outside-dir": { symlink: path.join(outside, "dir") },
      "src/outside-file.ts": { symlink: path.join(outside, "secret.ts") },
    });
    const { code, stdout, stderr } = await snapcheck(root, [".", "-f", "json"]);
    expect([code, stderr]).toEqual([1, ""]);
    const results = byFile(root, stdout);
    // One result for the real file, none for what lies outside the tree or nowhere.
    expect([...results.keys()]).toEqual(["src/a.ts"]);
    expect(results.get("src/a.ts")!.messages.map((m) => m.ruleId)).toEqual([RULE]);
  }, SLOW);
});

/** Permissions only bite a user other than root: as root, the bin runs as `nobody`. */
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

describe.runIf(process.platform !== "win32")("unreadable files and folders", () => {
  it("reports an unreadable file as one fatal message and an unreadable folder as a warning, and lints the rest", async () => {
    const root = trees.track({ "a.ts": FINDING, "secret.ts": FINDING, "locked/b.ts": FINDING });
    fs.chmodSync(root, 0o755);
    fs.chmodSync(path.join(root, "secret.ts"), 0o000);
    fs.chmodSync(path.join(root, "locked"), 0o000);
    try {
      const { code, stdout, stderr } = await snapcheck(root, [".", "-f", "json"], isRoot ? { uid: NOBODY } : {});
      expect(code).toBe(1);
      expect(lines(stderr)).toEqual(["snapcheck: warning: locked: cannot read folder: EACCES: permission denied"]);
      const results = byFile(root, stdout);
      expect([...results.keys()]).toEqual(["a.ts", "secret.ts"]);
      expect(results.get("a.ts")!.messages.map((m) => m.ruleId)).toEqual([RULE]);
      expect(results.get("secret.ts")!.messages.map(describeMessage)).toEqual(["1:1 fatal File could not be read: EACCES: permission denied"]);
    } finally {
      fs.chmodSync(path.join(root, "locked"), 0o755);
    }
  }, SLOW);
});

describe("files deleted while the run is under way", () => {
  /**
   * A real deletion on disk in the middle of `lintFiles`, after discovery listed the files: a test rule deletes them
   * while the first file is linted. Files are linted in sorted order, so the timing is deterministic.
   */
  it("reports each vanished file once, and lints the rest, including a file importing a vanished one", async () => {
    const root = trees.track({
      "a.ts": FINDING,
      "b.ts": 'import { make } from "./gone/helper.js";\nexport const id = make();\n',
      "gone/helper.ts": "export function make() {\n  return crypto.randomUUID();\n}\n",
      "gone/other.ts": FINDING,
      "z.ts": FINDING,
    });
    const doomed = [path.join(root, "z.ts"), path.join(root, "gone")];
    const deleter = createRule({
      id: "uniqueness/test-deleter",
      description: "Deletes files of the tree the first time it runs.",
      defaultLevel: "error",
      messages: {},
      create() {
        for (const target of doomed.splice(0)) fs.rmSync(target, { recursive: true });
        return {};
      },
    });
    const rules = new Map([...rulesById, [deleter.meta.id, deleter]]);
    const { results, problems } = await lintFiles({ cwd: root, patterns: ["."], rules });
    expect(problems).toEqual([]);
    expect(doomed).toEqual([]);
    const summary = results.map((result) => [relative(root)(result.filePath), result.messages.map((m) => m.ruleId ?? m.message)]);
    expect(summary).toEqual([
      ["a.ts", [RULE]],
      // The import cannot be followed any more: nothing to report, and no crash.
      ["b.ts", []],
      ["gone/helper.ts", ["ENOENT: file disappeared during the run"]],
      ["gone/other.ts", ["ENOENT: file disappeared during the run"]],
      ["z.ts", ["ENOENT: file disappeared during the run"]],
    ]);
  });
});

describe("paths with spaces and non-ASCII names", () => {
  const FILES = ["with space/a b.ts", "ñandú/über.ts", "日本/ファイル.ts", "emoji 🦀/x.mts"];

  it("finds, names and reports them in every format", async () => {
    const root = trees.track(Object.fromEntries(FILES.map((file) => [file, FINDING])));
    const json = await snapcheck(root, ["-f", "json"]);
    expect([json.code, json.stderr]).toEqual([1, ""]);
    const results = byFile(root, json.stdout);
    expect([...results.keys()].sort()).toEqual([...FILES].sort());
    for (const result of results.values()) expect(result.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([[RULE, 1, 19]]);

    const sarif = await snapcheck(root, ["-f", "sarif"]);
    const log = JSON.parse(sarif.stdout) as SarifLog;
    const uris = log.runs[0]!.results.map((result) => result.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris.sort()).toEqual(FILES.map((file) => file.split("/").map(encodeURIComponent).join("/")).sort());

    const stylish = await snapcheck(root, []);
    for (const file of FILES) expect(stylish.stdout).toContain(path.normalize(file));
  }, SLOW);

  it("lints them when named on the command line, directly or by a glob", async () => {
    const root = trees.track(Object.fromEntries(FILES.map((file) => [file, FINDING])));
    const { code, stdout } = await snapcheck(root, ["with space/a b.ts", "ñandú/*.ts", "-f", "json"]);
    expect(code).toBe(1);
    expect([...byFile(root, stdout).keys()]).toEqual(["with space/a b.ts", "ñandú/über.ts"]);
  }, SLOW);
});

describe.runIf(process.platform === "linux")("a file name that is not valid UTF-8", () => {
  it("is reported as unreadable by name, not as vanished, and the rest is linted", async () => {
    const root = trees.track({ "ok.ts": FINDING });
    fs.writeFileSync(Buffer.concat([Buffer.from(`${root}/caf`), Buffer.from([0xe9]), Buffer.from(".ts")]), FINDING);
    const { code, stdout, stderr } = await snapcheck(root, [".", "-f", "json"]);
    expect([code, stderr]).toEqual([1, ""]);
    const results = byFile(root, stdout);
    expect([...results.keys()]).toEqual(["caf\uFFFD.ts", "ok.ts"]);
    expect(results.get("caf\uFFFD.ts")!.messages.map(describeMessage)).toEqual(["1:1 fatal File could not be read: its name is not valid UTF-8"]);
    expect(results.get("ok.ts")!.messages.map((m) => m.ruleId)).toEqual([RULE]);
  }, SLOW);
});

describe("a node_modules folder named on the command line", () => {
  it("is linted, nested packages included, while a plain run skips it", async () => {
    const root = trees.track({
      "src/a.ts": "export const a = 1;\n",
      "node_modules/dep/index.js": FINDING,
      "node_modules/dep/node_modules/inner/index.js": FINDING,
      "node_modules/dep/.git/hook.js": FINDING,
    });
    const named = await snapcheck(root, ["node_modules", "-f", "json"]);
    expect([named.code, named.stderr]).toEqual([1, ""]);
    expect([...byFile(root, named.stdout).keys()]).toEqual(["node_modules/dep/index.js", "node_modules/dep/node_modules/inner/index.js"]);
    const plain = await snapcheck(root, [".", "-f", "json", "--no-ignore"]);
    expect([...byFile(root, plain.stdout).keys()]).toEqual(["src/a.ts"]);
  }, SLOW);
});

describe("50,000 files", () => {
  const FOLDERS = 500;
  const PER_FOLDER = 100;

  it("lints every one of them, in path order, with every finding", async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "snapcheck-50k-")));
    try {
      let findings = 0;
      for (let folder = 0; folder < FOLDERS; folder++) {
        const dir = path.join(root, "src", `pkg${folder}`);
        fs.mkdirSync(dir, { recursive: true });
        for (let file = 0; file < PER_FOLDER; file++) {
          let text = `export const v${file} = ${folder * PER_FOLDER + file};\n`;
          if (file === 7) {
            text = `${FINDING}`;
            findings++;
          } else if (file > 0 && file % 9 === 0) {
            text = `import { v${file - 1} } from "./m${file - 1}.js";\nexport const v${file} = v${file - 1} + 1;\n`;
          }
          fs.writeFileSync(path.join(dir, `m${file}.ts`), text);
        }
      }
      const { code, stdout, stderr } = await snapcheck(root, ["src", "-f", "json", "-o", "report.json"]);
      expect([code, stdout, stderr]).toEqual([1, "", ""]);
      const results = byFile(root, fs.readFileSync(path.join(root, "report.json"), "utf8"));
      expect(results.size).toBe(FOLDERS * PER_FOLDER);
      const paths = [...results.values()].map((result) => result.filePath);
      expect(paths).toEqual([...paths].sort());
      const messages = [...results.values()].flatMap((result) => result.messages);
      expect(messages.filter((m) => m.fatal)).toEqual([]);
      expect(messages.filter((m) => m.ruleId === RULE)).toHaveLength(findings);
      expect(results.get("src/pkg499/m7.ts")!.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([[RULE, 1, 19]]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, SLOW);
});
