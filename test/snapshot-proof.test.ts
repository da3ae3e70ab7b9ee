import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { ModuleIndex } from "../src/analysis/modules.js";
import type { ResolvedConfig } from "../src/config/types.js";
import { lintText } from "../src/engine/lint-file.js";
import { allRules, rulesById } from "../rules/index.js";

/**
 * The entropy-pool hazard on a real Node.js startup snapshot: each entry warms a pooled source at init, and the
 * handler it runs after deserialization prints the next value. Two processes started from one blob print the same
 * value unless the cache is bypassed. Each entry is also linted, so a finding is tied to a hazard shown to be real.
 */
const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/snapshot-proof");
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "snapcheck-snapshot-"));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

/**
 * Builds a startup snapshot from an entry and prints what two processes started from it print. `node
 * --build-snapshot` runs one file and cannot load packages, so an entry that imports one is bundled first.
 */
function startTwice(entry: string, bundle = false, alias?: Record<string, string>): [string, string] {
  const name = `${path.basename(entry)}${alias ? `-${Object.values(alias).join("-")}` : ""}`;
  const blob = path.join(workDir, `${name}.blob`);
  let script = path.join(FIXTURES, entry);
  if (bundle) {
    const outfile = path.join(workDir, `${name}.bundle.cjs`);
    // `alias` bundles another version of a package in its place (`bson6` is bson 6 installed under that name).
    buildSync({ entryPoints: [script], bundle: true, platform: "node", format: "cjs", outfile, logLevel: "error", ...(alias ? { alias } : {}) });
    script = outfile;
  }
  execFileSync(process.execPath, ["--snapshot-blob", blob, "--build-snapshot", script], { cwd: workDir, stdio: "pipe" });
  const start = () => execFileSync(process.execPath, ["--snapshot-blob", blob], { cwd: workDir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  return [start(), start()];
}

const config: ResolvedConfig = {
  rules: Object.fromEntries(allRules.map((rule) => [rule.meta.id, { severity: 2, options: {} }])),
  target: "node-snapshot",
  restoreHooks: [],
  connections: {},
};

/** What snapcheck reports on an entry, for target node-snapshot unless another is named. */
function findings(entry: string, target: ResolvedConfig["target"] = "node-snapshot"): string[] {
  const filePath = path.join(FIXTURES, entry);
  const result = lintText({ filePath, text: fs.readFileSync(filePath, "utf8"), config: { ...config, target }, rules: rulesById, modules: new ModuleIndex(FIXTURES) });
  return result.messages.map((m) => `${m.ruleId ?? "fatal"} ${m.line}:${m.column}`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const INTEGER = /^\d+$/;

interface ProofCase {
  source: string;
  entry: string;
  format: RegExp;
  /** Where snapcheck must report the handler's call, as `line:column`. */
  finding: string;
  fixed: string;
}

const CASES: ProofCase[] = [
  { source: "crypto.randomUUID()", entry: "crypto-random-uuid.js", format: UUID, finding: "8:10", fixed: "crypto-random-uuid-fixed.js" },
  {
    source: "globalThis.crypto.randomUUID()",
    entry: "global-crypto-random-uuid.js",
    format: UUID,
    finding: "7:10",
    fixed: "global-crypto-random-uuid-fixed.js",
  },
  { source: "crypto.randomInt()", entry: "crypto-random-int.js", format: INTEGER, finding: "8:10", fixed: "crypto-random-int-fixed.js" },
];

describe("a pooled random source warmed at init repeats across processes started from one snapshot", () => {
  for (const proof of CASES) {
    describe(proof.source, () => {
      it("prints the same value in two processes, and snapcheck flags the handler's call", () => {
        const [first, second] = startTwice(proof.entry);
        expect(first).toMatch(proof.format);
        expect(second).toBe(first);
        expect(findings(proof.entry)).toEqual([`uniqueness/entropy-pool ${proof.finding}`]);
      });

      it("prints different values once the cache is bypassed or left cold, and snapcheck is silent", () => {
        const [first, second] = startTwice(proof.fixed);
        expect(first).toMatch(proof.format);
        expect(second).toMatch(proof.format);
        expect(second).not.toBe(first);
        expect(findings(proof.fixed)).toEqual([]);
      });
    });
  }

  it("ignores { disableEntropyCache: true } passed to the Web Crypto global, and snapcheck flags it", () => {
    const [first, second] = startTwice("global-crypto-random-uuid-option.js");
    expect(first).toMatch(UUID);
    expect(second).toBe(first);
    expect(findings("global-crypto-random-uuid-option.js")).toEqual(["uniqueness/entropy-pool 8:10"]);
  });
});

const NANOID = /^[\w-]{21}$/;
const HYPERID = /^[\w+/]{22}\/\d+$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ALPHANUMERIC_16 = /^[A-Za-z0-9]{16}$/;

interface UserlandProof {
  source: string;
  entry: string;
  format: RegExp;
  /** What snapcheck reports on the entry (target node-snapshot), as `rule line:column`. */
  findings: string[];
  fixed: string;
}

/** Libraries that keep their own pool or generator state in the JavaScript heap, which a snapshot copies. */
const USERLAND: UserlandProof[] = [
  { source: "uuid v13 v4(options)", entry: "uuid-pool.js", format: UUID, findings: ["uniqueness/entropy-pool 8:10"], fixed: "uuid-pool-fixed.js" },
  { source: "nanoid 5", entry: "nanoid-pool.mjs", format: NANOID, findings: ["uniqueness/entropy-pool 8:10"], fixed: "nanoid-pool-fixed.mjs" },
  { source: "a hyperid generator", entry: "hyperid-generator.js", format: HYPERID, findings: ["uniqueness/init-prng 5:16"], fixed: "hyperid-generator-fixed.js" },
  // Seeded from Math.random at construction: the reseeded Math.random cannot help a generator made before the snapshot.
  { source: "a Chance generator", entry: "chance-generator.js", format: GUID, findings: ["uniqueness/init-prng 5:16"], fixed: "chance-generator-fixed.js" },
  // Created and seeded when @faker-js/faker is imported: merely importing it at init freezes its state.
  { source: "faker's default instance", entry: "faker-default.mjs", format: ALPHANUMERIC_16, findings: ["uniqueness/init-prng 6:10"], fixed: "faker-default-fixed.mjs" },
];

describe("userland pools and generators warmed at init repeat across processes started from one snapshot", () => {
  for (const proof of USERLAND) {
    describe(proof.source, () => {
      it("prints the same value in two processes, and snapcheck flags it", () => {
        const [first, second] = startTwice(proof.entry, true);
        expect(first).toMatch(proof.format);
        expect(second).toBe(first);
        expect(findings(proof.entry)).toEqual(proof.findings);
      });

      it("prints different values once the pool is bypassed or the state is made after restore, and snapcheck is silent", () => {
        const [first, second] = startTwice(proof.fixed, true);
        expect(first).toMatch(proof.format);
        expect(second).not.toBe(first);
        expect(findings(proof.fixed)).toEqual([]);
      });
    });
  }

  it("bson 7.3+ resets its ObjectId state when a Node startup snapshot is deserialized: the ids differ, and snapcheck is silent for that target", () => {
    const [first, second] = startTwice("bson-object-id.js", true);
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    expect(second).not.toBe(first);
    expect(findings("bson-object-id.js")).toEqual([]);
  });

  it("without the callback the ObjectId state is frozen: bson 6 (mongodb 6, mongoose 8) prints the same ids in two processes, and snapcheck reports them for target lambda, whose restore runs no callback", () => {
    const [first, second] = startTwice("bson-object-id.js", true, { bson: "bson6" });
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    expect(second).toBe(first);
    expect(findings("bson-object-id.js", "lambda")).toEqual(["uniqueness/entropy-pool 10:10"]);
  });
});
