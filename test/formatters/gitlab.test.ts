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

  it("keeps a fingerprint when lines move, and gives repeats in a file fingerprints of their own", () => {
    const at = (line: number) =>
      makeResult(`${CWD}/src/a.ts`, [msg("uniqueness/init-random", 2, "same", line, 1), msg("uniqueness/init-random", 2, "same", line + 5, 1)]);
    const fingerprints = (line: number) => (JSON.parse(gitlab([at(line)], context())) as { fingerprint: string }[]).map((issue) => issue.fingerprint);
    expect(fingerprints(3)).toEqual(fingerprints(40));
    expect(new Set(fingerprints(3)).size).toBe(2);
  });

  it("is an empty array when there is nothing to report", () => {
    expect(JSON.parse(gitlab([makeResult(`${CWD}/a.ts`, [])], context()))).toEqual([]);
  });
});
