import { describe, expect, it } from "vitest";
import {
  duration,
  evaluateTargets,
  lspTargets,
  markdownTable,
  renderPairs,
  renderScale,
  renderSummaryTable,
  renderTargets,
  summarize,
  // @ts-expect-error -- the harness is plain ESM JavaScript without declarations
} from "../../bench/lib/report.mjs";

const MEDIUM = { files: 5183, bytes: 43_273_655 };

function run(wallMs: number, rssMiB: number, files = 5183) {
  return { ok: true, wallMs, rssMiB, files };
}

const failedRun = { ok: false, wallMs: Number.NaN, rssMiB: undefined, error: "exit code 2" };

describe("summarize", () => {
  it("reports medians of the successful runs, rates from the corpus, and the ratio to the floor", () => {
    const row = summarize(
      { tool: "snapcheck", corpus: "medium", runs: [run(4000, 250), run(5000, 260), run(4400, 255)] },
      MEDIUM,
      4000,
    );
    expect(row).toMatchObject({ status: "ok", runs: 3, wallMs: 4400, rssMiB: 255, files: 5183 });
    expect(row.floorRatio).toBeCloseTo(1.1);
    expect(row.filesPerSecond).toBeCloseTo(5183 / 4.4);
    expect(row.megabytesPerSecond).toBeCloseTo(43.273655 / 4.4);
  });

  it("marks a tool failed when no run succeeded, and notes partial failures and missed files", () => {
    expect(summarize({ tool: "snapcheck", corpus: "medium", runs: [failedRun] }, MEDIUM, 4000).status).toBe("failed");
    const partial = summarize({ tool: "snapcheck", corpus: "medium", runs: [failedRun, run(4000, 250, 10)] }, MEDIUM, 4000);
    expect(partial.status).toBe("ok");
    expect(partial.note).toBe("saw 10 of 5183 files; 1 run(s) failed");
  });

  it("keeps a status given for a tool that was not run", () => {
    const row = summarize({ tool: "oxlint", corpus: "medium", runs: [], status: "n/a", note: "not installed" }, MEDIUM, 4000);
    expect(row).toMatchObject({ status: "n/a", note: "not installed" });
  });
});

describe("rendering", () => {
  it("escapes pipes and right-aligns numeric columns", () => {
    expect(markdownTable(["tool", "corpus", "wall"], [["a|b", "medium", "1 s"]])).toBe(
      "| tool | corpus | wall |\n| --- | --- | ---: |\n| a\\|b | medium | 1 s |",
    );
  });

  it("prints durations in ms below a second, and n/a for a missing value", () => {
    expect(duration(410.4)).toBe("410 ms");
    expect(duration(4362)).toBe("4.36 s");
    expect(duration(Number.NaN)).toBe("n/a");
  });

  it("shows a failed tool's status in place of its numbers", () => {
    const ok = summarize({ tool: "snapcheck", corpus: "medium", runs: [run(4000, 250)] }, MEDIUM, 4000);
    const failed = summarize({ tool: "ESLint", corpus: "medium", runs: [failedRun] }, MEDIUM, 4000);
    const lines = renderSummaryTable([ok, failed]).split("\n");
    expect(lines[2]).toBe("| snapcheck | medium | 5,183 | 43.3 | 4.00 s | 1,296 | 10.8 | 250 MiB | 1.00x |  |");
    expect(lines[3]).toBe("| ESLint | medium | 5,183 | 43.3 | failed |  |  |  |  | exit code 2 |");
  });
});

describe("pair and scale tables", () => {
  it("prints each pair's ratios and their medians, with no ratio to a parse time that is only start-up", () => {
    const text = renderPairs({
      medium: [
        { snapcheckMs: 4000, floorMs: 4400, floorParseMs: 3900 },
        { snapcheckMs: Number.NaN, floorMs: 4000, floorParseMs: 3600 },
      ],
      tiny: [{ snapcheckMs: 700, floorMs: 500, floorParseMs: 4 }],
    }).split("\n");
    expect(text[2]).toBe("| medium | 1 | 4.00 s | 4.40 s | 3.90 s | 0.91x | 1.03x |");
    expect(text[3]).toBe("| medium | 2 | n/a | 4.00 s | 3.60 s | n/a | n/a |");
    expect(text[4]).toBe("| medium | median |  |  |  | 0.91x | 1.03x |");
    expect(text[5]).toBe("| tiny | 1 | 700 ms | 500 ms | 4 ms | 1.40x | n/a |");
  });

  it("prints files/s per scale factor", () => {
    const text = renderScale({ "2x": { files: 10366, wallMs: 8000, filesPerSecond: 1295.75, rssMiB: 260, floorMs: 8800 } });
    expect(text.split("\n")[2]).toBe("| 2x | 10,366 | 8.00 s | 1,296 | 260 MiB | 8.80 s | 0.91x |  |");
  });
});

