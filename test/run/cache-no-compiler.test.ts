import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { addToTree, treeTracker } from "../trees/temp-tree.js";
import { cacheStats, git, requireBuild, snapcheck } from "../adoption/bin.js";

const trees = treeTracker();
afterAll(trees.cleanup);
requireBuild();

/**
 * Whether the run loaded the TypeScript compiler, from its `--debug` line. The compiler is loaded by whatever first
 * imports it, so a static import that reaches it from the command line's path makes these tests fail.
 */
function compiler(stderr: string): "loaded" | "not loaded" {
  const said = /TypeScript compiler (loaded|not loaded)/.exec(stderr)?.[1];
  if (!said) throw new Error(`no compiler line in: ${stderr}`);
  return said as "loaded" | "not loaded";
}

const HELPER = `import { randomUUID } from "crypto";\nexport function makeRunId() {\n  return "run-" + randomUUID();\n}\n`;

describe.concurrent("a --cache run with nothing changed", { timeout: 60_000 }, () => {
  it("never loads the compiler, and reports what the first run reported", async () => {
    const root = trees.track({
      "package.json": JSON.stringify({ name: "app", type: "module" }),
      "tsconfig.json": JSON.stringify({ compilerOptions: { module: "nodenext", baseUrl: ".", paths: { "@lib/*": ["lib/*"] } } }),
      "a.ts": `import { makeRunId } from "@lib/ids.js";\nexport const runId = makeRunId();\n`,
      "b.ts": "export const handler = async () => ({ ok: true });\n",
      "lib/ids.ts": HELPER,
      "test/a.test.ts": `import { runId } from "../a.js";\nexport const copy = runId;\n`,
    });
    const first = await snapcheck(root, ["--cache", "--debug", "-f", "json"]);
    expect(compiler(first.stderr)).toBe("loaded");
    const second = await snapcheck(root, ["--cache", "--debug", "-f", "json"]);
    expect(compiler(second.stderr)).toBe("not loaded");
    expect(cacheStats(second.stderr)).toEqual({ hits: 3, misses: 0, parsed: 0 });
    expect([second.code, second.stdout]).toEqual([first.code, first.stdout]);
    expect(second.stderr).toContain("left out test/a.test.ts");
    // One edit: the compiler loads again, for that file only.
    addToTree(root, { "b.ts": "export const bootId = crypto.randomUUID();\n" });
    const edited = await snapcheck(root, ["--cache", "--debug", "-f", "json"]);
    expect(compiler(edited.stderr)).toBe("loaded");
    expect(cacheStats(edited.stderr)).toMatchObject({ hits: 2, misses: 1 });
  });

  it("never loads the compiler in a deployment's project, with its unreached files and descriptors", async () => {
    const root = trees.track({
      "package.json": JSON.stringify({ name: "app" }),
      "serverless.yml": "service: app\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  a:\n    handler: a.handler\n    snapStart: true\n",
      "a.ts": `import { makeRunId } from "./lib/ids";\nconst runId = makeRunId();\nexport const handler = async () => ({ runId });\n`,
      "lib/ids.ts": HELPER,
      "scripts/seed.ts": `import { randomUUID } from "crypto";\nexport const seed = randomUUID();\n`,
    });
    const first = await snapcheck(root, ["--cache", "--debug", "-f", "json"]);
    expect(first.stderr).toContain("functions from");
    const second = await snapcheck(root, ["--cache", "--debug", "-f", "json"]);
    expect(compiler(second.stderr)).toBe("not loaded");
    expect(second.stderr).toContain("deployment plan and import graph reused from the cache");
    expect([second.code, second.stdout]).toEqual([first.code, first.stdout]);
  });

  it("with --changed and no change, never loads the compiler", async () => {
    const root = trees.track({
      ".gitignore": ".snapcheckcache\n",
      "a.ts": `import { makeRunId } from "./ids";\nexport const runId = makeRunId();\n`,
      "ids.ts": HELPER,
    });
    await git(root, "init", "-q");
    await git(root, "add", ".");
    await git(root, "commit", "-q", "-m", "init");
    const changed = () => snapcheck(root, ["--changed", "--cache", "--debug", "-f", "json"]);
    // The rules' metadata comes from the build (dist/rules/meta.json): not even the first run loads the rules.
    expect(compiler((await changed()).stderr)).toBe("not loaded");
    const quiet = await changed();
    expect([quiet.code, quiet.stdout.trim(), compiler(quiet.stderr)]).toEqual([0, "[]", "not loaded"]);
    // A descriptor candidate (a package.json) that did not change: no deployment plan is built for it.
    addToTree(root, { "package.json": JSON.stringify({ name: "app" }) });
    await git(root, "add", ".");
    await git(root, "commit", "-q", "-m", "manifest");
    const again = await changed();
    expect([again.code, again.stdout.trim(), compiler(again.stderr)]).toEqual([0, "[]", "not loaded"]);
    // A real change is linted, with its importer.
    addToTree(root, { "ids.ts": `${HELPER}// edited\n` });
    const edited = await changed();
    expect(JSON.parse(edited.stdout).map((result: { filePath: string }) => result.filePath.slice(root.length + 1))).toEqual(["a.ts", "ids.ts"]);
  });
});

