import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { eslintFormatterPackage } from "../../src/formatters/module.js";
import type { LintResult } from "../../src/results.js";
import { runCli } from "../cli/run-cli.js";
import { treeTracker } from "../trees/temp-tree.js";

const trees = treeTracker();
afterAll(trees.cleanup);

const cli = runCli;

// A formatter as the eslint-formatter-* packages are written: CommonJS, (results, data) => string.
const COUNTING_FORMATTER = `module.exports = (results, data) =>
  results.map((r) => require("node:path").relative(data.cwd, r.filePath) + ": " + r.messages.map((m) => m.ruleId + "@" + m.line + ":" + m.column).join(",")).join("\\n")
  + "\\nrules: " + Object.keys(data.rulesMeta).length;\n`;

const project = trees.track({
  "package.json": '{ "name": "app", "private": true }\n',
  "src/handler.ts": "import { randomUUID } from 'node:crypto';\nexport const id = randomUUID();\n",
  "formatters/counting.cjs": COUNTING_FORMATTER,
  "formatters/async.mjs": "export default async (results) => `files: ${results.length}`;\n",
  "formatters/not-a-function.cjs": "module.exports = { format: 1 };\n",
  "formatters/throws.cjs": "module.exports = () => { throw new Error('boom\\nsecond line'); };\n",
  "node_modules/eslint-formatter-counting/package.json": '{ "name": "eslint-formatter-counting", "main": "index.js" }\n',
  "node_modules/eslint-formatter-counting/index.js": COUNTING_FORMATTER,
  "node_modules/@acme/eslint-formatter-brief/package.json": '{ "name": "@acme/eslint-formatter-brief", "main": "index.js" }\n',
  "node_modules/@acme/eslint-formatter-brief/index.js": "module.exports = (results) => 'brief ' + results.length;\n",
});

describe("formatter modules (-f <path|package>)", () => {
  it("loads a formatter by path, with ESLint's signature and rule metadata", async () => {
    const { code, stdout, stderr } = await cli(project, ["src", "-f", "./formatters/counting.cjs"]);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(stdout).toMatch(/^src\/handler\.ts: uniqueness\/init-random@2:19\nrules: \d+\n$/);
  });

  it("awaits an async ESM formatter", async () => {
    expect((await cli(project, ["src", "-f", "formatters/async.mjs"])).stdout).toBe("files: 1\n");
  });

  it("resolves packages by ESLint's naming convention, scoped ones included", async () => {
    expect((await cli(project, ["src", "-f", "counting"])).stdout).toContain("src/handler.ts: uniqueness/init-random@2:19");
    expect((await cli(project, ["src", "-f", "eslint-formatter-counting"])).stdout).toContain("rules: ");
    expect((await cli(project, ["src", "-f", "@acme/brief"])).stdout).toBe("brief 1\n");
  });

  it("works with ESLint's own json-with-metadata formatter: results and rulesMeta in ESLint's shape", async () => {
    // Not in eslint's exports map: found beside its package.json, as a user would name it by path.
    const eslintRoot = path.dirname(createRequire(import.meta.url).resolve("eslint/package.json"));
    const eslintFormatter = path.join(eslintRoot, "lib/cli-engine/formatters/json-with-metadata.js");
    const { stdout } = await cli(project, ["src", "-f", eslintFormatter]);
    const report = JSON.parse(stdout) as { results: LintResult[]; metadata: { cwd: string; rulesMeta: Record<string, { docs: { description: string } }> } };
    expect(report.results.map((result) => path.relative(project, result.filePath))).toEqual([path.join("src", "handler.ts")]);
    expect(report.metadata.cwd).toBe(project);
    expect(report.metadata.rulesMeta["uniqueness/init-random"]?.docs.description).toMatch(/\w/);
  });

  it.each([
    [["-f", "./formatters/missing.cjs"], "snapcheck: cannot find the formatter ./formatters/missing.cjs (no file "],
    [["-f", "./formatters/not-a-function.cjs"], "snapcheck: the formatter ./formatters/not-a-function.cjs does not export a function\n"],
    [["-f", "./formatters/throws.cjs"], "snapcheck: the formatter ./formatters/throws.cjs failed: boom\n"],
    [["-f", "nope"], 'snapcheck: unknown format "nope": not a built-in format, and no package eslint-formatter-nope is installed\n'],
  ])("%j is one line on stderr and exit 2", async (args, message) => {
    const { code, stdout, stderr } = await cli(project, ["src", ...args]);
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr.startsWith(message)).toBe(true);
    expect(stderr.split("\n").filter(Boolean)).toHaveLength(1);
  });

  it("normalises names to packages as ESLint does", () => {
    expect(["foo", "eslint-formatter-foo", "@scope", "@scope/foo", "@scope/eslint-formatter-foo", "@scope/eslint-formatter"].map(eslintFormatterPackage)).toEqual([
      "eslint-formatter-foo", "eslint-formatter-foo", "@scope/eslint-formatter", "@scope/eslint-formatter-foo", "@scope/eslint-formatter-foo", "@scope/eslint-formatter",
    ]);
  });
});
