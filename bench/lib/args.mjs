// `npm run bench -- [options]`: flags to settings, with every mistake reported as one line.
import path from "node:path";
import { parseArgs } from "node:util";
import { CORPORA } from "./corpus.mjs";

export const USAGE = `Usage: npm run bench -- [options]

  --corpus DIR      corpus folder (default: .bench-corpus, or $SNAPCHECK_BENCH_CORPUS); built when missing
  --shared DIR      the shared folder holding bench/make-corpus.sh and bench/parse-floor.mjs (default: ../shared)
  --runs N          snapcheck/floor pairs per corpus (default: 3)
  --corpora LIST    comma-separated, from medium,huge,tiny (default: all three)
  --skip-eslint     do not run ESLint (about 80 s on the medium corpus)
  --skip-oxlint     do not run oxlint
  --skip-scale      do not measure 2x and 4x the medium corpus
  --skip-lsp        do not measure the language server (about 3 minutes: 10,000 edits)
  --lsp-only        measure only the language server (no corpus needed); results in bench/results/lsp.json
  --timeout S       give up on one tool run after S seconds (default: 900)
  --json FILE       where to write the results (default: bench/results/latest.json)
  --rss METHOD      how to read peak RSS: auto, time (/usr/bin/time), probe (Node tools only) or none (default: auto)
  --no-install      do not install bench/'s own tools (ESLint, oxlint) when they are missing
  -h, --help        show this help`;

export class ArgsError extends Error {}

/** @returns settings, with paths absolute */
export function parseBenchArgs(argv, env, root) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        corpus: { type: "string" },
        shared: { type: "string" },
        runs: { type: "string" },
        corpora: { type: "string" },
        "skip-eslint": { type: "boolean" },
        "skip-oxlint": { type: "boolean" },
        "skip-scale": { type: "boolean" },
        "skip-lsp": { type: "boolean" },
        "lsp-only": { type: "boolean" },
        timeout: { type: "string" },
        json: { type: "string" },
        rss: { type: "string" },
        "no-install": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new ArgsError(error.message);
  }
  const values = parsed.values;
  const runs = positiveInteger(values.runs ?? "3", "--runs");
  const timeoutS = positiveInteger(values.timeout ?? "900", "--timeout");
  const corpora = (values.corpora ?? CORPORA.join(","))
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = corpora.filter((name) => !CORPORA.includes(name));
  if (unknown.length > 0 || corpora.length === 0) {
    throw new ArgsError(`--corpora takes names from ${CORPORA.join(",")}; got "${values.corpora}"`);
  }
  if (values["lsp-only"] && values["skip-lsp"]) throw new ArgsError("--lsp-only and --skip-lsp contradict each other");
  const rss = values.rss ?? "auto";
  if (!["auto", "time", "probe", "none"].includes(rss)) throw new ArgsError(`--rss takes auto, time, probe or none; got "${rss}"`);
  const resolve = (value) => path.resolve(root, value);
  return {
    help: values.help === true,
    corpusDir: resolve(values.corpus ?? (env.SNAPCHECK_BENCH_CORPUS || ".bench-corpus")),
    sharedDir: resolve(values.shared ?? "../shared"),
    runs,
    corpora,
    skipEslint: values["skip-eslint"] === true,
    skipOxlint: values["skip-oxlint"] === true,
    skipScale: values["skip-scale"] === true,
    skipLsp: values["skip-lsp"] === true,
    lspOnly: values["lsp-only"] === true,
    timeoutMs: timeoutS * 1000,
    jsonFile: resolve(values.json ?? (values["lsp-only"] ? "bench/results/lsp.json" : "bench/results/latest.json")),
    install: values["no-install"] !== true,
    rss,
  };
}

function positiveInteger(text, flag) {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new ArgsError(`${flag} takes a whole number of at least 1; got "${text}"`);
  return Number(text);
}
