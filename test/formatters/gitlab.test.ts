import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { gitlab } from "../../src/formatters/gitlab.js";
import { makeResult } from "../../src/results.js";
import { CWD, context, msg, sampleResults } from "./helpers.js";

/**
 * GitLab's Code Quality report format (docs.gitlab.com, "Code Quality report format"): an array of issues, each with
 * these required fields; severity is one of GitLab's five levels.
 */
const CODE_QUALITY_SCHEMA = {
  type: "array",
  items: {
    type: "object",
    required: ["description", "check_name", "fingerprint", "severity", "location"],
    properties: {
      description: { type: "string", minLength: 1 },
      check_name: { type: "string", minLength: 1 },
      fingerprint: { type: "string", minLength: 1 },
      severity: { enum: ["info", "minor", "major", "critical", "blocker"] },
      location: {
        type: "object",
        required: ["path", "lines"],
        properties: {
          path: { type: "string", minLength: 1, not: { pattern: "^/" } },
          lines: { type: "object", required: ["begin"], properties: { begin: { type: "integer", minimum: 1 } } },
        },
      },
    },
  },
};

const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(CODE_QUALITY_SCHEMA);

describe("gitlab formatter", () => {
  it("writes issues valid against GitLab's Code Quality format, with paths relative to the project", () => {
    const issues = JSON.parse(gitlab(sampleResults(), context())) as { check_name: string; severity: string; location: { path: string; lines: { begin: number } } }[];
    expect(validate(issues), JSON.stringify(validate.errors)).toBe(true);
    expect(issues.map((issue) => [issue.check_name, issue.severity, issue.location.path, issue.location.lines.begin])).toEqual([
      ["uniqueness/init-random", "major", "src/handler.ts", 3],
      ["credentials/init-secret", "minor", "src/handler.ts", 12],
      ["connections/init-socket", "major", "lib/db.ts", 101],
      ["snapcheck/parse", "blocker", "src/broken.ts", 5],
    ]);
  });

  it("keeps a fingerprint when lines are added above (it hashes the flagged code), and tells repeats apart", () => {
    const source = "const a = Math.random();\nconst b = Math.random();\n";
    const fingerprints = (blankLinesAbove: number) => {
      const text = "\n".repeat(blankLinesAbove) + source;
      const line = blankLinesAbove + 1;
      const result = makeResult(`${CWD}/src/a.ts`, [msg("uniqueness/init-random", 2, `drawn at line ${line}`, line, 11, [line, 24]), msg("uniqueness/init-random", 2, `drawn at line ${line + 1}`, line + 1, 11, [line + 1, 24])]);
      return (JSON.parse(gitlab([result], context({ readSource: () => text }))) as { fingerprint: string }[]).map((issue) => issue.fingerprint);
    };
    expect(fingerprints(0)).toEqual(fingerprints(7));
    expect(new Set(fingerprints(0)).size).toBe(2);
  });

  it("is an empty array when there is nothing to report", () => {
    expect(JSON.parse(gitlab([makeResult(`${CWD}/a.ts`, [])], context()))).toEqual([]);
  });
});
