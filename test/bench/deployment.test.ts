import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: the harness is plain JavaScript
import { ensureDeployedTree, parseDeploymentLine } from "../../bench/lib/deployment.mjs";

const bin = path.resolve(import.meta.dirname, "../../bin/snapcheck.js");
const corpusDir = fs.mkdtempSync(path.join(os.tmpdir(), "snapcheck-deployed-"));
afterAll(() => fs.rmSync(corpusDir, { recursive: true, force: true }));

describe("bench deployment stage", () => {
  it("builds a tree whose template declares one function per service, each reaching only its chained modules", () => {
    const dir = ensureDeployedTree(corpusDir, { name: "deployed-small", services: 3, modules: 4, unreached: 2 }) as string;
    const run = spawnSync(process.execPath, [bin, "--debug", "--no-ignore", "-f", "json", dir], { cwd: corpusDir, encoding: "utf8" });
    expect(run.status).toBe(0);
    // Each handler's init reaches its 4 chained modules; the 2 unreached modules per service are left out.
    expect(parseDeploymentLine(run.stderr)).toMatchObject({ functions: 3, descriptors: 1, reachedFiles: 12 });
    expect(parseDeploymentLine(run.stderr).deploymentMs).toBeGreaterThanOrEqual(0);
    const listed = spawnSync(process.execPath, [bin, "functions", "--format", "json"], { cwd: dir, encoding: "utf8" });
    const functions = JSON.parse(listed.stdout) as { name: string; snapshot: string; entry: string }[];
    expect(functions.map((each) => [each.name, each.snapshot, each.entry])).toEqual([
      ["Service0Function", "snapstart", "service-0/src/module-0.ts"],
      ["Service1Function", "snapstart", "service-1/src/module-0.ts"],
      ["Service2Function", "snapstart", "service-2/src/module-0.ts"],
    ]);
  });

  it("reads nothing from a run without a deployment", () => {
    expect(parseDeploymentLine("snapcheck: debug: parsed 5 files\n")).toBeUndefined();
  });
});
