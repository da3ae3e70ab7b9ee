import { describe, expect, it } from "vitest";
import { modelReader } from "./model-helpers.js";

const read = modelReader();

describe("SST apps", () => {
  it("reads sst.aws.Function, API routes, cron jobs and queue subscribers, relative to the app root", () => {
    const { functions, problems, model } = read({
      "sst.config.ts": `/// <reference path="./.sst/platform/config.d.ts" />
export default $config({
  app(input) {
    return { name: "shop", home: "aws" };
  },
  async run() {
    const queue = new sst.aws.Queue("Orders");
    queue.subscribe("packages/functions/src/fulfil.handler");
    new sst.aws.Function("Checkout", { handler: "packages/functions/src/checkout.main", link: [queue] });
    new sst.aws.Cron("Nightly", { function: "packages/functions/src/nightly.handler", schedule: "rate(1 day)" });
    await import("./infra/api");
  },
});
`,
      "infra/api.ts": `export const api = new sst.aws.ApiGatewayV2("Api");
api.route("GET /orders", "packages/functions/src/orders.list");
api.route("POST /orders", { handler: "packages/functions/src/orders.create", runtime: "nodejs22.x" });
`,
      "packages/functions/src/fulfil.ts": "export const handler = async () => {};\n",
      "packages/functions/src/checkout.ts": "export const main = async () => {};\n",
      "packages/functions/src/nightly.ts": "export const handler = async () => {};\n",
      "packages/functions/src/orders.ts": "export const list = async () => [];\nexport const create = async () => ({});\n",
    });
    expect(problems).toEqual([]);
    expect(functions.map((fn) => [fn.name, fn.source, fn.entry, fn.handler, fn.runtime, fn.snapshot, fn.snapshotDeclared])).toEqual([
      ["Orders subscriber", "sst.config.ts:8", "packages/functions/src/fulfil.ts", "handler", "nodejs20.x", "snapstart", false],
      ["Checkout", "sst.config.ts:9", "packages/functions/src/checkout.ts", "main", "nodejs20.x", "snapstart", false],
      ["Nightly", "sst.config.ts:10", "packages/functions/src/nightly.ts", "handler", "nodejs20.x", "snapstart", false],
      ["Api GET /orders", "infra/api.ts:2", "packages/functions/src/orders.ts", "list", "nodejs20.x", "snapstart", false],
      ["Api POST /orders", "infra/api.ts:3", "packages/functions/src/orders.ts", "create", "nodejs22.x", "snapstart", false],
    ]);
    // None turns SnapStart on (SST has no setting for it): all are candidates, and the app is marked once.
    expect(model.descriptors.map((descriptor) => [descriptor.kind, descriptor.assumedSnapStart])).toEqual([["sst", true]]);
  });

  it("reads Cluster services as long-lived containers, and leaves out functions in other languages", () => {
    const { functions } = read({
      "sst.config.ts": `export default $config({
  app() { return { name: "web" }; },
  async run() {
    const cluster = new sst.aws.Cluster("Cluster", { vpc: new sst.aws.Vpc("Vpc") });
    cluster.addService("Web", { public: { ports: [{ listen: "80/http" }] } });
    new sst.aws.Service("Worker", { cluster, image: { context: "./worker" } });
    new sst.aws.Function("Py", { handler: "src/app.handler", runtime: "python3.11" });
  },
});
`,
      Dockerfile: 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.mjs"]\n',
      "server.mjs": "import http from 'node:http';\nhttp.createServer().listen(80);\n",
      "worker/Dockerfile": 'FROM oven/bun:1\nCOPY . .\nCMD ["bun", "run", "worker.ts"]\n',
      "worker/worker.ts": "setInterval(() => {}, 1000);\n",
    });
    expect(functions.map((fn) => [fn.name, fn.entry, fn.runtime, fn.snapshot, fn.longLived])).toEqual([
      ["Web", "server.mjs", "node", "none", true],
      ["Worker", "worker/worker.ts", "bun", "none", true],
    ]);
  });

  it("reports an sst.config.ts that does not parse at the parser's error, and a handler it cannot evaluate", () => {
    expect(read({ "sst.config.ts": "export default $config({\n  app() { return { name: {{name}} } },\n});\n" }).problems).toEqual([
      expect.stringMatching(/^sst\.config\.ts:2: cannot read: Parsing error: /),
    ]);
    expect(read({ "sst.config.ts": "export default $config({\n  async run() {\n    new sst.aws.Function(\"Fn\", { handler: process.env.HANDLER });\n  },\n});\n" }).problems).toEqual([
      "sst.config.ts:3: cannot tell the handler of Fn statically; declare the function in the snapcheck config (functions)",
    ]);
  });
});
