import { describe, expect, it } from "vitest";
import { unix } from "../../src/formatters/unix.js";
import { makeResult } from "../../src/results.js";
import { CWD, context, fatal, msg, sampleResults } from "./helpers.js";

describe("unix formatter", () => {
  it("prints path:line:col: message [Type/rule] with absolute paths, then the total", () => {
    expect(unix(sampleResults(), context())).toBe(
      [
        `${CWD}/src/handler.ts:3:14: Math.random() runs at init: its value is frozen into the snapshot. [Error/uniqueness/init-random]`,
        `${CWD}/src/handler.ts:12:7: Secret fetched at init. [Warning/credentials/init-secret]`,
        `${CWD}/lib/db.ts:101:1: Socket opened at init. [Error/connections/init-socket]`,
        `${CWD}/src/broken.ts:5:9: Parsing error: ';' expected. [Error]`,
        "",
        "4 problems",
      ].join("\n"),
    );
  });

  it("uses the singular for one problem and omits the rule for fatal messages", () => {
    const results = [makeResult(`${CWD}/a.ts`, [fatal("Unexpected token", 2, 4)])];
    expect(unix(results, context())).toBe(`${CWD}/a.ts:2:4: Unexpected token [Error]\n\n1 problem`);
  });

  it("passes %, :, and commas through as ESLint does, and escapes control characters, which would split a record", () => {
    const results = [makeResult(`${CWD}/odd dir/a,b:c%d\n.ts`, [msg("credentials/init-secret", 1, "100%: a, b\r\nc", 9, 1)])];
    expect(unix(results, context())).toBe(`${CWD}/odd dir/a,b:c%d\\x0A.ts:9:1: 100%: a, b\\x0D\\x0Ac [Warning/credentials/init-secret]\n\n1 problem`);
  });

  it("prints 0 for missing positions", () => {
    const results = [makeResult(`${CWD}/a.ts`, [msg("uniqueness/init-random", 2, "x", 0, 0)])];
    expect(unix(results, context())).toBe(`${CWD}/a.ts:0:0: x [Error/uniqueness/init-random]\n\n1 problem`);
  });

  it("is empty when there is nothing to report", () => {
    expect(unix([makeResult(`${CWD}/a.ts`, [])], context())).toBe("");
  });
});
