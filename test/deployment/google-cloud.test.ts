import { describe, expect, it } from "vitest";
import { modelReader } from "./model-helpers.js";

const read = modelReader();

describe("Google Cloud Functions packages", () => {
  it("reads the main of a package that depends on the Functions Framework or Firebase Functions, or is uploaded by gcloud, as never snapshotted", () => {
    const { functions, problems, model } = read({
      "hello/package.json": JSON.stringify({ name: "hello", main: "src/index.js", dependencies: { "@google-cloud/functions-framework": "^3.4.0" } }),
      "hello/src/index.js": "const functions = require('@google-cloud/functions-framework');\nfunctions.http('hello', (req, res) => res.send('hi'));\n",
      "firebase/functions/package.json": JSON.stringify({ name: "functions", main: "lib/index.js", dependencies: { "firebase-functions": "^6.0.0" } }),
      "firebase/functions/tsconfig.json": JSON.stringify({ compilerOptions: { outDir: "lib", rootDir: "src" } }),
      "firebase/functions/src/index.ts": "export const hello = 1;\n",
      "counter/.gcloudignore": ".gcloudignore\nnode_modules\n",
      "counter/package.json": JSON.stringify({ name: "counter", main: "index.js", dependencies: { ioredis: "^5.3.2" } }),
      "counter/index.js": "exports.helloGET = async (req, res) => res.send('1');\n",
    });
    expect(problems).toEqual([]);
    expect(functions.map((fn) => [fn.name, fn.source, fn.entry, fn.runtime, fn.snapshot])).toEqual([
      ["counter", "counter/package.json:1", "counter/index.js", "nodejs", "none"],
      ["functions", "firebase/functions/package.json:1", "firebase/functions/src/index.ts", "nodejs", "none"],
      ["hello", "hello/package.json:1", "hello/src/index.js", "nodejs", "none"],
    ]);
    expect(model.descriptors.every((descriptor) => descriptor.kind === "google-cloud" && !descriptor.assumedSnapStart)).toBe(true);
  });

  it("reads nothing from a package that only uses a Google Cloud client library", () => {
    const { functions } = read({
      "api/package.json": JSON.stringify({ name: "api", main: "index.js", dependencies: { "@google-cloud/storage": "^7.0.0" } }),
      "api/index.js": "export {};\n",
    });
    expect(functions).toEqual([]);
  });
});
