// `--concurrency` settings, ESLint's own `--concurrency`, and `--cache` re-runs, on one corpus in the run that
// measures its parse floor: the rows issue 19's targets are judged on.
import fs from "node:fs";
import path from "node:path";
import { runTool, scratchFile } from "./measure.mjs";
import { duration, formatNumber, markdownTable } from "./report.mjs";
import { median } from "./stats.mjs";
import { eslintCommand, snapcheckCommand } from "./tools.mjs";

export const SNAPCHECK_CONCURRENCY = ["off", "2", "auto"];
export const ESLINT_CONCURRENCY = ["off", "auto"];
const SMALL_TREE = { folders: 30, filesPerFolder: 50 };

/** `--debug`'s line for a run in workers: how many, and each one's peak heap. */
export function parseWorkerLine(stderr) {
  const match = /linted in (\d+) worker threads? \(peak heap MiB: ([\d, ]*)\)/.exec(String(stderr));
  if (!match) return { workers: 0, heapMiB: [] };
  return { workers: Number(match[1]), heapMiB: match[2].split(",").map((value) => Number(value.trim())).filter(Number.isFinite) };
}

/**
 * 1,500 small files (30 folders of 50), each importing a sibling and calling it at init: what a `--cache` re-run
 * of a service's code is judged on. Written once into `small-1500/`.
 */
