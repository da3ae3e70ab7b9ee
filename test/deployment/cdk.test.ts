import { describe, expect, it } from "vitest";
import { modelReader } from "./model-helpers.js";

const read = modelReader();

const CDK_JSON = JSON.stringify({ app: "npx ts-node --prefer-ts-exts bin/app.ts" });
const APP = `import { App } from "aws-cdk-lib";
import { ApiStack } from "../lib/api-stack";

const app = new App();
new ApiStack(app, "Api");
`;

describe("CDK apps", () => {
  it("reads NodejsFunction entry (path.join(__dirname, …) evaluated), handler, runtime and snapStart", () => {
    const { functions, problems } = read({
      "cdk.json": CDK_JSON,
      "bin/app.ts": APP,
      "lib/api-stack.ts": `import * as path from "path";
import { Stack } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";

const HANDLERS = path.join(__dirname, "..", "handlers");

export class ApiStack extends Stack {
  constructor(scope, id) {
    super(scope, id);
    const orders = new NodejsFunction(this, "Orders", {
      entry: \`\${HANDLERS}/orders.ts\`,
      handler: "main",
      runtime: lambda.Runtime.NODEJS_20_X,
      snapStart: lambda.SnapStartConf.ON_PUBLISHED_VERSIONS,
    });
    new NodejsFunction(this, "Health", { entry: path.resolve("handlers", "health.ts") });
  }
}
`,
      "handlers/orders.ts": "export const main = async () => [];\n",
      "handlers/health.ts": "export const handler = async () => 'ok';\n",
    });
    expect(problems).toEqual([]);
    expect(functions).toEqual([
      { name: "Orders", source: "lib/api-stack.ts:11", entry: "handlers/orders.ts", handler: "main", runtime: "nodejs20.x", packageType: "zip", snapshot: "snapstart", snapshotDeclared: true, longLived: false },
      { name: "Health", source: "lib/api-stack.ts:17", entry: "handlers/health.ts", handler: "handler", runtime: "nodejs", packageType: "zip", snapshot: "none", snapshotDeclared: false, longLived: false },
    ]);
  });

  it("finds NodejsFunction's default entry beside the defining file", () => {
    const { functions } = read({
      "cdk.json": CDK_JSON,
      "bin/app.ts": APP,
      "lib/api-stack.ts": `import { aws_lambda_nodejs as nodejs, Stack } from "aws-cdk-lib";
export class ApiStack extends Stack {
  constructor(scope, id) {
    super(scope, id);
    new nodejs.NodejsFunction(this, "resize");
  }
}
`,
      "lib/api-stack.resize.ts": "export const handler = async () => {};\n",
    });
    expect(functions.map((fn) => [fn.name, fn.entry, fn.handler, fn.snapshot, fn.snapshotDeclared])).toEqual([["resize", "lib/api-stack.resize.ts", "handler", "snapstart", false]]);
  });

  it("reads lambda.Function with Code.fromAsset and a file.export handler, and leaves other languages out", () => {
    const { functions, problems } = read({
      "cdk.json": JSON.stringify({ app: "node bin/app.js" }),
      "bin/app.js": `const { App, Stack } = require("aws-cdk-lib");
const lambda = require("aws-cdk-lib/aws-lambda");
const app = new App();
const stack = new Stack(app, "S");
new lambda.Function(stack, "Thumbs", {
  runtime: lambda.Runtime.NODEJS_18_X,
  code: lambda.Code.fromAsset("lambda"),
  handler: "thumbs.handler",
});
new lambda.Function(stack, "Report", { runtime: lambda.Runtime.PYTHON_3_12, code: lambda.Code.fromAsset("py"), handler: "report.main" });
new lambda.Function(stack, "Inline", { runtime: lambda.Runtime.NODEJS_20_X, code: lambda.Code.fromInline("exports.handler = async () => 1"), handler: "index.handler" });
`,
      "lambda/thumbs.js": "exports.handler = async () => {};\n",
    });
    expect(problems).toEqual([]);
    expect(functions.map((fn) => [fn.name, fn.entry, fn.handler, fn.runtime])).toEqual([
      ["Thumbs", "lambda/thumbs.js", "handler", "nodejs18.x"],
      ["Inline", undefined, "handler", "nodejs20.x"],
    ]);
  });

  it("reads a Lambda@Edge function (cloudfront.experimental.EdgeFunction) like lambda.Function", () => {
    const { functions, problems } = read({
      "cdk.json": JSON.stringify({ app: "npx ts-node bin/app.ts" }),
      "bin/app.ts": `import { App, Stack } from "aws-cdk-lib";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as lambda from "aws-cdk-lib/aws-lambda";
const app = new App();
const stack = new Stack(app, "S");
new cloudfront.experimental.EdgeFunction(stack, "AuthEdge", {
  handler: "authEdge.handler",
  runtime: lambda.Runtime.NODEJS_16_X,
  code: lambda.Code.fromAsset("lambda-edge"),
});
`,
      "lambda-edge/authEdge.js": "exports.handler = async () => {};\n",
    });
    expect(problems).toEqual([]);
    expect(functions.map((fn) => [fn.name, fn.entry, fn.handler, fn.runtime])).toEqual([["AuthEdge", "lambda-edge/authEdge.js", "handler", "nodejs16.x"]]);
  });

  it("reads DockerImageFunction through its Dockerfile, with a cmd override", () => {
    const { functions, problems } = read({
      "cdk.json": CDK_JSON,
      "bin/app.ts": `import { App, Stack } from "aws-cdk-lib";
import { DockerImageCode, DockerImageFunction } from "aws-cdk-lib/aws-lambda";
import { join } from "node:path";
const app = new App();
const stack = new Stack(app, "S");
new DockerImageFunction(stack, "Render", {
  code: DockerImageCode.fromImageAsset(join(__dirname, "../render"), { cmd: ["render.handler"] }),
});
`,
      "render/Dockerfile": 'FROM public.ecr.aws/lambda/nodejs:20\nCOPY . ${LAMBDA_TASK_ROOT}\nCMD ["index.handler"]\n',
      "render/render.mjs": "export const handler = async () => {};\n",
    });
    expect(problems).toEqual([]);
    expect(functions.map((fn) => [fn.name, fn.entry, fn.handler, fn.packageType])).toEqual([["Render", "render/render.mjs", "handler", "image"]]);
  });

  it("reports an entry it cannot evaluate, and a missing entry, at the option's line", () => {
    const { functions, problems } = read({
      "cdk.json": CDK_JSON,
      "bin/app.ts": `import { App, Stack } from "aws-cdk-lib";
import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
const app = new App();
const stack = new Stack(app, "S");
export function makeFunction(entry: string) {
  return new NodejsFunction(stack, "Made", {
    entry,
  });
}
new NodejsFunction(stack, "Gone", { entry: "src/gone.ts" });
`,
    });
    expect(functions.map((fn) => [fn.name, fn.entry])).toEqual([["Made", undefined], ["Gone", undefined]]);
    expect(problems).toEqual([
      "bin/app.ts:7: cannot tell the entry of Made statically; declare the function in the snapcheck config (functions)",
      "bin/app.ts:10: the entry src/gone.ts of Gone is missing",
    ]);
  });

  it("reads constructs of the app's own classes that extend NodejsFunction", () => {
    const { functions, problems } = read({
      "cdk.json": JSON.stringify({ app: "node cdk/app.ts" }),
      "cdk/app.ts": `import { App, Stack } from "aws-cdk-lib";
import { FunctionWithLogGroup } from "./function-with-log-group.js";
const app = new App();
const stack = new Stack(app, "Items");
new FunctionWithLogGroup(stack, "put-item-fn", { entry: "./functions/put-item.ts" });
`,
      "cdk/function-with-log-group.ts": `import { NodejsFunction, type NodejsFunctionProps } from "aws-cdk-lib/aws-lambda-nodejs";
import type { Construct } from "constructs";
export class FunctionWithLogGroup extends NodejsFunction {
  constructor(scope: Construct, id: string, props: NodejsFunctionProps) {
    super(scope, id, { handler: "handler", ...props });
  }
}
`,
      "functions/put-item.ts": "export const handler = async () => {};\n",
    });
    expect(problems).toEqual([]);
    expect(functions.map((fn) => [fn.name, fn.source, fn.entry])).toEqual([["put-item-fn", "cdk/app.ts:5", "functions/put-item.ts"]]);
  });

  it("reads no functions from an app in another language, and reports a cdk.json naming a missing app", () => {
    expect(read({ "cdk.json": JSON.stringify({ app: "python3 app.py" }), "app.py": "import aws_cdk\n" }).functions).toEqual([]);
    expect(read({ "cdk.json": '{\n  "app": "npx tsx bin/missing.ts"\n}\n' }).problems).toEqual(["cdk.json:2: the CDK app bin/missing.ts is missing"]);
  });
});
