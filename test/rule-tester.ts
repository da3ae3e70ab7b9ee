import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ModuleIndex } from "../src/analysis/modules.js";
import type { ResolvedConfig } from "../src/config/types.js";
import { lintText } from "../src/engine/lint-file.js";
import type { Target } from "../src/config/types.js";
import type { Rule } from "../src/engine/rule.js";
import type { LintResult } from "../src/results.js";
import { rulesById } from "../rules/index.js";

/** A case: the linted file's code, plus other files of the tree it may import (path relative to the linted file). */
export interface RuleCase {
  name?: string;
  code: string;
  /** The linted file's name; its extension picks TS/JS/JSX parsing. */
  filename?: string;
  files?: Record<string, string>;
  target?: Target;
  options?: Record<string, unknown>;
  restoreHooks?: string[];
  connections?: Record<string, unknown>;
}

export interface ExpectedError {
  messageId: string;
  line: number;
  column: number;
  /** A fragment the rendered message must contain (a helper's name and location, say). */
  messageIncludes?: string;
}

export interface InvalidCase extends RuleCase {
  errors: ExpectedError[];
}

/** Lints `code` with only `rule` enabled, in a temporary tree holding `files`. */
export function lintCase(rule: Rule, testCase: RuleCase): LintResult {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "snapcheck-rule-"));
  try {
    const filename = path.join(root, testCase.filename ?? "src/index.ts");
    for (const [relative, text] of Object.entries({ ...testCase.files, [path.relative(path.dirname(filename), filename)]: testCase.code })) {
      const target = path.resolve(path.dirname(filename), relative);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text);
    }
    const config: ResolvedConfig = {
      rules: { [rule.meta.id]: { severity: 2, options: testCase.options ?? {} } },
      target: testCase.target ?? "lambda",
      restoreHooks: testCase.restoreHooks ?? [],
      connections: testCase.connections ?? {},
    };
    return lintText({
      filePath: filename,
      text: testCase.code,
      config,
      rules: new Map([[rule.meta.id, rulesById.get(rule.meta.id) ?? rule]]),
      modules: new ModuleIndex(root),
    });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function caseName(testCase: RuleCase, index: number): string {
  return testCase.name ?? `#${index}: ${testCase.code.trim().split("\n").slice(0, 2).join(" ⏎ ").slice(0, 90)}`;
}

/** ESLint-style valid/invalid tables: valid code reports nothing; invalid code reports exactly `errors`. */
export function testRule(rule: Rule, tables: { valid: (RuleCase | string)[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    describe("valid", () => {
      tables.valid.forEach((entry, index) => {
        const testCase = typeof entry === "string" ? { code: entry } : entry;
        it(caseName(testCase, index), () => {
          const result = lintCase(rule, testCase);
          expect(result.messages.map((m) => `${m.line}:${m.column} ${m.ruleId ?? "fatal"} ${m.message}`)).toEqual([]);
        });
      });
    });
    describe("invalid", () => {
      tables.invalid.forEach((testCase, index) => {
        it(caseName(testCase, index), () => {
          const result = lintCase(rule, testCase);
          const actual = result.messages.map((m) => ({ ruleId: m.ruleId, messageId: m.messageId, line: m.line, column: m.column }));
          const expected = testCase.errors.map((e) => ({ ruleId: rule.meta.id, messageId: e.messageId, line: e.line, column: e.column }));
          expect(actual).toEqual(expected);
          testCase.errors.forEach((error, i) => {
            if (error.messageIncludes) expect(result.messages[i]?.message).toContain(error.messageIncludes);
          });
        });
      });
    });
  });
}
