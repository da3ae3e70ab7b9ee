import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type WorkspaceEdit } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { ResolvedConfig } from "../config/types.js";
import { applyEdits } from "../engine/fixes.js";
import { clientTable } from "../knowledge/client-semantics.js";
import type { LintMessage, LintResult, TextEdit } from "../results.js";
import { addOptionToCall, minimalEdit, type OptionToAdd } from "./structural-edits.js";

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.snapcheck`;

/** A linted document, as code actions need it. */
export interface LintedDocument {
  document: TextDocument;
  filePath: string;
  /** The text that was linted: the document's without a byte order mark, which `bom` (0 or 1) counts. */
  text: string;
  bom: number;
  result: LintResult;
  /** The diagnostic made from each message of `result`, by index. */
  diagnostics: Diagnostic[];
  /** Undefined when the config could not be loaded. */
  config: ResolvedConfig | undefined;
  /** Lints another text as this file, without touching what the server keeps for the file. */
  relint: ((text: string) => LintResult) | undefined;
}

/**
 * Clients whose constructor accepts the options object as a further argument, so `{ option }` may be appended when
 * no object literal is passed. Other clients get the option only inside an options object already written.
 */
const APPENDABLE_OPTIONS: ReadonlyMap<string, string> = new Map([
  ["ioredis Redis", "ioredis lib/Redis.ts parseOptions: every object argument is merged into the options (new Redis(url, { lazyConnect: true }))"],
  ["ioredis Cluster", "ioredis lib/cluster/index.ts: new Cluster(startupNodes, options)"],
  ["socket.io-client io()", "socket.io-client docs: io(url, options)"],
]);

/** The code actions for the findings overlapping `range`, and a fix-all when the client asks for source actions. */
export async function codeActionsFor(linted: LintedDocument, range: Range, only: readonly string[] | undefined): Promise<CodeAction[]> {
  const wanted = (kind: string) => !only || only.some((prefix) => kind === prefix || kind.startsWith(`${prefix}.`));
  const actions: CodeAction[] = [];
  if (wanted(CodeActionKind.QuickFix)) {
    for (const [index, message] of linted.result.messages.entries()) {
      const diagnostic = linted.diagnostics[index];
      if (!diagnostic || !overlaps(diagnostic.range, range)) continue;
      const diagnostics = [diagnostic];
      actions.push(...ruleFixes(linted, message, diagnostics));
      for (const suggestion of await structuralSuggestions(linted, message)) actions.push({ ...suggestion, diagnostics });
      if (message.ruleId && !message.fatal) {
        actions.push({
          title: `Disable ${message.ruleId} for this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics,
          edit: { changes: { [linted.document.uri]: [disableLineEdit(linted.document, message.line - 1, message.ruleId)] } },
        });
      }
    }
  }
  if (only && wanted(FIX_ALL_KIND)) {
    const fixAll = fixAllAction(linted);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

/** The rule's own safe fix, preferred, and the suggestions it made. */
function ruleFixes(linted: LintedDocument, message: LintMessage, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  if (message.fix) {
    const replacement = message.fix.text.length <= 60 ? `: ${message.fix.text}` : "";
    actions.push({ title: `Fix ${message.ruleId ?? "snapcheck"}${replacement}`, kind: CodeActionKind.QuickFix, isPreferred: true, diagnostics, edit: workspaceEdit(linted, [message.fix]) });
  }
  for (const suggestion of message.suggestions ?? []) {
    actions.push({ title: suggestion.desc, kind: CodeActionKind.QuickFix, diagnostics, edit: workspaceEdit(linted, [suggestion.fix]) });
  }
  return actions;
}

/** `// snapcheck-disable-next-line <rule> -- reason` above the line, indented like it; the reason is for the user to write. */
function disableLineEdit(document: TextDocument, line: number, ruleId: string) {
  const lineText = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const indent = /^[ \t]*/.exec(lineText)![0];
  const eol = document.getText().includes("\r\n") ? "\r\n" : "\n";
  const position = { line, character: 0 };
  return { range: { start: position, end: position }, newText: `${indent}// snapcheck-disable-next-line ${ruleId} -- reason${eol}` };
}

interface Candidate {
  title: string;
  option: OptionToAdd;
}

/**
 * Changes that stop a finding but are not safe to apply blindly (the code may rely on the client being connected
 * once created, or on the options it already passes). Each is offered only when linting the changed text shows
 * the finding gone and no new finding of the rule: `lazyConnect: true` on an ioredis client that something uses
 * at init just moves the connection to that use, and is not offered.
 */
async function structuralSuggestions(linted: LintedDocument, message: LintMessage): Promise<CodeAction[]> {
  const candidates = candidatesFor(linted, message);
  if (candidates.length === 0 || message.endLine === undefined || message.endColumn === undefined) return [];
  const start = linted.document.offsetAt({ line: message.line - 1, character: message.column - 1 }) - linted.bom;
  const end = linted.document.offsetAt({ line: message.endLine - 1, character: message.endColumn - 1 }) - linted.bom;
  const actions: CodeAction[] = [];
  for (const candidate of candidates) {
    const edit = await addOptionToCall(linted.filePath, linted.text, start, end, candidate.option);
    if (!edit || !stopsFinding(linted, message, applyEdits(linted.text, [edit]).text)) continue;
    actions.push({ title: candidate.title, kind: CodeActionKind.QuickFix, edit: workspaceEdit(linted, [edit]) });
  }
  return actions;
}

function candidatesFor(linted: LintedDocument, message: LintMessage): Candidate[] {
  if (message.ruleId === "connections/init-connection" && message.messageId === "eager") {
    // The message starts with the client's label (`ioredis Redis connects as soon as it is created`).
    const row = clientTable(linted.config?.connections).rows.find((candidate) => message.message.startsWith(`${candidate.label} connects`));
    return (row?.lazyWhen ?? []).flatMap((condition) =>
      "option" in condition
        ? [
            {
              title: `Add ${condition.option}: ${JSON.stringify(condition.equals)} (connect on first use, not at init)`,
              option: { name: condition.option, value: JSON.stringify(condition.equals), appendArgument: APPENDABLE_OPTIONS.has(row!.label) },
            },
          ]
        : [],
    );
  }
  if (message.ruleId === "uniqueness/entropy-pool" && !message.fix) {
    // node:crypto's randomUUID with options already written: the rule's own fix only rewrites `randomUUID()`.
    return [{ title: "Add disableEntropyCache: true (draw fresh bytes after restore)", option: { name: "disableEntropyCache", value: "true", appendArgument: false } }];
  }
  return [];
}

function stopsFinding(linted: LintedDocument, message: LintMessage, changed: string): boolean {
  const count = (result: LintResult) => result.messages.filter((other) => other.ruleId === message.ruleId).length;
  const after = linted.relint?.(changed);
  if (!after || after.fatalErrorCount > 0) return false;
  const stillThere = after.messages.some((other) => other.ruleId === message.ruleId && other.line === message.line && other.column === message.column);
  return !stillThere && count(after) < count(linted.result);
}

/** Every safe fix of the file at once (`source.fixAll.snapcheck`, for fix-on-save), as `--fix` applies them. */
function fixAllAction(linted: LintedDocument): CodeAction | undefined {
  const fixes = linted.result.messages.flatMap((message) => (message.fix ? [message.fix] : []));
  if (fixes.length === 0) return undefined;
  const edit = minimalEdit(linted.text, applyEdits(linted.text, fixes).text);
  if (!edit) return undefined;
  return { title: "Fix all snapcheck problems that have a safe fix", kind: FIX_ALL_KIND, edit: workspaceEdit(linted, [edit]) };
}

function workspaceEdit(linted: LintedDocument, edits: readonly TextEdit[]): WorkspaceEdit {
  const { document, bom } = linted;
  return {
    changes: {
      [document.uri]: edits.map((edit) => ({
        range: { start: document.positionAt(edit.range[0] + bom), end: document.positionAt(edit.range[1] + bom) },
        newText: edit.text,
      })),
    },
  };
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range["start"], y: Range["start"]) => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
