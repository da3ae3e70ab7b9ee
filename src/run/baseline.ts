import fs from "node:fs";
import path from "node:path";
import { describeFsError } from "../discovery/find-files.js";
import { UsageError } from "../errors.js";
import { makeResult, type LintMessage, type LintResult, type SuppressedMessage } from "../results.js";
import { FileWriteError, writeFileAtomic } from "./write-file.js";

export const DEFAULT_SUPPRESSIONS_FILE = "snapcheck-suppressions.json";

/**
 * Bulk suppressions, the same file and semantics as ESLint's (9.24+): error counts by file (relative to the cwd,
 * with `/`) and rule. While a file has no more errors of a rule than its count, they are all suppressed; once it
 * has more, they are all reported, since which of them are new cannot be told apart. Warnings are never counted.
 */
export type Suppressions = Record<string, Record<string, { count: number }>>;

export interface BaselineOptions {
  cwd: string;
  /** `--suppressions-location`, relative to the cwd. */
  location?: string;
  /** `--suppress-all`. */
  suppressAll?: boolean;
  /** `--suppress-rule`, repeatable. */
  suppressRules?: readonly string[];
  /** `--prune-suppressions`. */
  prune?: boolean;
}

export interface BaselineOutcome {
  results: LintResult[];
  /** Entries suppressing more errors than the files still have, with the surplus counts. */
  unused: Suppressions;
  /** The suppressions file, relative to the cwd, for messages. */
  file: string;
}

/**
 * Records the errors of `results` when asked to (`--suppress-all`, `--suppress-rule`), drops what no longer
 * occurs (`--prune-suppressions`), then moves the errors the file covers to `suppressedMessages`.
 */
export function applyBaselineStep(results: readonly LintResult[], options: BaselineOptions): BaselineOutcome {
  const filePath = path.resolve(options.cwd, options.location ?? DEFAULT_SUPPRESSIONS_FILE);
  const file = path.relative(options.cwd, filePath) || filePath;
  const writing = options.suppressAll || (options.suppressRules?.length ?? 0) > 0 || options.prune;
  const loaded = readSuppressions(filePath, file);
  if (!loaded && !writing) return { results: [...results], unused: {}, file };
  let suppressions = loaded ?? {};
  if (options.suppressAll) suppressions = suppress(suppressions, results, options.cwd);
  else if (options.suppressRules?.length) suppressions = suppress(suppressions, results, options.cwd, options.suppressRules);
  if (options.prune) suppressions = prune(suppressions, applySuppressions(results, suppressions, options.cwd).unused);
  if (writing) writeSuppressions(filePath, file, options.cwd, suppressions);
  return { ...applySuppressions(results, suppressions, options.cwd), file };
}

/** Sets the count of every (file, rule) of `results` to its current number of errors; `rules` limits the rules. */
export function suppress(suppressions: Suppressions, results: readonly LintResult[], cwd: string, rules?: readonly string[]): Suppressions {
  const updated = structuredClone(suppressions);
  for (const result of results) {
    const key = relativeKey(cwd, result.filePath);
    for (const [ruleId, count] of errorCounts(result.messages)) {
      if (rules && !rules.includes(ruleId)) continue;
      (updated[key] ??= {})[ruleId] = { count };
    }
  }
  return updated;
}

/** Lowers counts by what `unused` says no longer occurs, removing entries that reach zero. */
export function prune(suppressions: Suppressions, unused: Suppressions): Suppressions {
  const updated = structuredClone(suppressions);
  for (const [file, rules] of Object.entries(unused)) {
    const entry = updated[file];
    if (!entry) continue;
    for (const [ruleId, { count }] of Object.entries(rules)) {
      const current = entry[ruleId];
      if (!current) continue;
      if (current.count <= count) delete entry[ruleId];
      else current.count -= count;
    }
    if (Object.keys(entry).length === 0) delete updated[file];
  }
  return updated;
}

/**
 * Moves covered errors to `suppressedMessages` (kind `file`, as ESLint marks them). `unused` holds, for the files
 * of `results` only, the entries whose count exceeds the errors found, with the surplus.
 */
