import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { LintMessage, LintResult } from "../../src/results.js";

/** End to end: the built bin in a child process, as CI runs it. `npm test` builds first (pretest). */
export const BIN = fileURLToPath(new URL("../../bin/snapcheck.js", import.meta.url));
const BUILT_MAIN = fileURLToPath(new URL("../../dist/src/cli/main.js", import.meta.url));
export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export const RULE = "uniqueness/init-random";
export const FINDING = "export const id = crypto.randomUUID();\n";

/** Generous: these runs share two cores with the rest of the suite. Never a timing assertion. */
export const SLOW = 240_000;

export function assertBuilt(): void {
  if (!fs.existsSync(BUILT_MAIN)) throw new Error("dist/ is missing: run `npx tsc -p .` (npm test does it in pretest)");
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => !["FORCE_COLOR", "NO_COLOR", "CI"].includes(name)));

export interface RunOptions {
  stdin?: string;
  /** Run as another user (only when this process may switch users, i.e. as root). */
  uid?: number;
  gid?: number;
  env?: Record<string, string>;
}

export function snapcheck(cwd: string, args: readonly string[], options: RunOptions = {}): Promise<Run> {
  return run(process.execPath, [BIN, ...args], cwd, options);
}

export function run(command: string, args: readonly string[], cwd: string, options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve) => {
    const ids = options.uid !== undefined ? { uid: options.uid, gid: options.gid ?? options.uid } : {};
    const child = execFile(command, args, { cwd, env: { ...ENV, ...options.env }, maxBuffer: 256 * 1024 * 1024, ...ids }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
      resolve({ code, signal: error?.signal ?? null, stdout, stderr });
    });
    child.stdin?.end(options.stdin ?? "");
  });
}

/** A fault staged in the child by `faults/fs-faults.mjs` (see there). */
export function withFault(fault: "enospc" | "edit-during-fix"): Record<string, string> {
  const preload = pathToFileURL(fileURLToPath(new URL("./faults/fs-faults.mjs", import.meta.url))).href;
  return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${preload}`.trim(), SNAPCHECK_TEST_FAULT: fault };
}

export function lines(text: string): string[] {
  return text.split("\n").filter(Boolean);
}

/** The results of `-f json`, by path relative to `root` with `/`. */
export function byFile(root: string, json: string): Map<string, LintResult> {
  const results = JSON.parse(json) as LintResult[];
  return new Map(results.map((result) => [path.relative(root, result.filePath).split(path.sep).join("/"), result]));
}

/** `line:column ruleId-or-fatal message`, compact enough to compare whole results at once. */
export function describeMessage(message: LintMessage): string {
  return `${message.line}:${message.column} ${message.fatal ? "fatal" : message.ruleId} ${message.message}`;
}
