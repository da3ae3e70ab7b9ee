import path from "node:path";
import { Command, CommanderError, Option } from "commander";
import { displayPath } from "../config/load.js";
import type { DeployedFunction, DeploymentModel } from "../deployment/model.js";
import { UsageError } from "../errors.js";
import type { CliIo } from "./io.js";

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
}

/** `snapcheck functions [paths...]`: the deployment model, so a user sees what snapcheck believes is deployed. */
export async function functionsCommand(args: readonly string[], io: CliIo): Promise<number> {
  let paths: string[] = [];
  const command = new Command("snapcheck functions")
    .description("List the functions and servers the project deploys, read from its deployment descriptors.")
    .argument("[paths...]", "folders to search for descriptors (default: .)")
    .addOption(new Option("-f, --format <name>", "output format").choices(FORMATS).default("table"))
    .option("--debug", "say which descriptor each function comes from, and how long reading took")
    .helpOption("-h, --help", "show this help")
    .action((given: string[]) => {
      paths = given;
    })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.writeOut(text),
      writeErr: (text) => io.writeErr(text),
      outputError: (text, write) => write(`snapcheck: ${text.replace(/^error: /, "").trim()}\n`),
    });
  try {
    command.parse([...args], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const options = command.opts<{ format: (typeof FORMATS)[number]; debug?: boolean }>();
  const cwd = path.resolve(io.cwd);
  const roots = paths.length > 0 ? paths : ["."];
  const { existsSync } = await import("node:fs");
  for (const root of roots) if (!existsSync(path.resolve(cwd, root))) throw new UsageError(`no such file or folder: ${root}`);
  const started = performance.now();
  const { readDeploymentModel } = await import("../deployment/read.js");
  const model = readDeploymentModel(roots, { cwd });
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
  const rows = model.functions.map((fn) => functionRow(fn, cwd));
  io.writeOut(options.format === "json" ? `${JSON.stringify(rows, null, 2)}\n` : formatTable(rows));
  return 0;
}

/** One line per descriptor whose functions were all taken as SnapStart candidates. */
export function assumedSnapStartNotes(model: DeploymentModel, cwd: string): string[] {
  return model.descriptors
    .filter((descriptor) => descriptor.assumedSnapStart)
    .map((descriptor) => `note: no function in ${displayPath(cwd, descriptor.file)} turns SnapStart on; its Lambda functions are checked as if it were on`);
}

export function functionRow(fn: DeployedFunction, cwd: string): FunctionRow {
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
  { title: "RUNTIME", value: (row) => `${row.runtime ?? "-"}${row.packageType === "image" ? ", image" : ""}${row.longLived ? ", long-lived" : ""}` },
  { title: "SOURCE", value: (row) => row.source },
];

function formatTable(rows: FunctionRow[]): string {
  if (rows.length === 0) return "No deployed functions found (no SAM/CloudFormation template, serverless.yml, CDK or SST app, Dockerfile, compose file or --build-snapshot script).\n";
  const cells = [COLUMNS.map((column) => column.title), ...rows.map((row) => COLUMNS.map((column) => column.value(row)))];
  const widths = COLUMNS.map((_, index) => Math.max(...cells.map((line) => line[index]!.length)));
  return cells.map((line) => line.map((cell, index) => (index === line.length - 1 ? cell : cell.padEnd(widths[index]!))).join("  ")).join("\n") + "\n";
}
