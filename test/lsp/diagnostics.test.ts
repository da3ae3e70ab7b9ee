import { describe, expect, it } from "vitest";
import { DiagnosticTag } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { rulesById } from "../../rules/index.js";
import { relatedLocation, toDiagnostic } from "../../src/lsp/diagnostics.js";
import type { LintMessage } from "../../src/results.js";

const rulesMeta = new Map([...rulesById.values()].map((rule) => [rule.meta.id, rule.meta]));
const document = TextDocument.create("file:///app/src/handler.ts", "typescript", 3, "const a = 1;\r\nexport const = ;\nconst b = 2;\n");

describe("toDiagnostic", () => {
  it("turns 1-based lines and columns into 0-based positions, with severity, code and the rule's docs link", () => {
    const message: LintMessage = { ruleId: "uniqueness/init-random", severity: 1, message: "m", line: 3, column: 7, endLine: 3, endColumn: 8 };
    const documented = new Map([["uniqueness/init-random", { ...rulesMeta.get("uniqueness/init-random")!, docsUrl: "https://example.com/docs/rules/uniqueness/init-random.md" }]]);
    expect(toDiagnostic(message, document, documented, { index: 0, version: 3 })).toEqual({
      range: { start: { line: 2, character: 6 }, end: { line: 2, character: 7 } },
      severity: 2,
      source: "snapcheck",
      message: "m",
      code: "uniqueness/init-random",
      codeDescription: { href: "https://example.com/docs/rules/uniqueness/init-random.md" },
      data: { index: 0, version: 3 },
    });
  });

  it("has no codeDescription for a rule without a docs link", () => {
    const message: LintMessage = { ruleId: "uniqueness/init-random", severity: 2, message: "m", line: 1, column: 1, endLine: 1, endColumn: 2 };
    const undocumented = new Map([["uniqueness/init-random", { ...rulesMeta.get("uniqueness/init-random")!, docsUrl: undefined }]]);
    expect(toDiagnostic(message, document, undocumented, { index: 0, version: 3 })).not.toHaveProperty("codeDescription");
  });

  it("spans the rest of the line for a problem with only a start, without the line break", () => {
    const fatal: LintMessage = { ruleId: null, severity: 2, fatal: true, message: "Parsing error: Variable declaration expected.", line: 2, column: 14 };
    const diagnostic = toDiagnostic(fatal, document, rulesMeta, { index: 0, version: 3 });
    expect(diagnostic.range).toEqual({ start: { line: 1, character: 13 }, end: { line: 1, character: 16 } });
    expect(diagnostic.code).toBeUndefined();
    const onCrlfLine: LintMessage = { ...fatal, line: 1, column: 1 };
    expect(toDiagnostic(onCrlfLine, document, rulesMeta, { index: 0, version: 3 }).range.end).toEqual({ line: 0, character: 12 });
  });

  it("tags a disable comment that suppresses nothing as unnecessary", () => {
    const unused: LintMessage = { ruleId: null, severity: 1, message: "Unused snapcheck-disable-line directive (no problems were reported).", line: 1, column: 14, endLine: 1, endColumn: 20 };
    expect(toDiagnostic(unused, document, rulesMeta, { index: 0, version: 3 }).tags).toEqual([DiagnosticTag.Unnecessary]);
  });
});

describe("relatedLocation", () => {
  it("points at a helper in another file, resolved from the linted file's folder", () => {
    expect(relatedLocation("crypto.randomUUID() runs at init (via makeId() in ../lib/ids.ts:3): the value …", document)).toEqual({
      location: { uri: "file:///app/lib/ids.ts", range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } } },
      message: "the init-time call, reached through makeId()",
    });
  });

  it("points at a helper of the same file, and at the call that warmed an entropy pool", () => {
    expect(relatedLocation("Date.now() runs at init (via stamp() at line 12): …", document)?.location).toEqual({
      uri: document.uri,
      range: { start: { line: 11, character: 0 }, end: { line: 11, character: 0 } },
    });
    const pool = relatedLocation("crypto.randomUUID() draws from a cache of random bytes that crypto.randomUUID() filled at init (lib/warm.ts:4): …", document);
    expect(pool).toEqual({
      location: { uri: "file:///app/src/lib/warm.ts", range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } } },
      message: "the init-time call that filled the cache",
    });
  });

  it("finds nothing in a message without a place", () => {
    expect(relatedLocation("crypto.randomUUID() runs at init: the value is frozen", document)).toBeUndefined();
  });
});
