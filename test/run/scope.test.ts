import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lintFiles } from "../../src/run/run.js";
import type { LintResult } from "../../src/results.js";
import { addToTree, treeTracker } from "../trees/temp-tree.js";

const trees = treeTracker();
afterAll(trees.cleanup);

const SERVERLESS = [
  "service: shop",
  "provider:",
  "  name: aws",
  "  runtime: nodejs20.x",
  "functions:",
  "  checkout:",
  "    handler: src/checkout.handler",
  "    snapStart: true",
  "  nightly:",
  "    handler: src/nightly.handler",
  "",
].join("\n");

// Held at init with no expiry check: stale in any long-lived environment, snapshot or not.
const TOKEN_CACHE = [
  'import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";',
  "const client = new SecretsManagerClient({});",
  "export const apiKey = await client.send(new GetSecretValueCommand({ SecretId: process.env.KEY_ID }));",
  "",
].join("\n");

/** Findings in code; the deployment rules' findings on the descriptors themselves are tested with those rules. */
function findings(results: LintResult[], root: string): string[] {
  return results.flatMap((result) =>
    result.messages.filter((m) => !m.ruleId?.startsWith("deployment/")).map((m) => `${path.relative(root, result.filePath)}:${m.line}:${m.column} ${m.ruleId} [${(m.functions ?? []).join(", ")}]`),
  );
}

function shop(extra: Record<string, string> = {}): string {
  return trees.track({
    "shop/serverless.yml": SERVERLESS,
    "shop/src/checkout.ts": 'import { key } from "./shared.js";\nimport { runId } from "./ids.js";\nexport const handler = async () => ({ key, runId });\n',
    "shop/src/nightly.ts": 'import { key } from "./shared.js";\nimport { runId } from "./ids.js";\nexport const handler = async () => ({ key, runId });\n',
    "shop/src/shared.ts": TOKEN_CACHE.replace("apiKey", "key"),
    "shop/src/ids.ts": 'import { randomUUID } from "node:crypto";\nexport const runId = randomUUID();\n',
    "shop/src/lazy.ts": 'export async function handler() { const { runId } = await import("./late.js"); return runId; }\n',
    "shop/src/late.ts": 'import { randomUUID } from "node:crypto";\nexport const runId = randomUUID();\n',
    "shop/scripts/seed.ts": 'import { randomUUID } from "node:crypto";\nexport const seedId = randomUUID();\n',
    "shop/src/none-only.ts": 'import { randomUUID } from "node:crypto";\nexport const id = randomUUID();\n',
    ...extra,
  });
}

/** A module that fixes a random id at init: a finding wherever it is linted. */
const INSTANCE_ID = 'import { randomUUID } from "node:crypto";\nexport const instanceId = randomUUID();\n';

