import { describe, expect, it } from "vitest";
import { modelReader } from "./model-helpers.js";

const read = modelReader();

describe("Serverless Framework services", () => {
  it("reads functions.*.handler, snapStart and provider.runtime", () => {
    const { functions, problems, model } = read({
      "serverless.yml": `service: billing
provider:
  name: aws
  runtime: nodejs18.x
functions:
  charge:
    handler: src/charge.handler
    snapStart: true
  report:
    handler: src/jobs/report.run
    runtime: nodejs20.x
`,
      "src/charge.ts": "export const handler = async () => {};\n",
      "src/jobs/report.js": "export const run = async () => {};\n",
    });
    expect(problems).toEqual([]);
    expect(functions).toEqual([
      { name: "charge", source: "serverless.yml:6", entry: "src/charge.ts", handler: "handler", runtime: "nodejs18.x", packageType: "zip", snapshot: "snapstart", snapshotDeclared: true, longLived: false },
      { name: "report", source: "serverless.yml:9", entry: "src/jobs/report.js", handler: "run", runtime: "nodejs20.x", packageType: "zip", snapshot: "none", snapshotDeclared: false, longLived: false },
    ]);
    expect(model.descriptors.map((descriptor) => [descriptor.kind, descriptor.assumedSnapStart])).toEqual([["serverless", undefined]]);
  });

  it("takes all functions as SnapStart candidates when none has snapStart, and defaults the runtime", () => {
    const { functions, model } = read({
      "serverless.yml": "service: hello\nprovider:\n  name: aws\nfunctions:\n  hello:\n    handler: handler.hello\n",
      "handler.js": "module.exports.hello = async () => ({ statusCode: 200 });\n",
    });
    expect(functions.map((fn) => [fn.name, fn.runtime, fn.snapshot, fn.snapshotDeclared])).toEqual([["hello", "nodejs20.x", "snapstart", false]]);
    expect(model.descriptors[0]!.assumedSnapStart).toBe(true);
  });

  it("reads image functions built from provider.ecr.images, with a command override", () => {
    const { functions, problems } = read({
      "serverless.yml": `service: images
provider:
  name: aws
  ecr:
    images:
      appimage:
        path: ./app
functions:
  hello:
    image:
      name: appimage
      command:
        - handlers/hello.main
`,
      "app/Dockerfile": "FROM public.ecr.aws/lambda/nodejs:20\nCOPY . ${LAMBDA_TASK_ROOT}\nCMD [\"app.handler\"]\n",
      "app/handlers/hello.js": "exports.main = async () => 'hi';\n",
    });
    expect(problems).toEqual([]);
    expect(functions.map((fn) => [fn.name, fn.entry, fn.handler, fn.packageType, fn.runtime])).toEqual([["hello", "app/handlers/hello.js", "main", "image", "nodejs20.x"]]);
  });

  it("follows functions written in another file with ${file(...)}", () => {
    const { functions, problems } = read({
      "serverless.yml": "service: split\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions: ${file(./functions.yml)}\n",
      "functions.yml": "ping:\n  handler: ping.handler\n",
      "ping.mjs": "export const handler = async () => 'pong';\n",
    });
    expect(problems).toEqual([]);
    expect(functions.map((fn) => [fn.name, fn.source, fn.entry])).toEqual([["ping", "functions.yml:1", "ping.mjs"]]);
  });

  it("lists another provider's JavaScript functions as never snapshotted, with their entries", () => {
    const google = read({
      "serverless.yml": "service: gcf\nprovider:\n  name: google\n  runtime: nodejs20\nfunctions:\n  first:\n    handler: http\n  go:\n    handler: Hello\n    runtime: go121\n",
      "package.json": JSON.stringify({ main: "src/index.js" }),
      "src/index.js": "exports.http = (req, res) => res.send('hi');\n",
    });
    expect(google.functions.map((fn) => [fn.name, fn.entry, fn.handler, fn.snapshot])).toEqual([["first", "src/index.js", "http", "none"]]);
    expect(google.model.descriptors[0]!.assumedSnapStart).toBeUndefined();
    const azure = read({
      "serverless.yml": "service: az\nprovider:\n  name: azure\n  runtime: nodejs18\nfunctions:\n  hello:\n    handler: src/handlers/hello.sayHello\n",
      "src/handlers/hello.ts": "export const sayHello = async () => 'hi';\n",
    });
    expect(azure.functions.map((fn) => [fn.name, fn.entry, fn.handler, fn.snapshot])).toEqual([["hello", "src/handlers/hello.ts", "sayHello", "none"]]);
  });

  it("leaves out other languages, and reports handlers it cannot resolve at their line", () => {
    const { functions, problems } = read({
      "serverless.yml": `service: mixed
provider:
  name: aws
  runtime: python3.12
functions:
  py:
    handler: handler.main
  node:
    runtime: nodejs20.x
    handler: \${self:custom.entry}
  gone:
    runtime: nodejs20.x
    handler: lib/gone.handler
`,
    });
    expect(functions.map((fn) => [fn.name, fn.entry])).toEqual([["node", undefined], ["gone", undefined]]);
    expect(problems).toEqual([
      expect.stringMatching(/^serverless\.yml:10: handler "\$\{self:custom\.entry\}" uses a variable/),
      expect.stringMatching(/^serverless\.yml:13: handler "lib\/gone\.handler": no source file lib\/gone\./),
    ]);
  });
});
