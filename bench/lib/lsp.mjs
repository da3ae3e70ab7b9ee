// The language server case: `snapcheck lsp` driven over stdio by a real JSON-RPC client, timing each didChange
// until the diagnostics for that version are published, then the server's RSS over thousands of edits.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { median } from "./stats.mjs";

const TIMED_EDITS = 30;
const ANSWER_TIMEOUT_MS = 20_000;
export const MEMORY_EDITS = 10_000;

/**
 * A handler module built from repeated blocks of typical Lambda code (an ioredis client made lazy, helpers drawing
 * random values, handlers, module-level tables), with one init-time hazard so there is always a diagnostic.
 */
export function handlerModule(targetBytes) {
  let text = `import Redis from "ioredis";\nimport { randomUUID } from "node:crypto";\n\nconst bootId = randomUUID();\n`;
  for (let i = 0; text.length < targetBytes; i++) {
    text += `
const client${i} = new Redis(process.env.REDIS_URL, { lazyConnect: true });
const table${i} = Array.from({ length: 4 }, (_, j) => j * ${i});

function makeKey${i}(id: string): string {
  return \`\${id}:${i}:\${randomUUID({ disableEntropyCache: true })}\`;
}

export async function handler${i}(event: { id: string }) {
  const key = makeKey${i}(event.id);
  const cached = await client${i}.get(key);
  if (cached) return JSON.parse(cached);
  const result = { id: event.id, at: Date.now(), n: ${i}, bootId, size: table${i}.length };
  await client${i}.set(key, JSON.stringify(result), "EX", 60);
  return result;
}
`;
  }
  return text;
}

/**
 * @param {object} options
 * @param {string} options.root  the snapcheck checkout (bin/snapcheck.js, and vscode-jsonrpc in its node_modules)
 * @param {string[]} options.ruleArgs  `--rule id:error` flags, so every rule runs
 * @param {(line: string) => void} options.log
 */
