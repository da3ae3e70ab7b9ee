import { describe, expect, it } from "vitest";
import {
  countJsonResults,
  findWarmModes,
  parseFloorOutput,
  parseOxlintFileCount,
  parseRuleIds,
  // @ts-expect-error -- the harness is plain ESM JavaScript without declarations
} from "../../bench/lib/tools.mjs";

describe("reading the tools' output", () => {
  it("takes rule ids from the first column of --list-rules, skipping the header", () => {
    const listing = [
      "Rule                         Default  Fixable  Description",
      "uniqueness/init-random       error    no       A random value computed at init is frozen.",
      "connections/init-connection  error    no       A socket opened at init.",
      "",
    ].join("\n");
    expect(parseRuleIds(listing)).toEqual(["uniqueness/init-random", "connections/init-connection"]);
  });

  it("reads the parse floor's JSON line and refuses anything else", () => {
    expect(parseFloorOutput('{"files":5183,"bytes":42880102,"ms":3981,"peakRssMB":272}\n')).toEqual({
      files: 5183,
      bytes: 42880102,
      ms: 3981,
      peakRssMB: 272,
    });
    expect(parseFloorOutput("Error: Cannot find module 'ts-morph'")).toBeUndefined();
  });

  it("counts results in a json report", () => {
    expect(countJsonResults('[{"filePath":"a"},{"filePath":"b"}]')).toBe(2);
    expect(countJsonResults("not json")).toBeUndefined();
  });

  it("reads oxlint's file count from its closing line", () => {
    expect(parseOxlintFileCount("Found 1977 warnings and 0 errors.\nFinished in 441ms on 5183 files with 96 rules using 2 threads.")).toBe(5183);
    expect(parseOxlintFileCount("Finished in 4ms on 1 file with 96 rules using 2 threads.")).toBe(1);
    expect(parseOxlintFileCount("")).toBeUndefined();
  });

  it("finds a long-lived mode in the help text, not inside another word", () => {
    expect(findWarmModes("  --watch        re-lint on change\n  --stdin  lint stdin")).toEqual(["--watch"]);
    expect(findWarmModes("  --no-watchman  something")).toEqual([]);
  });
});
