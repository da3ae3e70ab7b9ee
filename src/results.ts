/** Result shapes, identical to ESLint's `LintResult`/`LintMessage` so existing ESLint tooling reads them. */

export type Severity = 1 | 2;

/** Replace the text in `range` (offsets into the file's text without a BOM) with `text`, as in ESLint. */
export interface TextEdit {
  range: [number, number];
  text: string;
}

export interface Suggestion {
  desc: string;
  messageId?: string;
  fix: TextEdit;
}

export interface LintMessage {
  ruleId: string | null;
  severity: Severity;
  message: string;
  messageId?: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  fatal?: true;
  /** A safe mechanical fix, applied by `--fix`. */
  fix?: TextEdit;
  /** Fixes that change behaviour and need a person's review; never applied automatically. */
  suggestions?: Suggestion[];
  /** The deployed functions whose init reaches the finding (when the run read a deployment), sorted. */
  functions?: string[];
}

export interface SuppressedMessage extends LintMessage {
  /** `directive`: a disable comment; `file`: the bulk suppressions file (`--suppress-all`), as in ESLint. */
  suppressions: { kind: "directive" | "file"; justification: string }[];
}

export interface LintResult {
  filePath: string;
  messages: LintMessage[];
  suppressedMessages: SuppressedMessage[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  usedDeprecatedRules: never[];
  source?: string;
  /** The fixed text, when `--fix` or `--fix-dry-run` changed it. */
  output?: string;
}

export function compareMessages(a: LintMessage, b: LintMessage): number {
  return a.line - b.line || a.column - b.column || (a.ruleId ?? "").localeCompare(b.ruleId ?? "");
}

/** Builds a result with its counts derived from the messages, so counts can never disagree with them. */
export function makeResult(filePath: string, messages: LintMessage[], suppressedMessages: SuppressedMessage[] = []): LintResult {
  messages.sort(compareMessages);
  suppressedMessages.sort(compareMessages);
  let errorCount = 0;
  let warningCount = 0;
  let fatalErrorCount = 0;
  let fixableErrorCount = 0;
  let fixableWarningCount = 0;
  for (const m of messages) {
    if (m.severity === 2) errorCount++;
    else warningCount++;
    if (m.fatal) fatalErrorCount++;
    if (m.fix && m.severity === 2) fixableErrorCount++;
    else if (m.fix) fixableWarningCount++;
  }
  return {
    filePath,
    messages,
    suppressedMessages,
    errorCount,
    fatalErrorCount,
    warningCount,
    fixableErrorCount,
    fixableWarningCount,
    usedDeprecatedRules: [],
  };
}

export function fatalResult(filePath: string, message: string, line = 1, column = 1): LintResult {
  return makeResult(filePath, [{ ruleId: null, severity: 2, fatal: true, message, line, column }]);
}
