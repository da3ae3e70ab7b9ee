import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { FINGERPRINT_KEY, type SarifLog } from "../../src/formatters/sarif.js";
import { treeTracker } from "../trees/temp-tree.js";

const trees = treeTracker();
afterAll(trees.cleanup);

const DB = 'import Redis from "ioredis";\nexport function makeRedis() {\n  return new Redis(process.env.REDIS_URL);\n}\n';
const HELPERS = 'import { makeRedis } from "./lib/db.js";\nexport const redis = makeRedis();\nexport const random = Math.random();\n';

interface Alert {
  ruleId: string;
  line: number;
  message: string;
  fingerprint: string;
}

/** The code scanning alerts `snapcheck . -f sarif` gives for the tree, as GitHub would match them. */
async function alerts(cwd: string, args: string[] = [], stdin?: string): Promise<Alert[]> {
  let stdout = "";
  const io: CliIo = {
    cwd,
    env: {},
    stdoutIsTTY: false,
    columns: undefined,
    writeOut: (text) => (stdout += text),
    writeErr: () => {},
    readStdin: async () => Buffer.from(stdin ?? ""),
  };
  await main(["node", "snapcheck", ...(args.length > 0 ? args : ["."]), "-f", "sarif"], io);
  const log = JSON.parse(stdout) as SarifLog;
  return log.runs[0]!.results.map((result) => ({
    ruleId: result.ruleId,
    line: result.locations[0]!.physicalLocation.region!.startLine,
    message: result.message.text,
    fingerprint: result.partialFingerprints[FINGERPRINT_KEY]!,
  }));
}

function prepend(file: string, lines: string): void {
  fs.writeFileSync(file, lines + fs.readFileSync(file, "utf8"));
}

describe("SARIF fingerprints", () => {
  it("stay the same when lines are inserted above a finding and in the file it imports", async () => {
    const cwd = trees.track({ "package.json": "{}", "lib/db.ts": DB, "helpers.ts": HELPERS });
    const before = await alerts(cwd);
    const viaHelper = before.find((alert) => alert.ruleId === "connections/init-connection")!;
    expect(viaHelper).toMatchObject({ line: 2 });
    expect(viaHelper.message).toContain("lib/db.ts:3");
    expect(before.map((alert) => alert.ruleId)).toContain("uniqueness/init-random");

    prepend(path.join(cwd, "helpers.ts"), "// the shared clients\n\n");
    prepend(path.join(cwd, "lib/db.ts"), "// Redis, configured from the environment\n// (see README)\n\n");
    const after = await alerts(cwd);
    // The findings moved and the message names the helper's new line; the fingerprints did not change.
    expect(after.find((alert) => alert.ruleId === "connections/init-connection")).toMatchObject({ line: 4 });
    expect(after.find((alert) => alert.ruleId === "connections/init-connection")!.message).toContain("lib/db.ts:6");
    expect(after.map((alert) => [alert.ruleId, alert.fingerprint])).toEqual(before.map((alert) => [alert.ruleId, alert.fingerprint]));
  });

  it("ignore whitespace inside the flagged code, and change when the flagged code changes", async () => {
    const cwd = trees.track({ "package.json": "{}", "a.ts": "export const random = Math.random();\n" });
    const [original] = await alerts(cwd);
    fs.writeFileSync(path.join(cwd, "a.ts"), "export const random = Math.random(  );\n");
    const [spaced] = await alerts(cwd);
    expect(spaced!.fingerprint).toBe(original!.fingerprint);
    fs.writeFileSync(path.join(cwd, "a.ts"), "export const random = Date.now();\n");
    const [changed] = await alerts(cwd);
    expect(changed!.ruleId).toBe(original!.ruleId);
    expect(changed!.fingerprint).not.toBe(original!.fingerprint);
  });

  it("hash the text read from stdin, not a file of that name on disk", async () => {
    const cwd = trees.track({ "package.json": "{}", "a.ts": "// other text on disk\n\n\nexport const x = 1;\n" });
    const fromStdin = await alerts(cwd, ["--stdin", "--stdin-filename", "a.ts"], "export const random = Math.random();\n");
    fs.writeFileSync(path.join(cwd, "a.ts"), "export const random = Math.random();\n");
    const fromDisk = await alerts(cwd, ["a.ts"]);
    expect(fromStdin.map((alert) => alert.fingerprint)).toEqual(fromDisk.map((alert) => alert.fingerprint));
  });
});
