import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { allRules } from "../../rules/index.js";
import { shippedRuleMeta, SHIPPED_RULE_META_PATH } from "../../src/run/shipped-rule-meta.js";

const BUILT = fileURLToPath(new URL(`../../${SHIPPED_RULE_META_PATH}`, import.meta.url));

describe("the shipped rules' metadata the build writes", () => {
  it("is the metadata of every rule, as the rules themselves hold it", () => {
    expect(JSON.parse(fs.readFileSync(BUILT, "utf8"))).toEqual(JSON.parse(JSON.stringify(allRules.map((rule) => rule.meta))));
  });

  it("is not used by code running from source, whose rules the build's copy may not match", () => {
    expect(shippedRuleMeta()).toBeUndefined();
  });
});
