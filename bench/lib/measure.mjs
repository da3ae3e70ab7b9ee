// Runs one tool as a child process and measures wall time (here, from spawn to exit) and peak RSS.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseProbeOutput, parseTimeOutput } from "./stats.mjs";

const TIME = "/usr/bin/time";
const PROBE_URL = pathToFileURL(path.join(import.meta.dirname, "rss-probe.mjs")).href;
const KEEP_STDOUT = 4 << 20;
const KEEP_STDERR = 64 << 10;

/**
 * How peak RSS is read on this machine: GNU time (any child), a preloaded probe (Node children only), or not at all.
 * GNU time reports the largest single process of the tree, and so does the probe.
 */
export function detectRssMethod(wanted = "auto") {
  if (wanted === "probe" || wanted === "none") return wanted;
  if (!fs.existsSync(TIME)) return "probe";
  const check = spawnSync(TIME, ["-f", "%M %e", "true"], { encoding: "utf8" });
  return check.status === 0 && parseTimeOutput(check.stderr) ? "time" : "probe";
}

// Each tool runs in its own process group, so a time-out or Ctrl-C also ends what it started (GNU time's child,
// workers a linter forks) instead of leaving it running with our pipes open.
const running = new Set();

function killGroup(child) {
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/** Ends every tool still running; for the harness's own signal handlers. */
export function killRunning() {
  for (const child of running) killGroup(child);
}

let scratchDir;
/** A fresh path in the harness's scratch folder (removed by removeScratch), e.g. for a tool's report. */
export function scratchFile(name) {
  scratchDir ??= fs.mkdtempSync(path.join(os.tmpdir(), "snapcheck-bench-"));
  return path.join(scratchDir, `${name}-${process.hrtime.bigint()}`);
}

export function removeScratch() {
  if (scratchDir) fs.rmSync(scratchDir, { recursive: true, force: true });
}

/**
 * @param {object} tool
 * @param {string} tool.command  executable; `process.execPath` marks a Node tool (the probe can measure it)
 * @param {string[]} tool.args
 * @param {string} tool.cwd
 * @param {string} [tool.stdinFile]  fed to the child's stdin
 * @param {number[]} [tool.okExitCodes]  exit codes that are not failures (linters exit 1 for findings)
 * @param {number} tool.timeoutMs
 * @param {string} rssMethod  from detectRssMethod()
 * @returns {Promise<{ok: boolean, exitCode: number|null, signal: string|null, wallMs: number, rssMiB: number|undefined,
 *   stdout: string, stderr: string, error?: string}>}
 */
export function runTool(tool, rssMethod) {
  const isNode = tool.command === process.execPath;
  const env = { ...process.env };
  // A developer's NODE_OPTIONS (inspectors, loaders) would skew every Node tool alike, but not oxlint's threads.
  delete env.NODE_OPTIONS;
  let command = tool.command;
  let args = tool.args;
  let rssFile;
  if (rssMethod === "time") {
    rssFile = scratchFile("time");
    args = ["-f", "%M %e", "-o", rssFile, command, ...args];
    command = TIME;
  } else if (rssMethod === "probe" && isNode) {
    rssFile = scratchFile("probe");
    env.SNAPCHECK_BENCH_RSS_FILE = rssFile;
    args = ["--import", PROBE_URL, ...args];
  }

  return new Promise((resolve) => {
    let stdin = "ignore";
    if (tool.stdinFile) {
      try {
        stdin = fs.openSync(tool.stdinFile, "r");
      } catch (error) {
        resolve(failure(`cannot open ${tool.stdinFile}: ${error.message}`));
        return;
      }
    }
    const start = performance.now();
    const stdout = tailBuffer(KEEP_STDOUT);
    const stderr = tailBuffer(KEEP_STDERR);
    let timedOut = false;
    let child;
    try {
      child = spawn(command, args, { cwd: tool.cwd, env, stdio: [stdin, "pipe", "pipe"], detached: true });
    } catch (error) {
      resolve(failure(`cannot start ${tool.command}: ${error.message}`));
      return;
    }
    child.stdout.setEncoding("utf8").on("data", stdout.push);
    child.stderr.setEncoding("utf8").on("data", stderr.push);
    running.add(child);
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, tool.timeoutMs);
    // 'error' (could not start) may be followed by 'close': settle once.
    let settled = false;
    const settle = (result) => {
      if (settled) return;
      settled = true;
      running.delete(child);
      clearTimeout(timer);
      if (typeof stdin === "number") fs.closeSync(stdin);
      resolve(result);
    };
    child.on("error", (error) => settle(failure(`cannot start ${tool.command}: ${error.message}`)));
    child.on("close", (code, signal) => {
      const wallMs = performance.now() - start;
      const rssMiB = readRss(rssMethod, rssFile);
      // GNU time exits 128+n when its child was killed by signal n: not an ok exit code, so a failure.
      const ok = !timedOut && signal === null && (tool.okExitCodes ?? [0]).includes(code);
      const result = { ok, exitCode: timedOut ? null : code, signal, wallMs, rssMiB, stdout: stdout.text(), stderr: stderr.text() };
      if (timedOut) {
        result.timedOut = true;
        result.error = `timed out after ${Math.round(tool.timeoutMs / 1000)} s`;
      } else if (!ok) {
        result.error = signal ? `killed by ${signal}` : `exit code ${code}`;
      }
      settle(result);
    });
  });
}

/** Keeps the last `limit` characters of a stream: summaries (oxlint's file count, the floor's JSON) come last. */
function tailBuffer(limit) {
  let chunks = [];
  let size = 0;
  return {
    push(chunk) {
      chunks.push(chunk);
      size += chunk.length;
      if (size > 2 * limit) {
        const joined = chunks.join("").slice(-limit);
        chunks = [joined];
        size = joined.length;
      }
    },
    text: () => chunks.join("").slice(-limit),
  };
}

function readRss(method, file) {
  if (!file) return undefined;
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const kib = method === "time" ? parseTimeOutput(text)?.maxRssKiB : parseProbeOutput(text);
  return kib === undefined ? undefined : kib / 1024;
}

function failure(message) {
  return { ok: false, exitCode: null, signal: null, wallMs: Number.NaN, rssMiB: undefined, stdout: "", stderr: "", error: message };
}

/** The last lines of a tool's stderr, for a failure message. */
export function stderrTail(text, lines = 12) {
  return String(text).trimEnd().split("\n").slice(-lines).join("\n");
}
