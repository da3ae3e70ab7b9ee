import type { CliIo } from "./io.js";

/** A run shorter than this shows no progress line: it would only flicker. */
const SHOW_AFTER_MS = 1000;
/** Redraws at most this often: a line per file would cost more than the files on a fast run. */
const REDRAW_EVERY_MS = 100;
const CLEAR_LINE = "\r\u001B[K";

export interface Progress {
  /** `done` of `total` files are linted. */
  update(done: number, total: number): void;
  /** Clears the progress line, before the report is printed. */
  clear(): void;
  /** The closing summary line, after the report. */
  summary(files: number): void;
}

const SILENT: Progress = { update() {}, clear() {}, summary() {} };

/**
 * A progress line on stderr for long runs and a closing summary ("Checked 5,183 files in 9.1 s"), only where a
 * person watches a terminal: stderr is a TTY, not CI, and the report is a human format (a machine format's reader
 * wants nothing but the report).
 */
export function progressFor(io: Pick<CliIo, "env" | "writeErr" | "stderrIsTTY">, humanFormat: boolean, now: () => number = Date.now): Progress {
  if (!humanFormat || io.stderrIsTTY !== true || isCi(io.env)) return SILENT;
  const started = now();
  let lastDrawn = 0;
  let drawn = false;
  return {
    update(done, total) {
      const time = now();
      if (time - started < SHOW_AFTER_MS || (time - lastDrawn < REDRAW_EVERY_MS && done < total)) return;
      lastDrawn = time;
      drawn = true;
      io.writeErr(`${CLEAR_LINE}Checking files… ${count(done)}/${count(total)}`);
    },
    clear() {
      if (drawn) io.writeErr(CLEAR_LINE);
      drawn = false;
    },
    summary(files) {
      io.writeErr(`Checked ${count(files)} file${files === 1 ? "" : "s"} in ${duration(now() - started)}\n`);
    },
  };
}

/** CI services set CI (GitHub Actions, GitLab, CircleCI, Travis, Buildkite, Azure's TF_BUILD aside); "false" or "0" does not count. */
function isCi(env: Readonly<Record<string, string | undefined>>): boolean {
  const ci = env.CI;
  return (ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false") || env.TF_BUILD === "True";
}

function count(value: number): string {
  return value.toLocaleString("en-US");
}

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
