import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { progressFor } from "../../src/cli/progress.js";
import { treeTracker } from "../trees/temp-tree.js";
import { runCli } from "./run-cli.js";

const trees = treeTracker();
afterAll(trees.cleanup);

function fakeIo(env: Record<string, string> = {}, stderrIsTTY = true) {
  const io = { stderr: "", env, stderrIsTTY, writeErr: (text: string) => void (io.stderr += text) };
  return io;
}

describe("progress line", () => {
  it("stays silent for the first second, then redraws at most every 100 ms, and clears before the report", () => {
    let clock = 0;
    const io = fakeIo();
    const progress = progressFor(io, true, () => clock);
    progress.update(0, 3000);
    clock = 999;
    progress.update(10, 3000);
    expect(io.stderr).toBe("");
    clock = 1000;
    progress.update(1200, 3000);
    clock = 1050;
    progress.update(1300, 3000); // too soon after the last redraw
    clock = 1100;
    progress.update(2999, 3000);
    expect(io.stderr).toBe("\r\u001B[KChecking files… 1,200/3,000\r\u001B[KChecking files… 2,999/3,000");
    progress.clear();
    clock = 9100;
    progress.summary(3000);
    expect(io.stderr.endsWith("\r\u001B[KChecked 3,000 files in 9.1 s\n")).toBe(true);
  });

  it("prints only the summary on a short run, in milliseconds", () => {
    let clock = 0;
    const io = fakeIo();
    const progress = progressFor(io, true, () => clock);
    progress.update(0, 1);
    clock = 420;
    progress.clear();
    progress.summary(1);
    expect(io.stderr).toBe("Checked 1 file in 420 ms\n");
  });

  it.each([
    ["in CI", fakeIo({ CI: "true" }), true],
    ["in a pipe", fakeIo({}, false), true],
    ["for a machine format", fakeIo(), false],
  ])("is absent %s", (_, io, human) => {
    let clock = 0;
    const progress = progressFor(io, human, () => clock);
    clock = 5000;
    progress.update(1, 2);
    progress.clear();
    progress.summary(2);
    expect(io.stderr).toBe("");
  });

  it("counts CI=false as no CI", () => {
    const io = fakeIo({ CI: "false" });
    progressFor(io, true, () => 0).summary(2);
    expect(io.stderr).toBe("Checked 2 files in 0 ms\n");
  });
});

describe("the summary through the CLI", () => {
  const project = trees.track({ "a.ts": "export const a = 1;\n", "b.ts": "export const b = Math.random();\n" });

  const run = async (args: string[], io: Partial<CliIo>) => (await runCli(project, args, io)).stderr;

  it("closes a terminal run with the number of files checked", async () => {
    expect(await run(["."], { stderrIsTTY: true })).toMatch(/^Checked 2 files in \d+ ms\n$/);
  });

  it("says nothing in CI, in pipes, with machine formats or with --stdin", async () => {
    expect(await run(["."], { stderrIsTTY: true, env: { CI: "true" } })).toBe("");
    expect(await run(["."], { stderrIsTTY: false })).toBe("");
    expect(await run([".", "-f", "json"], { stderrIsTTY: true })).toBe("");
    expect(await run(["--stdin"], { stderrIsTTY: true })).toBe("");
  });

  it("detects a real terminal on stderr", () => {
    const bin = path.resolve("bin/snapcheck.js");
    // `script` gives the child a pseudo-terminal; CI must be unset for the line to show.
    const child = spawnSync("script", ["-qec", `node ${JSON.stringify(bin)} .`, "/dev/null"], {
      cwd: project, encoding: "utf8", env: { ...process.env, CI: "", FORCE_COLOR: "0" },
    });
    expect(child.status).toBe(1); // b.ts draws Math.random() at init
    expect(child.stdout).toMatch(/Checked 2 files in \d+ ms/);
  });
});
