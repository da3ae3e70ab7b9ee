import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { allRules } from "../rules/index.js";

interface PackedFile {
  path: string;
}

/** What `npm pack` would put in the tarball (without running the build: dist/ is built by the test script). */
function packedFiles(): string[] {
  const output = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  const [pack] = JSON.parse(output) as { files: PackedFile[] }[];
  return pack!.files.map((file) => file.path).sort();
}

describe("the published package", () => {
  const files = packedFiles();
  const manifest = JSON.parse(fs.readFileSync("package.json", "utf8")) as Record<string, unknown>;

  it("ships the CLI, its compiled code, the licence, the changelog and every rule's documentation", () => {
    for (const file of ["bin/snapcheck.js", "dist/src/cli/main.js", "dist/rules/index.js", "README.md", "LICENSE", "CHANGELOG.md", "package.json", "schema/snapcheck.schema.json"]) {
      expect(files).toContain(file);
    }
    // `snapcheck explain <rule>` and SARIF help read these at run time.
    for (const rule of allRules) expect(files).toContain(`docs/rules/${rule.meta.id}.md`);
  });

  it("ships no sources, tests, fixtures, benchmarks or CI scripts", () => {
    const unwanted = files.filter((file) => /^(src|test|fixtures|bench|\.ci|node_modules)\//.test(file) || (file.endsWith(".ts") && !file.endsWith(".d.ts")));
    expect(unwanted).toEqual([]);
  });

  it("declares the licence it ships, and keywords to be found by", () => {
    expect(manifest.license).toBe("MIT");
    expect(fs.readFileSync("LICENSE", "utf8")).toMatch(/^MIT License\n/);
    expect(manifest.keywords).toEqual(expect.arrayContaining(["eslint", "lambda", "snapstart"]));
  });

  it("keeps a changelog in Keep a Changelog's shape, with an Unreleased section first", () => {
    const changelog = fs.readFileSync("CHANGELOG.md", "utf8");
    const versions = [...changelog.matchAll(/^## \[([^\]]+)\]/gm)].map((match) => match[1]);
    expect(versions[0]).toBe("Unreleased");
    expect(versions).toContain(manifest.version);
  });
});
