import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rulesById } from "../../rules/index.js";
import { CONFIG_FILE_NAMES, ConfigFinder } from "../../src/config/load.js";
import { UsageError } from "../../src/errors.js";
import { treeTracker } from "../trees/temp-tree.js";

const trees = treeTracker();
afterAll(trees.cleanup);

const RULE = "uniqueness/init-random";

function finder(cwd: string): ConfigFinder {
  return new ConfigFinder({ cwd, rules: rulesById });
}

/** The same setting (`RULE` at warn) written in each format snapcheck reads. */
const WARN_CONFIG: Record<(typeof CONFIG_FILE_NAMES)[number], string> = {
  "package.json": JSON.stringify({ name: "app", snapcheck: { rules: { [RULE]: "warn" } } }),
  ".snapcheckrc": `rules:\n  ${RULE}: warn\n`,
  ".snapcheckrc.json": JSON.stringify({ rules: { [RULE]: "warn" } }),
  ".snapcheckrc.yaml": `rules:\n  ${RULE}: warn\n`,
  ".snapcheckrc.yml": `rules:\n  ${RULE}: warn\n`,
  ".snapcheckrc.js": `module.exports = { rules: { "${RULE}": "warn" } };\n`,
  ".snapcheckrc.cjs": `module.exports = { rules: { "${RULE}": "warn" } };\n`,
  ".snapcheckrc.mjs": `export default { rules: { "${RULE}": "warn" } };\n`,
  "snapcheck.config.js": `module.exports = { rules: { "${RULE}": "warn" } };\n`,
  "snapcheck.config.cjs": `module.exports = { rules: { "${RULE}": "warn" } };\n`,
  "snapcheck.config.mjs": `export default { rules: { "${RULE}": "warn" } };\n`,
};

async function loadError(promise: Promise<unknown>): Promise<readonly string[]> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UsageError);
  return (error as UsageError).problems;
}

describe("config search", () => {
  it.each(CONFIG_FILE_NAMES)("reads %s", async (name) => {
    const root = trees.track({ [name]: WARN_CONFIG[name], "src/handler.ts": "" });
    const loaded = await finder(root).findFor(path.join(root, "src"));
    expect(loaded?.filePath).toBe(path.join(root, name));
    expect(loaded?.dir).toBe(root);
    expect(loaded?.config).toEqual({ rules: { [RULE]: "warn" } });
  });

  it("prefers package.json#snapcheck over .snapcheckrc.json in the same folder", async () => {
    const root = trees.track({ "package.json": WARN_CONFIG["package.json"], ".snapcheckrc.json": '{ "rules": {} }' });
    expect((await finder(root).findFor(root))?.filePath).toBe(path.join(root, "package.json"));
  });

  it("skips a package.json without the snapcheck key", async () => {
    const root = trees.track({ "package.json": '{ "name": "app" }', ".snapcheckrc.json": '{ "target": "node-snapshot" }' });
    expect((await finder(root).findFor(root))?.config).toEqual({ target: "node-snapshot" });
  });

  it("uses the nearest config file", async () => {
    const root = trees.track({
      ".snapcheckrc.json": '{ "target": "lambda" }',
      "packages/api/.snapcheckrc.json": '{ "target": "node-snapshot" }',
      "packages/api/src/handler.ts": "",
      "packages/web/src/page.ts": "",
    });
    const configs = finder(root);
    expect((await configs.findFor(path.join(root, "packages/api/src")))?.config.target).toBe("node-snapshot");
    expect((await configs.findFor(path.join(root, "packages/web/src")))?.config.target).toBe("lambda");
  });

  it("applies a config above a package.json (a monorepo's root config governs its packages)", async () => {
    const root = trees.track({
      ".snapcheckrc.json": '{ "target": "node-snapshot" }',
      "packages/api/package.json": '{ "name": "api" }',
      "packages/api/src/a.ts": "",
      "checkout/.git/HEAD": "ref: refs/heads/main\n",
      "checkout/src/a.ts": "",
    });
    const configs = finder(root);
    expect((await configs.findFor(path.join(root, "packages/api/src")))?.filePath).toBe(path.join(root, ".snapcheckrc.json"));
    expect((await configs.findFor(path.join(root, "checkout/src")))?.filePath).toBe(path.join(root, ".snapcheckrc.json"));
  });

  it("stops at the cwd", async () => {
    const root = trees.track({ ".snapcheckrc.json": '{ "target": "node-snapshot" }', "app/src/a.ts": "" });
    expect(await finder(path.join(root, "app")).findFor(path.join(root, "app/src"))).toBeNull();
    expect(await finder(root).findFor(path.join(root, "app/src"))).not.toBeNull();
  });

  it("caches the search per folder", async () => {
    const root = trees.track({ ".snapcheckrc.json": "{}", "a/b/c.ts": "" });
    const configs = finder(root);
    const first = await configs.findFor(path.join(root, "a/b"));
    expect(await configs.findFor(path.join(root, "a/b"))).toBe(first);
    expect(await configs.findFor(path.join(root, "a"))).toBe(first);
  });

  it("skips an empty config file, as cosmiconfig does", async () => {
    const root = trees.track({ ".snapcheckrc.json": '{ "target": "node-snapshot" }', "sub/.snapcheckrc.json": "" });
    expect((await finder(root).findFor(path.join(root, "sub")))?.filePath).toBe(path.join(root, ".snapcheckrc.json"));
  });

  it("loads an explicit --config file, even an empty one", async () => {
    const root = trees.track({ "configs/strict.yaml": "target: node-snapshot\n", "configs/empty.json": "" });
    const configs = finder(root);
    expect((await configs.loadExplicit(path.join(root, "configs/strict.yaml"))).config).toEqual({ target: "node-snapshot" });
    expect((await configs.loadExplicit(path.join(root, "configs/empty.json"))).config).toEqual({});
    expect(await loadError(configs.loadExplicit(path.join(root, "configs/missing.json")))).toEqual([
      "cannot read config file configs/missing.json: no such file",
    ]);
  });
});

