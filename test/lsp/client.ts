import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";
import type { Diagnostic, InitializeResult, TextEdit, WorkspaceEdit } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";

export const bin = path.resolve(import.meta.dirname, "../../bin/snapcheck.js");

/** A real LSP client over the server's stdio: JSON-RPC framing by vscode-jsonrpc, documents kept as an editor would. */
export class LspClient {
  readonly connection: MessageConnection;
  readonly child: ChildProcess;
  /** The last diagnostics published for each URI. */
  readonly published = new Map<string, { version?: number; diagnostics: Diagnostic[] }>();
  readonly shown: string[] = [];
  readonly logged: string[] = [];
  private readonly documents = new Map<string, TextDocument>();
  private listeners: (() => void)[] = [];
  stderr = "";

  constructor(cwd: string, args: string[] = ["lsp", "--stdio"]) {
    this.child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ["pipe", "pipe", "pipe"] });
    this.child.stderr!.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification("textDocument/publishDiagnostics", (params: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
      this.published.set(params.uri, params);
      this.notify();
    });
    this.connection.onNotification("window/showMessage", (params: { message: string }) => {
      this.shown.push(params.message);
      this.notify();
    });
    this.connection.onNotification("window/logMessage", (params: { message: string }) => this.logged.push(params.message));
    this.connection.onRequest("client/registerCapability", () => null);
    this.connection.onRequest("workspace/diagnostic/refresh", () => {
      this.refreshes++;
      this.notify();
      return null;
    });
    this.connection.listen();
  }

  refreshes = 0;

  async initialize(rootDir: string, capabilities: object = {}, initializationOptions: object = { debounceMs: 10 }): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>("initialize", {
      processId: process.pid,
      rootUri: uriOf(rootDir),
      workspaceFolders: [{ uri: uriOf(rootDir), name: path.basename(rootDir) }],
      capabilities,
      initializationOptions,
    });
    await this.connection.sendNotification("initialized", {});
    return result;
  }

  async open(filePath: string, text: string): Promise<string> {
    const uri = uriOf(filePath);
    const document = TextDocument.create(uri, filePath.endsWith(".js") ? "javascript" : "typescript", 1, text);
    this.documents.set(uri, document);
    this.published.delete(uri);
    await this.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: document.languageId, version: 1, text } });
    return uri;
  }

  /** Replaces the whole text, as a new version. */
  async change(uri: string, text: string): Promise<void> {
    const before = this.documents.get(uri)!;
    const after = TextDocument.update(before, [{ text }], before.version + 1);
    this.documents.set(uri, after);
    await this.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: after.version }, contentChanges: [{ text }] });
  }

  /** Sends incremental edits, as editors do for typing. */
  async edit(uri: string, edits: TextEdit[]): Promise<void> {
    const before = this.documents.get(uri)!;
    const contentChanges = edits.map((edit) => ({ range: edit.range, text: edit.newText }));
    const after = TextDocument.update(before, contentChanges, before.version + 1);
    this.documents.set(uri, after);
    await this.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: after.version }, contentChanges });
  }

  /** Applies a workspace edit returned by a code action to the open document, and sends the change. */
  async apply(edit: WorkspaceEdit): Promise<void> {
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
      const document = this.documents.get(uri)!;
      await this.change(uri, TextDocument.applyEdits(document, edits));
    }
  }

  text(uri: string): string {
    return this.documents.get(uri)!.getText();
  }

  version(uri: string): number {
    return this.documents.get(uri)!.version;
  }

  /** Resolves once the diagnostics published for the current version of `uri` satisfy `accept`. */
  diagnostics(uri: string, accept: (diagnostics: Diagnostic[]) => boolean = () => true, timeoutMs = 15_000): Promise<Diagnostic[]> {
    return this.until(() => {
      const published = this.published.get(uri);
      const current = published && (published.version === undefined || published.version === this.documents.get(uri)?.version);
      return current && accept(published.diagnostics) ? published.diagnostics : undefined;
    }, timeoutMs, () => `diagnostics of ${uri}: last ${JSON.stringify(this.published.get(uri))}`);
  }

  until<T>(check: () => T | undefined, timeoutMs = 15_000, describe = () => "condition"): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((listener) => listener !== poll);
        reject(new Error(`timed out waiting for ${describe()}; stderr: ${this.stderr}`));
      }, timeoutMs);
      const poll = () => {
        const value = check();
        if (value === undefined) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((listener) => listener !== poll);
        resolve(value);
      };
      this.listeners.push(poll);
      poll();
    });
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  async close(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once("exit", (code) => resolve(code)));
    try {
      await this.connection.sendRequest("shutdown");
      await this.connection.sendNotification("exit");
    } catch {
      this.child.kill();
    }
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}

export function uriOf(filePath: string): string {
  return pathToFileURL(filePath).href;
}
