// Turns measurements into the markdown report and the target verdicts: pure functions, unit-tested in test/bench.
import { median, megabytes, perSecond, ratio } from "./stats.mjs";

export const LIMITS = {
  mediumFloorRatio: 1.0,
  mediumRssMiB: 300,
  hugeFloorRatio: 1.3,
  // Peak RSS on the huge files twice over, against once: near 1 when each file's memory is released.
  hugeRetention: 1.1,
  stdinColdRatio: 1.3,
  warmMs: 100,
  // The language server: didChange to published diagnostics on a 30 KB file; RSS over 10,000 edits.
  lspMs: 50,
  lspRssMiB: 300,
  // RSS after all the edits over RSS after the first tenth: near 1 when nothing accumulates per edit.
  lspRssGrowth: 1.2,
  // snapcheck's ratio to the floor at 2x and 4x the corpus, over its ratio at 1x: the floor is linear, so a ratio
  // that holds means snapcheck is too, whatever else the machine is doing.
  scaleRatioGrowth: 1.15,
};

/**
 * One measured (tool, corpus): `runs` are runTool results plus `files` the tool reported. A tool that failed every
 * run, or was not run, carries `status` and a `note` instead of numbers.
 */
export function summarize(measurement, corpus, floorWallMs) {
  const good = (measurement.runs ?? []).filter((run) => run.ok);
  const status = measurement.status ?? (good.length > 0 ? "ok" : "failed");
  const wallMs = median(good.map((run) => run.wallMs));
  const rssMiB = median(good.map((run) => run.rssMiB));
  const seen = good.map((run) => run.files).find((files) => Number.isFinite(files));
  const notes = [];
  if (measurement.note) notes.push(measurement.note);
  const firstError = (measurement.runs ?? []).find((run) => !run.ok)?.error;
  if (status === "failed" && firstError) notes.push(firstError);
  if (status === "ok" && seen !== undefined && corpus && seen !== corpus.files) notes.push(`saw ${seen} of ${corpus.files} files`);
  const failedRuns = (measurement.runs ?? []).length - good.length;
  if (status === "ok" && failedRuns > 0) notes.push(`${failedRuns} run(s) failed`);
  return {
    tool: measurement.tool,
    corpus: measurement.corpus,
    status,
    runs: good.length,
    files: corpus?.files ?? Number.NaN,
    megabytes: corpus ? megabytes(corpus.bytes) : Number.NaN,
    wallMs,
    filesPerSecond: perSecond(corpus?.files ?? Number.NaN, wallMs),
    megabytesPerSecond: perSecond(corpus ? megabytes(corpus.bytes) : Number.NaN, wallMs),
    rssMiB,
    floorRatio: ratio(wallMs, floorWallMs),
    note: notes.join("; "),
  };
}

/** Per-pair ratios of snapcheck to the floor; a pair with a failed half has no ratio. */
export function pairRatios(pairs) {
  return pairs.map((pair) => ratio(pair.snapcheckMs, pair.floorMs));
}

export function formatNumber(value, digits = 0) {
  if (typeof value !== "number" || !Number.isFinite(value)) return "n/a";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Milliseconds as "410 ms" or "4.36 s". */
export function duration(ms) {
  if (!Number.isFinite(ms)) return "n/a";
  return ms < 1000 ? `${formatNumber(ms)} ms` : `${formatNumber(ms / 1000, 2)} s`;
}
const times = (value) => (Number.isFinite(value) ? `${formatNumber(value, 2)}x` : "n/a");
const mib = (value) => (Number.isFinite(value) ? `${formatNumber(value)} MiB` : "n/a");

export function markdownTable(header, rows) {
  const escape = (cell) => String(cell).replace(/\|/g, "\\|");
  return [
    `| ${header.map(escape).join(" | ")} |`,
    `| ${header.map((_, i) => (i < 2 ? "---" : "---:")).join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(escape).join(" | ")} |`),
  ].join("\n");
}

export function renderSummaryTable(rows) {
  const header = ["tool", "corpus", "files", "MB", "wall (median)", "files/s", "MB/s", "peak RSS", "x floor", "note"];
  return markdownTable(
    header,
    rows.map((row) => {
      const numbers =
        row.status === "ok"
          ? [duration(row.wallMs), formatNumber(row.filesPerSecond), formatNumber(row.megabytesPerSecond, 1), mib(row.rssMiB), times(row.floorRatio)]
          : [row.status, "", "", "", ""];
      return [row.tool, row.corpus, formatNumber(row.files), formatNumber(row.megabytes, 1), ...numbers, row.note ?? ""];
    }),
  );
}

