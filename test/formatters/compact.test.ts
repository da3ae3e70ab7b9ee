import { describe, expect, it } from "vitest";
import { compact } from "../../src/formatters/compact.js";
import { makeResult } from "../../src/results.js";
import { CWD, context, fatal, msg, sampleResults } from "./helpers.js";

describe("compact formatter", () => {
  it("prints one ESLint compact line per message with absolute paths, then the total", () => {
    expect(compact(sampleResults(), context())).toBe(
      [
        `${CWD}/src/handler.ts: line 3, col 14, Error - Math.random() runs at init: its value is frozen into the snapshot. (uniqueness/init-random)`,
        `${CWD}/src/handler.ts: line 12, col 7, Warning - Secret fetched at init. (credentials/init-secret)`,
        `${CWD}/lib/db.ts: line 101, col 1, Error - Socket opened at init. (connections/init-socket)`,
        `${CWD}/src/broken.ts: line 5, col 9, Error - Parsing error: ';' expected.`,
        "",
        "4 problems",
      ].join("\n"),
    );
  });

  it("uses the singular for one problem", () => {
    const results = [makeResult(`${CWD}/a.ts`, [msg("uniqueness/init-random", 1, "Frozen.", 1, 2)])];
    expect(compact(results, context())).toBe(`${CWD}/a.ts: line 1, col 2, Warning - Frozen. (uniqueness/init-random)\n\n1 problem`);
  });

  it("passes %, :, and commas through as ESLint does, and escapes control characters, which would split a line", () => {
    const results = [makeResult(`${CWD}/odd dir/a,b:c%d\u001B.ts`, [msg("uniqueness/init-random", 2, "50% of x: a, b\nnext", 7, 3)])];
    expect(compact(results, context())).toBe(
      `${CWD}/odd dir/a,b:c%d\\x1B.ts: line 7, col 3, Error - 50% of x: a, b\\x0Anext (uniqueness/init-random)\n\n1 problem`,
    );
  });

  it("treats fatal messages as errors whatever their severity", () => {
    const results = [makeResult(`${CWD}/a.ts`, [{ ...fatal("Boom", 1, 1), severity: 1 }])];
    expect(compact(results, context())).toBe(`${CWD}/a.ts: line 1, col 1, Error - Boom\n\n1 problem`);
  });

  it("is empty when there is nothing to report", () => {
    expect(compact([], context())).toBe("");
    expect(compact([makeResult(`${CWD}/a.ts`, [])], context())).toBe("");
  });
});
