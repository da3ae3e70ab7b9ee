import { ts } from "#typescript";
import { linkAndIndex, syntaxIndexOf } from "../analysis/syntax-index.js";

export type ParseOutcome =
  | { ok: true; sourceFile: ts.SourceFile }
  | { ok: false; message: string; line: number; column: number };

const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  ".ts": ts.ScriptKind.TS,
  ".mts": ts.ScriptKind.TS,
  ".cts": ts.ScriptKind.TS,
  ".tsx": ts.ScriptKind.TSX,
  ".js": ts.ScriptKind.JS,
  ".mjs": ts.ScriptKind.JS,
  ".cjs": ts.ScriptKind.JS,
  ".jsx": ts.ScriptKind.JSX,
};

export function scriptKindFor(filePath: string): ts.ScriptKind {
  const dot = filePath.lastIndexOf(".");
  return SCRIPT_KINDS[filePath.slice(dot).toLowerCase()] ?? ts.ScriptKind.TS;
}

let parses = 0;
/** Parses `--concurrency` workers reported back: a run's count is the same whichever thread parsed. */
let parsesInWorkers = 0;

export function countWorkerParses(count: number): void {
  parsesInWorkers += count;
}

/** How many nodes a tree parsed for analysis has: what it costs in memory, far more closely than its text. */
export function nodeCountOf(sourceFile: ts.SourceFile): number {
  return syntaxIndexOf(sourceFile).nodeCount;
}

/** Files parsed so far by this process: `--debug` prints it, so a run served from `--cache` shows it parsed none. */
export function parseCount(): number {
  return parses + parsesInWorkers;
}

interface ParsedSourceFile extends ts.SourceFile {
  parseDiagnostics?: readonly ts.DiagnosticWithLocation[];
}

/**
 * The compiler's tree of a file, without JSDoc and without parent links; throws a RangeError on nesting too deep for
 * the parser. Parse diagnostics stay on the tree for the caller to judge.
 */
export function createSourceFile(filePath: string, text: string): ts.SourceFile {
  return ts.createSourceFile(
    filePath,
    text,
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
    false,
    scriptKindFor(filePath),
  );
}

/**
 * Parses with the TypeScript compiler that ts-morph bundles. JSDoc is never needed by a rule, so it is not
 * parsed (measurably faster); ts-morph wrappers are created on demand from these nodes.
 */
export function parseSource(filePath: string, text: string, { parents = true }: { parents?: boolean } = {}): ParseOutcome {
  let sourceFile: ParsedSourceFile;
  parses++;
  try {
    // Parents are set below, in the walk that bounds the depth and indexes the tree: one walk instead of three.
    sourceFile = createSourceFile(filePath, text);
  } catch (error) {
    if (error instanceof RangeError) {
      return { ok: false, message: "File could not be analysed: nesting too deep for the parser", line: 1, column: 1 };
    }
    throw error;
  }
  const first = sourceFile.parseDiagnostics?.[0];
  if (first) {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start);
    const text = ts.flattenDiagnosticMessageText(first.messageText, " ");
    return { ok: false, message: `Parsing error: ${text}`, line: line + 1, column: character + 1 };
  }
  // Analyses walk up the tree; a syntax check alone does not, and skips setting parents.
  const tooDeep = parents ? linkAndIndex(sourceFile, MAX_ANALYSED_DEPTH) : undefined;
  if (tooDeep) {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(tooDeep.getStart(sourceFile));
    const message = `File could not be analysed: nesting deeper than ${MAX_ANALYSED_DEPTH} levels`;
    return { ok: false, message, line: line + 1, column: character + 1 };
  }
  return { ok: true, sourceFile };
}

/**
 * Analyses look from a node up through its ancestors, so their cost grows with size times depth: a generated
 * 50,000-term `a + b + …` (which the parser reads iteratively) would take hours. Written and bundled code stays
 * far below this (under 250 levels in this project's node_modules), and the parser itself gives up on ~800
 * nested brackets.
 */
export const MAX_ANALYSED_DEPTH = 1000;
