import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ModuleIndex } from "../src/analysis/modules.js";
import type { ResolvedConfig } from "../src/config/types.js";
import { lintText } from "../src/engine/lint-file.js";
import { lintDescriptorText } from "../src/engine/lint-descriptor.js";
import { descriptorKindOf } from "../src/deployment/descriptor-files.js";
import type { Family } from "../src/engine/rule.js";
import type { LintResult } from "../src/results.js";
import { allRules, rulesById } from "../rules/index.js";

/** `[rule name within the family, line, column, fragment the message must contain]`. */
export type Finding = [rule: string, line: number, column: number, messageIncludes?: string];

export const FIXTURES = path.resolve(import.meta.dirname, "../fixtures");

/** Every rule on at error, target lambda: the fixtures must not depend on defaults. */
const config: ResolvedConfig = {
  rules: Object.fromEntries(allRules.map((rule) => [rule.meta.id, { severity: 2 as const, options: {} }])),
  target: "lambda",
  restoreHooks: [],
  connections: {},
};

export function filesUnder(directory: string): string[] {
  return (fs.readdirSync(directory, { recursive: true, encoding: "utf8" }) as string[])
    .filter((entry) => fs.statSync(path.join(directory, entry)).isFile())
    .map((entry) => entry.split(path.sep).join("/"))
    .sort();
}

export function lintFixture(family: Family, file: string, modules = new ModuleIndex(FIXTURES)): LintResult {
  const filePath = path.join(FIXTURES, family, file);
  const text = fs.readFileSync(filePath, "utf8");
  const kind = descriptorKindOf(filePath);
  if (kind) return lintDescriptorText({ filePath, text, kind, config, rules: rulesById, modules });
  return lintText({ filePath, text, config, rules: rulesById, modules });
}

const byPosition = (a: { line: number; column: number; rule: string }, b: { line: number; column: number; rule: string }) =>
  a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule);

/**
 * Lints every file of `fixtures/<family>` with every rule and compares with a table reasoned out by hand: each
 * finding's rule, line and column (and a message fragment where given); files not expected to report list `[]`.
 * The table must name every file, so a new fixture cannot go untested.
 */
export function testFixtureTable(family: Family, expected: Record<string, Finding[]>): void {
  describe(`fixtures/${family}`, () => {
    const modules = new ModuleIndex(FIXTURES);

    it("lists every fixture file in the table", () => {
      expect(filesUnder(path.join(FIXTURES, family))).toEqual(Object.keys(expected).sort());
    });

    for (const [file, findings] of Object.entries(expected)) {
      it(file, () => {
        const result = lintFixture(family, file, modules);
        const actual = result.messages.map((m) => ({ rule: m.ruleId ?? `fatal: ${m.message}`, line: m.line, column: m.column })).sort(byPosition);
        const wanted = findings.map(([rule, line, column]) => ({ rule: `${family}/${rule}`, line, column })).sort(byPosition);
        expect(actual).toEqual(wanted);
        for (const [rule, line, column, fragment] of findings) {
          if (!fragment) continue;
          const candidates = result.messages.filter((m) => m.ruleId === `${family}/${rule}` && m.line === line && m.column === column);
          expect(candidates.map((m) => m.message).join("\n")).toContain(fragment);
        }
      });
    }
  });
}