describe("config errors", () => {
  it("names the file, line and column of broken JSON", async () => {
    const root = trees.track({ ".snapcheckrc.json": `{\n  "rules": {\n    "${RULE}": "warn"\n    "x": 1\n  }\n}\n` });
    expect(await loadError(finder(root).findFor(root))).toEqual([".snapcheckrc.json:4:5: invalid JSON: expected ',' or '}', found '\"'"]);
  });

  it("names the file, line and column of broken YAML", async () => {
    const root = trees.track({ ".snapcheckrc.yml": "rules:\n  a: [warn\n  b: 1\n" });
    expect(await loadError(finder(root).findFor(root))).toEqual([
      ".snapcheckrc.yml:3:3: invalid YAML: missed comma between flow collection entries",
    ]);
  });

  it("reports a broken package.json like any other JSON config", async () => {
    const root = trees.track({ "package.json": '{ "name": "app" "snapcheck": {} }' });
    expect(await loadError(finder(root).findFor(root))).toEqual(["package.json:1:17: invalid JSON: expected ',' or '}', found '\"'"]);
  });

  it("reports a JS config that throws, with its message and no stack", async () => {
    const root = trees.track({ "snapcheck.config.mjs": 'throw new Error("no DATABASE_URL\\nset");\n' });
    expect(await loadError(finder(root).findFor(root))).toEqual([
      "snapcheck.config.mjs: the config threw while loading: no DATABASE_URL set",
    ]);
  });

  it("asks for a default export from an ES module config", async () => {
    const root = trees.track({ "snapcheck.config.mjs": "export const rules = {};\n" });
    expect(await loadError(finder(root).findFor(root))).toEqual([
      "snapcheck.config.mjs: expected the config as the default export (export default { ... })",
    ]);
  });

  it("reports every problem of a wrong-shaped config in one go", async () => {
    const root = trees.track({
      "sub/.snapcheckrc.json": JSON.stringify({
        rulez: {},
        rules: { "uniqueness/nope": "warn", [RULE]: "wrn" },
        target: "aws",
        overrides: [{ files: [], ignorePatterns: [] }, { rules: { [RULE]: ["error", 1] } }],
        restoreHooks: "onRestore",
        ignorePatterns: [7],
        connections: { pg: true },
      }),
    });
    const problems = await loadError(finder(root).findFor(path.join(root, "sub")));
    const file = path.join("sub", ".snapcheckrc.json");
    expect([...problems].sort()).toEqual(
      [
        `${file}: rules["uniqueness/nope"]: unknown rule; known rules: ${[...rulesById.keys()].sort().join(", ")}`,
        `${file}: rules["${RULE}"]: invalid level "wrn"; allowed levels: "off", "warn", "error" or 0, 1, 2`,
        `${file}: target: invalid target "aws"; allowed targets: "lambda", "node-snapshot"`,
        `${file}: overrides[0].files: expected at least one glob`,
        `${file}: overrides[0].ignorePatterns: unknown key; allowed keys: files, rules, target, restoreHooks`,
        `${file}: overrides[1].files: missing; expected an array of globs`,
        `${file}: overrides[1].rules["${RULE}"][1]: expected an object of rule options, got 1`,
        `${file}: restoreHooks: expected an array of function names, got "onRestore"`,
        `${file}: ignorePatterns[0]: expected a string, got 7`,
        `${file}: connections["pg"]: expected an object describing the client, such as { "exports": ["Client"], "how": "new", "connects": "explicit", "connectMethods": ["connect"] }`,
        `${file}: rulez: unknown key; allowed keys: $schema, rules, ignorePatterns, overrides, target, restoreHooks, connections, functions, include, allFiles`,
      ].sort(),
    );
  });

  it("rejects a config that is not an object", async () => {
    const root = trees.track({ ".snapcheckrc.json": '["uniqueness/init-random"]' });
    expect(await loadError(finder(root).findFor(root))).toEqual([".snapcheckrc.json: expected an object of settings, got an array"]);
  });

  it("accepts every documented key", async () => {
    const config = {
      rules: { [RULE]: ["warn", { allow: ["Date.now"] }] },
      ignorePatterns: ["dist/", "*.generated.ts"],
      overrides: [{ files: ["**/*.test.ts"], rules: { [RULE]: "off" }, target: "node-snapshot", restoreHooks: ["reseed"] }],
      target: "lambda",
      restoreHooks: ["afterRestore"],
      connections: { "my-db": { exports: ["Client"], how: "new", connects: "explicit", connectMethods: ["connect"] } },
    };
    const root = trees.track({ ".snapcheckrc.json": JSON.stringify(config) });
    expect((await finder(root).findFor(root))?.config).toEqual(config);
  });
});

