import path from "node:path";
import { Option } from "commander";
import { displayPath } from "../config/load.js";
import type { DeclaredFunction } from "../config/types.js";
import type { DeployedFunction, DeploymentModel } from "../deployment/model.js";
import { UsageError } from "../errors.js";
import type { CliIo } from "./io.js";
import { parseSubcommand, subcommand } from "./subcommand.js";

const FORMATS = ["table", "json"] as const;

/** One function as `snapcheck functions --format json` prints it: paths relative to the cwd. */
export interface FunctionRow {
  name: string;
  /** `file:line` of the declaration. */
  source: string;
  descriptor: DeployedFunction["descriptorKind"];
  entry: string | null;
  handler: string | null;
  runtime: string | null;
  packageType: DeployedFunction["packageType"];
  snapshot: DeployedFunction["snapshot"];
  snapshotDeclared: boolean;
  longLived: boolean;
  /** How many project files the entry loads at init, itself included (0 without an entry). */
  files: number;
}

/** `snapcheck functions [paths...]`: the deployment model, so a user sees what snapcheck believes is deployed. */
export async function functionsCommand(args: readonly string[], io: CliIo): Promise<number> {
  let paths: string[] = [];
  const command = subcommand("functions", io)
    .description("List the functions and servers the project deploys, read from its deployment descriptors.")
    .argument("[paths...]", "folders to search for descriptors (default: .)")
    .addOption(new Option("-f, --format <name>", "output format").choices(FORMATS).default("table"))
    .option("-c, --config <file>", "use this config file (its functions section) instead of looking for one")
    .option("--no-ignore", "also read descriptors that a .gitignore excludes")
    .option("--debug", "say which descriptor each function comes from, and how long reading took")
    .action((given: string[]) => {
      paths = given;
    });
  const exitCode = parseSubcommand(command, args);
  if (exitCode !== undefined) return exitCode;
  const options = command.opts<{ format: (typeof FORMATS)[number]; debug?: boolean; config?: string; ignore: boolean }>();
  const cwd = path.resolve(io.cwd);
  const roots = paths.length > 0 ? paths : ["."];
  const { existsSync } = await import("node:fs");
  for (const root of roots) if (!existsSync(path.resolve(cwd, root))) throw new UsageError(`no such file or folder: ${root}`);
  const declared = await declaredFunctions(cwd, options.config);
  const started = performance.now();
  const { readDeploymentModel } = await import("../deployment/read.js");
  const model = readDeploymentModel(roots, { cwd, declared, useIgnores: options.ignore });
  const elapsed = performance.now() - started;

  for (const problem of model.problems) {
    const { file, line, column } = problem.location;
    io.writeErr(`snapcheck: warning: ${displayPath(cwd, file)}:${line}:${column}: ${problem.message}\n`);
  }
  for (const note of assumedSnapStartNotes(model, cwd)) io.writeErr(`snapcheck: ${note}\n`);
  if (options.debug) {
    for (const fn of model.functions) io.writeErr(`snapcheck: debug: ${fn.name}: from ${fn.descriptorKind} ${displayPath(cwd, fn.source.file)}:${fn.source.line}\n`);
    io.writeErr(`snapcheck: debug: read ${model.descriptors.length} descriptors in ${Math.round(elapsed)} ms\n`);
  }
  const { rows, resolutionProblems } = await functionRows(model, cwd);
  // A package.json the model already reported is not reported again by import resolution.
  const reported = new Set(model.problems.map((problem) => problem.location.file));
  for (const problem of resolutionProblems) {
    if (!reported.has(problem.path)) io.writeErr(`snapcheck: warning: ${displayPath(cwd, problem.path)}: ${problem.message}\n`);
  }
  io.writeOut(options.format === "json" ? `${JSON.stringify(rows, null, 2)}\n` : formatTable(rows));
  return 0;
}

