import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LintResult } from "../../src/results.js";
import { treeTracker } from "../trees/temp-tree.js";

/**
 * End to end: the built bin in a child process, as a user or CI runs it. `npm test` builds first (pretest);
 * the runs go in parallel, since each pays Node's and the parser's start-up.
 */
const BIN = fileURLToPath(new URL("../../bin/snapcheck.js", import.meta.url));
const BUILT_MAIN = fileURLToPath(new URL("../../dist/src/cli/main.js", import.meta.url));
const RULE = "uniqueness/init-random";
const FINDING = "export const id = crypto.randomUUID();\n";

const trees = treeTracker();
afterAll(trees.cleanup);

beforeAll(() => {
  if (!fs.existsSync(BUILT_MAIN)) throw new Error("dist/ is missing: run `npx tsc -p .` (npm test does it in pretest)");
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => !["FORCE_COLOR", "NO_COLOR", "CI"].includes(name)));

function snapcheck(cwd: string, args: string[], stdin?: string): Promise<Run> {
  return run(process.execPath, [BIN, ...args], cwd, stdin);
}

function run(command: string, args: string[], cwd: string, stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(command, args, { cwd, env: ENV, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end(stdin ?? "");
  });
}

function lines(text: string): string[] {
  return text.split("\n").filter(Boolean);
}

