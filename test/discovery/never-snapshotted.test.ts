import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lines, requireBuild, snapcheck } from "../adoption/bin.js";
import { ModuleResolver } from "../../src/analysis/resolution.js";
import { ModuleGraph } from "../../src/discovery/module-graph.js";
import { hasDirective, NeverSnapshottedClassifier } from "../../src/discovery/never-snapshotted.js";
import { treeTracker } from "../trees/temp-tree.js";

const trees = treeTracker();
afterAll(trees.cleanup);
requireBuild();

/** A hazard in every file, so a linted file always has a finding and a left-out one none. */
const HAZARD = "export const requestId = crypto.randomUUID();\n";
const REACT_APP = `import { useState } from "react";\n${HAZARD}export function App() { return useState(0); }\n`;

/** Each kind of never-snapshotted code beside a tempting twin that a snapshot does run. */
const PROJECT = {
  "package.json": '{ "name": "orders" }',
  // tests
  "src/handler.test.ts": HAZARD,
  "src/handler.spec.mjs": HAZARD,
  "src/__tests__/orders.ts": HAZARD,
  "tests/unit/orders.ts": HAZARD,
  "tests/e2e/constants.ts": HAZARD,
  "e2e/checkout.ts": HAZARD,
  "cypress/support/commands.ts": HAZARD,
  "playwright.config.ts": HAZARD,
  "src/test-utils.ts": HAZARD,
  "src/contest.ts": HAZARD,
  "src/latest.test-data.ts": HAZARD,
  "src/tests/fixtures-loader.ts": HAZARD,
  "src/pricing.bench.ts": HAZARD,
  "src/jwt.fuzz.js": HAZARD,
  "src/jwt.perf.js": HAZARD,
  "src/perf.ts": HAZARD,
  "src/benchmark.ts": HAZARD,
  "integration/playwright/fixtures/todos.ts": HAZARD,
  "tests/events/package.json": '{ "name": "event-tests", "private": true }',
  "tests/events/trigger.mjs": HAZARD,
  "load-test/checkout.yml": 'config:\n  target: "https://api.example.com"\n  processor: "./ticket-data.js"\nscenarios:\n  - flow:\n      - function: "generateTicket"\n',
  "load-test/ticket-data.js": `${HAZARD}module.exports = { generateTicket: (context, events, next) => next() };\n`,
  "load-test/report.js": HAZARD,
  "testing/packages/playwright/package.json": '{ "name": "playwright", "private": true, "dependencies": { "@playwright/test": "^1.28.1" } }',
  "testing/packages/playwright/shared/utils/generate-username.ts": HAZARD,
  "testing/packages/e2e-reports/package.json": '{ "name": "e2e-reports" }',
  "testing/packages/e2e-reports/src/store.ts": HAZARD,
  // browser code
  "src/components/cart.tsx": `'use client';\n${HAZARD}`,
  "src/directives.ts": `export const marker = "use client";\n${HAZARD}`,
  "src/commented.ts": `// 'use client' would make this a client module\n${HAZARD}`,
  "web/index.html": '<!doctype html><html><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>',
  "web/src/main.tsx": `import { App } from "./App";\n${HAZARD}`,
  "web/src/App.tsx": `import { sign } from "./signing";\n${REACT_APP}`,
  "web/src/signing.ts": `import { createHmac } from "node:crypto";\n${HAZARD}export const sign = (s: string) => createHmac("sha256", "k").update(s).digest("hex");\n`,
  "admin/package.json": '{ "name": "admin" }',
  "admin/src/index.tsx": `import { createRoot } from "react-dom/client";\nimport { App } from "./App";\n${HAZARD}createRoot(document.getElementById("root")!).render(App());\n`,
  "admin/src/App.tsx": REACT_APP,
  "ssr/package.json": '{ "name": "shop" }',
  "ssr/app/client.tsx": `import { hydrateRoot } from "react-dom/client";\nimport { routes } from "./routes/deferred";\n${HAZARD}hydrateRoot(document, routes);\n`,
  "ssr/app/routes/deferred.tsx": `import { createServerFn } from "@tanstack/start";\n${HAZARD}export const routes = createServerFn("GET", () => Math.random());\n`,
  "src/render.ts": `import { renderToString } from "react-dom/server";\n${HAZARD}export const handler = () => renderToString(null);\n`,
  // a Next.js app: what only 'use client' modules import is client code too
  "chat/package.json": '{ "name": "chat", "dependencies": { "next": "15.0.0" } }',
  "chat/app/page.tsx": `import { Chat } from "../components/chat";\nimport { Header } from "../components/header";\n${HAZARD}export default function Page() { return [Header(), Chat()]; }\n`,
  "chat/components/chat.tsx": [
    "'use client';",
    'import { Bubble } from "./bubble";',
    'import { Header } from "./header";',
    'import { format } from "../lib/format";',
    'import { toMessage } from "../lib/messages";',
    'import { session } from "../lib/session";',
    'import { send } from "../lib/actions";',
    'import { theme } from "../lib/theme";',
    'import { legacy } from "../lib/legacy";',
    HAZARD,
  ].join("\n"),
  "chat/components/bubble.tsx": `import { Avatar } from "./avatar";\n${HAZARD}`,
  "chat/components/avatar.tsx": HAZARD,
  "chat/components/header.tsx": HAZARD,
  "chat/lib/format.ts": HAZARD,
  "chat/lib/messages.ts": HAZARD,
  "chat/lib/session.ts": HAZARD,
  "chat/lib/actions.ts": `"use server";\n${HAZARD}`,
  // Server importers the parser finds only through an exact tsconfig alias, or a template literal.
  "chat/tsconfig.json": JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@theme": ["./lib/theme.ts"] } } }),
  "chat/lib/theme.ts": HAZARD,
  "chat/app/layout.tsx": `import { theme } from "@theme";\n${HAZARD}export default function Layout() { return theme; }\n`,
  "chat/lib/legacy.ts": HAZARD,
  "chat/app/api/legacy/route.js": `const { legacy } = require(\`../../../lib/legacy\`);\n${HAZARD}`,
  "chat/app/api/messages/route.ts": `import { format } from "../../../lib/format";\nimport type { Message } from "../../../lib/messages";\n${HAZARD}`,
  "chat/pages/api/session.ts": `import { session } from "../../lib/session";\n${HAZARD}`,
  // edge runtimes
  "chat/app/api/stream/route.ts": `export const runtime = "edge";\n${HAZARD}`,
  "chat/pages/api/geo.ts": `export const config = { regions: ["iad1"], runtime: "edge" };\n${HAZARD}`,
  "chat/app/api/upload/route.ts": `export const runtime = "nodejs"; // not the edge runtime\n${HAZARD}`,
  "chat/middleware.ts": `import { NextResponse } from "next/server";\n${HAZARD}export function middleware() { return NextResponse.next(); }\n`,
  "chat/lib/middleware.ts": HAZARD,
  "node-mw/package.json": '{ "name": "node-mw", "dependencies": { "next": "15.5.0" } }',
  "node-mw/src/middleware.ts": `export const config = { runtime: "nodejs" };\n${HAZARD}`,
  "cdn/cff/ab-test.js": "var A = 'index.html';\nfunction handler(event) {\n  var request = event.request;\n  request.uri = Math.random() < 0.8 ? '/' + A : '/index_b.html';\n  return request;\n}\n",
  "cdn/edge-lambda/index.js": `const requestId = crypto.randomUUID();\nfunction handler(event) { return { requestId, request: event.request }; }\nmodule.exports = { handler };\n`,
  // scripts a package manager runs, build tool configs, command-line programs
  "docs/package.json": '{ "name": "docs", "devDependencies": { "docusaurus": "^1.12.0" } }',
  "docs/siteConfig.js": "module.exports = { copyright: `© ${new Date().getFullYear()}` };\n",
  "web/vite.config.ts": HAZARD,
  "tools/siteConfig.js": HAZARD,
  "tools/middleware.ts": HAZARD,
  "tools/analyze.js": "const day = process.argv[2] ?? new Date().toISOString();\nconsole.log(day, crypto.randomUUID());\n",
  "tools/flags.ts": `export const verbose = process.argv.includes("--verbose");\n${HAZARD}`,
  "tools/snapshot-cli.js": 'const v8 = require("node:v8");\nconst runId = crypto.randomUUID();\nv8.startupSnapshot.setDeserializeMainFunction(() => console.log(process.argv[2], runId));\n',
  "tools/package.json": JSON.stringify({
    name: "tools",
    scripts: {
      seed: "tsx scripts/seed.ts",
      build: "node build.mjs && tsc -p .",
      "migrate:up": "NODE_ENV=production node dist/migrate.js",
      start: "node dist/server.js",
      "dev:api": "tsx watch src/api.ts",
      lint: "eslint .",
    },
  }),
  "tools/scripts/seed.ts": `import { table } from "./tables";\n${HAZARD}`,
  "tools/scripts/tables.ts": HAZARD,
  "tools/scripts/report.ts": HAZARD,
  "tools/build.mjs": HAZARD,
  "tools/src/migrate.ts": HAZARD,
  "tools/src/server.ts": HAZARD,
  "tools/src/api.ts": HAZARD,
  // infrastructure
  "infra/bin/app.ts": `import { App } from "aws-cdk-lib";\nimport { OrdersStack } from "../lib/orders-stack";\n${HAZARD}new OrdersStack(new App(), "Orders");\n`,
  "infra/lib/orders-stack.ts": `import { Stack } from "aws-cdk-lib";\nimport { Construct } from "constructs";\n${HAZARD}export class OrdersStack extends Stack {}\n`,
  "src/upload.ts": `import { S3Client } from "@aws-sdk/client-s3";\nimport { Resource } from "sst";\n${HAZARD}export const s3 = new S3Client({});\n`,
  "src/notes.ts": `// constructs and aws-cdk-lib are for the stack, not for this handler\n${HAZARD}`,
  // build output
  ".aws-sam/build/OrdersFunction/app.js": HAZARD,
  ".vercel/output/functions/api.func/index.js": HAZARD,
  ".next/server/app/page.js": HAZARD,
  "dist/handler.js": HAZARD,
  "output/report.js": HAZARD,
  ".vercel/project-settings.js": HAZARD,
};

