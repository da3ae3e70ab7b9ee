import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findDescriptorFiles } from "../../src/deployment/discover.js";
import { treeTracker } from "../trees/temp-tree.js";

const trees = treeTracker();
afterAll(trees.cleanup);

describe("findDescriptorFiles", () => {
  const root = trees.track({
    "template.yaml": "Resources: {}\n",
    "api/serverless.yml": "service: api\n",
    "api/Containerfile": "FROM node:20\n",
    "api/src/index.ts": "export {};\n",
    "infra/cdk.json": "{}\n",
    "web/sst.config.ts": "export default $config({});\n",
    "web/compose.yaml": "services: {}\n",
    "web/package.json": "{}\n",
    "web/tsconfig.json": "{}\n",
    "node_modules/pkg/serverless.yml": "service: dependency\n",
    ".aws-sam/build/template.yaml": "Resources: {}\n",
    "infra/cdk.out/Stack.template.json": "{}\n",
    ".serverless/serverless-state.json": "{}\n",
  });
  const relative = (found: { file: string; kind: string }[]) => found.map(({ file, kind }) => `${path.relative(root, file).split(path.sep).join("/")} ${kind}`);

  it("finds descriptors by name below the roots, skipping dependencies and build output, in a stable order", () => {
    expect(relative(findDescriptorFiles(["."], root))).toEqual([
      "api/Containerfile dockerfile",
      "api/serverless.yml serverless",
      "infra/cdk.json cdk",
      "template.yaml template",
      "web/compose.yaml compose",
      "web/package.json package",
      "web/sst.config.ts sst",
    ]);
  });

  it("also reads the folders above a root up to the cwd, but not their other subfolders", () => {
    expect(relative(findDescriptorFiles(["api/src/index.ts"], root))).toEqual(["api/Containerfile dockerfile", "api/serverless.yml serverless", "template.yaml template"]);
    // A root outside the cwd looks at nothing above itself.
    expect(relative(findDescriptorFiles([path.join(root, "api/src")], path.join(root, "web")))).toEqual([]);
  });
});
