import { describe, expect, it } from "vitest";
// @ts-expect-error -- the harness is plain ESM JavaScript without declarations
import { ArgsError, parseBenchArgs } from "../../bench/lib/args.mjs";

const ROOT = "/work/app";

describe("parseBenchArgs", () => {
  it("defaults to .bench-corpus and ../shared beside the project, three pairs, every corpus", () => {
    expect(parseBenchArgs([], {}, ROOT)).toMatchObject({
      corpusDir: "/work/app/.bench-corpus",
      sharedDir: "/work/shared",
      runs: 3,
      corpora: ["medium", "huge", "tiny"],
      skipEslint: false,
      install: true,
      jsonFile: "/work/app/bench/results/latest.json",
    });
  });

  it("takes the corpus from the environment, and --corpus over it", () => {
    expect(parseBenchArgs([], { SNAPCHECK_BENCH_CORPUS: "/data/c" }, ROOT).corpusDir).toBe("/data/c");
    expect(parseBenchArgs(["--corpus", "c2"], { SNAPCHECK_BENCH_CORPUS: "/data/c" }, ROOT).corpusDir).toBe("/work/app/c2");
  });

  it("reads the flags", () => {
    const settings = parseBenchArgs(["--runs", "5", "--corpora", "tiny,huge", "--skip-eslint", "--no-install", "--timeout", "60"], {}, ROOT);
    expect(settings).toMatchObject({ runs: 5, corpora: ["tiny", "huge"], skipEslint: true, install: false, timeoutMs: 60_000 });
  });

  it("runs the language server section alone, into its own results file", () => {
    expect(parseBenchArgs(["--lsp-only"], {}, ROOT)).toMatchObject({ lspOnly: true, skipLsp: false, jsonFile: "/work/app/bench/results/lsp.json" });
    expect(parseBenchArgs(["--skip-lsp"], {}, ROOT)).toMatchObject({ lspOnly: false, skipLsp: true, jsonFile: "/work/app/bench/results/latest.json" });
    expect(() => parseBenchArgs(["--lsp-only", "--skip-lsp"], {}, ROOT)).toThrow(ArgsError);
  });

  it.each([[["--runs", "0"]], [["--runs", "two"]], [["--corpora", "big"]], [["--frobnicate"]], [["extra"]]])(
    "rejects %j with a one-line message",
    (argv) => {
      expect(() => parseBenchArgs(argv, {}, ROOT)).toThrow(ArgsError);
    },
  );
});
