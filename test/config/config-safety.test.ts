import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lines, requireBuild, snapcheck } from "../adoption/bin.js";
import { treeTracker } from "../trees/temp-tree.js";

/** End to end through the built bin: what a config file can make a run do. */
const trees = treeTracker();
afterAll(trees.cleanup);
requireBuild();

const RULE = "uniqueness/init-random";
const FINDING = "export const id = crypto.randomUUID();\n";

/** A JS config that leaves a mark when it runs, so a test can tell it was never executed. */
function plantedConfig(marker: string): string {
  return `import fs from "node:fs";\nfs.writeFileSync(${JSON.stringify(marker)}, "ran");\nexport default { rules: { "${RULE}": "off" } };\n`;
}

describe("configs outside the project are never read", () => {
  // `above/` plays the part of /tmp: a folder above the linted file, outside the project the run starts in.
  const root = trees.track({
    "project/package.json": '{ "name": "project" }',
    "project/src/handler.ts": FINDING,
    "elsewhere/x.ts": FINDING,
  });
  const marker = path.join(root, "planted-config-ran");
  fs.writeFileSync(path.join(root, "snapcheck.config.mjs"), plantedConfig(marker));
  fs.writeFileSync(path.join(root, "elsewhere/.snapcheckrc.cjs"), plantedConfig(marker).replace("import fs from", "const fs = require").replace('"node:fs";', '("node:fs");').replace("export default", "module.exports ="));
  const project = path.join(root, "project");

  it.each([
    ["a path on the command line", ["../elsewhere/x.ts"], undefined],
    ["--stdin-filename", ["--stdin", "--stdin-filename", "../elsewhere/x.ts"], FINDING],
    ["a --server request", ["--server"], `${JSON.stringify({ filePath: "../elsewhere/x.ts", text: FINDING })}\n`],
  ])("for a file named by %s", async (_how, args, stdin) => {
    fs.rmSync(marker, { force: true });
    const run = await snapcheck(project, [...args, "-f", "json"], stdin);
    expect(fs.existsSync(marker)).toBe(false);
    expect(run.stderr).toBe("");
    // The file is linted with the project's config (none here: defaults), so the finding stands.
    expect(run.stdout).toContain(RULE);
  });

  it("still reads the config of the project itself", async () => {
    fs.rmSync(marker, { force: true });
    fs.writeFileSync(path.join(project, ".snapcheckrc.json"), JSON.stringify({ rules: { [RULE]: "warn" } }));
    try {
      const run = await snapcheck(project, ["../elsewhere/x.ts", "src/handler.ts", "-f", "json"]);
      const results = JSON.parse(run.stdout) as { messages: { severity: number }[] }[];
      expect(results.map((result) => result.messages.map((message) => message.severity))).toEqual([[1], [1]]);
      expect(fs.existsSync(marker)).toBe(false);
    } finally {
      fs.rmSync(path.join(project, ".snapcheckrc.json"));
    }
  });

  it("refuses a $import that reaches outside the project", async () => {
    const tree = trees.track({
      "project/.snapcheckrc.json": JSON.stringify({ $import: "../shared.json" }),
      "project/a.ts": FINDING,
      "shared.json": "{}",
    });
    const run = await snapcheck(path.join(tree, "project"), ["a.ts"]);
    expect([run.code, lines(run.stderr)]).toEqual([
      2,
      ["snapcheck: .snapcheckrc.json: $import: ../shared.json is outside the project; configs are only read inside it"],
    ]);
  });
});