describe("a --cache run served from the cache", { timeout: 60_000 }, () => {
  it("reuses the plan of a monorepo of SAM, serverless, CDK, compose and startup-snapshot descriptors, and reports what an uncached run reports", async () => {
    const root = trees.track({});
    // A copy: the cache is written beside the files. Links (workspace packages in node_modules) are kept as links.
    fs.cpSync(fileURLToPath(new URL("../../fixtures/monorepo", import.meta.url)), root, { recursive: true, verbatimSymlinks: true });
    const args = ["--cache", "--debug", "-f", "json"];
    const first = await snapcheck(root, args);
    const second = await snapcheck(root, args);
    expect(second.stderr).toContain("deployment plan and import graph reused from the cache");
    expect(second.stderr).not.toContain("dropped");
    expect(compiler(second.stderr)).toBe("not loaded");
    const uncached = await snapcheck(root, ["-f", "json"]);
    expect([second.code, second.stdout]).toEqual([first.code, first.stdout]);
    expect([second.code, second.stdout]).toEqual([uncached.code, uncached.stdout]);
    expect(JSON.parse(second.stdout).some((result: { filePath: string; messages: unknown[] }) => result.messages.length > 0 && path.isAbsolute(result.filePath))).toBe(true);
  });

  it("still warns about a package.json its imports resolved through that is not valid JSON", async () => {
    const root = trees.track({
      "package.json": `// the service\n${JSON.stringify({ name: "app", type: "module", imports: { "#ids": "./ids.ts" } })}\n`,
      "a.ts": `import { makeRunId } from "#ids";\nexport const runId = makeRunId();\n`,
      "ids.ts": HELPER,
    });
    const warning = /snapcheck: warning: package\.json: package\.json is not valid JSON/;
    const first = await snapcheck(root, ["--cache", "--debug", "-f", "unix"]);
    expect(first.stderr).toMatch(warning);
    const second = await snapcheck(root, ["--cache", "--debug", "-f", "unix"]);
    expect(compiler(second.stderr)).toBe("not loaded");
    expect(second.stderr).toMatch(warning);
    expect([second.code, second.stdout]).toEqual([first.code, first.stdout]);
  });
});

