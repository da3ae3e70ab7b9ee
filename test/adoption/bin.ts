import { execFile } from "node:child_process";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll } from "vitest";

/** End to end: the built bin in a child process. `npm test` builds first (pretest). */
const BIN = fileURLToPath(new URL("../../bin/snapcheck.js", import.meta.url));
const BUILT_MAIN = fileURLToPath(new URL("../../dist/src/cli/main.js", import.meta.url));

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const ENV = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !["FORCE_COLOR", "NO_COLOR", "CI"].includes(name) && !name.startsWith("GIT_")),
);

export function requireBuild(): void {
  beforeAll(() => {
    if (!fs.existsSync(BUILT_MAIN)) throw new Error("dist/ is missing: run `npx tsc -p .` (npm test does it in pretest)");
  });
}

export function snapcheck(cwd: string, args: string[], stdin?: string, env: Record<string, string> = {}): Promise<Run> {
  return run(process.execPath, [BIN, ...args], cwd, stdin, env);
}

/** git with an identity of its own, so commits work on a machine without a global one. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  const outcome = await run("git", ["-c", "user.name=snapcheck", "-c", "user.email=snapcheck@example.com", "-c", "commit.gpgsign=false", ...args], cwd);
  if (outcome.code !== 0) throw new Error(`git ${args.join(" ")}: ${outcome.stderr}`);
  return outcome.stdout;
}

function run(command: string, args: string[], cwd: string, stdin?: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(command, args, { cwd, env: { ...ENV, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
    // A child that exits before reading stdin (a usage error) closes the pipe: not a failure of the test.
    child.stdin?.on("error", () => {});
    child.stdin?.end(stdin ?? "");
  });
}

/** `snapcheck: debug: cache: 2 hits, 1 misses` and `parsed 3 files`, read back from stderr. */
export function cacheStats(stderr: string): { hits: number; misses: number; parsed: number } {
  const cache = /cache: (\d+) hits, (\d+) misses/.exec(stderr);
  const parsed = /parsed (\d+) files/.exec(stderr);
  if (!cache || !parsed) throw new Error(`no cache statistics in: ${stderr}`);
  return { hits: Number(cache[1]), misses: Number(cache[2]), parsed: Number(parsed[1]) };
}

export function lines(text: string): string[] {
  return text.split("\n").filter(Boolean);
}