describe("evaluateTargets", () => {
  const measured = {
    pairs: {
      medium: [
        { snapcheckMs: 4000, floorMs: 4400 },
        { snapcheckMs: 4500, floorMs: 4000 },
        { snapcheckMs: 3900, floorMs: 4100 },
      ],
      huge: [{ snapcheckMs: 3000, floorMs: 2500 }],
    },
    snapcheckRss: { medium: 320 },
    hugeRetention: { onceMiB: 544, twiceMiB: 560, floorOnceMiB: 463, floorTwiceMiB: 482 },
    stdin: { snapcheckMs: 400, requireMs: 280 },
    warm: { status: "not implemented" },
    scale: {
      "1x": { wallMs: 4000, floorMs: 4000 },
      "2x": { wallMs: 8800, floorMs: 8000 },
      "4x": { wallMs: 17000, floorMs: 16000 },
    },
  };

  it("uses the median of the per-pair ratios, and gives each target a verdict", () => {
    const verdicts = evaluateTargets(measured).map((target: { pass: boolean | null }) => target.pass);
    expect(verdicts).toEqual([
      true, // medium wall: pair ratios 0.91, 1.125, 0.95, median 0.95
      false, // medium RSS 320 MiB
      true, // huge wall 3,000 / 2,500 ms
      true, // huge files twice over: 560 / 544 MiB
      false, // stdin 400 / 280 ms
      null, // warm mode not implemented
      true, // ratio to the floor 1.0x, 1.1x, 1.06x
    ]);
  });

  it("misses linear cost when snapcheck's ratio to the floor grows with the corpus", () => {
    const superlinear = { ...measured, scale: { ...measured.scale, "4x": { wallMs: 24000, floorMs: 16000 } } };
    expect(evaluateTargets(superlinear).at(-1).pass).toBe(false);
  });

  it("judges linear cost on the median of per-pair ratios when there are pairs", () => {
    const paired = { ...measured, scale: { ...measured.scale, "4x": { wallMs: 24000, floorMs: 16000, floorRatio: 1.05 } } };
    expect(evaluateTargets(paired).at(-1).pass).toBe(true);
  });

  it("reports a target it could not measure as a miss with the reason", () => {
    const text = renderTargets(evaluateTargets({ pairs: {}, warm: { status: "not implemented" } }));
    expect(text).toContain("| warm: a long-lived mode answers a changed file in < 100 ms | not implemented | MISS (not measured) |");
    expect(text).not.toContain("PASS");
  });
});

describe("lspTargets", () => {
  const rss = (values: number[]) => [0, 1000, 5000, 10000].map((edits, index) => ({ edits, rssMiB: values[index] }));
  const measured = (largeMs: number, values: number[]) => ({
    status: "ok",
    edits: 10000,
    files: [
      { label: "small", bytes: 1201, ms: 4, p95Ms: 9, firstMs: 60 },
      { label: "large", bytes: 30285, ms: largeMs, p95Ms: largeMs * 2, firstMs: 290 },
    ],
    rss: rss(values),
    rssMiB: values.at(-1),
  });

  it("passes a fast large file and memory that stays flat after the first tenth of the edits", () => {
    expect(lspTargets(measured(35, [128, 140, 142, 145])).map((target: { pass: boolean | null }) => target.pass)).toEqual([true, true]);
  });

  it("misses a slow large file, and memory that keeps growing", () => {
    expect(lspTargets(measured(60, [128, 140, 200, 260])).map((target: { pass: boolean | null }) => target.pass)).toEqual([false, false]);
  });

  it("reports a server that did not run as not measured, with the reason", () => {
    const targets = lspTargets({ status: "snapcheck lsp failed: no diagnostics in 20 s" });
    expect(targets.map((target: { pass: boolean | null }) => target.pass)).toEqual([null, null]);
    expect(targets[0].measured).toBe("snapcheck lsp failed: no diagnostics in 20 s");
  });
});
