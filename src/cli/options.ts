import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { TARGETS } from "../config/types.js";
import { DEFAULT_FORMAT, FORMAT_NAMES } from "../formatters/index.js";
import type { CliIo } from "./io.js";

/** The command line as commander parsed it, before values are checked against rules and configs. */
export interface CliOptions {
  /** As given; empty means the cwd. */
  paths: string[];
  format: string;
  outputFile?: string;
  rule?: string[];
  config?: string;
  ignorePattern?: string[];
  ignore: boolean;
  quiet?: boolean;
  maxWarnings?: number;
  stdin?: boolean;
  stdinFilename?: string;
  target?: string;
  color?: boolean;
  listRules?: boolean;
  init?: boolean;
  printConfig?: string;
  /** ESLint's bare flag: report unused directives as errors. */
  reportUnusedDisableDirectives?: boolean;
  reportUnusedDisableDirectivesSeverity?: string;
  /** False for `--no-warn-ignored`. */
  warnIgnored: boolean;
  errorOnUnmatchedPattern: boolean;
  debug?: boolean;
  fix?: boolean;
  fixDryRun?: boolean;
  server?: boolean;
  lsp?: boolean;
  cache?: boolean;
  cacheLocation?: string;
  concurrency?: string;
  allFiles?: boolean;
  forceExclude?: boolean;
  changed?: boolean;
  since?: string;
  suppressAll?: boolean;
  suppressRule?: string[];
  suppressionsLocation?: string;
  pruneSuppressions?: boolean;
}

export type ParsedCommandLine = { options: CliOptions } | { exitCode: number };

const EXIT_CODES_HELP = `
Commands:
  snapcheck explain <rule-id>  print a rule's documentation
  snapcheck functions [paths]  list the functions the project deploys (--format json)
  snapcheck lsp                run as a Language Server for editors (stdio)

Exit codes:
  0  no errors, and no more warnings than --max-warnings
  1  errors, or too many warnings
  2  a usage or configuration mistake, or an internal error`;

/**
 * Parses argv (`[node, script, ...args]`). Help and version print and give exit code 0; commander's own usage
 * errors (unknown option, missing value, bad choice) print one line and give 2, as every other usage error does.
 */
export function parseCommandLine(argv: readonly string[], io: CliIo, version: string): ParsedCommandLine {
  const program = new Command("snapcheck")
    .description(
      "Finds code that breaks when a process is snapshotted after init and restored many times " +
        "(AWS Lambda SnapStart, Node.js startup snapshots).",
    )
    .argument("[paths...]", "files, folders or globs to lint (default: .)")
    .option("-f, --format <name>", `output format: ${FORMAT_NAMES.join(", ")}, or a formatter module (path or eslint-formatter-* package)`, DEFAULT_FORMAT)
    .option("-o, --output-file <path>", "write the report to a file (missing folders are created)")
    .option("--rule <id:level>", "set a rule's level, e.g. uniqueness/init-random:warn (repeatable)", collect)
    .option("-c, --config <path>", "use this config file for every file instead of searching for one")
    .option("--ignore-pattern <pattern>", "skip files matching a .gitignore-style pattern (repeatable)", collect)
    .option("--no-ignore", "disregard .gitignore files, ignorePatterns and --ignore-pattern")
    .option("--quiet", "report errors only")
    .option("--max-warnings <n>", "exit with 1 when there are more than n warnings", parseWarningLimit)
    .option("--stdin", "lint text read from stdin")
    .option("--stdin-filename <path>", "the path to lint stdin as, for config lookup and messages")
    .addOption(new Option("--target <name>", "the runtime that snapshots the process (default: lambda)").choices(TARGETS))
    .option("--color", "force coloured output")
    .option("--no-color", "disable coloured output")
    .option("--list-rules", "list every rule and exit")
    .option("--init", "write a starter config (.snapcheckrc.json) for the project here, and exit")
    .option("--print-config <file>", "print the configuration a file would be linted with, and exit")
    .option("--report-unused-disable-directives", "report disable and enable comments that change nothing, as errors")
    .addOption(
      new Option(
        "--report-unused-disable-directives-severity <level>",
        "the level of disable and enable comments that change nothing (default: warn)",
      ).choices(["off", "warn", "error", "0", "1", "2"]),
    )
    .option("--no-warn-ignored", "say nothing about files named on the command line that ignore patterns exclude")
    .option("--no-error-on-unmatched-pattern", "exit 0 instead of 2 when a pattern matches no file")
    .option("--fix", "apply safe fixes to the files, then report what remains")
    .option("--fix-dry-run", "compute fixes without writing them (the json format shows the fixed text as output)")
    .option("--all-files", "lint every file, not only the code deployed functions load at init")
    .option("--force-exclude", "leave out files named on the command line as a whole-tree run would (for pre-commit and lint-staged)")
    .option("--cache", "reuse results of files unchanged since the last run")
    .option("--cache-location <path>", "the cache file, or a folder for it (default: .snapcheckcache)")
    .option("--concurrency <n|auto|off>", "worker threads that lint: a number, auto (by the files to lint and the cores) or off (default: auto)")
    .option("--changed", "lint only files changed in git, and files importing them")
    .option("--since <ref>", "with --changed: compare with the merge base of this ref instead of uncommitted changes")
    .option("--suppress-all", "record every current error in the suppressions file, so that only new ones fail")
    .option("--suppress-rule <id>", "record the current errors of this rule in the suppressions file (repeatable)", collect)
    .option("--suppressions-location <path>", "the suppressions file (default: snapcheck-suppressions.json)")
    .option("--prune-suppressions", "remove suppressions that no longer match an error")
    .option("--server", "stay running for an editor: lint one JSON request per stdin line, answer one JSON result per line")
    .option("--lsp", "run as a Language Server on stdin and stdout, for editors (also: snapcheck lsp)")
    .addOption(new Option("--stdio", "the Language Server's transport, which editors' clients may pass").hideHelp())
    .option("--debug", "print the stack trace of internal errors, and cache statistics")
    .version(version, "-v, --version", "print the version")
    .helpOption("-h, --help", "show this help")
    .addHelpText("after", EXIT_CODES_HELP)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.writeOut(text),
      writeErr: (text) => io.writeErr(text),
      outputError: (text, write) => write(`snapcheck: ${oneLine(text.replace(/^error: /, ""))}\n`),
      getOutHelpWidth: () => io.columns ?? 80,
      getErrHelpWidth: () => 80,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    });

  try {
    program.parse([...argv], { from: "node" });
  } catch (error) {
    if (error instanceof CommanderError) return { exitCode: error.exitCode === 0 ? 0 : 2 };
    throw error;
  }
  const [paths] = program.processedArgs as [string[]];
  return { options: { ...program.opts<Omit<CliOptions, "paths">>(), paths } };
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function parseWarningLimit(value: string): number {
  if (!/^-?\d+$/.test(value.trim()) || Number(value) < -1) {
    throw new InvalidArgumentError("expected a whole number (or -1 for no limit).");
  }
  return Number(value);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
