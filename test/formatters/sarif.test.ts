import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { allRules } from "../../rules/index.js";
import { FINGERPRINT_KEY, sarif, type SarifLog } from "../../src/formatters/sarif.js";
import { makeResult, type LintResult } from "../../src/results.js";
import { CWD, RULES_META, context, msg, sampleResults } from "./helpers.js";

const REPOSITORY = fileURLToPath(new URL("../..", import.meta.url));

function run(results: readonly LintResult[], cwd = CWD): SarifLog["runs"][number] {
  const log = JSON.parse(sarif(results, context({ cwd }))) as SarifLog;
  expect(log.runs).toHaveLength(1);
  return log.runs[0]!;
}

function fingerprints(results: readonly LintResult[]): string[] {
  return run(results).results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]!);
}

describe("sarif formatter", () => {
  it("has the top-level fields of SARIF 2.1.0", () => {
    const log = JSON.parse(sarif(sampleResults(), context())) as SarifLog;
    expect(log.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0]!.tool.driver;
    expect(driver).toMatchObject({
      name: "snapcheck",
      version: "1.2.3",
      semanticVersion: "1.2.3",
    });
    // package.json has no homepage yet: no link to a site the project does not own.
    expect(driver.informationUri).toBeUndefined();
    expect(log.runs[0]!.columnKind).toBe("utf16CodeUnits");
    expect(log.runs[0]!.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///home/dev/app/" } });
  });

  it("describes every known rule", () => {
    const rules = run([]).tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual([...RULES_META.keys()]);
    for (const rule of rules) {
      const meta = RULES_META.get(rule.id)!;
      expect(rule.shortDescription?.text).toBe(meta.description);
      expect(rule.helpUri).toBe(meta.docsUrl);
      expect(rule.properties?.tags).toEqual([meta.family]);
    }
    expect(rules.map((r) => r.name)).toEqual(["UniquenessInitRandom", "CredentialsInitSecret", "ConnectionsInitSocket"]);
    expect(rules.find((r) => r.id === "uniqueness/init-random")?.defaultConfiguration?.level).toBe("error");
    expect(rules.find((r) => r.id === "credentials/init-secret")?.defaultConfiguration?.level).toBe("warning");
  });

  it("embeds each real rule's documentation, and links nowhere while package.json has no homepage", () => {
    const rulesMeta = new Map(allRules.map((rule) => [rule.meta.id, rule.meta]));
    const log = sarif([], context({ rulesMeta }));
    expect(log).not.toContain("github.com");
    const rules = (JSON.parse(log) as SarifLog).runs[0]!.tool.driver.rules;
    expect(rules).toHaveLength(allRules.length);
    for (const rule of rules) {
      const page = fs.readFileSync(path.join(REPOSITORY, "docs", "rules", `${rule.id}.md`), "utf8");
      const firstParagraph = page.split("\n\n")[1]!;
      expect(rule.helpUri).toBeUndefined();
      expect(rule.name).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(rule.help?.markdown).toBe(page.replace(/^# .*\n+/, "").trim());
      expect(rule.help?.text).toContain("## What it flags".slice(3));
      expect(rule.help?.text).not.toMatch(/^#/m);
      expect(rule.fullDescription?.text).toBe(firstParagraph.replace(/`/g, "").replace(/\s*\n\s*/g, " "));
    }
    const initRandom = rules.find((rule) => rule.id === "uniqueness/init-random")!;
    expect(initRandom.name).toBe("UniquenessInitRandom");
    expect(initRandom.fullDescription?.text).toBe(
      "A random, unique or time-derived value computed at init is frozen into the snapshot and repeats in every clone.",
    );
  });

  it("names the deployed functions a finding affects as a result property, and adds none without them", () => {
    const named = { ...msg("uniqueness/init-random", 2, "Math.random() runs at init.", 3, 14), functions: ["checkout", "orders"] };
    const plain = msg("uniqueness/init-random", 2, "Math.random() runs at init.", 4, 14);
    const { results } = run([makeResult(`${CWD}/src/handler.ts`, [named, plain])]);
    expect(results[0]?.properties).toEqual({ functions: ["checkout", "orders"] });
    expect(results[1]).not.toHaveProperty("properties");
  });

  it("reports each finding with rule, level, message and a relative location", () => {
    const { results, tool } = run(sampleResults());
    expect(results).toHaveLength(3);
    const [first, second, third] = results;
    expect(first).toMatchObject({
      ruleId: "uniqueness/init-random",
      level: "error",
      message: { text: "Math.random() runs at init: its value is frozen into the snapshot." },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "src/handler.ts", uriBaseId: "%SRCROOT%" },
            region: { startLine: 3, startColumn: 14, endLine: 3, endColumn: 27 },
          },
        },
      ],
    });
    expect(second).toMatchObject({ ruleId: "credentials/init-secret", level: "warning" });
    expect(third?.locations[0]?.physicalLocation.artifactLocation.uri).toBe("lib/db.ts");
    for (const result of results) {
      expect(tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(result.partialFingerprints[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it("puts fatal messages in the invocation's notifications, not in results", () => {
    const { invocations, results } = run(sampleResults());
    expect(results.some((r) => r.ruleId === null)).toBe(false);
    expect(invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          {
            level: "error",
            message: { text: "Parsing error: ';' expected." },
            locations: [
              { physicalLocation: { artifactLocation: { uri: "src/broken.ts", uriBaseId: "%SRCROOT%" }, region: { startLine: 5, startColumn: 9 } } },
            ],
          },
        ],
      },
    ]);
  });

  it("percent-encodes each path segment and uses forward slashes", () => {
    const results = [makeResult(`${CWD}/my dir/a#b%c.ts`, [msg("uniqueness/init-random", 2, "m", 1, 1)])];
    expect(run(results).results[0]?.locations[0]?.physicalLocation.artifactLocation).toEqual({
      uri: "my%20dir/a%23b%25c.ts",
      uriBaseId: "%SRCROOT%",
    });
  });

  it("gives files outside cwd an absolute file URI", () => {
    const results = [makeResult("/other/place/x.ts", [msg("uniqueness/init-random", 2, "m", 1, 1)])];
    expect(run(results).results[0]?.locations[0]?.physicalLocation.artifactLocation).toEqual({ uri: "file:///other/place/x.ts" });
  });

  it("adds a descriptor for a rule id without metadata so ruleIndex stays valid", () => {
    const { results, tool } = run([makeResult(`${CWD}/a.ts`, [msg("uniqueness/unknown", 1, "m", 1, 1)])]);
    expect(tool.driver.rules[results[0]!.ruleIndex]?.id).toBe("uniqueness/unknown");
  });

  it("leaves out a region SARIF cannot express", () => {
    const result = run([makeResult(`${CWD}/a.ts`, [msg("uniqueness/init-random", 2, "m", 0, 0)])]).results[0]!;
    expect(result.locations[0]?.physicalLocation.region).toBeUndefined();
  });

  describe("fingerprints", () => {
    it("are identical between two calls", () => {
      expect(sarif(sampleResults(), context())).toBe(sarif(sampleResults(), context()));
      expect(fingerprints(sampleResults())).toEqual(fingerprints(sampleResults()));
    });

    it("differ for distinct findings", () => {
      const prints = fingerprints(sampleResults());
      expect(new Set(prints).size).toBe(prints.length);
    });

    it("differ for identical findings in one file, by occurrence", () => {
      const results = [
        makeResult(`${CWD}/a.ts`, [msg("uniqueness/init-random", 2, "same", 1, 1), msg("uniqueness/init-random", 2, "same", 9, 1)]),
      ];
      const [a, b] = fingerprints(results);
      expect(a).not.toBe(b);
    });

    it("are unchanged when an unrelated finding is added to another file", () => {
      const before = fingerprints(sampleResults());
      const extended = [...sampleResults(), makeResult(`${CWD}/src/extra.ts`, [msg("uniqueness/init-random", 2, "Math.random() runs at init: its value is frozen into the snapshot.", 3, 14)])];
      const after = fingerprints(extended);
      expect(after.slice(0, before.length)).toEqual(before);
      expect(new Set(after).size).toBe(after.length);
    });

    it("are unchanged when the finding moves to another line", () => {
      const moved = sampleResults();
      moved[0] = makeResult(`${CWD}/src/handler.ts`, moved[0]!.messages.map((m) => ({ ...m, line: m.line + 20, endLine: (m.endLine ?? 0) + 20 })));
      expect(fingerprints(moved)).toEqual(fingerprints(sampleResults()));
    });

    it("do not depend on where the checkout lives", () => {
      const elsewhere = sampleResults().map((r) => ({ ...r, filePath: r.filePath.replace(CWD, "/ci/runner/work/app") }));
      expect(run(elsewhere, "/ci/runner/work/app").results.map((r) => r.partialFingerprints)).toEqual(
        run(sampleResults()).results.map((r) => r.partialFingerprints),
      );
    });
  });
});
