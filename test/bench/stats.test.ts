import { describe, expect, it } from "vitest";
// @ts-expect-error -- the harness is plain ESM JavaScript without declarations
import { median, megabytes, parseProbeOutput, parseTimeOutput, perSecond, ratio } from "../../bench/lib/stats.mjs";

describe("median", () => {
  it("takes the middle value of an odd count, in any order", () => {
    expect(median([5, 1, 3])).toBe(3);
  });

  it("averages the middle two of an even count", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("ignores failed runs (NaN, undefined) and is NaN when none succeeded", () => {
    expect(median([Number.NaN, 2, undefined, 4])).toBe(3);
    expect(median([])).toBeNaN();
    expect(median([Number.NaN])).toBeNaN();
  });
});

describe("ratio and rates", () => {
  it("is NaN rather than Infinity or 0 when a side is missing", () => {
    expect(ratio(2, 4)).toBe(0.5);
    expect(ratio(2, 0)).toBeNaN();
    expect(ratio(Number.NaN, 4)).toBeNaN();
  });

  it("turns counts and milliseconds into per-second rates", () => {
    expect(perSecond(5183, 4000)).toBeCloseTo(1295.75);
    expect(megabytes(43_273_655)).toBeCloseTo(43.27, 2);
  });
});

describe("peak RSS readers", () => {
  it("reads GNU time's '%M %e' line, after any 'exited with non-zero status' line", () => {
    expect(parseTimeOutput("Command exited with non-zero status 1\n278768 4.36\n")).toEqual({ maxRssKiB: 278768, seconds: 4.36 });
    expect(parseTimeOutput("Command terminated by signal 9\n")).toBeUndefined();
  });

  it("takes the largest process the probe recorded", () => {
    expect(parseProbeOutput("120000\n350000\n\n")).toBe(350000);
    expect(parseProbeOutput("")).toBeUndefined();
  });
});
