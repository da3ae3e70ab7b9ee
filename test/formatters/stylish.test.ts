import { describe, expect, it } from "vitest";
import { docsUrlFor } from "../../src/engine/rule.js";
import { stylish } from "../../src/formatters/stylish.js";
import { stripEscapes } from "../../src/formatters/terminal.js";
import { makeResult, type LintResult } from "../../src/results.js";
import { CWD, HOMEPAGE, context, fatal, msg, sampleResults } from "./helpers.js";

const PLAIN = [
  "",
  "src/handler.ts",
  "   3:14  error    Math.random() runs at init: its value is frozen into the snapshot  uniqueness/init-random",
  "  12:7   warning  Secret fetched at init                                             credentials/init-secret",
  "",
  "lib/db.ts",
  "  101:1  error  Socket opened at init  connections/init-socket",
  "",
  "src/broken.ts",
  "  5:9  error  Parsing error: ';' expected",
  "",
  "✖ 4 problems (3 errors, 1 warning)",
  "",
].join("\n");

function osc8(url: string, text: string): string {
  return `\u001B]8;;${url}\u0007${text}\u001B]8;;\u0007`;
}

describe("stylish formatter", () => {
  it("names the deployed functions a finding affects after its message, the first three by name", () => {
    const one = { ...msg("uniqueness/init-random", 2, "Math.random() runs at init.", 3, 14), functions: ["checkout"] };
    const many = { ...msg("uniqueness/init-random", 2, "Math.random() runs at init.", 4, 14), functions: ["a", "b", "c", "d", "e"] };
    const lines = stripEscapes(stylish([makeResult(`${CWD}/src/handler.ts`, [one, many])], context())).split("\n");
    expect(lines[2]).toMatch(/Math\.random\(\) runs at init \(function: checkout\)\s+uniqueness\/init-random$/);
    expect(lines[3]).toMatch(/Math\.random\(\) runs at init \(functions: a, b, c and 2 more\)\s+uniqueness\/init-random$/);
  });

  it("groups messages per file with aligned columns and a summary", () => {
    expect(stylish(sampleResults(), context())).toBe(PLAIN);
  });

  it("uses singular words for single counts", () => {
    const results = [makeResult(`${CWD}/a.ts`, [msg("uniqueness/init-random", 2, "x", 1, 1)])];
    expect(stylish(results, context()).endsWith("✖ 1 problem (1 error, 0 warnings)\n")).toBe(true);
    const warnings = [makeResult(`${CWD}/a.ts`, [msg("credentials/init-secret", 1, "x", 1, 1)])];
    expect(stylish(warnings, context()).endsWith("✖ 1 problem (0 errors, 1 warning)\n")).toBe(true);
  });

  it("adds the fixable line only when something is fixable", () => {
    expect(stylish(sampleResults(), context())).not.toContain("fixable");
    const result: LintResult = { ...makeResult(`${CWD}/a.ts`, [msg("uniqueness/init-random", 2, "x", 1, 1)]), fixableErrorCount: 1 };
    expect(stylish([result], context())).toBe(
      "\na.ts\n  1:1  error  x  uniqueness/init-random\n\n✖ 1 problem (1 error, 0 warnings)\n  1 error and 0 warnings potentially fixable with the `--fix` option.\n",
    );
  });

  it("shows no rule id for fatal messages", () => {
    const results = [makeResult(`${CWD}/a.ts`, [fatal("Parsing error: unexpected token", 2, 5)])];
    expect(stylish(results, context())).toBe("\na.ts\n  2:5  error  Parsing error: unexpected token\n\n✖ 1 problem (1 error, 0 warnings)\n");
  });

  it("is empty when there are no messages", () => {
    expect(stylish([], context())).toBe("");
    expect(stylish([makeResult(`${CWD}/a.ts`, []), makeResult(`${CWD}/b.ts`, [])], context())).toBe("");
  });

  it("emits no escape codes with color and hyperlinks off", () => {
    expect(stylish(sampleResults(), context())).not.toContain("\u001B");
  });

  it("colours without changing the visible layout", () => {
    const colored = stylish(sampleResults(), context({ color: true }));
    expect(colored).toContain("\u001B[");
    expect(colored).toContain("\u001B[4msrc/handler.ts\u001B[24m");
    expect(stripEscapes(colored)).toBe(PLAIN);
  });

  it("links rule ids to their docs only when hyperlinks are enabled", () => {
    const linked = stylish(sampleResults(), context({ hyperlinks: true }));
    expect(linked).toContain(osc8(docsUrlFor("uniqueness/init-random", HOMEPAGE)!, "uniqueness/init-random"));
    expect(linked).toContain(osc8(docsUrlFor("credentials/init-secret", HOMEPAGE)!, "credentials/init-secret"));
    expect(linked).not.toContain("\u001B[");
    expect(stylish(sampleResults(), context())).not.toContain("\u001B]8;;");
  });

  it("aligns columns by visible width when hyperlinks and colour are on", () => {
    const results = [
      makeResult(`${CWD}/a.ts`, [
        msg("uniqueness/init-random", 2, "short", 1, 1),
        msg("credentials/init-secret", 1, "a much longer message", 10, 12),
        msg("not-in-meta/rule", 2, "unknown rule", 100, 3),
      ]),
    ];
    const plain = stylish(results, context());
    expect(plain).toBe(
      [
        "",
        "a.ts",
        "    1:1   error    short                  uniqueness/init-random",
        "   10:12  warning  a much longer message  credentials/init-secret",
        "  100:3   error    unknown rule           not-in-meta/rule",
        "",
        "✖ 3 problems (2 errors, 1 warning)",
        "",
      ].join("\n"),
    );
    for (const options of [{ hyperlinks: true }, { hyperlinks: true, color: true }]) {
      const decorated = stylish(results, context(options));
      // Padding counted on raw bytes would leave fewer spaces once the escapes are stripped.
      expect(stripEscapes(decorated)).toBe(plain);
      expect(decorated.length).toBeGreaterThan(plain.length);
    }
    // A rule without metadata has no docs to link to.
    expect(stylish(results, context({ hyperlinks: true }))).not.toContain("\u0007not-in-meta/rule");
  });

  it("keeps names that are not absolute paths as they are", () => {
    const results = [makeResult("<text>", [msg("uniqueness/init-random", 2, "x", 1, 1)])];
    expect(stylish(results, context()).startsWith("\n<text>\n")).toBe(true);
  });
});