describe.concurrent("snapcheck bin", () => {
  it("reports a syntax error next to a finding, and exits 1", async () => {
    const root = trees.track({ "src/broken.ts": "export const = ;\n", "src/handler.ts": FINDING });
    const { code, stdout, stderr } = await snapcheck(root, []);
    expect([code, stderr]).toEqual([1, ""]);
    expect(stdout).toContain(path.join("src", "broken.ts"));
    expect(stdout).toContain("Parsing error");
    expect(stdout).toContain(path.join("src", "handler.ts"));
    expect(stdout).toContain(RULE);
  });

  it("exits 0 with no output for a clean tree", async () => {
    const root = trees.track({ "src/handler.ts": "export const handler = () => crypto.randomUUID();\n" });
    expect(await snapcheck(root, ["src"])).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("enforces --max-warnings on warnings from --rule", async () => {
    const root = trees.track({ "a.ts": FINDING, "b.ts": FINDING });
    const over = await snapcheck(root, ["--rule", `${RULE}:warn`, "--max-warnings", "1"]);
    expect(over.code).toBe(1);
    expect(over.stdout).toContain("2 problems (0 errors, 2 warnings)");
    expect(over.stderr).toBe("snapcheck found too many warnings (maximum: 1).\n");
  });

  it("--quiet hides warnings, which still count for --max-warnings (ESLint's exit 1, too many warnings)", async () => {
    const root = trees.track({ "a.ts": FINDING });
    const quiet = await snapcheck(root, ["--rule", `${RULE}:warn`, "--max-warnings", "0", "--quiet"]);
    expect(quiet).toEqual({ code: 1, stdout: "", stderr: "snapcheck found too many warnings (maximum: 0).\n" });
  });

  it("lints stdin as --stdin-filename", async () => {
    const root = trees.track({ "src/.snapcheckrc.json": JSON.stringify({ rules: { [RULE]: "warn" } }) });
    const { code, stdout } = await snapcheck(root, ["--stdin", "--stdin-filename", "src/piped.ts", "-f", "json"], FINDING);
    expect(code).toBe(0);
    const [result] = JSON.parse(stdout) as LintResult[];
    expect(result!.filePath).toBe(path.join(root, "src", "piped.ts"));
    expect(result!.messages.map((message) => [message.ruleId, message.severity])).toEqual([[RULE, 1]]);
  });

  it("prints the resolved config of a file", async () => {
    const yaml = `target: node-snapshot\noverrides:\n  - files: ["*.test.ts"]\n    rules:\n      ${RULE}: off\n`;
    const root = trees.track({ ".snapcheckrc.yml": yaml });
    const { code, stdout } = await snapcheck(root, ["--print-config", "src/a.test.ts"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      target: "node-snapshot",
      restoreHooks: [],
      rules: { [RULE]: { severity: 0, options: {} } },
    });
  });

  it("lists rules and prints the version", async () => {
    const root = trees.track({});
    const listed = await snapcheck(root, ["--list-rules"]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(RULE);
    const manifest = JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(await snapcheck(root, ["--version"])).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: "" });
  });

  it("exits 2 with one line for an unknown option", async () => {
    const { code, stdout, stderr } = await snapcheck(trees.track({}), ["--fromat", "json"]);
    expect([code, stdout]).toEqual([2, ""]);
    expect(lines(stderr)).toEqual(["snapcheck: unknown option '--fromat' (Did you mean --format?)"]);
  });

  it("exits 2 naming a missing path", async () => {
    const { code, stderr } = await snapcheck(trees.track({ "a.ts": "" }), ["a.ts", "srcc"]);
    expect([code, lines(stderr)]).toEqual([2, ["snapcheck: No such file or directory: srcc"]]);
  });

  it("exits 2 for a pattern that matches nothing, or 0 with --no-error-on-unmatched-pattern", async () => {
    const root = trees.track({ "src/a.ts": "" });
    const strict = await snapcheck(root, ["src/**/*.tsx"]);
    expect([strict.code, lines(strict.stderr)]).toEqual([2, ['snapcheck: No files matching the pattern "src/**/*.tsx" were found.']]);
    expect(await snapcheck(root, ["src/**/*.tsx", "--no-error-on-unmatched-pattern"])).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("exits 2 naming the file, line and column of a broken JSON config", async () => {
    const root = trees.track({ ".snapcheckrc.json": `{\n  "rules": {\n    "${RULE}": "warn"\n    "x": 1\n  }\n}\n`, "a.ts": "" });
    const { code, stderr } = await snapcheck(root, []);
    expect([code, lines(stderr)]).toEqual([2, ["snapcheck: .snapcheckrc.json:4:5: invalid JSON: expected ',' or '}', found '\"'"]]);
  });

  it("exits 2 listing every problem of a wrong-shaped config", async () => {
    const root = trees.track({
      ".snapcheckrc.json": JSON.stringify({ rules: { "uniqueness/nope": "warn", [RULE]: "loud" }, target: "ec2", extra: true }),
      "a.ts": "",
    });
    const { code, stdout, stderr } = await snapcheck(root, []);
    expect([code, stdout]).toEqual([2, ""]);
    const problems = lines(stderr);
    expect(problems).toHaveLength(4);
    expect(problems.every((line) => line.startsWith("snapcheck: .snapcheckrc.json: "))).toBe(true);
    expect(problems.join("\n")).toContain('rules["uniqueness/nope"]: unknown rule; known rules: ');
    expect(problems.join("\n")).toContain(`rules["${RULE}"]: invalid level "loud"`);
    expect(problems.join("\n")).toContain('target: invalid target "ec2"');
    expect(problems.join("\n")).toContain("extra: unknown key; allowed keys: ");
  });

  it("exits 2 with the message of a JS config that throws, and no stack", async () => {
    const root = trees.track({ "snapcheck.config.mjs": 'throw new Error("SNAPCHECK_PROFILE is not set");\n', "a.ts": "" });
    const { code, stderr } = await snapcheck(root, []);
    const message = "snapcheck: snapcheck.config.mjs: the config threw while loading: SNAPCHECK_PROFILE is not set";
    expect([code, lines(stderr)]).toEqual([2, [message]]);
  });

  it("writes --output-file into a folder that does not exist yet", async () => {
    const root = trees.track({ "a.ts": FINDING });
    const { code, stdout } = await snapcheck(root, ["-f", "json", "--output-file", "out/reports/snapcheck.json"]);
    expect([code, stdout]).toEqual([1, ""]);
    const written = JSON.parse(fs.readFileSync(path.join(root, "out/reports/snapcheck.json"), "utf8")) as LintResult[];
    expect(written[0]!.messages[0]!.ruleId).toBe(RULE);
  });

  it.skipIf(process.platform === "win32")("stops quietly when the reader closes the pipe", async () => {
    const many = Array.from({ length: 4000 }, (_, i) => `export const id${i} = crypto.randomUUID();`).join("\n");
    const root = trees.track({ "ids.ts": many });
    const script = `set -o pipefail; "${process.execPath}" "${BIN}" -f json --rule ${RULE}:warn | head -c 100 > /dev/null`;
    expect(await run("bash", ["-c", script], root)).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});
