import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CodeAction, Diagnostic } from "vscode-languageserver";
import { LspClient, uriOf } from "./client.js";

const HANDLER_WITH_HAZARD = `import { randomUUID } from "node:crypto";
const instanceId = randomUUID();
export const handler = async () => ({ instanceId });
`;
const HANDLER_FIXED = `import { randomUUID } from "node:crypto";
export const handler = async () => ({ instanceId: randomUUID() });
`;

function tempProject(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "snapcheck-lsp-")));
  fs.writeFileSync(path.join(dir, "package.json"), "{}\n");
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((diagnostic) => diagnostic.code);

describe("snapcheck lsp (push diagnostics)", () => {
  let dir: string;
  let client: LspClient;

  beforeAll(async () => {
    dir = tempProject({
      "lib/ids.ts": `export function makeId() {\n  return "fixed";\n}\n`,
    });
    client = new LspClient(dir);
    const init = await client.initialize(dir);
    expect(init.capabilities.codeActionProvider).toBeTruthy();
    expect(init.capabilities.diagnosticProvider).toBeUndefined();
  });

  afterAll(async () => {
    expect(await client.close()).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("publishes a finding on open with its range and rule id, and an empty list once it is fixed", async () => {
    const uri = await client.open(path.join(dir, "handler.ts"), HANDLER_WITH_HAZARD);
    const [diagnostic, ...others] = await client.diagnostics(uri, (list) => list.length > 0);
    expect(others).toEqual([]);
    expect(diagnostic).toMatchObject({
      range: { start: { line: 1, character: 19 }, end: { line: 1, character: 31 } },
      severity: 1,
      code: "uniqueness/init-random",
      source: "snapcheck",
    });
    // No docs link while package.json has no homepage (src/engine/rule.ts docsUrlFor).
    expect(diagnostic).not.toHaveProperty("codeDescription");
    await client.change(uri, HANDLER_FIXED);
    expect(await client.diagnostics(uri)).toEqual([]);
  });

  it("offers the rule's fix as the preferred code action, and applying it clears the finding", async () => {
    const text = `import { randomUUID } from "node:crypto";\nconst warmed = randomUUID();\nexport const handler = async () => ({ id: randomUUID(), warmed });\n`;
    const uri = await client.open(path.join(dir, "pool.ts"), text);
    const diagnostics = await client.diagnostics(uri, (list) => codes(list).includes("uniqueness/entropy-pool"));
    const pool = diagnostics.find((diagnostic) => diagnostic.code === "uniqueness/entropy-pool")!;
    expect(pool.relatedInformation?.[0]?.location).toMatchObject({ uri, range: { start: { line: 1 } } });
    const actions = await client.connection.sendRequest<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: pool.range,
      context: { diagnostics: [pool] },
    });
    const fix = actions.find((action) => action.isPreferred)!;
    expect(fix.title).toBe("Fix uniqueness/entropy-pool: randomUUID({ disableEntropyCache: true })");
    expect(actions.map((action) => action.title)).toContain("Disable uniqueness/entropy-pool for this line");
    await client.apply(fix.edit!);
    expect(client.text(uri)).toContain("id: randomUUID({ disableEntropyCache: true })");
    const after = await client.diagnostics(uri);
    expect(codes(after)).toEqual(["uniqueness/init-random"]);
  });

  it("suggests lazyConnect on an ioredis client nothing uses at init, and not on one used at init", async () => {
    const unused = `import Redis from "ioredis";\nconst redis = new Redis(process.env.REDIS_URL);\nexport const handler = async () => redis.get("k");\n`;
    const uri = await client.open(path.join(dir, "redis.ts"), unused);
    const [finding] = await client.diagnostics(uri, (list) => list.length > 0);
    expect(finding).toMatchObject({ code: "connections/init-connection", range: { start: { line: 1, character: 14 } } });
    const actions = await client.connection.sendRequest<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: finding!.range, context: { diagnostics: [finding] } });
    const lazy = actions.find((action) => action.title.startsWith("Add lazyConnect: true"))!;
    expect(lazy.isPreferred).toBeUndefined();
    await client.apply(lazy.edit!);
    expect(client.text(uri)).toContain("new Redis(process.env.REDIS_URL, { lazyConnect: true })");
    expect(await client.diagnostics(uri)).toEqual([]);

    const usedAtInit = `import Redis from "ioredis";\nconst redis = new Redis({\n  host: "cache",\n});\nconst warm = await redis.get("k");\nexport const handler = async () => warm;\n`;
    const used = await client.open(path.join(dir, "redis-used.ts"), usedAtInit);
    const [eager] = await client.diagnostics(used, (list) => list.length > 0);
    const offered = await client.connection.sendRequest<CodeAction[]>("textDocument/codeAction", { textDocument: { uri: used }, range: eager!.range, context: { diagnostics: [eager] } });
    expect(offered.map((action) => action.title)).toEqual(["Disable connections/init-connection for this line"]);
  });

  it("suggests autoConnect: false inside an Ably client's options, and nothing it cannot write there", async () => {
    const text = `import Ably from "ably";\nconst ably = new Ably.Realtime({ key: process.env.ABLY_KEY });\nexport const handler = async () => ably.connect();\n`;
    const uri = await client.open(path.join(dir, "ably.ts"), text);
    const [finding] = await client.diagnostics(uri, (list) => list.length > 0);
    const actions = await client.connection.sendRequest<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: finding!.range, context: { diagnostics: [finding] } });
    const suggestion = actions.find((action) => action.title.startsWith("Add autoConnect: false"))!;
    await client.apply(suggestion.edit!);
    expect(client.text(uri)).toContain("new Ably.Realtime({ key: process.env.ABLY_KEY, autoConnect: false })");
    expect(await client.diagnostics(uri)).toEqual([]);

    // A key string is the whole argument: { autoConnect } cannot be added beside it.
    const keyOnly = await client.open(path.join(dir, "ably-key.ts"), `import Ably from "ably";\nconst ably = new Ably.Realtime(process.env.ABLY_KEY);\nexport const handler = async () => ably.connect();\n`);
    const [eager] = await client.diagnostics(keyOnly, (list) => list.length > 0);
    const offered = await client.connection.sendRequest<CodeAction[]>("textDocument/codeAction", { textDocument: { uri: keyOnly }, range: eager!.range, context: { diagnostics: [eager] } });
    expect(offered.map((action) => action.title)).toEqual(["Disable connections/init-connection for this line"]);
  });

  it("adds the option inside an options object already written, keeping its layout", async () => {
    const text = `import Redis from "ioredis";\nconst redis = new Redis({\n  host: "cache",\n});\nexport const handler = async () => redis.get("k");\n`;
    const uri = await client.open(path.join(dir, "redis-options.ts"), text);
    const [finding] = await client.diagnostics(uri, (list) => list.length > 0);
    const actions = await client.connection.sendRequest<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: finding!.range, context: { diagnostics: [finding] } });
    await client.apply(actions.find((action) => action.title.startsWith("Add lazyConnect"))!.edit!);
    expect(client.text(uri)).toBe(`import Redis from "ioredis";\nconst redis = new Redis({\n  host: "cache",\n  lazyConnect: true,\n});\nexport const handler = async () => redis.get("k");\n`);
    expect(await client.diagnostics(uri)).toEqual([]);
  });

  it("inserts a disable comment with a reason to write, which silences the finding", async () => {
    const uri = await client.open(path.join(dir, "disable.ts"), `export function setup() {\n  return 1;\n}\nif (true) {\n  globalThis.bootedAt = Date.now();\n}\n`);
    const [finding] = await client.diagnostics(uri, (list) => list.length > 0);
    const actions = await client.connection.sendRequest<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: finding!.range, context: { diagnostics: [finding] } });
    await client.apply(actions.find((action) => action.title.startsWith("Disable "))!.edit!);
    expect(client.text(uri)).toContain(`if (true) {\n  // snapcheck-disable-next-line ${String(finding!.code)} -- reason\n  globalThis.bootedAt`);
    expect(await client.diagnostics(uri)).toEqual([]);
  });

  it("re-lints an open importer when the helper it calls at init changes, pointing at the helper", async () => {
    const importer = await client.open(path.join(dir, "uses-helper.ts"), `import { makeId } from "./lib/ids.js";\nconst id = makeId();\nexport const handler = async () => id;\n`);
    expect(await client.diagnostics(importer)).toEqual([]);
    const helper = await client.open(path.join(dir, "lib/ids.ts"), `export function makeId() {\n  return "fixed";\n}\n`);
    await client.diagnostics(helper);
    await client.change(helper, `import { randomUUID } from "node:crypto";\nexport function makeId() {\n  return randomUUID();\n}\n`);
    const [finding] = await client.diagnostics(importer, (list) => list.length > 0);
    expect(finding).toMatchObject({ code: "uniqueness/init-random", range: { start: { line: 1, character: 11 } } });
    expect(finding!.relatedInformation).toEqual([
      { location: { uri: uriOf(path.join(dir, "lib/ids.ts")), range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } } }, message: "the init-time call, reached through makeId()" },
    ]);
    // And back: the helper no longer draws at init.
    await client.change(helper, `export function makeId() {\n  return "again fixed";\n}\n`);
    await client.diagnostics(importer, (list) => list.length === 0);
  });

  it("reports a file that does not parse and keeps serving", async () => {
    const broken = await client.open(path.join(dir, "broken.ts"), "export const = ;\nconst x = (\n");
    const [fatal] = await client.diagnostics(broken, (list) => list.length > 0);
    expect(fatal).toMatchObject({ severity: 1, source: "snapcheck", range: { start: { line: 0 } } });
    expect(fatal!.code).toBeUndefined();
    const next = await client.open(path.join(dir, "after-broken.ts"), HANDLER_WITH_HAZARD);
    expect(codes(await client.diagnostics(next, (list) => list.length > 0))).toEqual(["uniqueness/init-random"]);
    const binary = await client.open(path.join(dir, "binary.ts"), "\u0000\u0001".repeat(5000));
    await client.diagnostics(binary);
  });

  it("shows a broken config once, keeps serving, and re-lints when the config is fixed", async () => {
    const uri = await client.open(path.join(dir, "configured.ts"), HANDLER_WITH_HAZARD);
    await client.diagnostics(uri, (list) => list.length > 0);
    const configPath = path.join(dir, ".snapcheckrc.json");
    fs.writeFileSync(configPath, `{ "rules": { "uniqueness/init-random": "sometimes" } }`);
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(configPath), type: 1 }] });
    const [problem] = await client.diagnostics(uri, (list) => list.some((diagnostic) => diagnostic.message.startsWith("snapcheck config:")));
    expect(problem!.message).toContain(".snapcheckrc.json");
    await client.until(() => client.shown.find((message) => message.includes(".snapcheckrc.json")));
    fs.writeFileSync(configPath, `{ "rules": { "uniqueness/init-random": "off" } }`);
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(configPath), type: 2 }] });
    await client.diagnostics(uri, (list) => list.length === 0);
    fs.rmSync(configPath);
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(configPath), type: 3 }] });
    await client.diagnostics(uri, (list) => codes(list).includes("uniqueness/init-random"));
  });
});