export async function measureLsp({ root, ruleArgs, log, memoryEdits = MEMORY_EDITS }) {
  const rpc = await import(pathToFileURL(path.join(root, "node_modules", "vscode-jsonrpc", "lib", "node", "main.js")).href).catch(() => undefined);
  if (!rpc) return { status: "vscode-jsonrpc is not installed (npm install in the checkout)" };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "snapcheck-bench-lsp-"));
  fs.writeFileSync(path.join(dir, "package.json"), "{}\n");
  const files = [
    { label: "small", file: path.join(dir, "small.ts"), text: handlerModule(1_000) },
    { label: "large", file: path.join(dir, "large.ts"), text: handlerModule(30_000) },
  ];
  for (const { file, text } of files) fs.writeFileSync(file, text);
  const server = startServer(rpc, root, dir, ruleArgs);
  try {
    await server.initialize();
    const perFile = [];
    for (const { label, file, text } of files) {
      const uri = pathToFileURL(file).href;
      const open = await server.open(uri, text);
      if (open.error) return { status: `snapcheck lsp failed: ${open.error}` };
      const samples = [];
      for (let edit = 1; edit <= TIMED_EDITS; edit++) {
        const answer = await server.typeAt(uri, edit);
        if (answer.error) return { status: `snapcheck lsp failed: ${answer.error}` };
        samples.push(answer.ms);
      }
      samples.sort((a, b) => a - b);
      perFile.push({ label, bytes: Buffer.byteLength(text), firstMs: open.ms, ms: median(samples), minMs: samples[0], p95Ms: samples[Math.floor(0.95 * (samples.length - 1))] });
      log(`lsp: ${label} file, ${Buffer.byteLength(text)} bytes: didChange to diagnostics ${median(samples).toFixed(1)} ms (median of ${TIMED_EDITS})`);
    }
    // Memory over a long session: every edit is linted, alternating between the two files.
    const rss = [];
    const uris = files.map(({ file }) => pathToFileURL(file).href);
    const started = performance.now();
    // RSS is sampled at the start and after a tenth, half and all of the edits.
    const samplesAt = new Set([0, Math.round(memoryEdits / 10), Math.round(memoryEdits / 2), memoryEdits]);
    for (let edit = 0; edit <= memoryEdits; edit++) {
      if (samplesAt.has(edit)) {
        rss.push({ edits: edit, rssMiB: server.rssMiB() });
        log(`lsp: RSS after ${edit} edits: ${server.rssMiB()?.toFixed(0) ?? "n/a"} MiB`);
      }
      if (edit === memoryEdits) break;
      const answer = await server.typeAt(uris[edit % 2], TIMED_EDITS + 1 + edit);
      if (answer.error) return { status: `snapcheck lsp failed after ${edit} edits: ${answer.error}`, files: perFile };
    }
    const memorySeconds = (performance.now() - started) / 1000;
    return { status: "ok", debounceMs: 0, files: perFile, ms: perFile.at(-1).ms, edits: memoryEdits, memorySeconds, rss, rssMiB: rss.at(-1).rssMiB };
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function startServer(rpc, root, dir, ruleArgs) {
  const child = spawn(process.execPath, [path.join(root, "bin", "snapcheck.js"), "lsp", ...ruleArgs], { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk) => {
    stderr = (stderr + chunk).slice(-2000);
  });
  const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const waiting = new Map();
  const documents = new Map();
  connection.onNotification("textDocument/publishDiagnostics", ({ uri, version }) => {
    const key = `${uri}#${version}`;
    waiting.get(key)?.();
    waiting.delete(key);
  });
  connection.onRequest("client/registerCapability", () => null);
  connection.listen();

  const published = (uri, version, send) =>
    new Promise((resolve) => {
      const start = performance.now();
      const timer = setTimeout(() => {
        waiting.delete(`${uri}#${version}`);
        resolve({ error: `no diagnostics in ${ANSWER_TIMEOUT_MS / 1000} s${stderr ? `: ${stderr.trim().split("\n").pop()}` : ""}` });
      }, ANSWER_TIMEOUT_MS);
      waiting.set(`${uri}#${version}`, () => {
        clearTimeout(timer);
        resolve({ ms: performance.now() - start });
      });
      send();
    });

  return {
    async initialize() {
      const folder = pathToFileURL(dir).href;
      // No debounce: the time measured is the server's own; an editor adds the debounce (100 ms by default).
      await connection.sendRequest("initialize", { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: "bench" }], capabilities: {}, initializationOptions: { debounceMs: 0 } });
      await connection.sendNotification("initialized", {});
    },
    open(uri, text) {
      documents.set(uri, { version: 1, text });
      return published(uri, 1, () => connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version: 1, text } }));
    },
    /** Types a digit into the `n: <i>` literal of the file's first block, as one incremental change. */
    typeAt(uri, edit) {
      const document = documents.get(uri);
      const offset = document.text.indexOf("n: 0") + 3;
      const line = document.text.slice(0, offset).split("\n").length - 1;
      const character = offset - (document.text.lastIndexOf("\n", offset - 1) + 1);
      const digit = String(edit % 10);
      document.text = document.text.slice(0, offset) + digit + document.text.slice(offset + 1);
      document.version++;
      const change = { range: { start: { line, character }, end: { line, character: character + 1 } }, text: digit };
      const version = document.version;
      return published(uri, version, () => connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [change] }));
    },
    rssMiB() {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
        const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
        return Number.isFinite(kb) ? kb / 1024 : undefined;
      } catch {
        return undefined;
      }
    },
    async stop() {
      try {
        await Promise.race([connection.sendRequest("shutdown"), new Promise((resolve) => setTimeout(resolve, 2000))]);
        await connection.sendNotification("exit");
      } catch {
        // Already gone.
      }
      setTimeout(() => child.kill(), 2000).unref();
      connection.dispose();
    },
  };
}
