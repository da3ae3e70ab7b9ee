import fs from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { rulesById } from "../../rules/index.js";
import { parseJsonc } from "../../src/config/json.js";
import { CONFIG_KEYS, JSON_SCHEMA_PATH, configJsonSchema, validateConfig } from "../../src/config/schema.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const shipped = JSON.parse(fs.readFileSync(path.join(ROOT, JSON_SCHEMA_PATH), "utf8")) as Record<string, unknown>;
const validate = new Ajv({ allErrors: true, strict: false }).compile(shipped);
const RULE = "uniqueness/init-random";

/** Whether snapcheck's own validator accepts a config. */
async function snapcheckAccepts(config: unknown): Promise<boolean> {
  return validateConfig(config, "example", rulesById).then(
    () => true,
    () => false,
  );
}

/** The ```json blocks of README.md and docs/**.md that are snapcheck configs: objects with only config keys. */
function configExamples(): { where: string; config: Record<string, unknown> }[] {
  const files = ["README.md", ...fs.readdirSync(path.join(ROOT, "docs"), { recursive: true, encoding: "utf8" }).map((file) => path.join("docs", file))];
  const examples: { where: string; config: Record<string, unknown> }[] = [];
  for (const file of files.filter((name) => name.endsWith(".md"))) {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    for (const match of text.matchAll(/```jsonc?\n([\s\S]*?)```/g)) {
      const parsed = parseJsonc(match[1]!);
      if (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null || Array.isArray(parsed.value)) continue;
      const keys = Object.keys(parsed.value);
      if (keys.length === 0 || !keys.every((key) => (CONFIG_KEYS as readonly string[]).includes(key))) continue;
      const line = text.slice(0, match.index).split("\n").length;
      examples.push({ where: `${file}:${line}`, config: parsed.value as Record<string, unknown> });
    }
  }
  return examples;
}

describe("the shipped JSON Schema", () => {
  it("is the one generated from the validator (run `npm run schema` after changing the config schema or the rules)", async () => {
    expect(shipped).toEqual(await configJsonSchema(rulesById));
  });

  it("is listed in the package's files", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { files: string[] };
    expect(manifest.files).toContain(path.dirname(JSON_SCHEMA_PATH));
  });

  const examples = configExamples();
  it("finds the config examples of the docs", () => {
    expect(examples.map((example) => example.where.split(":")[0])).toEqual(expect.arrayContaining(["README.md", path.join("docs", "connections-table.md")]));
  });

  it.each(examples.map((example) => [example.where, example.config] as const))("accepts the example at %s, which names the schema", async (_where, config) => {
    expect(config.$schema).toBe(`./node_modules/snapcheck/${JSON_SCHEMA_PATH}`);
    expect(validate(config) ? [] : validate.errors).toEqual([]);
    expect(await snapcheckAccepts(config)).toBe(true);
  });

  // The schema and the validator must agree on each: the tempting mistakes a user makes.
  it.each<[string, unknown, boolean]>([
    ["numeric levels and options", { rules: { [RULE]: [1, { allow: ["Date.now"] }] } }, true],
    ["every never-snapshotted switch", { include: { tests: true, browser: false, infrastructure: true, buildOutput: false, scripts: true, edge: false } }, true],
    ["an override", { overrides: [{ files: ["scripts/**"], target: "node-snapshot", rules: { [RULE]: "off" } }] }, true],
    ["an unknown rule", { rules: { "uniqueness/init-randum": "off" } }, false],
    ["ESLint's word for a warning", { rules: { [RULE]: "warning" } }, false],
    ["level 3", { rules: { [RULE]: 3 } }, false],
    ["a level and two option objects", { rules: { [RULE]: ["warn", {}, {}] } }, false],
    ["an unknown target", { target: "aws" }, false],
    ["a misspelt key", { ignorePattern: ["dist/"] }, false],
    ["an include switch that is not a boolean", { include: { tests: "yes" } }, false],
    ["an unknown include switch", { include: { benchmarks: true } }, false],
    ["an override without files", { overrides: [{ rules: {} }] }, false],
    ["ignore patterns as one string", { ignorePatterns: "dist/" }, false],
  ])("%s: valid = %s", async (_what, config, valid) => {
    expect(validate(config)).toBe(valid);
    expect(await snapcheckAccepts(config)).toBe(valid);
  });
});
