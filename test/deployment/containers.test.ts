import { describe, expect, it } from "vitest";
import { ContainerImage, parseDockerfile } from "../../src/deployment/dockerfile.js";
import { modelReader } from "./model-helpers.js";

const read = modelReader();

describe("parseDockerfile", () => {
  it("splits stages, joins continuation lines and skips comments", () => {
    const stages = parseDockerfile(`ARG NODE=20
FROM node:\${NODE}-slim AS build
RUN npm ci \\
  # a comment inside a continuation
  && npm run build
FROM build
CMD ["node", "dist/index.js"]
`);
    expect(stages.map((stage) => [stage.image, stage.name, stage.line])).toEqual([["node:20-slim", "build", 2], ["build", undefined, 6]]);
    expect(stages[0]!.instructions).toEqual([{ keyword: "RUN", args: "npm ci && npm run build", line: 3, column: 1 }]);
  });

  it("runs ENTRYPOINT with CMD appended, and a shell-form ENTRYPOINT alone", () => {
    expect(new ContainerImage("/p/Dockerfile", "/p", 'FROM node:20\nENTRYPOINT ["node"]\nCMD ["server.js"]\n').processWith()?.words).toEqual(["node", "server.js"]);
    expect(new ContainerImage("/p/Dockerfile", "/p", "FROM node:20\nENTRYPOINT node main.js\nCMD [\"x\"]\n").processWith()?.words).toEqual(["node", "main.js"]);
    expect(new ContainerImage("/p/Dockerfile", "/p", 'FROM gcr.io/distroless/nodejs20-debian12\nCMD ["app.js"]\n').processWith()?.words).toEqual(["/nodejs/bin/node", "app.js"]);
  });
});

describe("Dockerfiles", () => {
  it("reads a Lambda base image's CMD as a handler, and the SnapStart label as SnapStart turned on", () => {
    const { functions, problems } = read({
      "resize/Dockerfile": `FROM public.ecr.aws/lambda/nodejs:20
LABEL com.amazonaws.lambda.feature.snapstart="Allow"
COPY app.mjs \${LAMBDA_TASK_ROOT}/
CMD ["app.handler"]
`,
      "resize/app.mjs": "export const handler = async () => {};\n",
    });
    expect(problems).toEqual([]);
    expect(functions).toEqual([
      { name: "resize", source: "resize/Dockerfile:1", entry: "resize/app.mjs", handler: "handler", runtime: "nodejs20.x", packageType: "image", snapshot: "snapstart", snapshotDeclared: true, longLived: false },
    ]);
  });

  it("reads the runtime interface client's handler relative to WORKDIR", () => {
    const { functions } = read({
      "Dockerfile": `FROM node:20-bookworm AS build
WORKDIR /function
COPY . .
RUN npm install aws-lambda-ric
ENTRYPOINT ["/usr/local/bin/npx", "aws-lambda-ric"]
CMD ["lambda/index.handler"]
`,
      "lambda/index.js": "exports.handler = async () => {};\n",
    });
    expect(functions.map((fn) => [fn.entry, fn.handler, fn.snapshot, fn.snapshotDeclared])).toEqual([["lambda/index.js", "handler", "snapstart", false]]);
  });

  it("reads `node server.js` as a long-lived server, never snapshotted, following npm start into package.json", () => {
    const { functions } = read({
      "web/Dockerfile": "FROM node:20-slim\nWORKDIR /app\nCOPY . .\nEXPOSE 3000\nCMD [\"node\", \"server.js\"]\n",
      "web/server.js": "require('http').createServer().listen(3000);\n",
      "worker/Dockerfile": "FROM node:22\nWORKDIR /srv\nCOPY package.json ./\nCOPY src ./src\nCMD npm start\n",
      "worker/package.json": JSON.stringify({ scripts: { start: "NODE_ENV=production node src/main.js" } }),
      "worker/src/main.ts": "setInterval(() => {}, 1000);\n",
    });
    expect(functions.map((fn) => [fn.name, fn.entry, fn.snapshot, fn.longLived])).toEqual([
      ["web", "web/server.js", "none", true],
      ["worker", "worker/src/main.ts", "none", true],
    ]);
  });

  it("reads `node --build-snapshot` in a RUN as a Node.js startup snapshot", () => {
    const { functions, problems } = read({
      Dockerfile: `FROM node:22-slim
WORKDIR /app
COPY dist/ ./dist/
RUN node --snapshot-blob snap.blob --build-snapshot dist/entry.js
CMD ["node", "--snapshot-blob", "snap.blob"]
`,
      "dist/entry.js": "require('v8').startupSnapshot.setDeserializeMainFunction(() => {});\n",
    });
    expect(problems).toEqual([]);
    expect(functions.map((fn) => [fn.source, fn.entry, fn.snapshot, fn.longLived])).toEqual([["Dockerfile:4", "dist/entry.js", "node-snapshot", false]]);
  });

  it("ignores images of other languages, which are no descriptors of the project's code", () => {
    const { functions, model } = read({
      "py/Dockerfile": 'FROM public.ecr.aws/lambda/python:3.12\nCMD ["app.handler"]\n',
      "go/Dockerfile": 'FROM golang:1.23\nCMD ["/app/server"]\n',
    });
    expect(functions).toEqual([]);
    expect(model.descriptors).toEqual([]);
  });

  it("reads a node image running a command it cannot follow as a long-lived server with no known entry", () => {
    const { functions, problems } = read({
      "app/Dockerfile": 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm run build\nCMD ["npm", "run", "start"]\n',
      "app/package.json": JSON.stringify({ scripts: { build: "react-router build", start: "react-router-serve ./build/server/index.js" } }),
    });
    expect(problems).toEqual([]);
    expect(functions.map((fn) => [fn.name, fn.entry, fn.runtime, fn.snapshot, fn.longLived])).toEqual([["app", undefined, "node", "none", true]]);
  });
});

describe("Compose files", () => {
  it("reads services built from the project as long-lived, with command overriding CMD; image-only services are not the project's", () => {
    const { functions, problems } = read({
      "compose.yaml": `services:
  api:
    build: ./api
  jobs:
    build:
      context: ./api
      dockerfile: Dockerfile
    command: node jobs/run.js
  cache:
    image: redis:7
`,
      "api/Dockerfile": 'FROM node:20\nWORKDIR /usr/src/app\nCOPY . .\nCMD ["node", "index.js"]\n',
      "api/index.js": "require('http').createServer().listen(80);\n",
      "api/jobs/run.js": "setInterval(() => {}, 60_000);\n",
    });
    expect(problems).toEqual([]);
    // The Dockerfile is read as part of the compose services, not again on its own.
    expect(functions.map((fn) => [fn.name, fn.source, fn.entry, fn.snapshot, fn.longLived])).toEqual([
      ["api", "compose.yaml:2", "api/index.js", "none", true],
      ["jobs", "compose.yaml:4", "api/jobs/run.js", "none", true],
    ]);
  });

  it("reports a service whose Dockerfile is missing at the service's line", () => {
    const { problems } = read({ "docker-compose.yml": "services:\n  api:\n    build: ./nowhere\n" });
    expect(problems).toEqual([expect.stringMatching(/^docker-compose\.yml:2: the Dockerfile Dockerfile it builds from is missing/)]);
  });
});
