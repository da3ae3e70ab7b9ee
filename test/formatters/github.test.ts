import { describe, expect, it } from "vitest";
import { escapeData, escapeProperty, github } from "../../src/formatters/github.js";
import { makeResult } from "../../src/results.js";
import { CWD, context, fatal, msg, sampleResults } from "./helpers.js";

describe("github formatter", () => {
  it("prints one workflow command per message with paths relative to cwd", () => {
    expect(github(sampleResults(), context())).toBe(
      [
        "::error file=src/handler.ts,line=3,col=14,endLine=3,endColumn=27,title=uniqueness/init-random::Math.random() runs at init: its value is frozen into the snapshot.",
        "::warning file=src/handler.ts,line=12,col=7,endLine=12,endColumn=30,title=credentials/init-secret::Secret fetched at init.",
        "::error file=lib/db.ts,line=101,col=1,endLine=101,endColumn=40,title=connections/init-socket::Socket opened at init.",
        "::error file=src/broken.ts,line=5,col=9,title=snapcheck::Parsing error: ';' expected.",
      ].join("\n"),
    );
  });

  it("escapes %, CR and LF in the message but leaves : and , alone", () => {
    const results = [makeResult(`${CWD}/a.ts`, [msg("uniqueness/init-random", 2, "100% at init: a, b\r\nnext %0A", 1, 1)])];
    expect(github(results, context())).toBe("::error file=a.ts,line=1,col=1,title=uniqueness/init-random::100%25 at init: a, b%0D%0Anext %250A");
  });

  it("sends no columns for an annotation that spans lines, as the toolkit requires", () => {
    const results = [makeResult(`${CWD}/a.ts`, [msg("credentials/init-secret", 1, "x", 2, 3, [4, 5]), msg("credentials/init-secret", 1, "y", 7, 3, [7, 9])])];
    expect(github(results, context())).toBe(
      [
        "::warning file=a.ts,line=2,endLine=4,title=credentials/init-secret::x",
        "::warning file=a.ts,line=7,col=3,endLine=7,endColumn=9,title=credentials/init-secret::y",
      ].join("\n"),
    );
  });

  it("also escapes : and , in property values such as the file path", () => {
    const results = [makeResult(`${CWD}/odd dir/a,b:c%d\ne.ts`, [msg("credentials/init-secret", 1, "x", 2, 3, [4, 5])])];
    expect(github(results, context())).toBe(
      "::warning file=odd dir/a%2Cb%3Ac%25d%0Ae.ts,line=2,endLine=4,title=credentials/init-secret::x",
    );
  });

  it("matches the toolkit's escaping functions", () => {
    expect(escapeData("a%b\rc\nd:e,f")).toBe("a%25b%0Dc%0Ad:e,f");
    expect(escapeProperty("a%b\rc\nd:e,f")).toBe("a%25b%0Dc%0Ad%3Ae%2Cf");
  });

  it("titles fatal messages snapcheck and leaves out unknown positions", () => {
    const results = [makeResult(`${CWD}/src/x.ts`, [fatal("Cannot read file", 0, 0)])];
    expect(github(results, context())).toBe("::error file=src/x.ts,title=snapcheck::Cannot read file");
  });

  it("keeps paths outside cwd relative, with forward slashes", () => {
    const results = [makeResult("/home/dev/shared/util.ts", [msg("uniqueness/init-random", 2, "m", 1, 1)])];
    expect(github(results, context())).toBe("::error file=../shared/util.ts,line=1,col=1,title=uniqueness/init-random::m");
  });

  it("is empty when there is nothing to report", () => {
    expect(github([makeResult(`${CWD}/a.ts`, [])], context())).toBe("");
  });
});
