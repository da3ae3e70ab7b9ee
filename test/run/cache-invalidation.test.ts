import { afterAll, describe, expect, it } from "vitest";
import { addToTree, treeTracker, type TreeEntry } from "../trees/temp-tree.js";
import { cacheStats, requireBuild, snapcheck } from "../adoption/bin.js";

const trees = treeTracker();
afterAll(trees.cleanup);
requireBuild();

/** A helper whose call at init freezes a random id into the caller (a finding in the importer), and its clean twin. */
const RANDOM_HELPER = `import { randomUUID } from "crypto";\nexport function makeRunId() {\n  return "run-" + randomUUID();\n}\n`;
const CONSTANT_HELPER = `export function makeRunId() {\n  return "run-1";\n}\n`;
const importer = (specifier: string) => `import { makeRunId } from "${specifier}";\nexport const runId = makeRunId();\n`;
const FINDING = /a\.ts:2:22:/;

const cached = (root: string) => snapcheck(root, ["--cache", "--debug", "-f", "unix"]);
const uncached = (root: string) => snapcheck(root, ["-f", "unix"]);

/**
 * Lints `tree` with `--cache` (writing the cache, then reusing it), applies `edit`, and returns the cached run after
 * the edit with an uncached run of the same tree, whose report it must equal byte for byte.
 */
async function afterEdit(tree: Record<string, TreeEntry>, edit: Record<string, TreeEntry>) {
  const root = trees.track(tree);
  const before = await cached(root);
  const reused = await cached(root);
  expect(cacheStats(reused.stderr)).toMatchObject({ misses: 0, parsed: 0 });
  expect([reused.code, reused.stdout]).toEqual([before.code, before.stdout]);
  addToTree(root, edit);
  const after = await cached(root);
  const truth = await uncached(root);
  expect([after.code, after.stdout]).toEqual([truth.code, truth.stdout]);
  return { before, after };
}