describe("linting what deployed functions load at init", () => {
  it("reports a finding for the functions of each snapshot kind it matters to, and leaves out code no function loads", async () => {
    const root = shop();
    const run = await lintFiles({ cwd: root, patterns: ["."] });
    expect(findings(run.results, root)).toEqual([
      // Only checkout has SnapStart: the id made at init is frozen for it; nightly's environments each make their own.
      "shop/src/ids.ts:2:22 uniqueness/init-random [checkout]",
      // A secret kept from init goes stale in any long-lived environment: both functions are named.
      "shop/src/shared.ts:3:26 credentials/init-secret-fetch [checkout, nightly]",
    ]);
    expect(run.deployment?.model.functions.map((fn) => [fn.name, fn.snapshot])).toEqual([
      ["checkout", "snapstart"],
      ["nightly", "none"],
    ]);
    expect(run.deployment?.reachedFiles).toBe(4);
  });

  it("is silent for code only functions without a snapshot load, except the rules that matter without one", async () => {
    const root = shop({
      "shop/src/nightly.ts": 'import "./none-only.js";\nimport { key } from "./shared.js";\nexport const handler = async () => key;\n',
      "shop/src/checkout.ts": "export const handler = async () => 1;\n",
    });
    const run = await lintFiles({ cwd: root, patterns: ["."] });
    expect(findings(run.results, root)).toEqual(["shop/src/shared.ts:3:26 credentials/init-secret-fetch [nightly]"]);
  });

  it("does not judge disable comments of rules a pass without a snapshot does not run", async () => {
    const root = shop({
      "shop/src/checkout.ts": "export const handler = async () => 1;\n",
      "shop/src/nightly.ts": 'import { runId } from "./ids.js";\nexport const handler = async () => runId;\n',
      "shop/src/ids.ts": 'import { randomUUID } from "node:crypto";\n// snapcheck-disable-next-line uniqueness/init-random\nexport const runId = randomUUID();\n',
    });
    const run = await lintFiles({ cwd: root, patterns: ["."], unusedDirectiveSeverity: 2 });
    expect(findings(run.results, root)).toEqual([]);
  });

  it("lints every file as before with allFiles, from the flag or the config at the cwd", async () => {
    const root = shop();
    const expected = [
      "shop/scripts/seed.ts:2:23 uniqueness/init-random []",
      "shop/src/ids.ts:2:22 uniqueness/init-random []",
      "shop/src/late.ts:2:22 uniqueness/init-random []",
      "shop/src/none-only.ts:2:19 uniqueness/init-random []",
      "shop/src/shared.ts:3:26 credentials/init-secret-fetch []",
    ];
    const flagged = await lintFiles({ cwd: root, patterns: ["."], allFiles: true });
    expect(findings(flagged.results, root)).toEqual(expected);
    expect(flagged.deployment).toBeUndefined();
    const configured = trees.track({ ".snapcheckrc.json": '{ "allFiles": true }' });
    addToTree(configured, { "shop/serverless.yml": SERVERLESS, "shop/src/ids.ts": 'import { randomUUID } from "node:crypto";\nexport const runId = randomUUID();\n' });
    const fromConfig = await lintFiles({ cwd: configured, patterns: ["."] });
    expect(findings(fromConfig.results, configured)).toEqual(["shop/src/ids.ts:2:22 uniqueness/init-random []"]);
  });

  it("lints files outside every descriptor's project as without a deployment", async () => {
    const root = shop({ "lib/ids.ts": 'import { randomUUID } from "node:crypto";\nexport const libId = randomUUID();\n' });
    const run = await lintFiles({ cwd: root, patterns: ["."] });
    expect(findings(run.results, root)).toContain("lib/ids.ts:2:22 uniqueness/init-random []");
  });

  it("leaves out the code long-lived containers are built from, also when their entry is built inside the image", async () => {
    const root = trees.track({
      // The server runs dist/index.js, compiled in a build stage: its source cannot be told from the Dockerfile.
      "api/Dockerfile": 'FROM node:22-alpine AS build\nWORKDIR /usr\nCOPY package.json ./\nCOPY src ./src\nRUN npm install\nRUN npm run build\n\nFROM node:22-alpine\nWORKDIR /usr\nCOPY --from=build /usr/dist .\nCMD ["node", "index.js"]\n',
      "api/package.json": '{ "name": "api", "scripts": { "build": "tsc" } }',
      "api/src/index.ts": INSTANCE_ID,
      "web/sst.config.ts": [
        "export default $config({",
        "  async run() {",
        '    const cluster = new sst.aws.Cluster("Cluster", { vpc: new sst.aws.Vpc("Vpc") });',
        '    cluster.addService("Web", { image: { context: "./site" } });',
        '    cluster.addService("Proxy", { image: "nginx:latest" });',
        "  },",
        "});",
        "",
      ].join("\n"),
      "web/site/Dockerfile": 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", ".output/server/index.mjs"]\n',
      "web/site/package.json": '{ "name": "site", "scripts": { "build": "nuxt build" } }',
      "web/site/server/api/counter.ts": INSTANCE_ID,
      // Twins: beside the app, but in no image's build context; and a Python job's folder, which claims nothing.
      "web/lib/ids.ts": INSTANCE_ID,
      "jobs/Dockerfile": 'FROM python:3.12\nCOPY . .\nCMD ["python", "main.py"]\n',
      "jobs/tools/ids.ts": INSTANCE_ID,
    });
    const run = await lintFiles({ cwd: root, patterns: ["."] });
    expect(findings(run.results, root)).toEqual([
      "jobs/tools/ids.ts:2:27 uniqueness/init-random []",
      "web/lib/ids.ts:2:27 uniqueness/init-random []",
    ]);
    expect(run.deployment?.model.functions.map((fn) => [fn.name, fn.entry, fn.snapshot, path.relative(root, fn.projectRoot)])).toEqual([
      ["Web", undefined, "none", path.join("web", "site")],
      ["api", undefined, "none", "api"],
    ]);
  });

  it("leaves out what a Cloudflare Worker or a Google Cloud Function loads, and the rest of their projects", async () => {
    const root = trees.track({
      "worker/wrangler.toml": 'name = "edge-counter"\nmain = "src/index.ts"\ncompatibility_date = "2024-12-30"\n',
      "worker/src/index.ts": 'import { instanceId } from "./ids.js";\nexport default { fetch: () => new Response(instanceId) };\n',
      "worker/src/ids.ts": INSTANCE_ID,
      "worker/scripts/load.ts": INSTANCE_ID,
      "gcf/package.json": JSON.stringify({ name: "hello", main: "index.js", dependencies: { "@google-cloud/functions-framework": "^3.4.0" } }),
      "gcf/index.js": 'const { randomUUID } = require("node:crypto");\nconst instanceId = randomUUID();\nrequire("@google-cloud/functions-framework").http("hello", (req, res) => res.send(instanceId));\n',
      // Twin: beside them, in neither project.
      "lib/ids.ts": INSTANCE_ID,
    });
    const run = await lintFiles({ cwd: root, patterns: ["."] });
    expect(findings(run.results, root)).toEqual(["lib/ids.ts:2:27 uniqueness/init-random []"]);
    expect(run.deployment?.model.functions.map((fn) => [fn.name, fn.descriptorKind, fn.snapshot])).toEqual([
      ["hello", "google-cloud", "none"],
      ["edge-counter", "wrangler", "none"],
    ]);
  });

  it("reports a descriptor that cannot be read as a warning on it, and lints the rest", async () => {
    const root = shop({
      "broken/serverless.yml": "service: broken\nfunctions:\n  a: [unclosed\n",
      "broken/src/a.ts": 'import { randomUUID } from "node:crypto";\nexport const id = randomUUID();\n',
    });
    const run = await lintFiles({ cwd: root, patterns: ["."] });
    const broken = run.results.find((result) => result.filePath === path.join(root, "broken/serverless.yml"));
    expect(broken?.messages).toHaveLength(1);
    expect(broken?.messages[0]).toMatchObject({ ruleId: null, severity: 1 });
    // Said once, though both the deployment model and the deployment rules read the file.
    expect(broken?.messages[0]?.message).toMatch(/^Deployment descriptor could not be read/);
    expect(findings(run.results, root)).toContain("shop/src/ids.ts:2:22 uniqueness/init-random [checkout]");
  });
});
