#!/usr/bin/env node
// `npm run bench`: snapcheck against the TypeScript parse floor, ESLint and oxlint on a pinned corpus; prints a
// markdown report and writes bench/results/latest.json. Progress goes to stderr, the report to stdout.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ArgsError, USAGE, parseBenchArgs } from "./lib/args.mjs";
import { corpusStats, ensureCorpus, ensureScaledCopy } from "./lib/corpus.mjs";
import { detectRssMethod, killRunning, removeScratch, runTool, scratchFile, stderrTail } from "./lib/measure.mjs";
import {
  evaluateTargets,
  formatNumber,
  pairRatios,
  renderPairs,
  lspTargets,
  renderLsp,
  renderScale,
  renderSummaryTable,
  renderTargets,
  summarize,
} from "./lib/report.mjs";
import { median, perSecond } from "./lib/stats.mjs";
import {
  countJsonResults,
  eslintCommand,
  floorCommand,
  oxlintCommand,
  parseFloorOutput,
  parseOxlintFileCount,
  parseRuleIds,
  requireTsMorphCommand,
  snapcheckCommand,
  snapcheckStdinCommand,
} from "./lib/tools.mjs";
import { measureLsp } from "./lib/lsp.mjs";
import { measureWarm } from "./lib/warm.mjs";
import { measureDeployment, renderDeployment } from "./lib/deployment.mjs";
import { ensureSmallTree, measureCached, measureConcurrency, renderCached, renderConcurrency, variantTargets } from "./lib/variants.mjs";

const benchDir = import.meta.dirname;
const root = path.resolve(benchDir, "..");
const STDIN_RUNS = 5;
// snapcheck is given up on after this many times the floor's wall (at least a minute): far past every target, and
// a pathological case should cost minutes, not the session.
const FLOOR_TIMEOUT_FACTOR = 30;

const RSS_METHODS = { time: "/usr/bin/time", probe: "a probe preloaded into Node tools", none: "nothing (n/a)" };

const log = (line) => process.stderr.write(`bench: ${line}\n`);

for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]]) {
  process.on(signal, () => {
    killRunning();
    removeScratch();
    process.exit(code);
  });
}

