import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import tsParser from "@typescript-eslint/parser";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { rulesById } from "../../rules/index.js";
import { answer } from "../../src/cli/server.js";
import snapcheckPlugin from "../../src/eslint-plugin/index.js";
import { lintStdin } from "../../src/run/run.js";

const MONOREPO = fileURLToPath(new URL("../../fixtures/monorepo", import.meta.url));
const options = { cwd: MONOREPO, rules: rulesById };

function brief(messages: { ruleId: string | null; line: number; column: number; functions?: string[] }[]): string[] {
  return messages.map((m) => `${m.line}:${m.column} ${m.ruleId} [${(m.functions ?? []).join(", ")}]`);
}

describe("one file at a time, as a run over the tree would answer", () => {
  const report = path.join(MONOREPO, "services/billing/src/report.ts");
  const orders = path.join(MONOREPO, "services/orders/src/orders.ts");
  const search = path.join(MONOREPO, "infra/bin/app.ts");

  it("--stdin: a file only a function without SnapStart loads is silent, one a SnapStart function loads names it", async () => {
    const silent = await lintStdin({ ...options, filePath: report, content: fs.readFileSync(report, "utf8") });
    expect(silent.results[0]?.messages).toEqual([]);
    const named = await lintStdin({ ...options, filePath: orders, content: fs.readFileSync(orders, "utf8") });
    expect(brief(named.results[0]!.messages)).toEqual(["12:28 uniqueness/init-random [OrdersFunction]"]);
  });

  it("--stdin: a file of a descriptor's project that no function loads is not reported", async () => {
    const run = await lintStdin({ ...options, filePath: search, content: fs.readFileSync(search, "utf8") });
    expect(run.results[0]?.messages).toEqual([]);
  });

  it("--server answers the same", async () => {
    const reply = JSON.parse(await answer(JSON.stringify({ filePath: "services/billing/src/report.ts" }), options, lintStdin));
    expect(reply.messages).toEqual([]);
    const named = JSON.parse(await answer(JSON.stringify({ filePath: "services/orders/src/orders.ts" }), options, lintStdin));
    expect(brief(named.messages)).toEqual(["12:28 uniqueness/init-random [OrdersFunction]"]);
  });

  it("the ESLint plugin answers the same", async () => {
    const eslint = new ESLint({ cwd: MONOREPO, overrideConfigFile: true, overrideConfig: [{ ...snapcheckPlugin.configs.recommended, files: ["**/*.ts"], languageOptions: { parser: tsParser } }] });
    const [silent, named] = await eslint.lintFiles([report, orders]);
    expect(silent?.messages).toEqual([]);
    expect(named?.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual(["12:28 snapcheck/uniqueness/init-random"]);
  });
});
