import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { shouldColor } from "../../src/cli/terminal.js";
import type { LintResult } from "../../src/results.js";
import { treeTracker } from "../trees/temp-tree.js";
import { runCli } from "./run-cli.js";

const trees = treeTracker();
afterAll(trees.cleanup);

const RULE = "uniqueness/init-random";
const FINDING = "export const id = crypto.randomUUID();\n";
const ESC = "\u001B[";
const LINK = "\u001B]8;;";

const cli = runCli;

const project = trees.track({
  "src/handler.ts": FINDING,
  "src/clean.ts": "export const handler = () => crypto.randomUUID();\n",
  "src/unused.ts": "// snapcheck-disable-next-line uniqueness/init-random\nexport const x = 1;\n",
});

describe("exit codes and reports", () => {
  it("exits 1 on errors and prints the stylish report", async () => {
    const { code, stdout, stderr } = await cli(project, ["src"]);
    expect(code).toBe(1);
    expect(stdout).toContain(path.join("src", "handler.ts"));
    expect(stdout).toContain(RULE);
    expect(stderr).toBe("");
  });

  it("exits 0 when only warnings remain within --max-warnings", async () => {
    const { code, stderr } = await cli(project, ["src", "--rule", `${RULE}:warn`, "--max-warnings", "2"]);
    expect([code, stderr]).toEqual([0, ""]);
  });

  it("exits 1 with ESLint's line when warnings exceed --max-warnings", async () => {
    const { code, stderr } = await cli(project, ["src", "--rule", `${RULE}:warn`, "--max-warnings", "1"]);
    expect([code, stderr]).toEqual([1, "snapcheck found too many warnings (maximum: 1).\n"]);
  });

  it("drops warnings from the report with --quiet, but counts them for --max-warnings, as ESLint does", async () => {
    const { code, stdout, stderr } = await cli(project, ["src", "--rule", `${RULE}:warn`, "--max-warnings", "0", "--quiet", "-f", "json"]);
    expect(code).toBe(1);
    expect(stderr).toBe("snapcheck found too many warnings (maximum: 0).\n");
    const results = JSON.parse(stdout) as LintResult[];
    expect(results.flatMap((result) => result.messages)).toEqual([]);
    expect(results.every((result) => result.warningCount === 0)).toBe(true);
    // One finding turned into a warning, one unused directive.
    const withinLimit = await cli(project, ["src", "--rule", `${RULE}:warn`, "--max-warnings", "2", "--quiet"]);
    expect([withinLimit.code, withinLimit.stdout, withinLimit.stderr]).toEqual([0, "", ""]);
  });

  it("reports unused directives as errors with the bare --report-unused-disable-directives, as ESLint 9", async () => {
    const errors = await cli(project, ["src/unused.ts", "--report-unused-disable-directives", "-f", "json"]);
    expect(errors.code).toBe(1);
    expect((JSON.parse(errors.stdout) as LintResult[])[0]!.messages).toMatchObject([
      { ruleId: null, severity: 2, line: 1, column: 1, message: `Unused snapcheck-disable directive (no problems were reported from '${RULE}').` },
    ]);
    const byDefault = await cli(project, ["src/unused.ts", "-f", "json"]);
    expect([byDefault.code, (JSON.parse(byDefault.stdout) as LintResult[])[0]!.warningCount]).toEqual([0, 1]);
  });

  it("sets their level with --report-unused-disable-directives-severity, which excludes the bare flag", async () => {
    for (const [level, severity] of [["error", 2], ["2", 2], ["warn", 1], ["1", 1]] as const) {
      const { stdout } = await cli(project, ["src/unused.ts", "--report-unused-disable-directives-severity", level, "-f", "json"]);
      expect((JSON.parse(stdout) as LintResult[])[0]!.messages.map((message) => message.severity)).toEqual([severity]);
    }
    for (const level of ["off", "0"]) {
      const { stdout } = await cli(project, ["src/unused.ts", "--report-unused-disable-directives-severity", level, "-f", "json"]);
      expect((JSON.parse(stdout) as LintResult[])[0]!.messages).toEqual([]);
    }
    const both = await cli(project, ["src/unused.ts", "--report-unused-disable-directives", "--report-unused-disable-directives-severity", "warn"]);
    expect([both.code, both.stderr]).toEqual([
      2,
      "snapcheck: --report-unused-disable-directives and --report-unused-disable-directives-severity cannot be used together\n",
    ]);
    const bad = await cli(project, ["src/unused.ts", "--report-unused-disable-directives-severity", "loud"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  });

  it("skips a named file that ignorePatterns exclude, with ESLint's warning, unless --no-warn-ignored", async () => {
    const cwd = trees.track({
      "package.json": JSON.stringify({ snapcheck: { ignorePatterns: ["generated/"] } }),
      "generated/client.ts": FINDING,
      "src/handler.ts": FINDING,
    });
    const named = await cli(cwd, ["generated/client.ts", "src/handler.ts", "-f", "json"]);
    const results = JSON.parse(named.stdout) as LintResult[];
    expect(results.map((result) => [path.relative(cwd, result.filePath), result.errorCount, result.warningCount])).toEqual([
      [path.join("generated", "client.ts"), 0, 1],
      [path.join("src", "handler.ts"), 1, 0],
    ]);
    expect(results[0]!.messages).toEqual([
      {
        ruleId: null,
        severity: 1,
        message:
          'File ignored because of a matching ignore pattern. Use "--no-ignore" to disable file ignore settings or use "--no-warn-ignored" to suppress this warning.',
        line: 0,
        column: 0,
      },
    ]);
    const silent = await cli(cwd, ["generated/client.ts", "--no-warn-ignored", "-f", "json"]);
    expect([silent.code, JSON.parse(silent.stdout)]).toEqual([0, []]);
    const byFlag = await cli(cwd, ["src/handler.ts", "--ignore-pattern", "src/*.ts", "--no-warn-ignored", "-f", "json"]);
    expect(JSON.parse(byFlag.stdout)).toEqual([]);
    const noIgnore = await cli(cwd, ["generated/client.ts", "--no-ignore", "-f", "json"]);
    expect((JSON.parse(noIgnore.stdout) as LintResult[])[0]!.errorCount).toBe(1);
  });

  it("applies --rule and --target after every config file", async () => {
    const args = ["--print-config", "src/handler.ts", "--rule", `${RULE}:off`, "--target", "node-snapshot"];
    const { code, stdout } = await cli(project, args);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ target: "node-snapshot", rules: { [RULE]: { severity: 0 } } });
  });

  it("lints stdin as --stdin-filename", async () => {
    const { code, stdout } = await cli(project, ["--stdin", "--stdin-filename", "src/piped.ts", "-f", "json"], { stdin: FINDING });
    expect(code).toBe(1);
    const [result] = JSON.parse(stdout) as LintResult[];
    expect(result!.filePath).toBe(path.join(project, "src/piped.ts"));
    expect(result!.messages.map((message) => message.ruleId)).toEqual([RULE]);
  });

  it("writes --output-file, creating missing folders, and nothing to stdout", async () => {
    const { code, stdout } = await cli(project, ["src", "-f", "json", "-o", "reports/deep/snapcheck.json"]);
    expect([code, stdout]).toEqual([1, ""]);
    const written = JSON.parse(fs.readFileSync(path.join(project, "reports/deep/snapcheck.json"), "utf8")) as LintResult[];
    expect(written).toHaveLength(3);
  });
});