main().then(
  (code) => {
    removeScratch();
    process.exitCode = code;
  },
  (error) => {
    removeScratch();
    log(`internal error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);

async function main() {
  let settings;
  try {
    settings = parseBenchArgs(process.argv.slice(2), process.env, root);
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error;
    log(error.message);
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (settings.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (settings.lspOnly) return lspOnly(settings);

  const machine = describeMachine();
  const rssMethod = detectRssMethod(settings.rss);
  if (settings.rss === "time" && rssMethod !== "time") log("/usr/bin/time does not work here (apt-get install time); using the probe");
  log(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; peak RSS via ${RSS_METHODS[rssMethod]}`);
  if (machine.loadAverage > machine.cores / 2) {
    log(`warning: load average ${machine.loadAverage.toFixed(1)} on ${machine.cores} cores; other work will slow every tool`);
  }

  const corpusError = ensureCorpus(settings.corpusDir, settings.sharedDir, log);
  if (corpusError) {
    log(corpusError);
    return 1;
  }
  const floorScript = path.join(settings.sharedDir, "bench", "parse-floor.mjs");
  if (!fs.existsSync(floorScript)) {
    log(`${floorScript} does not exist (use --shared DIR)`);
    return 1;
  }

  const corpora = {};
  for (const name of settings.corpora) corpora[name] = corpusStats(path.join(settings.corpusDir, name));
  const snapcheck = prepareSnapcheck();
  const others = prepareOtherTools(settings);
  const ctx = { settings, rssMethod, snapcheck, corpora };

  const measurements = [];
  const pairs = {};
  const snapcheckRss = {};
  const pairResults = {};
  let hugeRetention;
  for (const name of settings.corpora) {
    const dir = path.join(settings.corpusDir, name);
    log(`${name}: ${formatNumber(corpora[name].files)} files, ${formatNumber(corpora[name].bytes / 1e6, 1)} MB`);
    // Untimed: the first pair should not pay for a cold page cache. It also sets snapcheck's time limit.
    const warmUp = await measureFloor(ctx, dir);
    const result = await measurePairs(ctx, name, dir, warmUp.ok ? warmUp.wallMs : Number.NaN);
    measurements.push(result.snapcheck, result.floor);
    pairResults[name] = result;
    pairs[name] = result.pairs;
    snapcheckRss[name] = median(result.snapcheck.runs.filter((run) => run.ok).map((run) => run.rssMiB));
    if (name === "huge" && Number.isFinite(snapcheckRss.huge)) {
      const floorMiB = median(result.floor.runs.filter((run) => run.ok).map((run) => run.rssMiB));
      hugeRetention = await measureRetention(ctx, corpora.huge, { snapcheckMiB: snapcheckRss.huge, floorMiB }, warmUp.wallMs);
    }
  }

  for (const name of settings.corpora.filter((corpus) => corpus !== "huge")) {
    const dir = path.join(settings.corpusDir, name);
    measurements.push(await measureOther(ctx, others.eslint, name, dir));
    measurements.push(await measureOther(ctx, others.oxlint, name, dir));
  }

  // The concurrency and cache rows, on the medium corpus (the first one measured in a smaller selection).
  const variantCorpus = settings.corpora.includes("medium") ? "medium" : settings.corpora.find((corpus) => corpus !== "huge");
  const variants = { corpus: variantCorpus, concurrency: [], cached: [], floorMs: Number.NaN };
  if (snapcheck.ok && variantCorpus) {
    const variantCtx = { root, benchDir, ruleIds: snapcheck.ruleIds, rssMethod, timeoutMs: settings.timeoutMs, runs: settings.runs, eslint: others.eslint, log };
    const dir = path.join(settings.corpusDir, variantCorpus);
    variants.floorMs = median(pairResults[variantCorpus].floor.runs.filter((run) => run.ok).map((run) => run.wallMs));
    variants.concurrency = await measureConcurrency(variantCtx, variantCorpus, dir);
    variants.cached.push(await measureCached(variantCtx, variantCorpus, dir));
    variants.cached.push(await measureCached(variantCtx, "small-1500", ensureSmallTree(settings.corpusDir)));
    variants.deployment = await measureDeployment(variantCtx, settings.corpusDir);
  }

  const scale = settings.skipScale || !pairResults.medium ? undefined : await measureScale(ctx, pairResults.medium);
  const stdin = await measureStdin(ctx);
  const warm = snapcheck.ok ? await measureWarmMode(ctx) : { status: "snapcheck does not run" };
  const lsp = settings.skipLsp ? { status: "skipped (--skip-lsp)" } : await measureLspMode(snapcheck);

  const floorWall = Object.fromEntries(
    measurements.filter((m) => m.tool === "parse floor").map((m) => [m.corpus, median(m.runs.filter((r) => r.ok).map((r) => r.wallMs))]),
  );
  const toolOrder = ["snapcheck", "parse floor", "ESLint", "oxlint"];
  const rows = measurements
    .map((m) => summarize(m, corpora[m.corpus], floorWall[m.corpus]))
    .sort(
      (a, b) =>
        settings.corpora.indexOf(a.corpus) - settings.corpora.indexOf(b.corpus) || toolOrder.indexOf(a.tool) - toolOrder.indexOf(b.tool),
    );
  const results = { pairs, snapcheckRss, hugeRetention, stdin, warm, scale: scale ?? {} };
  const targets = [...evaluateTargets(results), ...variantTargets(variants), ...lspTargets(lsp)];

  printReport({ machine, rssMethod, snapcheck, rows, pairs, variants, scale, stdin, warm, lsp, targets, settings });
  writeJson(settings.jsonFile, {
    date: new Date().toISOString(),
    commit: gitCommit(),
    machine,
    rssMethod,
    runs: settings.runs,
    snapcheck: { version: snapcheck.version ?? null, rules: snapcheck.ruleIds },
    corpora: Object.fromEntries(Object.entries(corpora).map(([name, stats]) => [name, { files: stats.files, bytes: stats.bytes }])),
    rows,
    pairs,
    variants,
    scale: scale ?? null,
    hugeRetention: hugeRetention ?? null,
    stdin,
    warm,
    lsp,
    targets,
  });
  const snapcheckFailed = rows.some((row) => row.tool === "snapcheck" && row.status !== "ok");
  return snapcheckFailed ? 1 : 0;
}

function describeMachine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? "unknown CPU",
    cores: cpus.length,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg()[0],
  };
}

