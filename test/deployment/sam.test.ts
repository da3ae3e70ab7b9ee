import { describe, expect, it } from "vitest";
import { modelReader } from "./model-helpers.js";

const read = modelReader();

const HANDLER = "export const handler = async () => ({ statusCode: 200 });\n";

describe("SAM and CloudFormation templates", () => {
  it("reads zip functions: CodeUri + Handler, Globals, SnapStart.ApplyOn", () => {
    const { functions, problems, model } = read({
      "template.yaml": `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    CodeUri: src/
Resources:
  CreateOrder:
    Type: AWS::Serverless::Function
    Properties:
      Handler: orders/create.handler
      AutoPublishAlias: live
      SnapStart:
        ApplyOn: PublishedVersions
      Environment:
        Variables:
          TABLE: !Ref Orders
          URL: !Sub "https://\${Api}.execute-api.\${AWS::Region}.amazonaws.com"
  ListOrders:
    Type: AWS::Serverless::Function
    Properties:
      Handler: orders/list.main
      Runtime: nodejs22.x
  Orders:
    Type: AWS::DynamoDB::Table
`,
      "src/orders/create.ts": HANDLER,
      "src/orders/list.mjs": "export const main = async () => [];\n",
    });
    expect(problems).toEqual([]);
    expect(functions).toEqual([
      { name: "CreateOrder", source: "template.yaml:8", entry: "src/orders/create.ts", handler: "handler", runtime: "nodejs20.x", packageType: "zip", snapshot: "snapstart", snapshotDeclared: true, longLived: false },
      { name: "ListOrders", source: "template.yaml:19", entry: "src/orders/list.mjs", handler: "main", runtime: "nodejs22.x", packageType: "zip", snapshot: "none", snapshotDeclared: false, longLived: false },
    ]);
    expect(model.descriptors).toEqual([{ file: expect.stringMatching(/template\.yaml$/), kind: "sam", projectRoot: expect.any(String) }]);
  });

  it("takes every function of a template where none turns SnapStart on as a SnapStart candidate, and marks the template", () => {
    const { functions, model } = read({
      "template.yml": `Transform: AWS::Serverless-2016-10-31
Resources:
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: hello-world/
      Handler: app.lambdaHandler
      Runtime: nodejs20.x
      SnapStart:
        ApplyOn: None
`,
      "hello-world/app.js": "exports.lambdaHandler = async () => 'hi';\n",
    });
    expect(functions.map((fn) => [fn.name, fn.snapshot, fn.snapshotDeclared])).toEqual([["Hello", "snapstart", false]]);
    expect(model.descriptors[0]!.assumedSnapStart).toBe(true);
  });

  it("counts functions in other languages for that rule, then leaves them out", () => {
    const { functions, model } = read({
      "template.yaml": `Transform: AWS::Serverless-2016-10-31
Resources:
  Payments:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: payments/
      Handler: com.acme.Payments::handleRequest
      Runtime: java21
      SnapStart:
        ApplyOn: PublishedVersions
  Notify:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: notify/
      Handler: index.handler
      Runtime: nodejs20.x
`,
      "notify/index.js": "exports.handler = async () => {};\n",
    });
    expect(functions.map((fn) => [fn.name, fn.snapshot])).toEqual([["Notify", "none"]]);
    expect(model.descriptors[0]!.assumedSnapStart).toBeUndefined();
  });

  it("takes an image function's entry from its Dockerfile CMD, mapping dist/ back to src/ through tsconfig", () => {
    const { functions, problems } = read({
      "template.yaml": `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      PackageType: Image
      SnapStart:
        ApplyOn: PublishedVersions
    Metadata:
      Dockerfile: Dockerfile
      DockerContext: ./api
`,
      "api/Dockerfile": `FROM public.ecr.aws/lambda/nodejs:22
COPY dist/ \${LAMBDA_TASK_ROOT}/dist/
CMD [ "dist/handler.main" ]
`,
      "api/tsconfig.json": `{
  // comments are allowed here
  "compilerOptions": { "outDir": "dist", "rootDir": "src" },
}`,
      "api/src/handler.ts": "export const main = async () => 'ok';\n",
    });
    expect(problems).toEqual([]);
    expect(functions).toEqual([
      { name: "Api", source: "template.yaml:3", entry: "api/src/handler.ts", handler: "main", runtime: "nodejs22.x", packageType: "image", snapshot: "snapstart", snapshotDeclared: true, longLived: false },
    ]);
  });

  it("lets ImageConfig.Command override the Dockerfile's CMD, and follows COPY into another folder", () => {
    const { functions } = read({
      "template.yaml": `Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      PackageType: Image
      ImageConfig:
        Command: ["jobs/worker.run"]
    Metadata:
      DockerContext: .
`,
      Dockerfile: `FROM public.ecr.aws/lambda/nodejs:20
COPY build/jobs/ \${LAMBDA_TASK_ROOT}/jobs/
CMD ["app.handler"]
`,
      "build/jobs/worker.js": "exports.run = async () => {};\n",
    });
    expect(functions.map((fn) => [fn.name, fn.entry, fn.handler])).toEqual([["Worker", "build/jobs/worker.js", "run"]]);
  });

  it("reads AWS::Lambda::Function with a local Code path, and inline code as a function with no entry", () => {
    const { functions, problems, model } = read({
      "stack.json": JSON.stringify({
        AWSTemplateFormatVersion: "2010-09-09",
        Resources: {
          Resize: { Type: "AWS::Lambda::Function", Properties: { Code: "./resize", Handler: "index.handler", Runtime: "nodejs20.x" } },
          Ping: { Type: "AWS::Lambda::Function", Properties: { Code: { ZipFile: "exports.handler = async () => 'pong';" }, Handler: "index.handler", Runtime: "nodejs20.x" } },
        },
      }, null, 2),
      "resize/index.js": "exports.handler = async () => {};\n",
    });
    expect(problems).toEqual([]);
    expect(model.descriptors.map((descriptor) => descriptor.kind)).toEqual(["cloudformation"]);
    expect(functions.map((fn) => [fn.name, fn.entry, fn.handler])).toEqual([
      ["Resize", "resize/index.js", "handler"],
      ["Ping", undefined, "handler"],
    ]);
  });

  it("uses the esbuild entry point SAM bundles from", () => {
    const { functions, problems } = read({
      "template.yaml": `Transform: AWS::Serverless-2016-10-31
Resources:
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: hello/
      Handler: app.lambdaHandler
      Runtime: nodejs20.x
    Metadata:
      BuildMethod: esbuild
      BuildProperties:
        EntryPoints:
          - src/app.ts
`,
      "hello/src/app.ts": "export const lambdaHandler = async () => ({});\n",
    });
    expect(problems).toEqual([]);
    expect(functions.map((fn) => [fn.entry, fn.handler])).toEqual([["hello/src/app.ts", "lambdaHandler"]]);
  });

  it("lists ECS task definitions as long-lived, never snapshotted", () => {
    const { functions } = read({
      "service.yaml": `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  WebTask:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - Name: web
          Image: !Sub "\${AWS::AccountId}.dkr.ecr.\${AWS::Region}.amazonaws.com/web:latest"
`,
    });
    expect(functions).toEqual([
      { name: "WebTask", source: "service.yaml:3", entry: undefined, handler: undefined, runtime: undefined, packageType: "image", snapshot: "none", snapshotDeclared: false, longLived: true },
    ]);
  });

  it("reports a handler that names no file at the Handler line, and keeps the function", () => {
    const { functions, problems } = read({
      "template.yaml": `Transform: AWS::Serverless-2016-10-31
Resources:
  Gone:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src
      Handler: missing.handler
      Runtime: nodejs20.x
`,
    });
    expect(functions.map((fn) => [fn.name, fn.entry])).toEqual([["Gone", undefined]]);
    expect(problems).toEqual([expect.stringMatching(/^template\.yaml:7: handler "missing\.handler": no source file src\/missing\./)]);
  });

  it("reports a broken template once, at the error, and still reads the others", () => {
    const { functions, problems } = read({
      "a/template.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n   Properties: [\n",
      "b/template.yaml": "Transform: AWS::Serverless-2016-10-31\nResources:\n  Ok:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: index.handler\n      Runtime: nodejs20.x\n",
      "b/index.js": "exports.handler = async () => {};\n",
    });
    expect(functions.map((fn) => fn.name)).toEqual(["Ok"]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^a\/template\.yaml:\d+: cannot read: /);
  });

  it("does not read YAML that is no template", () => {
    const { model } = read({ "config.yaml": "Resources:\n  - cpu\n", ".github/workflows/ci.yml": "on: push\n" });
    expect(model.descriptors).toEqual([]);
  });
});

describe("SAM details seen in real templates", () => {
  it("takes a CodeUri naming one file as that file's folder, and a handler naming a whole file (run.sh) as no module", () => {
    const { functions, problems } = read({
      "template.yaml": `Transform: AWS::Serverless-2016-10-31
Resources:
  Submit:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/function.js
      Handler: function.handler
      Runtime: nodejs22.x
  Adapter:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: app/
      Handler: run.sh
      Runtime: nodejs22.x
`,
      "src/function.js": "exports.handler = async () => {};\n",
      "app/run.sh": "#!/bin/sh\nexec node index.js\n",
    });
    expect(problems).toEqual([]);
    expect(functions.map((fn) => [fn.name, fn.entry, fn.handler])).toEqual([["Submit", "src/function.js", "handler"], ["Adapter", undefined, undefined]]);
  });

  it("places a YAML error at its line and column", () => {
    const { problems } = read({ "template.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: [\n  a, b]\n" });
    expect(problems).toEqual([expect.stringMatching(/^template\.yaml:7: cannot read: .*\(line 7, column 3\)$/)]);
  });
});