describe("usage errors", () => {
  it.each([
    [["--format", "xml"], 'snapcheck: unknown format "xml": not a built-in format, and no package eslint-formatter-xml is installed\n'],
    [["--format", "./missing-formatter.js"], "snapcheck: cannot find the formatter ./missing-formatter.js (no file "],
    [["--target", "ec2"], "snapcheck: option '--target <name>' argument 'ec2' is invalid. Allowed choices are lambda, node-snapshot."],
    [["--max-warnings", "many"], "snapcheck: option '--max-warnings <n>' argument 'many' is invalid. expected a whole number"],
    [["--rule", "nope/nope:warn"], 'snapcheck: --rule "nope/nope:warn": unknown rule "nope/nope"; known rules:'],
    [["--rule", `${RULE}:loud`], `snapcheck: --rule "${RULE}:loud": invalid level "loud"; allowed levels: off, warn, error\n`],
    [["--stdin", "src"], "snapcheck: --stdin lints text from stdin; pass paths or --stdin, not both\n"],
    [["--stdin-filename", "a.ts"], "snapcheck: --stdin-filename needs --stdin\n"],
    [["--config", "missing.json"], "snapcheck: cannot read config file missing.json: no such file\n"],
    [["--config", "missing.json", "nope"], "snapcheck: No such file or directory: nope\n"],
    [["--unknown"], "snapcheck: unknown option '--unknown'\n"],
    [["--config"], "snapcheck: option '-c, --config <path>' argument missing\n"],
  ])("%j exits 2 with one line", async (args, message) => {
    const { code, stdout, stderr } = await cli(project, args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(stderr.startsWith(message)).toBe(true);
  });

  it("reports an internal error in one line, and its stack with --debug", async () => {
    const failingIo = { writeOut: () => { throw new Error("disk on fire\nsecond line"); } };
    const plain = await cli(project, ["src"], failingIo);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toBe("snapcheck: internal error: disk on fire (run with --debug for the stack)\n");
    const debug = await cli(project, ["src", "--debug"], failingIo);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/^snapcheck: internal error: disk on fire\nsecond line\nError: disk on fire[\s\S]*\n\s+at /);
  });

  it("prints help and the version with exit 0", async () => {
    const help = await cli(project, ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: snapcheck [options] [paths...]");
    expect(help.stdout).toContain("Exit codes:");
    const version = await cli(project, ["-v"]);
    const manifest = JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(version).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: "" });
  });

  it("lists rules", async () => {
    const { code, stdout } = await cli(project, ["--list-rules"]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toMatch(/^Rule\s+Default\s+Fixable\s+Description$/);
    expect(stdout).toMatch(new RegExp(`^${RULE}\\s+error\\s+no\\s+A random`, "m"));
  });

  it("lists rules as JSON with --format json", async () => {
    const { code, stdout } = await cli(project, ["--list-rules", "--format", "json"]);
    expect(code).toBe(0);
    const rules = JSON.parse(stdout) as { id: string; defaultLevel: string; fixable: boolean; description: string }[];
    expect(rules.find((rule) => rule.id === RULE)).toEqual({
      id: RULE,
      family: "uniqueness",
      defaultLevel: "error",
      fixable: false,
      description: expect.stringMatching(/^A random/),
    });
    expect(rules.find((rule) => rule.id === "uniqueness/entropy-pool")?.fixable).toBe(true);
  });
});