// Below this the floor's parse time is start-up noise, and a ratio to it means nothing (the one-line file).
const MIN_PARSE_MS = 100;
const parseRatio = (pair) => (pair.floorParseMs >= MIN_PARSE_MS ? ratio(pair.snapcheckMs, pair.floorParseMs) : Number.NaN);

export function renderPairs(pairsByCorpus) {
  const rows = [];
  for (const [corpus, pairs] of Object.entries(pairsByCorpus)) {
    pairs.forEach((pair, index) => {
      rows.push([
        corpus,
        String(index + 1),
        duration(pair.snapcheckMs),
        duration(pair.floorMs),
        duration(pair.floorParseMs),
        times(ratio(pair.snapcheckMs, pair.floorMs)),
        times(parseRatio(pair)),
      ]);
    });
    const ratios = pairRatios(pairs);
    rows.push([corpus, "median", "", "", "", times(median(ratios)), times(median(pairs.map(parseRatio)))]);
  }
  return markdownTable(["corpus", "pair", "snapcheck wall", "floor wall", "floor parse only", "ratio (wall/wall)", "ratio (wall/parse)"], rows);
}

/**
 * Each target of the issue with its measured value; `pass` is null when it could not be measured (a tool failed,
 * or the feature does not exist yet), which the report shows as MISS with the reason.
 */
export function evaluateTargets(results) {
  const verdict = (value, limit, higherIsBetter = false) =>
    Number.isFinite(value) ? (higherIsBetter ? value >= limit : value <= limit) : null;
  const targets = [];

  const mediumRatio = median(pairRatios(results.pairs.medium ?? []));
  targets.push({
    name: "medium, all rules: wall <= 1.0x the parse floor",
    measured: times(mediumRatio),
    pass: verdict(mediumRatio, LIMITS.mediumFloorRatio),
  });
  const mediumRss = results.snapcheckRss?.medium;
  targets.push({ name: "medium: peak RSS <= 300 MiB", measured: mib(mediumRss), pass: verdict(mediumRss, LIMITS.mediumRssMiB) });

  const hugeRatio = median(pairRatios(results.pairs.huge ?? []));
  targets.push({ name: "huge files: wall <= 1.3x the parse floor", measured: times(hugeRatio), pass: verdict(hugeRatio, LIMITS.hugeFloorRatio) });

  const retention = results.hugeRetention ?? {};
  const kept = ratio(retention.twiceMiB, retention.onceMiB);
  const floorKept = ratio(retention.floorTwiceMiB, retention.floorOnceMiB);
  targets.push({
    name: `huge files: memory released after each file (median peak RSS on them twice over / once <= ${LIMITS.hugeRetention})`,
    measured: Number.isFinite(kept)
      ? `${times(kept)} (${mib(retention.twiceMiB)} / ${mib(retention.onceMiB)}); floor ${times(floorKept)} (${mib(retention.floorTwiceMiB)} / ${mib(retention.floorOnceMiB)})`
      : "n/a",
    pass: verdict(kept, LIMITS.hugeRetention),
  });

  const stdin = results.stdin ?? {};
  const coldRatio = ratio(stdin.snapcheckMs, stdin.requireMs);
  targets.push({
    name: "one file from --stdin, cold: <= 1.3x `node -e \"require('ts-morph')\"`",
    measured: Number.isFinite(coldRatio) ? `${times(coldRatio)} (${duration(stdin.snapcheckMs)} vs ${duration(stdin.requireMs)})` : "n/a",
    pass: verdict(coldRatio, LIMITS.stdinColdRatio),
  });

  const warm = results.warm ?? {};
  targets.push({
    name: "warm: a long-lived mode answers a changed file in < 100 ms",
    measured: Number.isFinite(warm.ms) ? `${formatNumber(warm.ms, 1)} ms (${warm.mode}, ${warm.files?.at(-1)?.label ?? "a file"})` : (warm.status ?? "n/a"),
    pass: Number.isFinite(warm.ms) ? warm.ms < LIMITS.warmMs : null,
  });

  const scale = results.scale ?? {};
  const floorRatioAt = (factor) => scaleRatio(scale[factor]);
  const growth = Math.max(ratio(floorRatioAt("2x"), floorRatioAt("1x")), ratio(floorRatioAt("4x"), floorRatioAt("1x")));
  targets.push({
    name: `linear cost: snapcheck/floor at 2x and 4x the medium corpus at most ${LIMITS.scaleRatioGrowth}x its value at 1x`,
    measured: ["1x", "2x", "4x"]
      .map((factor) => `${factor}: ${formatNumber(scale[factor]?.filesPerSecond)} files/s, ${times(floorRatioAt(factor))} floor`)
      .join("; "),
    pass: verdict(growth, LIMITS.scaleRatioGrowth),
  });
  return targets;
}

