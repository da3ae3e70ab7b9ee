import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LintResult } from "../../src/results.js";
import { treeTracker } from "../trees/temp-tree.js";
import { assertBuilt, BIN, FINDING, run, SLOW, snapcheck } from "./helpers.js";

/**
 * Covered elsewhere, not repeated here: `--output-file` into missing folders (test/cli/bin.test.ts and
 * main.test.ts), and a JSON report cut short by `head -c` (test/cli/bin.test.ts).
 */
const trees = treeTracker();
afterAll(trees.cleanup);
beforeAll(assertBuilt);

describe.runIf(process.platform !== "win32")("a reader that stops early", () => {
  it("`snapcheck src | head -1` prints one line, no EPIPE trace, and keeps the exit code", async () => {
    // About 1.5 MB of report, far more than a pipe holds, so the writes do meet the closed pipe.
    const text = Array.from({ length: 20 }, (_, i) => `export const id${i} = crypto.randomUUID();\n`).join("");
    const root = trees.track(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`src/f${i}.ts`, text])));
    const script = `set -o pipefail; "${process.execPath}" "${BIN}" src | head -1`;
    const { code, stdout, stderr } = await run("bash", ["-c", script], root);
    // The stylish report opens with an empty line, as ESLint's does.
    expect({ code, stdout, stderr }).toEqual({ code: 1, stdout: "\n", stderr: "" });
  }, SLOW);
});

describe("--stdin", () => {
  it("lints empty stdin as an empty file", async () => {
    const root = trees.track({});
    const { code, stdout, stderr } = await snapcheck(root, ["--stdin", "-f", "json"], { stdin: "" });
    expect([code, stderr]).toEqual([0, ""]);
    const results = JSON.parse(stdout) as LintResult[];
    expect(results.map((result) => [result.messages, result.errorCount])).toEqual([[[], 0]]);
  }, SLOW);
});

describe.runIf(process.platform === "linux")("a file name holding control characters", () => {
  it("is printed escaped by stylish, compact and unix: no escape sequence reaches the terminal, one record per line", async () => {
    // An OSC sequence that would retitle the terminal, and a newline that would split a unix record in two.
    const name = "a\u001B]0;owned\u0007\nb\u009B.ts";
    const root = trees.track({ [`src/${name}`]: FINDING });
    const shown = "a\\x1B]0;owned\\x07\\x0Ab\\x9B.ts";
    for (const format of ["stylish", "compact", "unix"]) {
      const { code, stdout } = await snapcheck(root, ["src", "-f", format]);
      expect(code).toBe(1);
      expect(stdout).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
      expect(stdout).toContain(shown);
    }
    const unix = (await snapcheck(root, ["src", "-f", "unix"])).stdout.split("\n").filter(Boolean);
    expect(unix).toEqual([`${root}/src/${shown}:1:19: ${unix[0]!.split(": ").slice(1).join(": ")}`, "1 problem"]);
  }, SLOW);
});
