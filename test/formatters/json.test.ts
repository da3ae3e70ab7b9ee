import { describe, expect, it } from "vitest";
import { json } from "../../src/formatters/json.js";
import type { LintResult } from "../../src/results.js";
import { CWD, context, sampleResults } from "./helpers.js";

describe("json formatter", () => {
  it("is exactly JSON.stringify of the results", () => {
    const results = sampleResults();
    expect(json(results, context())).toBe(JSON.stringify(results));
  });

  it("round-trips to equal results with absolute file paths", () => {
    const results = sampleResults();
    const parsed = JSON.parse(json(results, context())) as LintResult[];
    expect(parsed).toEqual(results);
    expect(parsed.map((r) => r.filePath)).toEqual([`${CWD}/src/handler.ts`, `${CWD}/src/clean.ts`, `${CWD}/lib/db.ts`, `${CWD}/src/broken.ts`]);
  });

  it("prints an empty array for no results", () => {
    expect(json([], context())).toBe("[]");
  });
});