const KEPT = [
  ".vercel/project-settings.js",
  "cdn/edge-lambda/index.js",
  "chat/app/api/legacy/route.js",
  "chat/app/api/messages/route.ts",
  "chat/app/api/upload/route.ts",
  "chat/app/layout.tsx",
  "chat/app/page.tsx",
  "chat/components/header.tsx",
  "chat/lib/actions.ts",
  "chat/lib/format.ts",
  "chat/lib/legacy.ts",
  "chat/lib/middleware.ts",
  "chat/lib/session.ts",
  "chat/lib/theme.ts",
  "chat/pages/api/session.ts",
  "dist/handler.js",
  "load-test/report.js",
  "node-mw/src/middleware.ts",
  "output/report.js",
  "src/benchmark.ts",
  "src/commented.ts",
  "src/contest.ts",
  "src/directives.ts",
  "src/latest.test-data.ts",
  "src/notes.ts",
  "src/perf.ts",
  "src/render.ts",
  "src/test-utils.ts",
  "src/tests/fixtures-loader.ts",
  "src/upload.ts",
  "ssr/app/routes/deferred.tsx",
  "testing/packages/e2e-reports/src/store.ts",
  "tools/flags.ts",
  "tools/middleware.ts",
  "tools/scripts/report.ts",
  "tools/scripts/tables.ts",
  "tools/siteConfig.js",
  "tools/snapshot-cli.js",
  "tools/src/api.ts",
  "tools/src/server.ts",
  "web/src/signing.ts",
];

