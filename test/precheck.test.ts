import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ModuleIndex } from "../src/analysis/modules.js";
import type { ResolvedConfig } from "../src/config/types.js";
import { lintText } from "../src/engine/lint-file.js";
import { RelevanceFilter } from "../src/engine/relevance.js";
import { allRules, rulesById } from "../rules/index.js";

const root = path.resolve(import.meta.dirname, "..");
const sourceFile = /\.(?:[mc]?[jt]s|[jt]sx)$/;
// The fixtures (code full of hazards) and this project's own source (mostly code no rule looks at).
const files = ["fixtures", "src", "rules", "test"]
  .flatMap((folder) => (fs.readdirSync(path.join(root, folder), { recursive: true }) as string[]).map((relative) => path.join(root, folder, relative)))
  .filter((file) => sourceFile.test(file) && fs.statSync(file).isFile())
  .sort();

const config: ResolvedConfig = {
  rules: Object.fromEntries(allRules.map((rule) => [rule.meta.id, { severity: 2 as const, options: {} }])),
  target: "lambda",
  restoreHooks: [],
  connections: {},
};

function lintAll(precheck: boolean) {
  const modules = new ModuleIndex(root);
  return files.map((filePath) => lintText({ filePath, text: fs.readFileSync(filePath, "utf8"), config, rules: rulesById, modules, precheck }));
}

describe("the text pre-check", () => {
  it("never changes the findings on the fixtures and this project's source", () => {
    const filter = new RelevanceFilter(allRules.map((rule) => rule.meta.triggers));
    const modules = new ModuleIndex(root);
    const skipped = files.filter((file) => {
      const text = fs.readFileSync(file, "utf8");
      return !filter.matches(text) && !modules.importsReach(file, text, filter);
    });
    // Both kinds are present, so the comparison below means something.
    expect(skipped.length).toBeGreaterThan(10);
    expect(files.length - skipped.length).toBeGreaterThan(50);
    expect(lintAll(true)).toEqual(lintAll(false));
  });

  it("still reports a syntax error in a file no rule looks at", () => {
    const result = lintText({ filePath: "/tmp/plain.ts", text: "export const a = (1;", config, rules: rulesById, modules: new ModuleIndex("/tmp") });
    expect(result.messages).toMatchObject([{ fatal: true, ruleId: null, line: 1 }]);
  });

  it("matches modules only as import specifiers, and words only where the rule says", () => {
    const filter = new RelevanceFilter([{ modules: ["os", "@prisma/*"], words: ["randomUUID"], wordsAnyCase: ["token"] }]);
    expect(filter.matches(`import os from "node:os";`)).toBe(true);
    expect(filter.matches(`const x = require('@prisma/client/edge');`)).toBe(true);
    expect(filter.matches(`const pos = close(); // os`)).toBe(false);
    expect(filter.matches(`crypto.randomUUID()`)).toBe(true);
    expect(filter.matches(`let accessTOKEN;`)).toBe(true);
    expect(new RelevanceFilter([{ words: ["a"] }, undefined]).always).toBe(true);
  });
});