describe("a JS config that misbehaves gives one line and exit 2", () => {
  it("when its exported promise never settles", { timeout: 40_000 }, async () => {
    const root = trees.track({ "snapcheck.config.mjs": "export default await new Promise(() => {});\n", "a.ts": FINDING });
    const run = await snapcheck(root, ["a.ts"]);
    expect([run.code, lines(run.stderr)]).toEqual([2, ["snapcheck: snapcheck.config.mjs: the config did not finish loading within 10 s"]]);
  });

  it("when a getter throws", async () => {
    const root = trees.track({
      "snapcheck.config.mjs": 'export default { get rules() { throw new Error("no RULES_FILE"); } };\n',
      "a.ts": FINDING,
    });
    const run = await snapcheck(root, ["a.ts"]);
    expect([run.code, lines(run.stderr)]).toEqual([2, ["snapcheck: snapcheck.config.mjs: the config cannot be used: reading it threw: no RULES_FILE"]]);
  });

  it("when it holds a function", async () => {
    const root = trees.track({ "snapcheck.config.mjs": "export default { rules: () => ({}) };\n", "a.ts": FINDING });
    const run = await snapcheck(root, ["a.ts"]);
    expect([run.code, lines(run.stderr)]).toEqual([
      2,
      ["snapcheck: snapcheck.config.mjs: the config cannot be used: it holds a value that is not data (a function or a class instance)"],
    ]);
  });
});

describe("config values that must be rejected", () => {
  it.each([
    [".snapcheckrc.json", "null", ".snapcheckrc.json: expected an object of settings, got null"],
    [".snapcheckrc.yml", "~\n", ".snapcheckrc.yml: expected an object of settings, got null"],
    ["snapcheck.config.mjs", "export default null;\n", "snapcheck.config.mjs: expected an object of settings, got null"],
    ["package.json", '{ "name": "a", "snapcheck": null }', "package.json: snapcheck: expected an object of settings, got null"],
    [".snapcheckrc.json", `{ "rules": { "__proto__": "off" } }`, '.snapcheckrc.json: rules.__proto__: "__proto__" cannot be used as a key'],
    [
      ".snapcheckrc.json",
      `{ "connections": { "my-db": { "connects": "lazy", "toString": [] } } }`,
      `.snapcheckrc.json: connections["my-db"].toString: unknown key; expected one of exports, how`,
    ],
    [
      ".snapcheckrc.json",
      `{ "connections": { "my-db": { "connects": "lazy", "__proto__": [] } } }`,
      `.snapcheckrc.json: connections["my-db"].__proto__: unknown key; expected one of exports, how`,
    ],
  ])("%s holding %s", async (name, text, problem) => {
    const root = trees.track({ [name]: text, "a.ts": FINDING });
    const run = await snapcheck(root, ["a.ts"]);
    // A row's message goes on to list the row keys, which grow with the table.
    expect([run.code, lines(run.stderr)]).toEqual([2, [expect.stringMatching(new RegExp(`^snapcheck: ${escapeRegExp(problem)}`))]]);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("config files as editors save them", () => {
  const config = JSON.stringify({ rules: { [RULE]: "off" } });
  it.each([
    ["UTF-16LE with a byte order mark", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(config, "utf16le")])],
    ["UTF-16BE with a byte order mark", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(config, "utf16le").swap16()])],
    ["UTF-8 with a byte order mark", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(config)])],
  ])("reads a JSON config in %s", async (_encoding, bytes) => {
    const root = trees.track({ ".snapcheckrc.json": bytes, "a.ts": FINDING });
    const run = await snapcheck(root, ["a.ts"]);
    expect([run.code, run.stdout, run.stderr]).toEqual([0, "", ""]);
  });
});

describe("files cosmiconfig itself would read", () => {
  it("runs in a folder whose package.json has a comment (cosmiconfig's meta config search would throw)", async () => {
    const root = trees.track({ "package.json": '// generated\n{ "name": "app" }\n', "a.ts": FINDING });
    const run = await snapcheck(root, ["a.ts", "-f", "json"]);
    expect([run.code, run.stderr]).toEqual([1, ""]);
    expect(run.stdout).toContain(RULE);
  });

  it("never reads a global config from the user's config folder", async () => {
    const home = trees.track({ "snapcheck/config.json": JSON.stringify({ rules: { [RULE]: "off" } }) });
    const root = trees.track({ "a.ts": FINDING });
    const run = await snapcheck(root, ["a.ts", "-f", "json"], undefined, { XDG_CONFIG_HOME: home });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(RULE);
  });
});
