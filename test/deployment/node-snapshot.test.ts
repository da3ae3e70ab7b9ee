import { describe, expect, it } from "vitest";
import { modelReader } from "./model-helpers.js";

const read = modelReader();

describe("Node.js startup snapshots in package.json scripts", () => {
  it("reads `node --build-snapshot ENTRY` as a node-snapshot function, mapping a bundle back to its esbuild entry", () => {
    const { functions, problems } = read({
      "package.json": JSON.stringify(
        {
          name: "warm",
          scripts: {
            bundle: "esbuild src/cli.ts --bundle --platform=node --outfile=dist/cli.cjs",
            snapshot: "npm run bundle && node --snapshot-blob dist/snap.blob --build-snapshot dist/cli.cjs",
            start: "node --snapshot-blob dist/snap.blob",
          },
        },
        null,
        2,
      ),
      "src/cli.ts": "import v8 from 'node:v8';\nv8.startupSnapshot.setDeserializeMainFunction(() => {});\n",
    });
    expect(problems).toEqual([]);
    expect(functions).toEqual([
      { name: "warm:snapshot", source: "package.json:5", entry: "src/cli.ts", handler: undefined, runtime: "node", packageType: "zip", snapshot: "node-snapshot", snapshotDeclared: true, longLived: false },
    ]);
  });

  it("reports a package.json that does not parse, once, with its line, and reads the rest", () => {
    const { functions, problems } = read({
      "legacy/package.json": '// copied from the template\n{ "name": "legacy" }\n',
      "package.json": JSON.stringify({ name: "app", scripts: { build: "node --build-snapshot main.js" } }),
      "main.js": "globalThis.ready = true;\n",
    });
    expect(functions.map((fn) => [fn.name, fn.entry])).toEqual([["app:build", "main.js"]]);
    expect(problems).toEqual([expect.stringMatching(/^legacy\/package\.json:1: cannot read package\.json: .*\(line 1, column 1\)$/)]);
  });

  it("reports a --build-snapshot entry that is missing at the script's line", () => {
    const { problems } = read({ "package.json": '{\n  "scripts": {\n    "snap": "node --build-snapshot gone.js"\n  }\n}\n' });
    expect(problems).toEqual([expect.stringMatching(/^package\.json:3: script "snap": --build-snapshot gone\.js names no source file/)]);
  });
});