interface JsonResult {
  filePath: string;
  messages: unknown[];
}

async function linted(root: string, args: string[] = ["."]): Promise<{ files: string[]; stderr: string }> {
  const run = await snapcheck(root, [...args, "-f", "json", "--debug"]);
  const results = JSON.parse(run.stdout) as JsonResult[];
  for (const result of results) expect(result.messages.length).toBeGreaterThan(0);
  return { files: results.map((result) => path.relative(root, result.filePath)).sort(), stderr: run.stderr };
}

describe("runs without a deployment descriptor leave out what no snapshot runs", () => {
  const root = trees.track(PROJECT);

  it("lints the twins and nothing else", async () => {
    expect((await linted(root)).files).toEqual(KEPT);
  });

  it("says under --debug why each file or folder was left out", async () => {
    const debug = lines((await linted(root)).stderr).filter((line) => line.includes("left out"));
    expect(debug).toEqual(
      expect.arrayContaining([
        "snapcheck: debug: left out src/handler.test.ts: a test file (*.test.*, *.spec.*)",
        "snapcheck: debug: left out src/__tests__/orders.ts: in a __tests__ or __mocks__ folder",
        "snapcheck: debug: left out tests/unit/orders.ts: in the tests/ folder beside a package.json",
        "snapcheck: debug: left out cypress/support/commands.ts: in an e2e, cypress or playwright folder",
        "snapcheck: debug: left out integration/playwright/fixtures/todos.ts: in an e2e, cypress or playwright folder",
        "snapcheck: debug: left out src/pricing.bench.ts: a benchmark file (*.bench.*)",
        "snapcheck: debug: left out src/jwt.fuzz.js: a fuzz or performance harness (*.fuzz.*, *.perf.*)",
        "snapcheck: debug: left out tests/events/trigger.mjs: in the tests/ folder beside a package.json",
        "snapcheck: debug: left out playwright.config.ts: a test runner's config or setup file",
        "snapcheck: debug: left out src/components/cart.tsx: a 'use client' module",
        "snapcheck: debug: left out testing/packages/playwright/shared/utils/generate-username.ts: in an e2e, cypress or playwright folder",
        "snapcheck: debug: left out chat/components/bubble.tsx: imported only by 'use client' modules (such as chat/components/chat.tsx)",
        "snapcheck: debug: left out chat/components/avatar.tsx: imported only by 'use client' modules (such as chat/components/chat.tsx)",
        "snapcheck: debug: left out chat/lib/messages.ts: imported only by 'use client' modules (such as chat/components/chat.tsx)",
        "snapcheck: debug: left out load-test/ticket-data.js: the processor of the Artillery load test load-test/checkout.yml",
        "snapcheck: debug: left out chat/app/api/stream/route.ts: declares the edge runtime (runtime: 'edge')",
        "snapcheck: debug: left out chat/pages/api/geo.ts: declares the edge runtime (runtime: 'edge')",
        "snapcheck: debug: left out chat/middleware.ts: Next.js middleware, which runs on the edge runtime",
        "snapcheck: debug: left out cdn/cff/ab-test.js: a CloudFront Functions handler (function handler(event), not exported)",
        "snapcheck: debug: left out docs/siteConfig.js: the configuration of Docusaurus 1, loaded by its CLI at build time",
        "snapcheck: debug: left out web/vite.config.ts: the configuration of Vite, loaded by its CLI at build time",
        "snapcheck: debug: left out tools/analyze.js: a command-line program (reads process.argv, exports nothing)",
        'snapcheck: debug: left out tools/scripts/seed.ts: run as a program by the package.json script "seed"',
        'snapcheck: debug: left out tools/build.mjs: run as a program by the package.json script "build"',
        'snapcheck: debug: left out tools/src/migrate.ts: run as a program by the package.json script "migrate:up"',
        "snapcheck: debug: left out web/src/App.tsx: loaded by web/index.html, a browser app",
        "snapcheck: debug: left out admin/src/App.tsx: loaded by admin/src/index.tsx (a React DOM root), a browser app",
        "snapcheck: debug: left out ssr/app/client.tsx: hydrates server-rendered React in the browser (hydrateRoot)",
        "snapcheck: debug: left out infra/lib/orders-stack.ts: imports aws-cdk-lib, an infrastructure program",
        "snapcheck: debug: left out .aws-sam: build output of sam build (.aws-sam/)",
        "snapcheck: debug: left out .vercel/output: build output of the Vercel Build Output API (.vercel/output/)",
      ]),
    );
    // One line per left-out file, except that the three build output folders take one line for their one file each.
    expect(debug).toHaveLength(Object.keys(PROJECT).filter((file) => /\.[cm]?[jt]sx?$/.test(file)).length - KEPT.length);
  });

  it("lints a file named on the command line whatever it is", async () => {
    expect((await linted(root, ["src/handler.test.ts", "infra/bin/app.ts", "admin/src/App.tsx"])).files).toEqual([
      "admin/src/App.tsx",
      "infra/bin/app.ts",
      "src/handler.test.ts",
    ]);
  });

  it("lints each kind the config includes", async () => {
    const included = trees.track({
      ...PROJECT,
      ".snapcheckrc.json": JSON.stringify({ include: { tests: true, browser: true, infrastructure: true, buildOutput: true, scripts: true, edge: true } }),
    });
    const all = Object.keys(PROJECT).filter((file) => /\.[cm]?[jt]sx?$/.test(file)).sort();
    expect((await linted(included)).files).toEqual(all);
  });

  it("lints tests alone when only tests are included", async () => {
    const included = trees.track({ ...PROJECT, ".snapcheckrc.json": JSON.stringify({ include: { tests: true } }) });
    const { files } = await linted(included);
    expect(files).toEqual(expect.arrayContaining(["src/handler.test.ts", "tests/e2e/constants.ts", "playwright.config.ts"]));
    expect(files).not.toContain("src/components/cart.tsx");
    expect(files).not.toContain("infra/bin/app.ts");
  });
});

