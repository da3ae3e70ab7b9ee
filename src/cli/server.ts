import path from "node:path";
import { sharedModuleIndex } from "../analysis/stamped-index.js";
import type { LintRun, StdinOptions } from "../run/run.js";
import { MAX_FILE_BYTES } from "../discovery/regular-file.js";
import { readSource } from "../run/source.js";
import type { CliIo } from "./io.js";

/** A request holds at most a 10 MB file, JSON-escaped: longer lines are refused without being kept in memory. */
export const MAX_REQUEST_BYTES = 64 * 1024 * 1024;

/**
 * `snapcheck --server`: a warm process for editors. It reads one JSON request per line on stdin,
 * `{ "filePath": "src/handler.ts", "text": "…" }` (`text` optional: read from disk), and answers each with one line:
 * the file's ESLint-shaped `LintResult` as JSON, or `{ "error": "…" }`. Parsers, rules and config stay loaded, so
 * a file is answered in milliseconds; stdin closing ends the server. A file is read from disk with the checks of the
 * command line (a regular file, at most 10 MB), so a pipe or a device named in a request is an error, not a hang.
 */
export async function serve(
  options: Omit<StdinOptions, "content" | "filePath">,
  io: CliIo,
  lintStdin: (options: StdinOptions) => Promise<LintRun>,
  input: AsyncIterable<Buffer | string> = process.stdin,
): Promise<number> {
  for await (const request of requestLines(input, MAX_REQUEST_BYTES)) {
    if (request === undefined) {
      io.writeOut(`${JSON.stringify({ error: `request line longer than ${MAX_REQUEST_BYTES / 1024 / 1024} MiB` })}\n`);
      continue;
    }
    if (request.trim() === "") continue;
    io.writeOut(`${await answer(request, options, lintStdin)}\n`);
  }
  return 0;
}

export async function answer(
  line: string,
  options: Omit<StdinOptions, "content" | "filePath">,
  lintStdin: (options: StdinOptions) => Promise<LintRun>,
): Promise<string> {
  try {
    const request = JSON.parse(line) as { filePath?: unknown; text?: unknown } | null;
    if (typeof request?.filePath !== "string") return JSON.stringify({ error: "a request needs a filePath string" });
    const filePath = path.resolve(options.cwd, request.filePath);
    let content: string;
    if (typeof request.text === "string") {
      if (request.text.length > MAX_FILE_BYTES) return JSON.stringify({ error: "File skipped: larger than 10 MB" });
      content = request.text;
    } else {
      const source = readSource(filePath);
      if (!source.ok) return JSON.stringify({ error: source.message });
      content = source.text;
    }
    // Imported files stay parsed between requests, and are read again once they change on disk.
    const run = await lintStdin({ ...options, filePath, content, modules: sharedModuleIndex(options.cwd) });
    return JSON.stringify(run.results[0]);
  } catch (error) {
    return JSON.stringify({ error: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * The lines of `input` (without `\n` or `\r\n`); `undefined` in place of a line longer than `maxBytes`, whose bytes
 * are dropped as they arrive, so no line can exhaust memory or exceed V8's longest string.
 */
export async function* requestLines(input: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<string | undefined> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overlong = false;
  const take = (): string | undefined => {
    const line = overlong ? undefined : Buffer.concat(pending).toString("utf8").replace(/\r$/, "");
    pending = [];
    pendingBytes = 0;
    overlong = false;
    return line;
  };
  for await (const chunk of input) {
    let bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    for (let newline = bytes.indexOf(10); newline >= 0; newline = bytes.indexOf(10)) {
      if (!overlong) pending.push(bytes.subarray(0, newline));
      pendingBytes += newline;
      if (pendingBytes > maxBytes) overlong = true;
      yield take();
      bytes = bytes.subarray(newline + 1);
    }
    pendingBytes += bytes.length;
    if (pendingBytes > maxBytes) {
      overlong = true;
      pending = [];
    } else if (bytes.length > 0) {
      pending.push(bytes);
    }
  }
  if (pendingBytes > 0 || overlong) yield take();
}
