import { describe, expect, it } from "vitest";
// @ts-expect-error: the harness is plain JavaScript
import { parseWorkerLine, variantTargets } from "../../bench/lib/variants.mjs";

describe("bench variants", () => {
  it("reads the worker count and heaps from --debug, and none from a run in one thread", () => {
    expect(parseWorkerLine("snapcheck: debug: linted in 2 worker threads (peak heap MiB: 80, 91)\n")).toEqual({ workers: 2, heapMiB: [80, 91] });
    expect(parseWorkerLine("snapcheck: debug: linted in 1 worker thread (peak heap MiB: 42)\n")).toEqual({ workers: 1, heapMiB: [42] });
    expect(parseWorkerLine("snapcheck: debug: parsed 5 files\n")).toEqual({ workers: 0, heapMiB: [] });
  });

  it("judges the default against the floor, and the cached re-run against the cold one", () => {
    const targets = variantTargets({
      floorMs: 4000,
      concurrency: [
        { tool: "snapcheck", setting: "auto", wallMs: 3900, rssMiB: 460 },
        { tool: "snapcheck", setting: "off", wallMs: 8000, rssMiB: 280 },
      ],
      cached: [{ corpus: "small-1500", ratio: 0.5 }],
    }) as { pass: boolean | null }[];
    expect(targets.map((target) => target.pass)).toEqual([true, false, true, false, null]);
  });
});