describe("hasDirective", () => {
  it.each([
    ["'use client';\nexport {};", true],
    ['"use client"\nimport x from "y";', true],
    ["#!/usr/bin/env node\n'use strict';\n/* a component */\n'use client';\n", true],
    ["// header\n\n\"use client\";", true],
    ['export const marker = "use client";', false],
    ["// 'use client'\nexport {};", false],
    ["import x from 'y';\n'use client';", false],
    ["'use server';\nexport async function save() {}", false],
  ])("%j: %s", (text, expected) => {
    expect(hasDirective(text, "use client")).toBe(expected);
  });
});

describe("NeverSnapshottedClassifier", () => {
  // An sst.config.ts is a descriptor: the deployment decides for its project, unless it names no function.
  it("takes an SST app config for an infrastructure program, and a handler importing sst for code", () => {
    const root = trees.track({
      "sst.config.ts": "export default $config({ app: () => ({ name: 'shop' }), run: async () => {} });\n",
      "src/handler.ts": `import { Resource } from "sst";\n${HAZARD}`,
    });
    const files = [path.join(root, "sst.config.ts"), path.join(root, "src/handler.ts")];
    const classifier = new NeverSnapshottedClassifier(root, files, new ModuleGraph(new ModuleResolver(root)));
    expect(files.map((file) => classifier.classify(file))).toEqual([
      { kind: "infrastructure", reason: "an SST app config (sst.config.ts)" },
      undefined,
    ]);
    expect(classifier.classify(files[0]!, { infrastructure: true })).toBeUndefined();
  });

  it("follows no import when no file of the run is a 'use client' module", () => {
    const root = trees.track({
      "src/handler.ts": `import { sign } from "./signing";\nimport { z } from "zod";\n${HAZARD}`,
      "src/signing.ts": `import { createHmac } from "node:crypto";\n${HAZARD}`,
    });
    const files = [path.join(root, "src/handler.ts"), path.join(root, "src/signing.ts")];
    const looked: string[] = [];
    const graph = new (class extends ModuleGraph {
      override importsOf(filePath: string) {
        looked.push(`imports of ${path.basename(filePath)}`);
        return super.importsOf(filePath);
      }
      override resolve(filePath: string, specifier: string) {
        looked.push(`${specifier} from ${path.basename(filePath)}`);
        return super.resolve(filePath, specifier);
      }
    })(new ModuleResolver(root));
    const classifier = new NeverSnapshottedClassifier(root, files, graph);
    expect(files.map((file) => classifier.classify(file))).toEqual([undefined, undefined]);
    expect(looked).toEqual([]);
  });

  it("reads a file's imports only when a scan of its text finds an infrastructure module in an import's position", () => {
    const root = trees.track({
      "src/notes.ts": `// Handlers never load aws-cdk-lib; the stack constructs them.\nimport { z } from "zod";\n${HAZARD}`,
      "infra/stack.ts": `import { Construct } from "constructs";\n${HAZARD}`,
    });
    const files = [path.join(root, "src/notes.ts"), path.join(root, "infra/stack.ts")];
    const importsRead: string[] = [];
    const graph = new (class extends ModuleGraph {
      override importsOf(filePath: string) {
        importsRead.push(path.relative(root, filePath));
        return super.importsOf(filePath);
      }
    })(new ModuleResolver(root));
    const classifier = new NeverSnapshottedClassifier(root, files, graph);
    expect(files.map((file) => classifier.classify(file)?.kind)).toEqual([undefined, "infrastructure"]);
    expect(importsRead).toEqual([path.join("infra", "stack.ts")]);
  });
});