/** Whether bin/snapcheck.js runs (building dist/ once if it was never built), its help and every rule id. */
function prepareSnapcheck() {
  const bin = path.join(root, "bin", "snapcheck.js");
  const call = (...args) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8", timeout: 60_000 });
  let version = call("--version");
  if (version.status !== 0 && !fs.existsSync(path.join(root, "dist", "src", "cli", "main.js"))) {
    log("dist/ is missing: building with `npm run build` ...");
    spawnSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
    version = call("--version");
  }
  if (version.status !== 0) {
    const error = stderrTail(version.stderr || version.error?.message || "", 6);
    log(`snapcheck does not run yet (\`node bin/snapcheck.js --version\` failed); measuring the others:\n${error}`);
    return { ok: false, ruleIds: [], help: "", error: "does not run" };
  }
  const listing = call("--list-rules");
  const ruleIds = listing.status === 0 ? parseRuleIds(listing.stdout) : [];
  if (ruleIds.length === 0) log("could not list snapcheck's rules; running it with its defaults");
  const help = call("--help").stdout ?? "";
  log(`snapcheck ${version.stdout.trim()}, ${ruleIds.length} rules on: ${ruleIds.join(", ")}`);
  return { ok: true, version: version.stdout.trim(), ruleIds, help };
}

/** ESLint and oxlint live in bench/node_modules; installed from bench/package-lock.json when missing. */
function prepareOtherTools(settings) {
  const eslintBin = path.join(benchDir, "node_modules", "eslint", "bin", "eslint.js");
  const oxlintBin = path.join(benchDir, "node_modules", "oxlint", "bin", "oxlint");
  const wanted = !settings.skipEslint || !settings.skipOxlint;
  if (wanted && settings.install && (!fs.existsSync(eslintBin) || !fs.existsSync(oxlintBin))) {
    log("installing bench/'s tools with `npm ci` ...");
    const install = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: benchDir,
      stdio: ["ignore", "ignore", "inherit"],
    });
    if (install.status !== 0) log("`npm ci` in bench/ failed; ESLint and oxlint will show n/a");
  }
  const works = (bin) => spawnSync(process.execPath, [bin, "--version"], { encoding: "utf8", timeout: 60_000 });
  const check = (name, bin, skip) => {
    if (skip) return { name, status: "skipped" };
    if (!fs.existsSync(bin)) return { name, status: "n/a", note: "not installed" };
    const probe = works(bin);
    if (probe.status !== 0) return { name, status: "n/a", note: `\`${name} --version\` failed: ${stderrTail(probe.stderr ?? "", 1)}` };
    return { name, status: "ok", version: probe.stdout.trim().replace(/^(Version:\s*|v)/i, "") };
  };
  return {
    eslint: check("ESLint", eslintBin, settings.skipEslint),
    oxlint: check("oxlint", oxlintBin, settings.skipOxlint),
  };
}

async function measureSnapcheck(ctx, targets, floorWallMs) {
  const reportFile = scratchFile("report");
  const floorLimit = Number.isFinite(floorWallMs) ? Math.max(60_000, FLOOR_TIMEOUT_FACTOR * floorWallMs) : Number.POSITIVE_INFINITY;
  const timeoutMs = Math.min(ctx.settings.timeoutMs, floorLimit);
  const run = await runTool(
    { ...snapcheckCommand({ root, ruleIds: ctx.snapcheck.ruleIds, reportFile, targets }), timeoutMs },
    ctx.rssMethod,
  );
  if (run.timedOut) run.error += floorLimit < ctx.settings.timeoutMs ? ` (${FLOOR_TIMEOUT_FACTOR}x the parse floor)` : " (--timeout)";
  if (run.ok) {
    try {
      run.files = countJsonResults(fs.readFileSync(reportFile, "utf8"));
    } catch {
      // No report although the exit code was fine: the row shows no file count.
    }
  }
  fs.rmSync(reportFile, { force: true });
  return run;
}

