import path from "node:path";
import {
  createConnection,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  MessageType,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { isLintableFile } from "../discovery/find-files.js";
import type { RuleMeta } from "../engine/rule.js";
import { errorMessage } from "../errors.js";
import { codeActionsFor, FIX_ALL_KIND, type LintedDocument } from "./code-actions.js";
import { filePathOf, SOURCE, toDiagnostic } from "./diagnostics.js";
import { isWatchedFile, Roots, WATCHED_FILE_NAMES, type ServerSettings } from "./roots.js";

/** How long typing must pause before a changed document is linted again (`initializationOptions.debounceMs`). */
export const DEFAULT_DEBOUNCE_MS = 100;

/** Problems shown with `window/showMessage` once each; past this many the oldest may be shown again. */
const MAX_SHOWN_PROBLEMS = 64;

interface DocumentState {
  timer?: NodeJS.Timeout;
  /** The waiting lint is due now (open, save): a content change must not push it back. */
  immediate?: boolean;
  /** The last lint, while it is still the document's version and nothing it depends on changed. */
  linted?: LintedDocument & { version: number };
  /** Files the last lint read through imports. */
  dependencies: Set<string>;
  /** The text last linted, to tell whether a lint changes what importers of this file read. */
  lastText?: string;
}

/**
 * `snapcheck lsp`: a Language Server over stdio. Findings are diagnostics (pushed, or pulled by clients that
 * support `textDocument/diagnostic`), fixes and suggestions are code actions. Each workspace folder is a root
 * with its own configs and a warm index of parsed files: an edit re-lints the file, and the open files importing it.
 */
export function startLanguageServer(settings: ServerSettings, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<number> {
  const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(input), new StreamMessageWriter(output));
  const server = new LanguageServer(connection, settings);
  // A long-lived process: a failure in one request is logged to the client, never the end of the server.
  process.on("uncaughtException", (error) => connection.console.error(`snapcheck: internal error: ${errorMessage(error)}`));
  process.on("unhandledRejection", (error) => connection.console.error(`snapcheck: internal error: ${errorMessage(error)}`));
  server.listen();
  return new Promise((resolve) => connection.onExit(() => resolve(0)));
}

class LanguageServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly states = new Map<string, DocumentState>();
  private readonly roots: Roots;
  private readonly rulesMeta: ReadonlyMap<string, RuleMeta>;
  private readonly shownProblems = new Set<string>();
  private debounceMs = DEFAULT_DEBOUNCE_MS;
  private pull = false;
  private refreshSupport = false;
  private watchDynamically = false;
  private foldersChange = false;
  /** Lints run one at a time: they share each root's index. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly connection: Connection,
    settings: ServerSettings,
  ) {
    this.roots = new Roots(settings);
    this.rulesMeta = new Map([...settings.rules.values()].map((rule) => [rule.meta.id, rule.meta]));
  }

  listen(): void {
    const { connection, documents } = this;
    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(() => this.initialized());
    // Opening also fires a content change: the open's immediate lint must not wait for the debounce.
    documents.onDidOpen(({ document }) => this.schedule(document.uri, 0));
    documents.onDidChangeContent(({ document }) => {
      if (!this.states.get(document.uri)?.immediate) this.schedule(document.uri, this.debounceMs);
    });
    documents.onDidSave(({ document }) => {
      // A config open in the editor (snapcheck.config.mjs, package.json) counts as a watched file when saved.
      const filePath = filePathOf(document.uri);
      if (filePath && isWatchedFile(filePath)) this.fileChanged(document.uri, FileChangeType.Changed);
      this.schedule(document.uri, 0);
    });
    documents.onDidClose(({ document }) => this.close(document.uri));
    connection.languages.diagnostics.on(async ({ textDocument }) => {
      const linted = await this.lintedNow(textDocument.uri);
      return { kind: DocumentDiagnosticReportKind.Full, items: linted?.diagnostics ?? [] };
    });
    connection.onCodeAction(async ({ textDocument, range, context }) => {
      const linted = await this.lintedNow(textDocument.uri);
      if (!linted) return [];
      return guard(this.connection, "code actions", () => codeActionsFor(linted, range, context.only), []);
    });
    connection.onDidChangeWatchedFiles(({ changes }) => {
      for (const change of changes) this.fileChanged(change.uri, change.type);
    });
    documents.listen(connection);
    connection.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    const options = (params.initializationOptions ?? {}) as { debounceMs?: unknown };
    if (typeof options.debounceMs === "number" && options.debounceMs >= 0) this.debounceMs = options.debounceMs;
    const folders = params.workspaceFolders?.flatMap((folder) => filePathOf(folder.uri) ?? []) ?? [];
    const rootPath = params.rootUri ? filePathOf(params.rootUri) : (params.rootPath ?? undefined);
    this.roots.setFolders(folders.length > 0 ? folders : rootPath ? [rootPath] : []);
    const capabilities = params.capabilities;
    this.pull = capabilities.textDocument?.diagnostic !== undefined;
    this.refreshSupport = capabilities.workspace?.diagnostics?.refreshSupport === true;
    this.watchDynamically = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    this.foldersChange = capabilities.workspace?.workspaceFolders === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: ["quickfix", FIX_ALL_KIND] },
        ...(this.pull ? { diagnosticProvider: { identifier: SOURCE, interFileDependencies: true, workspaceDiagnostics: false } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: SOURCE },
    };
  }

  private initialized(): void {
    if (this.foldersChange) {
      // Only available once the client said it sends these events.
      this.connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map((folder) => filePathOf(folder.uri)));
        const added = event.added.flatMap((folder) => filePathOf(folder.uri) ?? []);
        this.roots.setFolders([...this.roots.folderDirs.filter((dir) => !removed.has(dir)), ...added]);
        this.relintAll();
      });
    }
    if (!this.watchDynamically) return;
    const watchers = [...WATCHED_FILE_NAMES, "tsconfig.*.json"].map((name) => ({ globPattern: `**/${name}` }));
    this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch(ignore);
  }

  /** Lints a document after `delay` ms, replacing a lint already waiting for it. */
  private schedule(uri: string, delay: number): void {
    const state = this.stateOf(uri);
    state.linted = undefined;
    if (state.timer) clearTimeout(state.timer);
    state.immediate = delay === 0;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      state.immediate = false;
      // Pull clients ask for diagnostics themselves; linting now keeps the answer ready.
      void this.lintedNow(uri).then((linted) => {
        if (linted && !this.pull) this.connection.sendDiagnostics({ uri, version: linted.version, diagnostics: linted.diagnostics }).catch(ignore);
      });
    }, delay);
  }

  /** The document's findings for its current version, linting it first when they are out of date. */
  private lintedNow(uri: string): Promise<(LintedDocument & { version: number }) | undefined> {
    const run = async () => {
      const document = this.documents.get(uri);
      const state = this.states.get(uri);
      if (!document || !state) return undefined;
      if (state.linted?.version === document.version) return state.linted;
      return guard(this.connection, `linting ${uri}`, () => this.lint(document, state), undefined);
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async lint(document: TextDocument, state: DocumentState): Promise<(LintedDocument & { version: number }) | undefined> {
    const filePath = filePathOf(document.uri) ?? untitledPath(document, this.roots.folderDirs[0]);
    if (!isLintableFile(filePath) && !isScriptLanguage(document.languageId)) return undefined;
    const full = document.getText();
    const bom = full.startsWith("\uFEFF") ? 1 : 0;
    const text = bom ? full.slice(1) : full;
    const root = this.roots.rootFor(filePath);
    root.refresh();
    const outcome = await root.lint(filePath, text);
    if (outcome.configProblem) this.showOnce(`snapcheck: ${outcome.configProblem}`);
    const result = outcome.result;
    const diagnostics = result.messages.map((message, index) => toDiagnostic(message, document, this.rulesMeta, { index, version: document.version }));
    const { config } = outcome;
    const relint = config ? (changed: string) => root.lintScratch(filePath, changed, config) : undefined;
    const linted = { document, filePath, text, bom, result, diagnostics, version: document.version, config, relint };
    const textChanged = state.lastText !== text;
    state.lastText = text;
    state.linted = linted;
    state.dependencies = root.dependenciesOf(filePath);
    // What importers read of this file changed: their findings may too.
    if (textChanged) this.relintImportersOf(filePath, document.uri);
    return linted;
  }

  private relintImportersOf(filePath: string, except: string): void {
    for (const [uri, state] of this.states) {
      if (uri !== except && state.dependencies.has(filePath)) this.invalidate(uri);
    }
  }

  /** Something the document's findings depend on changed. */
  private invalidate(uri: string): void {
    const state = this.states.get(uri);
    if (!state) return;
    if (this.pull) {
      state.linted = undefined;
      if (this.refreshSupport) this.refreshPulled();
      else this.schedule(uri, this.debounceMs);
    } else {
      this.schedule(uri, this.debounceMs);
    }
  }

  private refreshTimer: NodeJS.Timeout | undefined;

  /** One refresh request for a burst of invalidations. */
  private refreshPulled(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.connection.languages.diagnostics.refresh().catch(ignore);
    }, this.debounceMs);
  }

  private relintAll(): void {
    for (const uri of this.states.keys()) this.invalidate(uri);
  }

  private fileChanged(uri: string, type: FileChangeType): void {
    const filePath = filePathOf(uri);
    if (!filePath) return;
    if (isWatchedFile(filePath)) {
      const roots = this.roots.rootsContaining(filePath);
      for (const root of roots) root.reset();
      this.shownProblems.clear();
      this.relintAll();
      return;
    }
    // A source file changed on disk while not open (a checkout, a generator): importers read it again.
    if (isLintableFile(filePath) && !this.documents.get(uri)) {
      for (const root of this.roots.rootsContaining(filePath)) root.changedOnDisk(filePath);
      if (type !== FileChangeType.Created) this.relintImportersOf(filePath, uri);
      else this.relintAll();
    }
  }

  private close(uri: string): void {
    const state = this.states.get(uri);
    if (state?.timer) clearTimeout(state.timer);
    this.states.delete(uri);
    const filePath = filePathOf(uri);
    if (filePath) {
      this.roots.rootFor(filePath).closed(filePath);
      // Importers read the file from disk again, which may differ from the closed buffer.
      this.relintImportersOf(filePath, uri);
    }
    if (!this.pull) this.connection.sendDiagnostics({ uri, diagnostics: [] }).catch(ignore);
  }

  private stateOf(uri: string): DocumentState {
    let state = this.states.get(uri);
    if (!state) this.states.set(uri, (state = { dependencies: new Set() }));
    return state;
  }

  private showOnce(message: string): void {
    if (this.shownProblems.has(message)) return;
    if (this.shownProblems.size >= MAX_SHOWN_PROBLEMS) this.shownProblems.clear();
    this.shownProblems.add(message);
    this.connection.sendNotification("window/showMessage", { type: MessageType.Error, message }).catch(ignore);
  }
}

/** For notifications to a client that may have gone: nothing to do if it has. */
function ignore(): void {}

/** Runs a request's work; an unexpected failure is logged and answered with `fallback`, and the server goes on. */
async function guard<T>(connection: Connection, what: string, work: () => Promise<T> | T, fallback: T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    connection.console.error(`snapcheck: internal error while ${what}: ${errorMessage(error)}`);
    return fallback;
  }
}

const SCRIPT_LANGUAGES: Record<string, string> = { typescript: ".ts", typescriptreact: ".tsx", javascript: ".js", javascriptreact: ".jsx" };

function isScriptLanguage(languageId: string): boolean {
  return languageId in SCRIPT_LANGUAGES;
}

/** An unsaved buffer is linted as a file of the first folder, with the extension of its language. */
function untitledPath(document: TextDocument, folder: string | undefined): string {
  return path.join(folder ?? process.cwd(), `untitled${SCRIPT_LANGUAGES[document.languageId] ?? ".ts"}`);
}
