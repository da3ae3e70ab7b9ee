import path from "node:path";
import { describe, expect, it } from "vitest";
import type { LintResult } from "../../src/results.js";
import { runCli } from "./run-cli.js";

const MONOREPO = path.resolve("fixtures/monorepo");

async function findings(args: string[]): Promise<string[]> {
  const { stdout } = await runCli(MONOREPO, ["-f", "json", ...args]);
  return (JSON.parse(stdout) as LintResult[]).flatMap((result) =>
    result.messages.map((message) => `${path.relative(MONOREPO, result.filePath)}:${message.line}:${message.column} ${message.ruleId}`),
  );
}

// As pre-commit and lint-staged call it: every staged file named, never-snapshotted ones among them.
const STAGED = ["services/orders/test/handler.test.ts", "scripts/seed-db.ts", "services/orders/src/orders.ts"];

describe("--force-exclude", () => {
  it("without it, a named file is linted whatever it is", async () => {
    expect(await findings(STAGED)).toEqual([
      "scripts/seed-db.ts:8:17 uniqueness/init-random",
      "services/orders/src/orders.ts:12:28 uniqueness/init-random",
      "services/orders/test/handler.test.ts:8:35 uniqueness/init-random",
    ]);
  });

  it("with it, named files no deployed function loads are left out as in a run over the whole tree", async () => {
    const whole = (await findings(["."])).filter((finding) => STAGED.some((file) => finding.startsWith(`${file}:`)));
    expect(await findings(["--force-exclude", ...STAGED])).toEqual(whole);
    // A whole-tree run reports the handler's code and leaves out its test (in a project whose functions never load
    // it) and the seeding script (in no project, run by the root package.json's "seed").
    expect(whole).toEqual(["services/orders/src/orders.ts:12:28 uniqueness/init-random"]);
  });
});