describe.concurrent("--changed in a deployment with nothing relevant changed", { timeout: 60_000 }, () => {
  /** A SAM function and a CDK app, each with SnapStart on and no version published (a deployment finding each). */
  const deployment = () =>
    trees.track({
      ".gitignore": ".snapcheckcache\n",
      "package.json": JSON.stringify({ name: "app" }),
      "template.yaml": [
        "Transform: AWS::Serverless-2016-10-31",
        "Resources:",
        "  Api:",
        "    Type: AWS::Serverless::Function",
        "    Properties:",
        "      CodeUri: api",
        "      Handler: index.handler",
        "      Runtime: nodejs22.x",
        "      SnapStart:",
        "        ApplyOn: PublishedVersions",
        "",
      ].join("\n"),
      "api/index.ts": "export const handler = async () => ({ ok: true });\n",
      "cdk.json": JSON.stringify({ app: "npx ts-node --prefer-ts-exts bin/app.ts" }),
      "bin/app.ts": `import { App } from "aws-cdk-lib";\nimport { OrdersStack } from "../lib/orders-stack";\n\nnew OrdersStack(new App(), "Orders");\n`,
      "lib/orders-stack.ts": [
        `import { Stack } from "aws-cdk-lib";`,
        `import * as lambda from "aws-cdk-lib/aws-lambda";`,
        `import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";`,
        "",
        "export class OrdersStack extends Stack {",
        "  constructor(scope, id) {",
        "    super(scope, id);",
        `    new NodejsFunction(this, "Orders", { entry: "handlers/orders.ts", snapStart: lambda.SnapStartConf.ON_PUBLISHED_VERSIONS });`,
        "  }",
        "}",
        "",
      ].join("\n"),
      "handlers/orders.ts": "export const handler = async () => [];\n",
    });
  const committed = async () => {
    const root = deployment();
    await git(root, "init", "-q");
    await git(root, "add", ".");
    await git(root, "commit", "-q", "-m", "init");
    return root;
  };
  const TEMPLATE_UNPUBLISHED = /^template\.yaml:9:7: .*\[Error\/deployment\/snapstart-unpublished\]$/m;
  const STACK_FINDING = /lib\/orders-stack\.ts:/;
  const PLAN_BUILT = /debug: deployment: 2 functions from 2 descriptors/;
  const relative = (root: string, stdout: string) => stdout.split(`${root}/`).join("");

  it("builds no plan and loads no compiler without --cache, and still reports a changed template's deployment findings", async () => {
    const root = await committed();
    const everything = await snapcheck(root, ["--debug", "-f", "unix"]);
    expect(relative(root, everything.stdout)).toMatch(TEMPLATE_UNPUBLISHED);
    expect(everything.stdout).toMatch(STACK_FINDING);
    const quiet = await snapcheck(root, ["--changed", "--debug", "-f", "unix"]);
    expect([quiet.code, quiet.stdout, compiler(quiet.stderr)]).toEqual([0, "", "not loaded"]);
    expect(quiet.stderr).not.toMatch(PLAN_BUILT);
    // A change the readers never read (a note) builds no plan either.
    addToTree(root, { "NOTES.md": "Deploy on Tuesdays.\n" });
    const noted = await snapcheck(root, ["--changed", "--debug", "-f", "unix"]);
    expect([noted.code, noted.stdout, compiler(noted.stderr)]).toEqual([0, "", "not loaded"]);
    expect(noted.stderr).not.toMatch(PLAN_BUILT);
    addToTree(root, { "template.yaml": `${fs.readFileSync(path.join(root, "template.yaml"), "utf8")}      MemorySize: 256\n` });
    const changed = await snapcheck(root, ["--changed", "--debug", "-f", "unix"]);
    expect([changed.code, compiler(changed.stderr)]).toEqual([1, "loaded"]);
    expect(changed.stderr).toMatch(PLAN_BUILT);
    expect(relative(root, changed.stdout)).toMatch(TEMPLATE_UNPUBLISHED);
    expect(changed.stdout).not.toMatch(STACK_FINDING);
  });

  it("never loads the compiler with --cache when no plan for the changed files is cached", async () => {
    const root = await committed();
    // Learns the rules' metadata and caches the plan of a run over every file (another plan than --changed needs).
    const everything = await snapcheck(root, ["--cache", "-f", "unix"]);
    expect(everything.code).toBe(1);
    const quiet = await snapcheck(root, ["--changed", "--cache", "--debug", "-f", "unix"]);
    expect([quiet.code, quiet.stdout, compiler(quiet.stderr)]).toEqual([0, "", "not loaded"]);
    expect(quiet.stderr).not.toMatch(PLAN_BUILT);
    addToTree(root, { "template.yaml": `${fs.readFileSync(path.join(root, "template.yaml"), "utf8")}      MemorySize: 256\n` });
    const changed = await snapcheck(root, ["--changed", "--cache", "--debug", "-f", "unix"]);
    const uncached = await snapcheck(root, ["--changed", "-f", "unix"]);
    expect([changed.code, changed.stdout]).toEqual([uncached.code, uncached.stdout]);
    expect(relative(root, changed.stdout)).toMatch(TEMPLATE_UNPUBLISHED);
  });
});
