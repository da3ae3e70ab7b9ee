import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { treeTracker } from "../trees/temp-tree.js";
import { assertBuilt, BIN, FINDING, RULE, SLOW } from "./helpers.js";

/** `--server` answers every request, whatever it names or holds, and keeps answering. */
const trees = treeTracker();
afterAll(trees.cleanup);
beforeAll(assertBuilt);

interface Server {
  ask(request: string): Promise<Record<string, unknown>>;
  close(): Promise<number | null>;
}

function startServer(cwd: string): Server {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [BIN, "--server"], { cwd });
  const waiting: ((line: string) => void)[] = [];
  let buffered = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let newline = buffered.indexOf("\n"); newline >= 0; newline = buffered.indexOf("\n")) {
      waiting.shift()?.(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
    }
  });
  return {
    ask(request) {
      const reply = new Promise<string>((resolve) => waiting.push(resolve));
      child.stdin.write(`${request}\n`);
      return reply.then((line) => JSON.parse(line) as Record<string, unknown>);
    },
    async close() {
      child.stdin.end();
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(stderr).toBe("");
      return code;
    },
  };
}

const request = (filePath: string, text?: string) => JSON.stringify(text === undefined ? { filePath } : { filePath, text });

describe.runIf(process.platform === "linux")("--server", () => {
  it("answers a named pipe, /dev/zero, a file over 10 MB and an overlong line with an error, and goes on answering", async () => {
    const root = trees.track({ "src/a.ts": FINDING });
    execFileSync("mkfifo", [path.join(root, "src/pipe.ts")]);
    fs.writeFileSync(path.join(root, "src/big.ts"), "");
    fs.truncateSync(path.join(root, "src/big.ts"), 11 * 1024 * 1024);
    const server = startServer(root);
    const errorCount = async (filePath: string) => (await server.ask(request(filePath))).errorCount;
    expect(await errorCount("src/a.ts")).toBe(1);
    expect(await server.ask(request("src/pipe.ts"))).toEqual({ error: "File skipped: not a regular file" });
    expect(await server.ask(request("/dev/zero"))).toEqual({ error: "File skipped: not a regular file" });
    expect(await server.ask(request("src/big.ts"))).toEqual({ error: "File skipped: larger than 10 MB" });
    expect(await server.ask(request("src/b.ts", "x".repeat(11 * 1024 * 1024)))).toEqual({ error: "File skipped: larger than 10 MB" });
    expect(await errorCount("src/a.ts")).toBe(1);
    // 65 MiB on one line: refused as it arrives, never held whole.
    expect(await server.ask(`{"filePath":"src/a.ts","text":"${"y".repeat(65 * 1024 * 1024)}"}`)).toEqual({ error: "request line longer than 64 MiB" });
    expect(await errorCount("src/a.ts")).toBe(1);
    expect(await server.close()).toBe(0);
  }, SLOW);

  it.each([
    ["snapcheck.config.mjs", "export default"],
    ["snapcheck.config.cjs", "module.exports ="],
  ])("loads a JavaScript config (%s) again when it changes", async (name, exporting) => {
    const config = (level: string) => `${exporting} { rules: { "${RULE}": "${level}" } };\n`;
    const root = trees.track({ "package.json": "{}", [name]: config("off"), "src/a.ts": FINDING });
    const server = startServer(root);
    expect((await server.ask(request("src/a.ts"))).errorCount).toBe(0);
    fs.writeFileSync(path.join(root, name), config("error"));
    expect((await server.ask(request("src/a.ts"))).errorCount).toBe(1);
    fs.writeFileSync(path.join(root, name), config("warn"));
    expect((await server.ask(request("src/a.ts"))).warningCount).toBe(1);
    expect(await server.close()).toBe(0);
  }, SLOW);
});