async function measureFloor(ctx, dir) {
  const run = await runTool(
    { ...floorCommand({ root, sharedDir: ctx.settings.sharedDir, dir }), timeoutMs: ctx.settings.timeoutMs },
    ctx.rssMethod,
  );
  const output = parseFloorOutput(run.stdout);
  if (run.ok && !output) {
    run.ok = false;
    run.error = "printed no JSON line";
  }
  run.files = output?.files;
  run.parseMs = output?.ms;
  return run;
}

/** Alternates snapcheck and the floor (and which goes first) so drift on a noisy machine hits both alike. */
async function measurePairs(ctx, name, dir, floorWallMs) {
  const snapcheck = { tool: "snapcheck", corpus: name, runs: [] };
  const floor = { tool: "parse floor", corpus: name, runs: [] };
  const pairs = [];
  if (!ctx.snapcheck.ok) {
    snapcheck.status = "failed";
    snapcheck.note = "does not run";
  }
  for (let index = 0; index < ctx.settings.runs; index++) {
    let snapRun;
    let floorRun;
    const runSnap = async () => {
      // One time-out is enough: the next run would hit the same case.
      if (!ctx.snapcheck.ok || snapcheck.runs.some((run) => run.timedOut)) return;
      snapRun = await measureSnapcheck(ctx, [dir], floorWallMs);
      snapcheck.runs.push(snapRun);
      reportFailure(`snapcheck on ${name}`, snapRun, snapcheck.runs);
    };
    const runFloor = async () => {
      floorRun = await measureFloor(ctx, dir);
      floor.runs.push(floorRun);
      reportFailure(`parse floor on ${name}`, floorRun, floor.runs);
    };
    if (index % 2 === 0) {
      await runSnap();
      await runFloor();
    } else {
      await runFloor();
      await runSnap();
    }
    const wall = (run) => (run?.ok ? run.wallMs : Number.NaN);
    const pair = { snapcheckMs: wall(snapRun), floorMs: wall(floorRun), floorParseMs: floorRun?.ok ? floorRun.parseMs : Number.NaN };
    pair.snapcheckRssMiB = snapRun?.ok ? snapRun.rssMiB : Number.NaN;
    pairs.push(pair);
    log(
      `${name} pair ${index + 1}/${ctx.settings.runs}: snapcheck ${brief(snapRun)}, floor ${brief(floorRun)} (parse only ${formatNumber(pair.floorParseMs / 1000, 2)} s)`,
    );
  }
  return { snapcheck, floor, pairs };
}

/**
 * Peak RSS on the huge files twice over against once: about the same when each file's memory is released, higher
 * by what is kept per file otherwise. The floor, which keeps nothing, shows what garbage collection's lag adds.
 * A single peak depends on when the collector ran during the largest parse: medians of as many runs as the pairs.
 */
async function measureRetention(ctx, huge, once, floorWallMs) {
  let dir;
  try {
    dir = ensureScaledCopy(ctx.settings.corpusDir, "huge", 2, huge);
  } catch (error) {
    log(`cannot copy the huge files: ${error.message}`);
    return undefined;
  }
  const floorRuns = [];
  const runs = [];
  for (let index = 0; index < ctx.settings.runs; index++) {
    const floorRun = await measureFloor(ctx, dir);
    floorRuns.push(floorRun);
    reportFailure("parse floor on the huge files twice", floorRun, floorRuns);
    const run = await measureSnapcheck(ctx, [dir], 2 * floorWallMs);
    runs.push(run);
    reportFailure("snapcheck on the huge files twice", run, runs);
    log(`huge twice over ${index + 1}/${ctx.settings.runs}: snapcheck ${brief(run)}, floor ${brief(floorRun)}`);
  }
  const peak = (measured) => median(measured.filter((run) => run.ok).map((run) => run.rssMiB));
  return { onceMiB: once.snapcheckMiB, twiceMiB: peak(runs), floorOnceMiB: once.floorMiB, floorTwiceMiB: peak(floorRuns) };
}

