import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { requireBuild, snapcheck } from "../adoption/bin.js";
import type { LintResult } from "../../src/results.js";

requireBuild();

const MONOREPO = fileURLToPath(new URL("../../fixtures/monorepo", import.meta.url));

function findings(stdout: string): string[] {
  const results = JSON.parse(stdout) as LintResult[];
  return results.flatMap((result) =>
    result.messages.map((m) => `${path.relative(MONOREPO, result.filePath)}:${m.line}:${m.column} ${m.ruleId} [${(m.functions ?? []).join(", ")}]`),
  );
}

describe("snapcheck . on a monorepo with a deployment", () => {
  it("reports every hazard in code a snapshotted function loads at init, naming the function, and nothing of the projects' other code", async () => {
    const run = await snapcheck(MONOREPO, [".", "-f", "json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect(findings(run.stdout)).toEqual([
      // The deployment rules judge the CDK stack and serverless.yml themselves: SnapStart on a zip Node.js function.
      "infra/lib/search-stack.ts:18:7 deployment/snapstart-unsupported []",
      // @acme/core/cache through the workspace symlink and the package's exports map.
      "packages/core/src/cache.ts:3:22 connections/init-connection [SearchFunction]",
      // @acme/core's index re-exports ids.ts; the image's CMD names dist/handler.main, mapped back to src/handler.ts.
      "packages/core/src/ids.ts:4:27 uniqueness/init-random [OrdersFunction]",
      "packages/core/src/ids.ts:7:10 uniqueness/entropy-pool [OrdersFunction]",
      "services/billing/serverless.yml:9:3 deployment/snapstart-unsupported []",
      // Through the tsconfig paths alias @shared/secrets.
      "services/billing/src/charge.ts:4:25 credentials/init-secret-fetch [charge]",
      // NodeNext ./orders.js naming orders.ts.
      "services/orders/src/orders.ts:12:28 uniqueness/init-random [OrdersFunction]",
      // The --build-snapshot entry, with the node-snapshot target.
      "tools/warm-cache/src/cli.ts:14:20 uniqueness/init-random [@acme/warm-cache:build]",
    ]);
  });

  it("leaves out the seeding script the root package.json runs, which is in no descriptor's project, and says why", async () => {
    const run = await snapcheck(MONOREPO, [".", "-f", "json", "--debug"]);
    expect(findings(run.stdout).filter((line) => line.startsWith("scripts/"))).toEqual([]);
    expect(run.stderr).toContain('snapcheck: debug: left out scripts/seed-db.ts: run as a program by the package.json script "seed"\n');
  });

  it("lints every file as before with --all-files: tests, scripts, the CDK app, the React app, the container server, a function without SnapStart", async () => {
    const run = await snapcheck(MONOREPO, [".", "-f", "json", "--all-files"]);
    const all = findings(run.stdout);
    expect(all.every((line) => line.endsWith("[]"))).toBe(true);
    expect(all.map((line) => line.split(" ")[0])).toEqual([
      "apps/api-server/server.js:6:20",
      "apps/api-server/server.js:7:15",
      "apps/web/src/App.tsx:4:15",
      "infra/bin/app.ts:13:35",
      "infra/bin/app.ts:14:33",
      "infra/lib/search-stack.ts:18:7",
      "packages/core/src/cache.ts:3:22",
      "packages/core/src/ids.ts:4:27",
      "packages/core/src/ids.ts:7:10",
      "packages/core/test/ids.test.ts:6:15",
      "packages/core/test/ids.test.ts:7:15",
      "scripts/seed-db.ts:8:17",
      "services/billing/serverless.yml:9:3",
      "services/billing/src/charge.ts:4:25",
      "services/billing/src/report.ts:5:21",
      "services/orders/src/orders.ts:12:28",
      "services/orders/test/handler.test.ts:8:35",
      "tools/warm-cache/src/cli.ts:14:20",
    ]);
  });

  it("lints a file named on the command line even when no function loads it", async () => {
    const run = await snapcheck(MONOREPO, ["scripts/seed-db.ts", "-f", "json"]);
    expect(findings(run.stdout)).toEqual(["scripts/seed-db.ts:8:17 uniqueness/init-random []"]);
  });

  it("names the functions after the message in the stylish output", async () => {
    const run = await snapcheck(MONOREPO, ["."]);
    expect(run.stdout).toContain("(function: SearchFunction)");
  });
});