/** The `functions` of the config that governs the cwd (or of `--config`); a broken config is a usage error. */
async function declaredFunctions(cwd: string, configFile: string | undefined): Promise<{ configFile: string; functions: DeclaredFunction[] }[]> {
  const [{ ConfigFinder }, { rulesById }] = await Promise.all([import("../config/load.js"), import("../../rules/index.js")]);
  const finder = new ConfigFinder({ cwd, rules: rulesById });
  const loaded = configFile !== undefined ? await finder.loadExplicit(path.resolve(cwd, configFile)) : await finder.findFor(cwd);
  return loaded?.config.functions ? [{ configFile: loaded.filePath, functions: loaded.config.functions }] : [];
}

/** One line per descriptor whose functions were all taken as SnapStart candidates. */
export function assumedSnapStartNotes(model: DeploymentModel, cwd: string): string[] {
  return model.descriptors
    .filter((descriptor) => descriptor.assumedSnapStart)
    .map((descriptor) => `note: no function in ${displayPath(cwd, descriptor.file)} turns SnapStart on; its Lambda functions are checked as if it were on`);
}

/** The rows of the model, each with how many files its entry reaches through the project's import graph. */
async function functionRows(model: DeploymentModel, cwd: string): Promise<{ rows: FunctionRow[]; resolutionProblems: readonly { path: string; message: string }[] }> {
  const [{ ModuleResolver }, { ModuleGraph }] = await Promise.all([import("../analysis/resolution.js"), import("../discovery/module-graph.js")]);
  const resolver = new ModuleResolver(cwd);
  const graph = new ModuleGraph(resolver);
  const rows = model.functions.map((fn) => functionRow(fn, cwd, fn.entry === undefined ? 0 : graph.reachableFrom(fn.entry).size));
  return { rows, resolutionProblems: resolver.problems };
}

export function functionRow(fn: DeployedFunction, cwd: string, files: number): FunctionRow {
  return {
    name: fn.name,
    source: `${relativePath(cwd, fn.source.file)}:${fn.source.line}`,
    descriptor: fn.descriptorKind,
    entry: fn.entry === undefined ? null : relativePath(cwd, fn.entry),
    handler: fn.handler ?? null,
    runtime: fn.runtime ?? null,
    packageType: fn.packageType,
    snapshot: fn.snapshot,
    snapshotDeclared: fn.snapshotDeclared,
    longLived: fn.longLived,
    files,
  };
}

/** Forward slashes on every platform, so the output reads the same everywhere. */
function relativePath(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join("/") || ".";
}

const COLUMNS: { title: string; value: (row: FunctionRow) => string }[] = [
  { title: "NAME", value: (row) => row.name },
  { title: "SNAPSHOT", value: (row) => (row.snapshot === "snapstart" && !row.snapshotDeclared ? "snapstart (assumed)" : row.snapshot) },
  { title: "ENTRY", value: (row) => (row.entry === null ? "-" : row.handler === null ? row.entry : `${row.entry} (${row.handler})`) },
  { title: "FILES", value: (row) => String(row.files) },
  { title: "RUNTIME", value: (row) => `${row.runtime ?? "-"}${row.packageType === "image" ? ", image" : ""}${row.longLived ? ", long-lived" : ""}` },
  { title: "SOURCE", value: (row) => row.source },
];

function formatTable(rows: FunctionRow[]): string {
  if (rows.length === 0) return "No deployed functions found (no SAM/CloudFormation template, serverless.yml, CDK or SST app, Dockerfile, compose file or --build-snapshot script).\n";
  const cells = [COLUMNS.map((column) => column.title), ...rows.map((row) => COLUMNS.map((column) => column.value(row)))];
  const widths = COLUMNS.map((_, index) => Math.max(...cells.map((line) => line[index]!.length)));
  return cells.map((line) => line.map((cell, index) => (index === line.length - 1 ? cell : cell.padEnd(widths[index]!))).join("  ")).join("\n") + "\n";
}