async function measureOther(ctx, tool, name, dir) {
  const measurement = { tool: tool.name, corpus: name, runs: [] };
  if (tool.status !== "ok") return { ...measurement, status: tool.status, note: tool.note };
  measurement.note = `${tool.name} ${tool.version}`;
  const corpus = ctx.corpora[name];
  if (tool.name === "ESLint") {
    const reportFile = scratchFile("eslint");
    const run = await runTool({ ...eslintCommand({ benchDir, dir, reportFile }), timeoutMs: ctx.settings.timeoutMs }, ctx.rssMethod);
    if (run.ok) {
      try {
        run.files = countJsonResults(fs.readFileSync(reportFile, "utf8"));
      } catch {
        // The row then shows no file count.
      }
    }
    fs.rmSync(reportFile, { force: true });
    measurement.runs.push(run);
  } else {
    const run = await runTool({ ...oxlintCommand({ benchDir, dir, files: corpus.paths }), timeoutMs: ctx.settings.timeoutMs }, ctx.rssMethod);
    run.files = parseOxlintFileCount(run.stdout);
    measurement.runs.push(run);
  }
  reportFailure(`${tool.name} on ${name}`, measurement.runs[0], measurement.runs);
  log(`${name}: ${tool.name} ${brief(measurement.runs[0])}`);
  return measurement;
}

/**
 * files/s at 1x (the medium pairs), 2x and 4x, each in pairs with the floor: the floor is linear, so snapcheck's
 * ratio to it shows whether snapcheck is, on a machine whose speed drifts. Real copies, since snapcheck
 * deduplicates repeated paths.
 */
async function measureScale(ctx, mediumResult) {
  const medium = ctx.corpora.medium;
  const scale = { "1x": scaleRow(medium.files, mediumResult) };
  if (!Number.isFinite(scale["1x"].wallMs)) {
    log("scale: skipped, snapcheck did not finish the medium corpus");
    return undefined;
  }
  for (const factor of [2, 4]) {
    log(`scale ${factor}x: copying medium/ (once) ...`);
    let dir;
    try {
      dir = ensureScaledCopy(ctx.settings.corpusDir, "medium", factor, medium);
    } catch (error) {
      log(`cannot copy the corpus ${factor} times: ${error.message}`);
      continue;
    }
    const warmUp = await measureFloor(ctx, dir);
    const result = await measurePairs(ctx, `medium-${factor}x`, dir, warmUp.ok ? warmUp.wallMs : Number.NaN);
    scale[`${factor}x`] = scaleRow(medium.files * factor, result);
  }
  return scale;
}

function scaleRow(files, { snapcheck, floor, pairs }) {
  const ok = snapcheck.runs.filter((run) => run.ok);
  const wallMs = median(ok.map((run) => run.wallMs));
  const seen = ok.map((run) => run.files).find((count) => Number.isFinite(count));
  return {
    files,
    wallMs,
    filesPerSecond: perSecond(files, wallMs),
    rssMiB: median(ok.map((run) => run.rssMiB)),
    floorMs: median(floor.runs.filter((run) => run.ok).map((run) => run.wallMs)),
    floorRatio: median(pairRatios(pairs)),
    note: seen !== undefined && seen !== files ? `saw ${seen} of ${files} files` : undefined,
  };
}

