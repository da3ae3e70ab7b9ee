import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { shouldColor } from "../../src/cli/terminal.js";
import type { LintResult } from "../../src/results.js";
import { treeTracker } from "../trees/temp-tree.js";

const trees = treeTracker();
afterAll(trees.cleanup);

const RULE = "uniqueness/init-random";
const FINDING = "export const id = crypto.randomUUID();\n";
const ESC = "\u001B[";
const LINK = "\u001B]8;;";

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `main` in this process with fake streams: quick enough to cover every flag combination. */
async function cli(cwd: string, args: string[], io: Partial<CliIo> & { stdin?: string } = {}): Promise<Outcome> {
  let stdout = "";
  let stderr = "";
  const fake: CliIo = {
    cwd,
    env: {},
    stdoutIsTTY: false,
    columns: undefined,
    writeOut: (text) => (stdout += text),
    writeErr: (text) => (stderr += text),
    readStdin: async () => Buffer.from(io.stdin ?? ""),
    ...io,
  };
  const code = await main(["node", "snapcheck", ...args], fake);
  return { code, stdout, stderr };
}

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

  it("drops warnings with --quiet, from the report and from --max-warnings", async () => {
    const { code, stdout } = await cli(project, ["src", "--rule", `${RULE}:warn`, "--max-warnings", "0", "--quiet", "-f", "json"]);
    expect(code).toBe(0);
    const results = JSON.parse(stdout) as LintResult[];
    expect(results.flatMap((result) => result.messages)).toEqual([]);
    expect(results.every((result) => result.warningCount === 0)).toBe(true);
  });

  it("reports unused disable directives at the level asked for", async () => {
    const errors = await cli(project, ["src/unused.ts", "--report-unused-disable-directives", "error", "-f", "json"]);
    expect(errors.code).toBe(1);
    expect((JSON.parse(errors.stdout) as LintResult[])[0]!.errorCount).toBe(1);
    const off = await cli(project, ["src/unused.ts", "--report-unused-disable-directives", "off", "-f", "json"]);
    expect((JSON.parse(off.stdout) as LintResult[])[0]!.messages).toEqual([]);
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
});

describe("colour", () => {
  it("colours a terminal, with links to rule docs", async () => {
    const { stdout } = await cli(project, ["src/handler.ts"], { stdoutIsTTY: true });
    expect(stdout).toContain(ESC);
    expect(stdout).toContain(LINK);
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
