import fs from "node:fs";
import path from "node:path";
import { builtFolder } from "../package.js";
import { cacheShapes } from "./cache-schema.js";
import type { RuleInfo, RuleMeta } from "../engine/rule.js";

/** Where the build writes the shipped rules' metadata (scripts/write-rule-meta.mjs), from the package root. */
export const SHIPPED_RULE_META_PATH = "dist/rules/meta.json";

/**
 * The shipped rules' metadata as the build wrote it beside them: enough to resolve configs and report, without
 * loading the rules. Undefined when running from source (the build's copy may be of other rules) or when the file
 * is missing or not of the shape.
 */
export function shippedRuleMeta(): ReadonlyMap<string, RuleInfo> | undefined {
  const dist = builtFolder();
  if (dist === undefined) return undefined;
  let metas: unknown;
  try {
    metas = JSON.parse(fs.readFileSync(path.join(path.dirname(dist), SHIPPED_RULE_META_PATH), "utf8"));
  } catch {
    return undefined;
  }
  if (cacheShapes.rules(metas) !== undefined) return undefined;
  return new Map((metas as RuleMeta[]).map((meta) => [meta.id, { meta }]));
}