/** Cold start on one file from stdin against the cost of loading ts-morph at all. */
async function measureStdin(ctx) {
  if (!ctx.snapcheck.ok) return { status: "snapcheck does not run" };
  const file = path.join(ctx.settings.corpusDir, "tiny", "one.ts");
  const snapRuns = [];
  const requireRuns = [];
  for (let index = 0; index < STDIN_RUNS; index++) {
    const snapRun = await runTool(
      { ...snapcheckStdinCommand({ root, ruleIds: ctx.snapcheck.ruleIds, file }), timeoutMs: ctx.settings.timeoutMs },
      ctx.rssMethod,
    );
    reportFailure("snapcheck --stdin", snapRun, snapRuns.concat(snapRun));
    snapRuns.push(snapRun);
    const requireRun = await runTool({ ...requireTsMorphCommand({ root }), timeoutMs: ctx.settings.timeoutMs }, ctx.rssMethod);
    reportFailure("require('ts-morph')", requireRun, requireRuns.concat(requireRun));
    requireRuns.push(requireRun);
  }
  const walls = (runs) => median(runs.filter((run) => run.ok).map((run) => run.wallMs));
  const result = { status: "ok", snapcheckMs: walls(snapRuns), requireMs: walls(requireRuns), runs: STDIN_RUNS };
  log(`stdin, cold: snapcheck ${formatNumber(result.snapcheckMs)} ms, require('ts-morph') ${formatNumber(result.requireMs)} ms`);
  return result;
}

/**
 * The one-line file, a medium file of median size, then one at the 95th percentile (larger than most files an editor
 * shows), on which the target is judged.
 */
async function measureWarmMode(ctx) {
  const medium = ctx.corpora.medium ?? corpusStats(path.join(ctx.settings.corpusDir, "medium"));
  const bySize = medium.paths.map((file) => ({ file, size: fs.statSync(file).size })).sort((a, b) => a.size - b.size);
  const files = [{ label: "tiny/one.ts", file: path.join(ctx.settings.corpusDir, "tiny", "one.ts") }];
  for (const percentile of [0.5, 0.95]) {
    const pick = bySize[Math.floor(percentile * (bySize.length - 1))];
    if (pick) files.push({ label: path.relative(ctx.settings.corpusDir, pick.file), file: pick.file });
  }
  const warm = await measureWarm({
    root,
    help: ctx.snapcheck.help,
    ruleArgs: ctx.snapcheck.ruleIds.flatMap((id) => ["--rule", `${id}:error`]),
    files,
  });
  for (const file of warm.files ?? []) {
    log(`warm (${warm.mode}): ${file.label}, ${formatNumber(file.bytes)} bytes: ${formatNumber(file.ms, 1)} ms a change (first answer ${formatNumber(file.firstMs)} ms)`);
  }
  if (warm.status !== "ok") log(`warm mode: ${warm.status}`);
  return warm;
}

/** Prints a failed run's stderr tail, once per tool and corpus so three identical failures read as one. */
function reportFailure(label, run, runsSoFar) {
  if (!run || run.ok) return;
  if (runsSoFar.filter((r) => !r.ok).length > 1) return;
  const tail = stderrTail(run.stderr);
  log(`${label} failed (${run.error})${tail ? `:\n${tail.replace(/^/gm, "    ")}` : ""}`);
}

function brief(run) {
  if (!run) return "not run";
  if (!run.ok) return `failed (${run.error})`;
  const rss = Number.isFinite(run.rssMiB) ? `, ${formatNumber(run.rssMiB)} MiB` : "";
  return `${formatNumber(run.wallMs / 1000, 2)} s${rss}`;
}

/** `--lsp-only`: the language server section alone, without a corpus. */
async function lspOnly(settings) {
  const machine = describeMachine();
  log(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load average ${machine.loadAverage.toFixed(1)}`);
  const snapcheck = prepareSnapcheck();
  if (!snapcheck.ok) return 1;
  const lsp = await measureLspMode(snapcheck);
  const targets = lspTargets(lsp);
  const out = ["## snapcheck language server benchmark", ""];
  out.push(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.os}, Node ${machine.node}; load average ${machine.loadAverage.toFixed(1)} at the start.`, "");
  out.push(...renderLsp(lsp), "", "### Targets", "", renderTargets(targets), "");
  process.stdout.write(`${out.join("\n")}\n`);
  writeJson(settings.jsonFile, { date: new Date().toISOString(), commit: gitCommit(), machine, lsp, targets });
  return lsp.status === "ok" ? 0 : 1;
}

