// The editor case: a long-lived `snapcheck --server` (one JSON request per stdin line, one JSON answer per line)
// answering for a file whose text just changed. Other long-lived modes are named but not timed.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { median } from "./stats.mjs";
import { findWarmModes } from "./tools.mjs";

const CHANGES = 10;
const ANSWER_TIMEOUT_MS = 10_000;

/**
 * @param {object} options
 * @param {string[]} options.ruleArgs  `--rule id:error` flags, so every rule runs
 * @param {{label: string, file: string}[]} options.files  each is sent once cold, then CHANGES times with an edit
 */
export async function measureWarm({ root, help, ruleArgs, files }) {
  const modes = findWarmModes(help);
  if (modes.length === 0) return { status: "not implemented" };
  if (!modes.includes("--server")) return { status: `${modes.join(", ")} found, no driver in the harness` };

  const server = startServer(root, ruleArgs);
  try {
    const perFile = [];
    for (const { label, file } of files) {
      const original = fs.readFileSync(file, "utf8");
      // The first answer for a file pays for config lookup and first-use compilation: not what an editor waits for.
      const first = await server.ask({ filePath: file, text: original });
      if (first.error) return { status: `--server failed: ${first.error}`, mode: "--server" };
      const samples = [];
      for (let change = 1; change <= CHANGES; change++) {
        const answer = await server.ask({ filePath: file, text: `${original}\nexport const edit${change} = ${change};\n` });
        if (answer.error) return { status: `--server failed: ${answer.error}`, mode: "--server" };
        samples.push(answer.ms);
      }
      perFile.push({ label, bytes: Buffer.byteLength(original), firstMs: first.ms, ms: median(samples) });
    }
    // The target is judged on the last (largest) file.
    return { status: "ok", mode: "--server", ms: perFile.at(-1).ms, files: perFile };
  } finally {
    server.stop();
  }
}

function startServer(root, ruleArgs) {
  const child = spawn(process.execPath, [path.join(root, "bin", "snapcheck.js"), "--server", ...ruleArgs], {
    cwd: root,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk) => {
    stderr = (stderr + chunk).slice(-2000);
  });
  let exited = false;
  const waiting = [];
  const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
  lines.on("line", (line) => waiting.shift()?.(line));
  const onGone = () => {
    exited = true;
    for (const resolve of waiting.splice(0)) resolve(undefined);
  };
  child.on("exit", onGone);
  child.on("error", onGone);
  child.stdin.on("error", () => {});

  return {
    /** Sends one request and times its answer line: `{ms}` or `{error}`. */
    ask(request) {
      if (exited) return Promise.resolve({ error: `the server exited${stderr ? `: ${stderr.trim().split("\n").pop()}` : ""}` });
      return new Promise((resolve) => {
        const start = performance.now();
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(onLine), 1);
          resolve({ error: `no answer in ${ANSWER_TIMEOUT_MS / 1000} s` });
        }, ANSWER_TIMEOUT_MS);
        const onLine = (line) => {
          const ms = performance.now() - start;
          clearTimeout(timer);
          if (line === undefined) {
            resolve({ error: `the server exited${stderr ? `: ${stderr.trim().split("\n").pop()}` : ""}` });
            return;
          }
          let answer;
          try {
            answer = JSON.parse(line);
          } catch {
            resolve({ error: `answered something other than JSON: ${line.slice(0, 80)}` });
            return;
          }
          resolve(answer && Array.isArray(answer.messages) ? { ms } : { error: String(answer?.error ?? "no messages in the answer") });
        };
        waiting.push(onLine);
        child.stdin.write(`${JSON.stringify(request)}\n`);
      });
    },
    stop() {
      child.stdin.end();
      child.kill();
    },
  };
}
