// The command line of each measured tool, and how to read from its output how many files it saw.
import path from "node:path";

const NODE = process.execPath;

/** `--list-rules` output: the first column of every row after the header. */
export function parseRuleIds(listing) {
  return String(listing)
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/)[0])
    .filter((id) => id && /^[\w-]+(\/[\w-]+)+$/.test(id));
}

/** The parse floor prints one JSON line: files, bytes (characters), ms (read + parse only), peakRssMB. */
export function parseFloorOutput(stdout) {
  const line = String(stdout).trim().split("\n").pop() ?? "";
  try {
    const value = JSON.parse(line);
    return Number.isFinite(value?.ms) && Number.isFinite(value?.files) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** ESLint's and snapcheck's `json` format: an array with one result per linted file. */
export function countJsonResults(text) {
  try {
    const value = JSON.parse(text);
    return Array.isArray(value) ? value.length : undefined;
  } catch {
    return undefined;
  }
}

/** oxlint's closing line: "Finished in 441ms on 5183 files with 96 rules using 2 threads." */
export function parseOxlintFileCount(stdout) {
  const match = /Finished in [\d.]+\s*m?s on (\d+) files?/.exec(String(stdout));
  return match ? Number(match[1]) : undefined;
}

/** Help text mentions of a long-lived mode an editor could keep open. */
export function findWarmModes(help) {
  return ["--watch", "--server", "--lsp", "--daemon"].filter((flag) => new RegExp(`(^|[\\s,])${flag}\\b`).test(help));
}

/** snapcheck with JSON output and every rule at error, then `extra`. */
function snapcheckArgs(root, ruleIds, extra) {
  return [path.join(root, "bin", "snapcheck.js"), "--format", "json", ...ruleIds.flatMap((id) => ["--rule", `${id}:error`]), ...extra];
}

export function snapcheckCommand({ root, ruleIds, reportFile, targets }) {
  return {
    command: NODE,
    // --no-ignore: the corpus lives under .bench-corpus/, which the project's .gitignore excludes.
    args: snapcheckArgs(root, ruleIds, ["-o", reportFile, "--no-error-on-unmatched-pattern", "--no-ignore", ...targets]),
    cwd: root,
    okExitCodes: [0, 1],
  };
}

export function snapcheckStdinCommand({ root, ruleIds, file }) {
  return {
    command: NODE,
    args: snapcheckArgs(root, ruleIds, ["--stdin", "--stdin-filename", "x.ts"]),
    cwd: root,
    stdinFile: file,
    okExitCodes: [0, 1],
  };
}

export function floorCommand({ root, sharedDir, dir }) {
  return { command: NODE, args: [path.join(sharedDir, "bench", "parse-floor.mjs"), dir], cwd: root };
}

export function requireTsMorphCommand({ root }) {
  return { command: NODE, args: ["-e", "require('ts-morph')"], cwd: root };
}

/** Run from inside the corpus: ESLint lints nothing outside its base path. */
export function eslintCommand({ benchDir, dir, reportFile }) {
  return {
    command: NODE,
    args: [
      path.join(benchDir, "node_modules", "eslint", "bin", "eslint.js"),
      "--config",
      path.join(benchDir, "eslint.config.mjs"),
      "--format",
      "json",
      "-o",
      reportFile,
      ".",
    ],
    cwd: dir,
    okExitCodes: [0, 1],
  };
}

/**
 * oxlint's folder walk obeys every .gitignore up to the repository root, even with --no-ignore, and the corpus is
 * gitignored; so it gets the file list, relative to the corpus to keep the command line short.
 */
export function oxlintCommand({ benchDir, dir, files }) {
  return {
    command: NODE,
    args: [path.join(benchDir, "node_modules", "oxlint", "bin", "oxlint"), ...files.map((file) => path.relative(dir, file))],
    cwd: dir,
    okExitCodes: [0, 1],
  };
}