describe("colour", () => {
  it("colours a terminal, without links to rule docs while package.json has no homepage", async () => {
    const { stdout } = await cli(project, ["src/handler.ts"], { stdoutIsTTY: true });
    expect(stdout).toContain(ESC);
    expect(stdout).not.toContain(LINK);
  });

  it("does not colour a pipe unless asked, and never links there", async () => {
    expect((await cli(project, ["src/handler.ts"])).stdout).not.toContain(ESC);
    const forced = await cli(project, ["src/handler.ts", "--color"]);
    expect(forced.stdout).toContain(ESC);
    expect(forced.stdout).not.toContain(LINK);
  });

  it("follows --color/--no-color, then FORCE_COLOR, then NO_COLOR, then the terminal", () => {
    const tty = { env: {}, stdoutIsTTY: true };
    const pipe = { env: {}, stdoutIsTTY: false };
    expect(shouldColor(undefined, tty, false)).toBe(true);
    expect(shouldColor(undefined, pipe, false)).toBe(false);
    expect(shouldColor(true, pipe, false)).toBe(true);
    expect(shouldColor(false, { env: { FORCE_COLOR: "1" }, stdoutIsTTY: true }, false)).toBe(false);
    expect(shouldColor(undefined, { env: { FORCE_COLOR: "1" }, stdoutIsTTY: false }, false)).toBe(true);
    expect(shouldColor(undefined, { env: { FORCE_COLOR: "0" }, stdoutIsTTY: true }, false)).toBe(false);
    expect(shouldColor(undefined, { env: { NO_COLOR: "1" }, stdoutIsTTY: true }, false)).toBe(false);
    expect(shouldColor(undefined, { env: { NO_COLOR: "" }, stdoutIsTTY: true }, false)).toBe(true);
    expect(shouldColor(undefined, tty, true)).toBe(false);
    expect(shouldColor(true, tty, true)).toBe(true);
  });
});

describe("the language server command", () => {
  it("is listed in --help, and takes no paths, --stdin or --server", async () => {
    expect((await cli(project, ["--help"])).stdout).toContain("snapcheck lsp");
    for (const args of [["lsp", "src"], ["--lsp", "--stdin"], ["lsp", "--server"]]) {
      expect(await cli(project, args)).toEqual({
        code: 2,
        stdout: "",
        stderr: "snapcheck: --lsp talks the Language Server Protocol on stdin and stdout; it takes no paths, --stdin or --server\n",
      });
    }
  });
});
