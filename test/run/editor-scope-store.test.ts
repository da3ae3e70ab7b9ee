import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LintResult } from "../../src/results.js";
import { samTemplate } from "../trees/sam-template.js";
import { addToTree, treeTracker } from "../trees/temp-tree.js";

/**
 * `--stdin` keeps a file's deployment scope in snapcheck's cache folder for the next process: each run here is its
 * own process (the built bin), so nothing is shared but that folder.
 */
const BIN = fileURLToPath(new URL("../../bin/snapcheck.js", import.meta.url));
const BUILT_MAIN = fileURLToPath(new URL("../../dist/src/cli/main.js", import.meta.url));

const trees = treeTracker();
afterAll(trees.cleanup);

beforeAll(() => {
  if (!fs.existsSync(BUILT_MAIN)) throw new Error("dist/ is missing: run `npx tsc -p .` (npm test does it in pretest)");
});

const TEMPLATE = samTemplate("app.handler", ["      AutoPublishAlias: live", "      SnapStart:", "        ApplyOn: PublishedVersions"]);

const RANDOM_ID = "export const id = Math.random();\n";

function project(): string {
  return trees.track({
    "template.yaml": TEMPLATE,
    "src/app.ts": 'import { id } from "./ids";\nexport const handler = async () => id;\n',
    "src/ids.ts": RANDOM_ID,
    // In the template's project, but no function loads it: not reported.
    "src/unused.ts": RANDOM_ID,
  });
}

/** `file`'s findings from `--stdin`, as `line:column rule`. */
function lintStdin(root: string, cacheFolder: string, file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, SNAPCHECK_CODE_CACHE_DIR: cacheFolder };
    const args = [BIN, "--stdin", "--stdin-filename", file, "--format", "json"];
    const child = execFile(process.execPath, args, { cwd: root, env }, (error, stdout, stderr) => {
      if (error && error.code !== 1) return reject(new Error(`exit ${String(error.code)}: ${stderr}`));
      const [result] = JSON.parse(stdout) as LintResult[];
      resolve(result!.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}`));
    });
    child.stdin?.end(fs.readFileSync(path.join(root, file)));
  });
}

function storedScopes(cacheFolder: string): { name: string; bytes: string }[] {
  const folder = path.join(cacheFolder, "editor-scopes");
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder).map((name) => ({ name, bytes: fs.readFileSync(path.join(folder, name), "utf8") }));
}

describe("--stdin keeps the deployment scope for the next process", () => {
  it("reuses it while nothing it was built from changes", async () => {
    const root = project();
    const cacheFolder = trees.track({});
    expect(await lintStdin(root, cacheFolder, "src/unused.ts")).toEqual([]);
    const kept = storedScopes(cacheFolder);
    expect(kept).toHaveLength(1);
    // Another file of the same folder: answered from the stored scope, which is not written again.
    expect(await lintStdin(root, cacheFolder, "src/ids.ts")).toEqual(["1:19 uniqueness/init-random"]);
    expect(await lintStdin(root, cacheFolder, "src/unused.ts")).toEqual([]);
    expect(storedScopes(cacheFolder)).toEqual(kept);
  });

  it("builds it again when an imported file changes, so a file the entry now loads is reported", async () => {
    const root = project();
    const cacheFolder = trees.track({});
    expect(await lintStdin(root, cacheFolder, "src/unused.ts")).toEqual([]);
    const before = storedScopes(cacheFolder);
    addToTree(root, { "src/app.ts": 'import { id } from "./ids";\nimport "./unused";\nexport const handler = async () => id;\n' });
    expect(await lintStdin(root, cacheFolder, "src/unused.ts")).toEqual(["1:19 uniqueness/init-random"]);
    expect(storedScopes(cacheFolder)).not.toEqual(before);
  });

  it("builds it again when a descriptor is added, changed or removed", async () => {
    const root = project();
    const cacheFolder = trees.track({});
    expect(await lintStdin(root, cacheFolder, "src/ids.ts")).toEqual(["1:19 uniqueness/init-random"]);
    // The function's handler moves to a file that does not load ids.ts.
    addToTree(root, { "src/other.ts": "export const handler = async () => 1;\n", "template.yaml": TEMPLATE.replace("Handler: app.handler", "Handler: other.handler") });
    expect(await lintStdin(root, cacheFolder, "src/ids.ts")).toEqual([]);
    // No descriptor at all: linted as without a deployment.
    fs.rmSync(path.join(root, "template.yaml"));
    expect(await lintStdin(root, cacheFolder, "src/unused.ts")).toEqual(["1:19 uniqueness/init-random"]);
    // A new descriptor in the folder above: found again.
    addToTree(root, { "template.yaml": TEMPLATE });
    expect(await lintStdin(root, cacheFolder, "src/unused.ts")).toEqual([]);
  });

  it("builds it again when an entry that was missing appears", async () => {
    const root = project();
    const cacheFolder = trees.track({});
    fs.rmSync(path.join(root, "src/app.ts"));
    // A function whose entry is not there claims no code: the file is linted as without a deployment.
    expect(await lintStdin(root, cacheFolder, "src/ids.ts")).toEqual(["1:19 uniqueness/init-random"]);
    addToTree(root, { "src/app.ts": "export const handler = async () => 1;\n" });
    expect(await lintStdin(root, cacheFolder, "src/ids.ts")).toEqual([]);
  });

  it("answers correctly over a stored scope that is not one (corrupt, or of another shape), and replaces it", async () => {
    const root = project();
    const cacheFolder = trees.track({});
    expect(await lintStdin(root, cacheFolder, "src/unused.ts")).toEqual([]);
    const [kept] = storedScopes(cacheFolder);
    const file = path.join(cacheFolder, "editor-scopes", kept!.name);
    for (const broken of ["{", JSON.stringify({ ...JSON.parse(kept!.bytes), reach: { x: ["not an index"] } })]) {
      fs.writeFileSync(file, broken);
      expect(await lintStdin(root, cacheFolder, "src/ids.ts")).toEqual(["1:19 uniqueness/init-random"]);
      expect(await lintStdin(root, cacheFolder, "src/unused.ts")).toEqual([]);
      expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual(JSON.parse(kept!.bytes));
    }
  });
});