export function applySuppressions(
  results: readonly LintResult[],
  suppressions: Suppressions,
  cwd: string,
): { results: LintResult[]; unused: Suppressions } {
  const unused: Suppressions = {};
  const updated = results.map((result) => {
    const key = relativeKey(cwd, result.filePath);
    const entry = suppressions[key];
    if (!entry) return result;
    const counts = errorCounts(result.messages);
    const covered = new Set<string>();
    for (const [ruleId, { count }] of Object.entries(entry)) {
      const found = counts.get(ruleId) ?? 0;
      if (found > 0 && found <= count) covered.add(ruleId);
      if (found < count) (unused[key] ??= {})[ruleId] = { count: count - found };
    }
    if (covered.size === 0) return result;
    const isCovered = (message: LintMessage) => message.severity === 2 && message.ruleId !== null && covered.has(message.ruleId);
    const moved: SuppressedMessage[] = result.messages
      .filter(isCovered)
      .map((message) => ({ ...message, suppressions: [{ kind: "file", justification: "" }] }));
    const rebuilt = makeResult(result.filePath, result.messages.filter((message) => !isCovered(message)), [
      ...result.suppressedMessages,
      ...moved,
    ]);
    return result.output !== undefined ? { ...rebuilt, output: result.output } : rebuilt;
  });
  return { results: updated, unused };
}

/** "src/a.ts: uniqueness/init-random (2 unused)" lines, for the stderr notice. */
export function describeUnused(unused: Suppressions): string[] {
  return Object.entries(unused).flatMap(([file, rules]) =>
    Object.entries(rules).map(([ruleId, { count }]) => `${file}: ${ruleId} (${count} unused)`),
  );
}

function errorCounts(messages: readonly LintMessage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of messages) {
    if (message.severity === 2 && message.ruleId) counts.set(message.ruleId, (counts.get(message.ruleId) ?? 0) + 1);
  }
  return counts;
}

function relativeKey(cwd: string, filePath: string): string {
  return path.relative(cwd, filePath).split(path.sep).join("/");
}

/** The suppressions file, or undefined when there is none; a broken one is a usage error, as in ESLint. */
function readSuppressions(filePath: string, shown: string): Suppressions | undefined {
  let text: string;
  try {
    // A device or pipe in its place would never end.
    if (!fs.statSync(filePath).isFile()) throw new UsageError(`cannot read the suppressions file ${shown}: not a regular file`);
    text = fs.readFileSync(filePath, "utf8");
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new UsageError(`cannot read the suppressions file ${shown}: ${describeFsError(error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${shown}: invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isSuppressions(data)) {
    throw new UsageError(`${shown}: expected { "<file>": { "<rule>": { "count": <n> } } }`);
  }
  return data;
}

function isSuppressions(data: unknown): data is Suppressions {
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value);
  return (
    isObject(data) &&
    Object.values(data).every(
      (rules) =>
        isObject(rules) &&
        Object.values(rules).every((entry) => isObject(entry) && Number.isInteger(entry.count) && (entry.count as number) >= 0),
    )
  );
}

/** Sorted keys and a trailing newline, so the committed file diffs cleanly; written atomically. */
function writeSuppressions(filePath: string, shown: string, cwd: string, suppressions: Suppressions): void {
  const sorted = Object.fromEntries(
    Object.keys(suppressions)
      .sort()
      .map((file) => [file, Object.fromEntries(Object.keys(suppressions[file]!).sort().map((rule) => [rule, suppressions[file]![rule]!]))]),
  );
  try {
    writeFileAtomic(filePath, `${JSON.stringify(sorted, null, 2)}\n`, {
      shown,
      noLinkedFoldersBelow: cwd,
      replaces: { test: holdsSuppressions, kind: "a suppressions file" },
    });
  } catch (error) {
    if (error instanceof FileWriteError) throw new UsageError(`cannot write the suppressions file ${shown}: ${error.reason}`);
    throw error;
  }
}

function holdsSuppressions(bytes: Buffer): boolean {
  try {
    return isSuppressions(JSON.parse(bytes.toString("utf8")));
  } catch {
    return false;
  }
}
