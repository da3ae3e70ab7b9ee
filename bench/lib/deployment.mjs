// The deployment stage: a SAM template of many functions over a tree of small services, so that the time
// to read the descriptors, resolve the entries and build the import graph is measured on its own (issue 13).
import fs from "node:fs";
import path from "node:path";
import { runTool, scratchFile } from "./measure.mjs";
import { duration, formatNumber, markdownTable } from "./report.mjs";
import { median } from "./stats.mjs";
import { snapcheckCommand } from "./tools.mjs";

/** `unreached`: modules per service that nothing imports (in a descriptor's project, so they are left out). */
const DEPLOYED_TREE = { name: "deployed-1500", services: 30, modules: 50, unreached: 5 };

/** `--debug`'s deployment line: functions, descriptors, files reached, and the stage's milliseconds. */
export function parseDeploymentLine(stderr) {
  const match =
    /deployment: (\d+) functions from (\d+) descriptors; their init reaches (\d+) files \(descriptors, entries and import graph: (\d+) ms\)/.exec(
      String(stderr),
    );
  if (!match) return undefined;
  return { functions: Number(match[1]), descriptors: Number(match[2]), reachedFiles: Number(match[3]), deploymentMs: Number(match[4]) };
}

/**
 * `deployed-1500/`: 30 services of 50 modules that import each other in a chain from the handler, plus 5 modules
 * per service nothing imports, and one template.yaml declaring a function per service (none with SnapStart, so each is linted as a
 * candidate for it). Written once.
 */
export function ensureDeployedTree(corpusDir, shape = DEPLOYED_TREE) {
  const { services, modules, unreached } = shape;
  const dir = path.join(corpusDir, shape.name);
  const stamp = path.join(dir, ".complete");
  if (fs.existsSync(stamp)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  const resources = [];
  for (let service = 0; service < services; service++) {
    const src = path.join(dir, `service-${service}`, "src");
    fs.mkdirSync(src, { recursive: true });
    for (let index = 0; index < modules + unreached; index++) {
      const next = index + 1 < modules ? index + 1 : undefined;
      const text = [
        ...(next === undefined ? [] : [`import { label${next} } from "./module-${next}.js";`]),
        `export function label${index}(name: string): string {`,
        next === undefined ? `  return \`\${name}-${service}-${index}\`;` : `  return label${next}(\`\${name}-${index}\`);`,
        "}",
        `const prefix = label${index}("init");`,
        "export const handler = async (event: { id: string }) => ({ statusCode: 200, body: `${prefix}:${event.id}` });",
        "",
      ].join("\n");
      fs.writeFileSync(path.join(src, `module-${index}.ts`), text);
    }
    resources.push(
      `  Service${service}Function:`,
      "    Type: AWS::Serverless::Function",
      "    Properties:",
      `      CodeUri: service-${service}/`,
      "      Handler: src/module-0.handler",
    );
  }
  const template = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    "Transform: AWS::Serverless-2016-10-31",
    "Globals:",
    "  Function:",
    "    Runtime: nodejs22.x",
    "Resources:",
    ...resources,
    "",
  ].join("\n");
  fs.writeFileSync(path.join(dir, "template.yaml"), template);
  fs.writeFileSync(stamp, "");
  return dir;
}

/** `runs` runs over the deployed tree with `--debug`: medians of the deployment stage, the wall and the peak RSS. */
export async function measureDeployment(ctx, corpusDir) {
  const dir = ensureDeployedTree(corpusDir);
  const runs = [];
  for (let index = 0; index < ctx.runs; index++) {
    const reportFile = scratchFile("deployed");
    const run = await runTool(
      { ...snapcheckCommand({ root: ctx.root, ruleIds: ctx.ruleIds, reportFile, targets: ["--debug", dir] }), timeoutMs: ctx.timeoutMs },
      ctx.rssMethod,
    );
    fs.rmSync(reportFile, { force: true });
    runs.push({ ...run, stage: run.ok ? parseDeploymentLine(run.stderr) : undefined });
    const stage = runs.at(-1).stage;
    ctx.log(
      `${DEPLOYED_TREE.name}: ${run.ok ? `${formatNumber(run.wallMs / 1000, 2)} s, ${formatNumber(run.rssMiB)} MiB` : `failed (${run.error})`}` +
        (stage ? `; deployment stage ${stage.deploymentMs} ms (${stage.functions} functions, ${stage.reachedFiles} files reached)` : ""),
    );
  }
  const measured = runs.filter((run) => run.ok && run.stage);
  const last = measured.at(-1)?.stage;
  return {
    corpus: DEPLOYED_TREE.name,
    runs: runs.length,
    functions: last?.functions ?? Number.NaN,
    reachedFiles: last?.reachedFiles ?? Number.NaN,
    deploymentMs: median(measured.map((run) => run.stage.deploymentMs)),
    wallMs: median(measured.map((run) => run.wallMs)),
    rssMiB: median(measured.map((run) => run.rssMiB)),
  };
}

export function renderDeployment(row) {
  return markdownTable(
    ["corpus", "functions", "files reached", "descriptors, entries and import graph", "whole run", "share", "peak RSS"],
    [
      [
        row.corpus,
        formatNumber(row.functions),
        formatNumber(row.reachedFiles),
        duration(row.deploymentMs),
        duration(row.wallMs),
        `${formatNumber((100 * row.deploymentMs) / row.wallMs)}%`,
        `${formatNumber(row.rssMiB)} MiB`,
      ],
    ],
  );
}
