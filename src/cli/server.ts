import fs from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { sharedModuleIndex } from "../analysis/stamped-index.js";
import type { StdinOptions } from "../run/run.js";
import type { LintRun } from "../run/run.js";
import type { CliIo } from "./io.js";

/**
 * `snapcheck --server`: a warm process for editors. It reads one JSON request per line on stdin,
 * `{ "filePath": "src/handler.ts", "text": "…" }` (`text` optional: read from disk), and answers each with one line:
 * the file's ESLint-shaped `LintResult` as JSON, or `{ "error": "…" }`. Parsers, rules and config stay loaded, so
 * a file is answered in milliseconds; stdin closing ends the server.
 */
export async function serve(
  options: Omit<StdinOptions, "content" | "filePath">,
  io: CliIo,
  lintStdin: (options: StdinOptions) => Promise<LintRun>,
): Promise<number> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    io.writeOut(`${await answer(line, options, lintStdin)}\n`);
  }
  return 0;
}

export async function answer(
  line: string,
  options: Omit<StdinOptions, "content" | "filePath">,
  lintStdin: (options: StdinOptions) => Promise<LintRun>,
): Promise<string> {
  try {
    const request = JSON.parse(line) as { filePath?: unknown; text?: unknown };
    if (typeof request.filePath !== "string") return JSON.stringify({ error: "a request needs a filePath string" });
    const filePath = path.resolve(options.cwd, request.filePath);
    const content = typeof request.text === "string" ? request.text : fs.readFileSync(filePath);
    // Imported files stay parsed between requests, and are read again once they change on disk.
    const run = await lintStdin({ ...options, filePath, content, modules: sharedModuleIndex(options.cwd) });
    return JSON.stringify(run.results[0]);
  } catch (error) {
    return JSON.stringify({ error: error instanceof Error ? error.message : String(error) });
  }
}