export function ensureSmallTree(corpusDir) {
  const dir = path.join(corpusDir, "small-1500");
  const stamp = path.join(dir, ".complete");
  if (fs.existsSync(stamp)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  for (let folder = 0; folder < SMALL_TREE.folders; folder++) {
    fs.mkdirSync(path.join(dir, `service-${folder}`), { recursive: true });
    for (let file = 0; file < SMALL_TREE.filesPerFolder; file++) {
      const sibling = (file + 1) % SMALL_TREE.filesPerFolder;
      const text = [
        `import { label${sibling} } from "./module-${sibling}.js";`,
        `export function label${file}(name: string): string {`,
        `  return \`\${name}-${folder}-${file}\`;`,
        "}",
        `const prefix = label${sibling}("init");`,
        "export const handler = async (event: { id: string }) => ({ statusCode: 200, body: `${prefix}:${event.id}` });",
        "",
      ].join("\n");
      fs.writeFileSync(path.join(dir, `service-${folder}`, `module-${file}.ts`), text);
    }
  }
  fs.writeFileSync(stamp, "");
  return dir;
}

async function snapcheckRun(ctx, extra, dir) {
  const reportFile = scratchFile("variant");
  const run = await runTool(
    { ...snapcheckCommand({ root: ctx.root, ruleIds: ctx.ruleIds, reportFile, targets: ["--debug", ...extra, dir] }), timeoutMs: ctx.timeoutMs },
    ctx.rssMethod,
  );
  fs.rmSync(reportFile, { force: true });
  return { ...run, ...parseWorkerLine(run.stderr) };
}

const okWall = (runs) => median(runs.filter((run) => run.ok).map((run) => run.wallMs));
const okRss = (runs) => median(runs.filter((run) => run.ok).map((run) => run.rssMiB));

/**
 * snapcheck at each `--concurrency` setting (`runs` times each, interleaved), ESLint at each of its own, once;
 * the rows carry wall, total peak RSS (the process: threads share it) and the workers' peak heaps.
 */
export async function measureConcurrency(ctx, name, dir) {
  const rows = [];
  const runsBySetting = Object.fromEntries(SNAPCHECK_CONCURRENCY.map((setting) => [setting, []]));
  for (let index = 0; index < ctx.runs; index++) {
    for (const setting of SNAPCHECK_CONCURRENCY) {
      const run = await snapcheckRun(ctx, ["--concurrency", setting], dir);
      runsBySetting[setting].push(run);
      ctx.log(`${name}: snapcheck --concurrency ${setting}: ${run.ok ? `${formatNumber(run.wallMs / 1000, 2)} s, ${formatNumber(run.rssMiB)} MiB, ${run.workers} workers` : `failed (${run.error})`}`);
    }
  }
  for (const setting of SNAPCHECK_CONCURRENCY) {
    const runs = runsBySetting[setting];
    const last = runs.findLast((run) => run.ok);
    rows.push({ tool: "snapcheck", setting, wallMs: okWall(runs), rssMiB: okRss(runs), workers: last?.workers ?? 0, workerHeapMiB: last?.heapMiB ?? [], runs: runs.length });
  }
  if (ctx.eslint?.status === "ok") {
    for (const setting of ESLINT_CONCURRENCY) {
      const reportFile = scratchFile("eslint");
      const command = eslintCommand({ benchDir: ctx.benchDir, dir, reportFile });
      const run = await runTool({ ...command, args: [...command.args, "--concurrency", setting], timeoutMs: ctx.timeoutMs }, ctx.rssMethod);
      fs.rmSync(reportFile, { force: true });
      ctx.log(`${name}: ESLint --concurrency ${setting}: ${run.ok ? `${formatNumber(run.wallMs / 1000, 2)} s, ${formatNumber(run.rssMiB)} MiB` : `failed (${run.error})`}`);
      rows.push({ tool: "ESLint", setting, wallMs: run.ok ? run.wallMs : Number.NaN, rssMiB: run.ok ? run.rssMiB : Number.NaN, runs: 1 });
    }
  }
  return rows;
}

/** A cold `--cache` run (no cache file: it writes one) and the re-runs with nothing changed (medians). */
export async function measureCached(ctx, name, dir) {
  const cacheFile = scratchFile("cache");
  fs.rmSync(cacheFile, { force: true });
  const extra = ["--cache", "--cache-location", cacheFile];
  const cold = await snapcheckRun(ctx, extra, dir);
  const warm = [];
  for (let index = 0; index < ctx.runs; index++) warm.push(await snapcheckRun(ctx, extra, dir));
  fs.rmSync(cacheFile, { force: true });
  const row = { corpus: name, coldMs: cold.ok ? cold.wallMs : Number.NaN, cachedMs: okWall(warm), cachedRssMiB: okRss(warm) };
  row.ratio = row.cachedMs / row.coldMs;
  ctx.log(`${name}: --cache cold ${duration(row.coldMs)}, re-run ${duration(row.cachedMs)} (${formatNumber(row.ratio, 2)}x)`);
  return row;
}

export function renderConcurrency(rows, floorMs) {
  return markdownTable(
    ["tool", "--concurrency", "wall", "x floor", "total peak RSS", "workers (peak heap MiB each)"],
    rows.map((row) => [
      row.tool,
      row.setting,
      duration(row.wallMs),
      `${formatNumber(row.wallMs / floorMs, 2)}x`,
      Number.isFinite(row.rssMiB) ? `${formatNumber(row.rssMiB)} MiB` : "n/a",
      row.tool === "snapcheck" ? (row.workers ? `${row.workers} (${row.workerHeapMiB.join(", ")})` : "none") : "",
    ]),
  );
}

export function renderCached(rows) {
  return markdownTable(
    ["corpus", "cold (--cache, no cache file)", "re-run, nothing changed", "re-run / cold", "re-run peak RSS"],
    rows.map((row) => [row.corpus, duration(row.coldMs), duration(row.cachedMs), `${formatNumber(row.ratio, 2)}x`, `${formatNumber(row.cachedRssMiB)} MiB`]),
  );
}

/** Issue 19's targets on these rows. */
export function variantTargets({ concurrency = [], cached = [], floorMs }) {
  const row = (tool, setting) => concurrency.find((each) => each.tool === tool && each.setting === setting);
  const verdict = (value, limit) => (Number.isFinite(value) ? value <= limit : null);
  const auto = row("snapcheck", "auto");
  const off = row("snapcheck", "off");
  const cachedOf = (name) => cached.find((each) => each.corpus === name);
  return [
    { name: "--concurrency auto: wall <= 1.0x the parse floor", measured: auto ? `${formatNumber(auto.wallMs / floorMs, 2)}x` : "n/a", pass: verdict(auto?.wallMs / floorMs, 1.0) },
    { name: "--concurrency auto: total peak RSS <= 450 MiB", measured: auto ? `${formatNumber(auto.rssMiB)} MiB` : "n/a", pass: verdict(auto?.rssMiB, 450) },
    { name: "--concurrency off: peak RSS <= 300 MiB", measured: off ? `${formatNumber(off.rssMiB)} MiB` : "n/a", pass: verdict(off?.rssMiB, 300) },
    { name: "--cache re-run, nothing changed, 1,500 small files: <= 1/3 of cold", measured: cachedOf("small-1500") ? `${formatNumber(cachedOf("small-1500").ratio, 2)}x` : "n/a", pass: verdict(cachedOf("small-1500")?.ratio, 1 / 3) },
    { name: "--cache re-run, nothing changed, medium: <= 1/10 of cold", measured: cachedOf("medium") ? `${formatNumber(cachedOf("medium").ratio, 2)}x` : "n/a", pass: verdict(cachedOf("medium")?.ratio, 0.1) },
  ];
}