async function measureLspMode(snapcheck) {
  if (!snapcheck.ok) return { status: "snapcheck does not run" };
  const lsp = await measureLsp({ root, ruleArgs: snapcheck.ruleIds.flatMap((id) => ["--rule", `${id}:error`]), log });
  if (lsp.status !== "ok") log(`language server: ${lsp.status}`);
  const { DEFAULT_DEBOUNCE_MS } = await import(pathToFileURL(path.join(root, "dist", "src", "lsp", "server.js")).href);
  return { ...lsp, defaultDebounceMs: DEFAULT_DEBOUNCE_MS };
}

function printReport({ machine, rssMethod, snapcheck, rows, pairs, variants, scale, stdin, warm, lsp, targets, settings }) {
  const out = [];
  out.push("## snapcheck benchmark", "");
  out.push(
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}; load average ${machine.loadAverage.toFixed(1)} at the start.`,
  );
  out.push(
    `snapcheck ${snapcheck.version ?? "(does not run)"} with ${snapcheck.ruleIds.length} rules on; ${settings.runs} snapcheck/floor pairs per corpus, medians shown.`,
  );
  out.push(
    `Peak RSS via ${RSS_METHODS[rssMethod]}, largest single process. "x floor" is median wall over the parse floor's median wall (both whole processes); the targets use the median of per-pair ratios.`,
    "",
  );
  out.push(renderSummaryTable(rows), "");
  out.push("### snapcheck / parse floor, per pair", "");
  out.push(renderPairs(pairs), "");
  if (variants.concurrency.length > 0) {
    out.push(`### --concurrency on ${variants.corpus} (parse floor ${formatNumber(variants.floorMs / 1000, 2)} s, single-threaded)`, "");
    out.push(renderConcurrency(variants.concurrency, variants.floorMs), "");
    out.push("Total peak RSS is the process's (worker threads share it); each worker's peak heap is its own.", "");
    out.push("### --cache re-run with nothing changed", "", renderCached(variants.cached), "");
  }
  if (variants.deployment) {
    out.push("### Deployment stage (a SAM template of functions over small services, medians)", "", renderDeployment(variants.deployment), "");
  }
  if (scale) out.push("### Scaling (medium corpus copied 2x and 4x)", "", renderScale(scale), "");
  out.push("### Start-up and warm mode", "");
  out.push(
    stdin.status === "ok"
      ? `- one file from --stdin, cold (median of ${stdin.runs}): snapcheck ${formatNumber(stdin.snapcheckMs)} ms, \`node -e "require('ts-morph')"\` ${formatNumber(stdin.requireMs)} ms`
      : `- one file from --stdin: ${stdin.status}`,
  );
  if (warm.status === "ok") {
    for (const file of warm.files) {
      out.push(
        `- warm (\`${warm.mode}\`, median of edits): ${file.label} (${formatNumber(file.bytes)} bytes) answered in ${formatNumber(file.ms, 1)} ms; first request ${formatNumber(file.firstMs)} ms${file === warm.files[0] ? " (with start-up)" : ""}`,
      );
    }
  } else {
    out.push(`- warm mode: ${warm.status}`);
  }
  out.push("", "### Language server", "", ...renderLsp(lsp), "");
  out.push("### Targets", "", renderTargets(targets), "");
  const shown = path.relative(root, settings.jsonFile);
  out.push(`Results written to ${shown.startsWith("..") ? settings.jsonFile : shown}.`);
  process.stdout.write(`${out.join("\n")}\n`);
}

function writeJson(file, data) {
  const round = (_key, value) => (typeof value === "number" && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(data, round, 2)}\n`);
  } catch (error) {
    log(`cannot write ${file}: ${error.message}`);
  }
}

/** The commit measured, marked when the work tree differs from it (then the numbers are not that commit's). */
function gitCommit() {
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" });
  if (head.status !== 0) return null;
  const clean = spawnSync("git", ["diff", "--quiet", "HEAD", "--", "src", "rules", "bin"], { cwd: root }).status === 0;
  return clean ? head.stdout.trim() : `${head.stdout.trim()}+changes`;
}
