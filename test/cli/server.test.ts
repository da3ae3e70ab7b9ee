import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { answer } from "../../src/cli/server.js";
import { lintStdin } from "../../src/run/run.js";
import { rulesById } from "../../rules/index.js";

const bin = path.resolve(import.meta.dirname, "../../bin/snapcheck.js");
const options = { cwd: "/tmp/project", rules: rulesById, ruleFlags: [] };

describe("--server", () => {
  it("answers each request line with the file's result", async () => {
    const reply = JSON.parse(await answer(JSON.stringify({ filePath: "src/a.ts", text: "export const id = Math.random();" }), options, lintStdin));
    expect(reply.filePath).toBe("/tmp/project/src/a.ts");
    expect(reply.messages).toMatchObject([{ ruleId: "uniqueness/init-random", line: 1, column: 19 }]);
  });

  it("answers a bad request with an error line instead of stopping", async () => {
    expect(JSON.parse(await answer("{", options, lintStdin))).toHaveProperty("error");
    expect(JSON.parse(await answer("{}", options, lintStdin))).toEqual({ error: "a request needs a filePath string" });
  });

  it("keeps running between requests and exits when stdin closes", async () => {
    const child = spawn(process.execPath, [bin, "--server"], { cwd: "/tmp" });
    const lines: string[] = [];
    let buffered = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split("\n");
      buffered = parts.pop()!;
      lines.push(...parts);
    });
    const waitFor = (count: number) =>
      new Promise<void>((resolve) => {
        const poll = () => (lines.length >= count ? resolve() : setTimeout(poll, 10));
        poll();
      });
    child.stdin.write(`${JSON.stringify({ filePath: "a.ts", text: "export const t = Date.now();" })}\n`);
    await waitFor(1);
    child.stdin.write(`${JSON.stringify({ filePath: "b.ts", text: "export const handler = () => Date.now();" })}\n`);
    await waitFor(2);
    child.stdin.end();
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    expect(lines.map((line) => JSON.parse(line).errorCount)).toEqual([1, 0]);
  });
});