describe("snapcheck lsp (pull diagnostics)", () => {
  it("answers textDocument/diagnostic for clients that pull, and asks them to refresh when an import changes", async () => {
    const dir = tempProject({ "lib/ids.ts": `export function makeId() {\n  return "fixed";\n}\n` });
    const client = new LspClient(dir, ["--lsp"]);
    try {
      const init = await client.initialize(dir, { textDocument: { diagnostic: {} }, workspace: { diagnostics: { refreshSupport: true } } });
      expect(init.capabilities.diagnosticProvider).toMatchObject({ interFileDependencies: true });
      const uri = await client.open(path.join(dir, "handler.ts"), HANDLER_WITH_HAZARD);
      const report = await client.connection.sendRequest<{ kind: string; items: Diagnostic[] }>("textDocument/diagnostic", { textDocument: { uri } });
      expect(report.kind).toBe("full");
      expect(codes(report.items)).toEqual(["uniqueness/init-random"]);
      expect(client.published.size).toBe(0);

      const importer = await client.open(path.join(dir, "uses.ts"), `import { makeId } from "./lib/ids.js";\nexport const id = makeId();\n`);
      const before = await client.connection.sendRequest<{ items: Diagnostic[] }>("textDocument/diagnostic", { textDocument: { uri: importer } });
      expect(before.items).toEqual([]);
      const helper = await client.open(path.join(dir, "lib/ids.ts"), `export function makeId() {\n  return "fixed";\n}\n`);
      await client.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri: helper } });
      await client.change(helper, `export function makeId() {\n  return Date.now();\n}\n`);
      await client.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri: helper } });
      await client.until(() => (client.refreshes > 0 ? true : undefined));
      const after = await client.connection.sendRequest<{ items: Diagnostic[] }>("textDocument/diagnostic", { textDocument: { uri: importer } });
      expect(codes(after.items)).toEqual(["uniqueness/init-random"]);
    } finally {
      await client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("snapcheck lsp (workspace folders)", () => {
  it("gives each folder its own root and config, and takes folders added later", async () => {
    const quiet = tempProject({ ".snapcheckrc.json": `{ "rules": { "uniqueness/init-random": "off" } }` });
    const plain = tempProject({});
    const added = tempProject({ ".snapcheckrc.json": `{ "rules": { "uniqueness/init-random": "warn" } }` });
    const client = new LspClient(quiet);
    try {
      await client.connection.sendRequest("initialize", {
        processId: process.pid,
        rootUri: null,
        workspaceFolders: [quiet, plain].map((dir) => ({ uri: uriOf(dir), name: path.basename(dir) })),
        capabilities: { workspace: { workspaceFolders: true } },
        initializationOptions: { debounceMs: 10 },
      });
      await client.connection.sendNotification("initialized", {});
      const inQuiet = await client.open(path.join(quiet, "handler.ts"), HANDLER_WITH_HAZARD);
      const inPlain = await client.open(path.join(plain, "handler.ts"), HANDLER_WITH_HAZARD);
      expect(await client.diagnostics(inQuiet)).toEqual([]);
      expect((await client.diagnostics(inPlain, (list) => list.length > 0)).map((d) => [d.code, d.severity])).toEqual([["uniqueness/init-random", 1]]);
      await client.connection.sendNotification("workspace/didChangeWorkspaceFolders", { event: { added: [{ uri: uriOf(added), name: "added" }], removed: [] } });
      const inAdded = await client.open(path.join(added, "handler.ts"), HANDLER_WITH_HAZARD);
      expect((await client.diagnostics(inAdded, (list) => list.length > 0)).map((d) => [d.code, d.severity])).toEqual([["uniqueness/init-random", 2]]);
    } finally {
      await client.close();
      for (const dir of [quiet, plain, added]) fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