describe("config syntax", () => {
  it.each([".snapcheckrc.json", ".snapcheckrc"])("reads comments and trailing commas in %s, as ESLint and TypeScript do", async (name) => {
    const text = `{\n  // why: the build id is shared on purpose\n  "$schema": "./node_modules/snapcheck/schema/snapcheck.schema.json",\n  /* levels */ "rules": { "${RULE}": 1, },\n}\n`;
    const root = trees.track({ [name]: text });
    expect((await finder(root).findFor(root))?.config).toEqual({
      $schema: "./node_modules/snapcheck/schema/snapcheck.schema.json",
      rules: { [RULE]: 1 },
    });
  });

  it("reads a .snapcheckrc that does not start with a brace as YAML", async () => {
    const root = trees.track({ ".snapcheckrc": `# comment\nrules:\n  ${RULE}: 0\n` });
    expect((await finder(root).findFor(root))?.config).toEqual({ rules: { [RULE]: 0 } });
  });

  it("names the line and column of an unterminated comment", async () => {
    const root = trees.track({ ".snapcheckrc.json": '{\n  "rules": {} /* unfinished\n}\n' });
    expect(await loadError(finder(root).findFor(root))).toEqual([".snapcheckrc.json:2:15: invalid JSON: unterminated comment"]);
  });

  it("rejects a level number other than 0, 1 and 2", async () => {
    const root = trees.track({ ".snapcheckrc.json": `{ "rules": { "${RULE}": [3] } }` });
    expect(await loadError(finder(root).findFor(root))).toEqual([
      `.snapcheckrc.json: rules["${RULE}"][0]: invalid level 3; allowed levels: "off", "warn", "error" or 0, 1, 2`,
    ]);
  });

  it("skips a package.json that does not parse when it holds no snapcheck config, and reports one that does", async () => {
    const root = trees.track({
      ".snapcheckrc.json": '{ "target": "node-snapshot" }',
      "tool/package.json": '// generated\n{ "name": "tool" "version": "1.0.0" }',
      "app/package.json": '{ "name": "app" "snapcheck": { "target": "lambda" } }',
    });
    const configs = finder(root);
    expect((await configs.findFor(path.join(root, "tool")))?.filePath).toBe(path.join(root, ".snapcheckrc.json"));
    expect(await loadError(configs.findFor(path.join(root, "app")))).toEqual([
      `${path.join("app", "package.json")}:1:17: invalid JSON: expected ',' or '}', found '"'`,
    ]);
  });
});

describe("what cosmiconfig would read beyond the project", () => {
  it("ignores cosmiconfig's meta config in the working directory", async () => {
    const root = trees.track({
      ".config/config.json": JSON.stringify({ cosmiconfig: { searchPlaces: ["elsewhere.json"] } }),
      "elsewhere.json": '{ "target": "node-snapshot" }',
      ".snapcheckrc.json": '{ "target": "lambda" }',
    });
    expect((await finder(root).findFor(root))?.config).toEqual({ target: "lambda" });
  });

  it("does not read a config above the working directory", async () => {
    const root = trees.track({ ".snapcheckrc.json": '{ "target": "node-snapshot" }', "app/src/a.ts": "" });
    expect(await finder(path.join(root, "app")).findFor(path.join(root, "app/src"))).toBeNull();
  });

  it("gives a folder outside the working directory the working directory's config", async () => {
    const root = trees.track({
      "app/.snapcheckrc.json": '{ "target": "node-snapshot" }',
      "other/.snapcheckrc.json": '{ "target": "lambda" }',
      "other/a.ts": "",
    });
    expect((await finder(path.join(root, "app")).findFor(path.join(root, "other")))?.filePath).toBe(path.join(root, "app/.snapcheckrc.json"));
  });
});