describe.concurrent("--cache after an edit reports what an uncached run reports", { timeout: 60_000 }, () => {
  it("an imported file's content changed", async () => {
    const { before, after } = await afterEdit({ "a.ts": importer("./lib/ids"), "lib/ids.ts": RANDOM_HELPER }, { "lib/ids.ts": CONSTANT_HELPER });
    expect(before.stdout).toMatch(FINDING);
    expect(after.stdout).not.toMatch(FINDING);
  });

  it("a new file shadows the one an import resolved to (db.ts before db/index.ts)", async () => {
    const { before, after } = await afterEdit({ "a.ts": importer("./db"), "db/index.ts": CONSTANT_HELPER }, { "db.ts": RANDOM_HELPER });
    expect(before.stdout).not.toMatch(FINDING);
    expect(after.stdout).toMatch(FINDING);
  });

  it("a file appears in a folder that did not exist, where an import looked", async () => {
    const { before, after } = await afterEdit({ "src/a.ts": importer("../lib/ids") }, { "lib/ids.ts": RANDOM_HELPER });
    expect(before.stdout).not.toMatch(FINDING);
    expect(after.stdout).toMatch(FINDING);
  });

  it("a tsconfig `paths` mapping changed", async () => {
    const tsconfig = (target: string) => JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@ids/*": [`${target}/*`] } } });
    const { before, after } = await afterEdit(
      { "tsconfig.json": tsconfig("random"), "a.ts": importer("@ids/helper"), "random/helper.ts": RANDOM_HELPER, "constant/helper.ts": CONSTANT_HELPER },
      { "tsconfig.json": tsconfig("constant") },
    );
    expect(before.stdout).toMatch(FINDING);
    expect(after.stdout).not.toMatch(FINDING);
  });

  it("a tsconfig appears in a folder between the file and the one in force", async () => {
    const { before, after } = await afterEdit(
      {
        "tsconfig.json": JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@ids/*": ["constant/*"] } } }),
        "app/a.ts": importer("@ids/helper"),
        "constant/helper.ts": CONSTANT_HELPER,
        "app/random/helper.ts": RANDOM_HELPER,
      },
      { "app/tsconfig.json": JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@ids/*": ["random/*"] } } }) },
    );
    expect(before.stdout).not.toMatch(FINDING);
    expect(after.stdout).toMatch(FINDING);
  });

  it("a workspace package's `exports` changed", async () => {
    const manifest = (entry: string) => JSON.stringify({ name: "@acme/ids", type: "module", exports: { ".": entry } });
    const { before, after } = await afterEdit(
      {
        "package.json": JSON.stringify({ name: "app", type: "module", workspaces: ["packages/*"] }),
        "a.ts": importer("@acme/ids"),
        "packages/ids/package.json": manifest("./src/random.ts"),
        "packages/ids/src/random.ts": RANDOM_HELPER,
        "packages/ids/src/constant.ts": CONSTANT_HELPER,
        "node_modules/@acme/ids": { symlink: "../../packages/ids" },
      },
      { "packages/ids/package.json": manifest("./src/constant.ts") },
    );
    expect(before.stdout).toMatch(FINDING);
    expect(after.stdout).not.toMatch(FINDING);
  });

  it("a package.json `imports` entry changed", async () => {
    const manifest = (target: string) => JSON.stringify({ name: "app", type: "module", imports: { "#ids": target } });
    const { before, after } = await afterEdit(
      { "package.json": manifest("./random.ts"), "a.ts": importer("#ids"), "random.ts": RANDOM_HELPER, "constant.ts": CONSTANT_HELPER },
      { "package.json": manifest("./constant.ts") },
    );
    expect(before.stdout).toMatch(FINDING);
    expect(after.stdout).not.toMatch(FINDING);
  });

  it("a .gcloudignore appears beside a package.json, making the package a Google Cloud deployment", async () => {
    const { before, after } = await afterEdit(
      { "package.json": JSON.stringify({ name: "fn", main: "a.js" }), "a.ts": importer("./lib/ids"), "lib/ids.ts": RANDOM_HELPER },
      { ".gcloudignore": "node_modules\n" },
    );
    expect(before.stdout).toMatch(FINDING);
    // Its entry is never snapshotted: nothing made at init is shared.
    expect(after.stdout).not.toMatch(FINDING);
  });

  it("a deployment descriptor adds a function, and then removes it", async () => {
    const serverless = (functions: string[]) =>
      `service: app\nprovider:\n  name: aws\n  runtime: nodejs22.x\n  snapStart: true\nfunctions:\n${functions.map((name) => `  ${name}:\n    handler: ${name}.handler\n`).join("")}`;
    const handler = (body: string) => `${body}export const handler = async () => ({ ok: true });\n`;
    const tree = {
      "package.json": JSON.stringify({ name: "app" }),
      "serverless.yml": serverless(["a"]),
      "a.ts": handler(""),
      "b.ts": handler(`import { randomUUID } from "crypto";\nexport const bootId = randomUUID();\n`),
    };
    const { before, after } = await afterEdit(tree, { "serverless.yml": serverless(["a", "b"]) });
    expect(before.stdout).not.toMatch(/b\.ts:/);
    expect(after.stdout).toMatch(/b\.ts:2:23:/);
    const root = trees.track(tree);
    await cached(root);
    addToTree(root, { "serverless.yml": serverless(["a", "b"]) });
    await cached(root);
    addToTree(root, { "serverless.yml": serverless(["a"]) });
    const removed = await cached(root);
    expect([removed.code, removed.stdout]).toEqual([(await uncached(root)).code, (await uncached(root)).stdout]);
    expect(removed.stdout).not.toMatch(/b\.ts:/);
  });
});

describe.concurrent("--cache rebuilding a plan after an edit", { timeout: 60_000 }, () => {
  const template = [
    "Transform: AWS::Serverless-2016-10-31",
    "Resources:",
    "  Api:",
    "    Type: AWS::Serverless::Function",
    "    Properties:",
    "      CodeUri: .",
    "      Handler: src/api.handler",
    "      Runtime: nodejs22.x",
    "",
  ].join("\n");
  const tree = {
    "package.json": JSON.stringify({ name: "app" }),
    "template.yaml": template,
    "src/api.ts": `import { db } from "../lib/db";\nexport const handler = async () => db;\n`,
    "lib/db.ts": `import { config } from "./config";\nexport const db = { config };\n`,
    "lib/config.ts": `export const config = { region: "eu" };\n`,
    "lib/ids.ts": `import { randomUUID } from "crypto";\nexport const bootId = randomUUID();\n`,
  };
  const ID_FINDING = /lib\/ids\.ts:2:23: .*init-random/;
  /** `--debug`'s line about the plan, without its time. */
  const planLine = (stderr: string) => /deployment: .* reaches \d+ files/.exec(stderr)?.[0];

  it("parses only the edited file again, and reports what a cold run reports", async () => {
    // lib/config.ts now loads lib/ids.ts at init: the function reaches it, and its init-time id is reported.
    const { before, after } = await afterEdit(tree, { "lib/config.ts": `import { bootId } from "./ids";\nexport const config = { region: "eu", bootId };\n` });
    expect(before.stdout).not.toMatch(ID_FINDING);
    expect(after.stdout).toMatch(ID_FINDING);
    // src/api.ts and lib/db.ts come from the cache; lib/config.ts changed, and lib/ids.ts was never read.
    expect(after.stderr).toContain("deployment plan rebuilt; the imports of 2 unchanged files reused from the cache");
  });

  it("drops what an edited file no longer imports", async () => {
    const root = trees.track({ ...tree, "lib/config.ts": `import { bootId } from "./ids";\nexport const config = { region: "eu", bootId };\n` });
    const before = await cached(root);
    expect(before.stdout).toMatch(ID_FINDING);
    addToTree(root, { "lib/config.ts": `export const config = { region: "us" };\n` });
    const after = await cached(root);
    expect(after.stderr).toContain("the imports of 2 unchanged files reused from the cache");
    const cold = await snapcheck(root, ["--debug", "-f", "unix"]);
    expect([after.code, after.stdout, planLine(after.stderr)]).toEqual([cold.code, cold.stdout, planLine(cold.stderr)]);
    expect(planLine(after.stderr)).toMatch(/reaches 3 files$/);
    expect(after.stdout).not.toMatch(ID_FINDING);
    // The rebuilt plan holds: the next run reuses it whole.
    expect((await cached(root)).stderr).toContain("deployment plan and import graph reused from the cache");
  });
});

describe.concurrent("--cache and a function's entry outside the linted files", { timeout: 60_000 }, () => {
  const template = [
    "Transform: AWS::Serverless-2016-10-31",
    "Globals:",
    "  Function:",
    "    Runtime: nodejs22.x",
    "    CodeUri: .",
    "    SnapStart:",
    "      ApplyOn: PublishedVersions",
    "Resources:",
    "  Api:",
    "    Type: AWS::Serverless::Function",
    "    Properties:",
    "      Handler: src/api.handler",
    "  Worker:",
    "    Type: AWS::Serverless::Function",
    "    Properties:",
    "      Handler: other/worker.handler",
    "",
  ].join("\n");
  // The worker's entry is missing: src/ids.ts is reached by no function, so its init-time id is not reported.
  const tree = () =>
    trees.track({
      "package.json": JSON.stringify({ name: "app" }),
      "template.yaml": template,
      "src/api.ts": "export const handler = async () => ({ ok: true });\n",
      "src/ids.ts": `import { randomUUID } from "crypto";\nexport const bootId = randomUUID();\n`,
      "other/README.md": "The worker.\n",
    });
  const lintSrc = (root: string) => snapcheck(root, ["src", "--cache", "--debug", "-f", "unix"]);
  const REUSED = "deployment plan and import graph reused from the cache";
  const ID_FINDING = /src\/ids\.ts:2:23: .*init-random/;

  it("rebuilds the plan when the missing entry is created", async () => {
    const root = tree();
    const before = await lintSrc(root);
    expect([before.code, before.stdout]).toEqual([0, ""]);
    expect((await lintSrc(root)).stderr).toContain(REUSED);
    addToTree(root, { "other/worker.ts": `import { bootId } from "../src/ids";\nexport const handler = async () => ({ bootId });\n` });
    const after = await lintSrc(root);
    expect(after.stderr).not.toContain(REUSED);
    expect(after.stdout).toMatch(ID_FINDING);
    const uncachedRun = await snapcheck(root, ["src", "-f", "unix"]);
    expect([after.code, after.stdout]).toEqual([uncachedRun.code, uncachedRun.stdout]);
  });

  it("reuses the plan when an unrelated file appears beside where the entry was looked for", async () => {
    const root = tree();
    await lintSrc(root);
    addToTree(root, { "other/notes.txt": "Not code.\n", "other/worker.md": "Not the entry either.\n" });
    const after = await lintSrc(root);
    expect(after.stderr).toContain(REUSED);
    expect([after.code, after.stdout]).toEqual([0, ""]);
  });
});
