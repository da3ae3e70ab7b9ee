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
    "api/Dockerfile.prod": "FROM node:20\n",
    "api/src/index.ts": "export {};\n",
    // Code named after what it handles, not a Dockerfile variant.
    "api/src/dockerfile.ts": "export {};\n",
    "api/src/dockerfile.test.mjs": "export {};\n",
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
      "api/Dockerfile.prod dockerfile",
      "api/serverless.yml serverless",
      "infra/cdk.json cdk",
      "template.yaml template",
      "web/compose.yaml compose",
      "web/package.json package",
      "web/sst.config.ts sst",
    ]);
  });

  it("also reads the folders above a root up to the cwd, but not their other subfolders", () => {
    expect(relative(findDescriptorFiles(["api/src/index.ts"], root))).toEqual(["api/Containerfile dockerfile", "api/Dockerfile.prod dockerfile", "api/serverless.yml serverless", "template.yaml template"]);
    // A root outside the cwd looks at nothing above itself.
    expect(relative(findDescriptorFiles([path.join(root, "api/src")], path.join(root, "web")))).toEqual([]);
  });

  it("leaves out what a .gitignore excludes, nested ones and re-inclusions as git reads them, unless told not to", () => {
    const ignoring = trees.track({
      ".git/HEAD": "ref: refs/heads/main\n",
      ".gitignore": "scratch/\ngenerated-*.yaml\n",
      "template.yaml": "Resources: {}\n",
      "generated-prod.yaml": "Resources: {}\n",
      "scratch/serverless.yml": "service: scratch\n",
      "services/api/.gitignore": "copy/\n!generated-keep.yaml\n",
      "services/api/serverless.yml": "service: api\n",
      "services/api/generated-keep.yaml": "Resources: {}\n",
      "services/api/copy/serverless.yml": "service: copy\n",
    });
    const found = (roots: string[], options?: { useIgnores?: boolean }) =>
      findDescriptorFiles(roots, ignoring, options).map(({ file }) => path.relative(ignoring, file).split(path.sep).join("/"));
    expect(found(["."])).toEqual(["services/api/generated-keep.yaml", "services/api/serverless.yml", "template.yaml"]);
    // From a folder below, the .gitignore files above it still apply, to the walk and to the folders read above it.
    expect(found(["services/api"])).toEqual(["services/api/generated-keep.yaml", "services/api/serverless.yml", "template.yaml"]);
    expect(found(["."], { useIgnores: false })).toEqual([
      "generated-prod.yaml",
      "scratch/serverless.yml",
      "services/api/copy/serverless.yml",
      "services/api/generated-keep.yaml",
      "services/api/serverless.yml",
      "template.yaml",
    ]);
  });
});
