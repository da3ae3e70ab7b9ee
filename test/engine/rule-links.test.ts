import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { allRules } from "../../rules/index.js";
import { docsUrlFor } from "../../src/engine/rule.js";
import snapcheck from "../../src/eslint-plugin/index.js";

describe("rule documentation links", () => {
  it("are derived from package.json homepage", () => {
    expect(docsUrlFor("uniqueness/init-random", "https://github.com/acme/snapcheck#readme")).toBe(
      "https://github.com/acme/snapcheck/blob/HEAD/docs/rules/uniqueness/init-random.md",
    );
    expect(docsUrlFor("uniqueness/init-random", "https://snapcheck.example/")).toBe("https://snapcheck.example/docs/rules/uniqueness/init-random.md");
  });

  it("are left out while the homepage is unset, everywhere a rule's link is shown", () => {
    const manifest = JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { homepage?: string };
    expect(manifest.homepage).toBeUndefined();
    expect(docsUrlFor("uniqueness/init-random", undefined)).toBeUndefined();
    for (const rule of allRules) expect(rule.meta.docsUrl).toBeUndefined();
    for (const eslintRule of Object.values(snapcheck.rules)) expect(eslintRule.meta?.docs?.url).toBeUndefined();
  });
});
