import { describe, expect, it } from "vitest";
import { modelReader } from "./model-helpers.js";

const read = modelReader();

describe("Cloudflare Workers (wrangler.toml, wrangler.json, wrangler.jsonc)", () => {
  it("reads main as the Worker's entry, never snapshotted, at the line that names it", () => {
    const { functions, problems, model } = read({
      "worker/wrangler.toml": `#:schema node_modules/wrangler/config-schema.json
name = "cf-redis-wh"
main = "src/index.ts"
compatibility_date = "2024-12-30"

[[durable_objects.bindings]]
name = "CHAT"
class_name = "ChatRoom"
`,
      "worker/src/index.ts": "export default { fetch: () => new Response('ok') };\n",
    });
    expect(problems).toEqual([]);
    expect(functions).toEqual([
      { name: "cf-redis-wh", source: "worker/wrangler.toml:3", entry: "worker/src/index.ts", handler: undefined, runtime: "workerd", packageType: "zip", snapshot: "none", snapshotDeclared: false, longLived: false },
    ]);
    // Not a Lambda function: no SnapStart is assumed for it.
    expect(model.descriptors.map((descriptor) => [descriptor.kind, descriptor.assumedSnapStart])).toEqual([["wrangler", undefined]]);
  });

  it("reads wrangler.jsonc with comments, and Wrangler v1's upload main (built output mapped to its source) and package.json main", () => {
    const { functions, problems } = read({
      "api/wrangler.jsonc": '{\n  // the API Worker\n  "name": "api",\n  "main": "./dist/index.js",\n}\n',
      "api/package.json": '{ "name": "api" }',
      "api/src/index.ts": "export default {};\n",
      "upload/wrangler.toml": 'name = "modules-worker"\ntype = "javascript"\n\n[build]\ncommand = "pnpm build"\n\n[build.upload]\nformat = "modules"\ndir = "out"\nmain = "./index.mjs"\n',
      "upload/out/index.mjs": "export default {};\n",
      "legacy/wrangler.toml": 'name = "produce"\ntype = "webpack"\nworkers_dev = true\n',
      "legacy/package.json": '{ "name": "produce", "main": "worker.js" }',
      "legacy/worker.js": "addEventListener('fetch', () => {});\n",
    });
    expect(problems).toEqual([]);
    expect(functions.map((fn) => [fn.name, fn.source, fn.entry, fn.snapshot])).toEqual([
      ["api", "api/wrangler.jsonc:4", "api/src/index.ts", "none"],
      ["produce", "legacy/wrangler.toml:1", "legacy/worker.js", "none"],
      ["modules-worker", "upload/wrangler.toml:10", "upload/out/index.mjs", "none"],
    ]);
  });

  it("reads no Worker from a Pages project's configuration, nor from a file that is only named like one", () => {
    const { functions, model } = read({
      "site/wrangler.jsonc": '{ "name": "docs", "pages_build_output_dir": ".svelte-kit/cloudflare/" }',
      "site/package.json": '{ "name": "docs", "main": "index.js" }',
      "site/index.js": "export {};\n",
      "board/wrangler.toml.example": 'name = "board"\nmain = "index.js"\n',
      "board/index.js": "export {};\n",
    });
    expect(functions).toEqual([]);
    expect(model.descriptors).toEqual([]);
  });

  it("reports a configuration that does not parse at its line, and a main that names no file unless a custom build writes it", () => {
    expect(read({ "wrangler.toml": 'name = "x"\nmain = \n' }).problems).toEqual([expect.stringMatching(/^wrangler\.toml:2: cannot read: /)]);
    expect(read({ "wrangler.toml": 'name = "x"\nmain = "src/missing.ts"\n' }).problems).toEqual([
      'wrangler.toml:2: main = "src/missing.ts" names no source file (nor a source it was built from)',
    ]);
    const built = read({ "wrangler.toml": 'name = "x"\n\n[build]\ncommand = "pnpm build"\n\n[build.upload]\nformat = "modules"\nmain = "./index.mjs"\n' });
    expect(built.problems).toEqual([]);
    expect(built.functions.map((fn) => [fn.source, fn.entry])).toEqual([["wrangler.toml:8", undefined]]);
  });
});