/** The language server's targets; the full run appends them to `evaluateTargets`'s, `--lsp-only` shows them alone. */
export function lspTargets(lsp = {}) {
  const large = lsp.files?.find((file) => file.label === "large");
  const tenth = lsp.rss?.[1]?.rssMiB;
  const growth = ratio(lsp.rssMiB, tenth);
  return [
    {
      name: `language server: didChange to published diagnostics < ${LIMITS.lspMs} ms on a 30 KB file (warm, median)`,
      measured: large ? `${formatNumber(large.ms, 1)} ms (${formatNumber(large.bytes)} bytes; p95 ${formatNumber(large.p95Ms, 1)} ms)` : (lsp.status ?? "n/a"),
      pass: large ? large.ms < LIMITS.lspMs : null,
    },
    {
      name: `language server: RSS after ${formatNumber(lsp.edits ?? 10_000)} edits <= ${LIMITS.lspRssMiB} MiB and at most ${LIMITS.lspRssGrowth}x the RSS after a tenth of them`,
      measured: Number.isFinite(lsp.rssMiB) ? `${mib(lsp.rssMiB)} (${times(growth)} the ${mib(tenth)} after ${formatNumber(lsp.rss[1].edits)})` : (lsp.status ?? "n/a"),
      pass: Number.isFinite(growth) ? lsp.rssMiB <= LIMITS.lspRssMiB && growth <= LIMITS.lspRssGrowth : null,
    },
  ];
}

/** The language server's section of the report. */
export function renderLsp(lsp) {
  if (lsp.status !== "ok") return [`- language server: ${lsp.status}`];
  const lines = lsp.files.map(
    (file) =>
      `- \`snapcheck lsp\`, ${file.label} file (${formatNumber(file.bytes)} bytes): didChange to published diagnostics ${formatNumber(file.ms, 1)} ms median, ${formatNumber(file.minMs, 1)} ms min, ${formatNumber(file.p95Ms, 1)} ms p95; open ${formatNumber(file.firstMs)} ms`,
  );
  lines.push(
    `- RSS over ${formatNumber(lsp.edits)} edits (alternating files, each linted, ${formatNumber(lsp.memorySeconds, 1)} s): ${lsp.rss.map((sample) => `${mib(sample.rssMiB)} after ${formatNumber(sample.edits)}`).join(", ")}`,
    `- measured without debounce; an editor's edits wait ${lsp.defaultDebounceMs} ms (the default debounce) before the lint`,
  );
  return lines;
}

export function renderTargets(targets) {
  const label = (pass) => (pass === true ? "PASS" : pass === false ? "MISS" : "MISS (not measured)");
  return markdownTable(
    ["target", "measured", "verdict"],
    targets.map((target) => [target.name, target.measured, label(target.pass)]),
  );
}

/** The median of per-pair ratios when there were pairs, else wall over floor wall. */
function scaleRatio(row) {
  return Number.isFinite(row?.floorRatio) ? row.floorRatio : ratio(row?.wallMs, row?.floorMs);
}

export function renderScale(scale) {
  return markdownTable(
    ["scale", "files", "snapcheck wall", "files/s", "peak RSS", "floor wall", "x floor (pair median)", "note"],
    Object.entries(scale).map(([factor, row]) => [
      factor,
      formatNumber(row.files),
      duration(row.wallMs),
      formatNumber(row.filesPerSecond),
      mib(row.rssMiB),
      duration(row.floorMs),
      times(scaleRatio(row)),
      row.note ?? "",
    ]),
  );
}
