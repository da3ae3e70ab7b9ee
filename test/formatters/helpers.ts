import { docsUrlFor, type RuleMeta } from "../../src/engine/rule.js";
import type { FormatterContext } from "../../src/formatters/types.js";
import { makeResult, type LintMessage, type LintResult } from "../../src/results.js";

export const CWD = "/home/dev/app";
/** A homepage as a published package would set it, so links can be tested. */
export const HOMEPAGE = "https://github.com/acme/snapcheck#readme";

function meta(id: RuleMeta["id"], defaultLevel: RuleMeta["defaultLevel"], description: string): RuleMeta {
  return {
    id,
    family: id.split("/")[0] as RuleMeta["family"],
    description,
    defaultLevel,
    docsUrl: docsUrlFor(id, HOMEPAGE)!,
    messages: { default: description },
  };
}

export const RULES_META: ReadonlyMap<string, RuleMeta> = new Map(
  [
    meta("uniqueness/init-random", "error", "A random value computed at init is frozen into the snapshot."),
    meta("credentials/init-secret", "warn", "Credentials fetched at init expire while the snapshot sleeps."),
    meta("connections/init-socket", "error", "A connection opened at init is dead after restore."),
  ].map((m) => [m.id, m]),
);

export function context(overrides: Partial<FormatterContext> = {}): FormatterContext {
  return { cwd: CWD, rulesMeta: RULES_META, color: false, hyperlinks: false, version: "1.2.3", ...overrides };
}

export function msg(ruleId: string | null, severity: 1 | 2, message: string, line: number, column: number, end?: [number, number]): LintMessage {
  const m: LintMessage = { ruleId, severity, message, line, column };
  if (end) {
    m.endLine = end[0];
    m.endColumn = end[1];
  }
  return m;
}

export function fatal(message: string, line: number, column: number): LintMessage {
  return { ruleId: null, severity: 2, fatal: true, message, line, column };
}

/** Two files with findings, one clean file and one parse failure. */
export function sampleResults(): LintResult[] {
  return [
    makeResult(`${CWD}/src/handler.ts`, [
      msg("uniqueness/init-random", 2, "Math.random() runs at init: its value is frozen into the snapshot.", 3, 14, [3, 27]),
      msg("credentials/init-secret", 1, "Secret fetched at init.", 12, 7, [12, 30]),
    ]),
    makeResult(`${CWD}/src/clean.ts`, []),
    makeResult(`${CWD}/lib/db.ts`, [msg("connections/init-socket", 2, "Socket opened at init.", 101, 1, [101, 40])]),
    makeResult(`${CWD}/src/broken.ts`, [fatal("Parsing error: ';' expected.", 5, 9)]),
  ];
}
