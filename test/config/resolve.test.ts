import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rulesById } from "../../rules/index.js";
import { ConfigResolver, defaultRuleConfigs, parseRuleFlag, parseTarget, resolveConfig } from "../../src/config/resolve.js";
import type { ConfigFile } from "../../src/config/types.js";
import { UsageError } from "../../src/errors.js";
import { treeTracker } from "../trees/temp-tree.js";

const trees = treeTracker();
afterAll(trees.cleanup);

const RULE = "uniqueness/init-random";
const settings = { rules: rulesById };

describe("resolveConfig", () => {
  it("starts from every rule at its default level, lambda, no restore hooks", () => {
    const resolved = resolveConfig({}, [], settings);
    expect(Object.keys(resolved.rules)).toEqual([...rulesById.keys()]);
    expect(resolved.rules[RULE]).toEqual({ severity: 2, options: {} });
    expect(resolved).toMatchObject({ target: "lambda", restoreHooks: [], connections: {} });
  });

  it("takes ESLint's numeric levels 0, 1 and 2", () => {
    const file: ConfigFile = { rules: { [RULE]: 1, "uniqueness/init-prng": [0], "uniqueness/entropy-pool": [2, { x: 1 }] } };
    expect(resolveConfig(file, [], settings).rules).toMatchObject({
      [RULE]: { severity: 1 },
      "uniqueness/init-prng": { severity: 0 },
      "uniqueness/entropy-pool": { severity: 2, options: { x: 1 } },
    });
  });

  it("applies the config file, then matching overrides in order, then the command line", () => {
    const file: ConfigFile = {
      rules: { [RULE]: ["warn", { allow: ["Date.now"] }] },
      target: "node-snapshot",
      restoreHooks: ["reseed"],
      connections: { pg: { reconnects: false } },
      overrides: [
        { files: ["a"], rules: { [RULE]: "error" }, restoreHooks: ["reseed", "refresh"] },
        { files: ["b"], rules: { [RULE]: ["off"] }, target: "lambda" },
      ],
    };
    expect(resolveConfig(file, [], settings)).toMatchObject({
      rules: { [RULE]: { severity: 1, options: { allow: ["Date.now"] } } },
      target: "node-snapshot",
      restoreHooks: ["reseed"],
      connections: { pg: { reconnects: false } },
    });
    // `[level]` and a bare level change the severity and keep options set earlier.
    expect(resolveConfig(file, [0], settings)).toMatchObject({
      rules: { [RULE]: { severity: 2, options: { allow: ["Date.now"] } } },
      restoreHooks: ["reseed", "refresh"],
    });
    expect(resolveConfig(file, [0, 1], settings)).toMatchObject({ rules: { [RULE]: { severity: 0 } }, target: "lambda" });
    const cli = { ...settings, ruleFlags: [{ id: RULE, level: "warn" as const }], target: "node-snapshot" as const };
    expect(resolveConfig(file, [0, 1], cli)).toMatchObject({
      rules: { [RULE]: { severity: 1, options: { allow: ["Date.now"] } } },
      target: "node-snapshot",
    });
  });

  it("gives each default its meta.defaultLevel", () => {
    for (const [id, config] of Object.entries(defaultRuleConfigs(rulesById))) {
      expect(config.severity).toBe(rulesById.get(id)!.meta.defaultLevel === "error" ? 2 : 1);
    }
  });
});

describe("ConfigResolver", () => {
  const root = trees.track({
    ".snapcheckrc.json": JSON.stringify({
      rules: { [RULE]: "warn" },
      overrides: [
        { files: ["*.test.ts"], rules: { [RULE]: "off" } },
        { files: ["src/legacy/**"], target: "node-snapshot" },
        { files: ["./src/legacy/old.ts"], rules: { [RULE]: "error" } },
      ],
    }),
    "pkg/package.json": JSON.stringify({ name: "pkg", snapcheck: { target: "node-snapshot" } }),
    "alt.json": JSON.stringify({ rules: { [RULE]: "off" } }),
  });
  const resolver = new ConfigResolver({ cwd: root, rules: rulesById });
  const at = (relative: string) => resolver.configFor(path.join(root, relative));

  it("matches override globs relative to the config's folder; a glob without a slash matches any depth", async () => {
    expect((await at("src/handler.ts")).rules[RULE]!.severity).toBe(1);
    expect((await at("src/deep/handler.test.ts")).rules[RULE]!.severity).toBe(0);
    expect(await at("src/legacy/new.ts")).toMatchObject({ target: "node-snapshot", rules: { [RULE]: { severity: 1 } } });
    expect(await at("src/legacy/old.ts")).toMatchObject({ target: "node-snapshot", rules: { [RULE]: { severity: 2 } } });
  });

  it("uses the config nearest to the file", async () => {
    expect(await at("pkg/src/index.ts")).toMatchObject({ target: "node-snapshot", rules: { [RULE]: { severity: 2 } } });
  });

  it("shares one resolved config between files with the same config and overrides", async () => {
    expect(await at("src/a.ts")).toBe(await at("lib/b.ts"));
    expect(await at("src/a.ts")).not.toBe(await at("src/a.test.ts"));
  });

  it("uses --config for every file, and lets --rule and --target win", async () => {
    const explicit = new ConfigResolver({
      cwd: root,
      rules: rulesById,
      configFile: "alt.json",
      ruleFlags: [],
      target: "node-snapshot",
    });
    expect(await explicit.configFor(path.join(root, "pkg/src/index.ts"))).toMatchObject({
      target: "node-snapshot",
      rules: { [RULE]: { severity: 0 } },
    });
    const flagged = new ConfigResolver({ cwd: root, rules: rulesById, ruleFlags: [parseRuleFlag(`${RULE}:error`, rulesById)] });
    expect((await flagged.configFor(path.join(root, "src/a.test.ts"))).rules[RULE]!.severity).toBe(2);
  });
});

describe("command-line settings", () => {
  it("parses --rule id:level", () => {
    expect(parseRuleFlag(`${RULE}:off`, rulesById)).toEqual({ id: RULE, level: "off" });
  });

  it.each([
    ["uniqueness/init-random", 'expected <rule-id>:<level>'],
    ["uniqueness/nope:warn", 'unknown rule "uniqueness/nope"; known rules:'],
    [`${RULE}:2`, 'invalid level "2"; allowed levels: off, warn, error'],
  ])("rejects --rule %s", (flag, message) => {
    expect(() => parseRuleFlag(flag, rulesById)).toThrow(UsageError);
    expect(() => parseRuleFlag(flag, rulesById)).toThrow(message);
  });

  it("validates --target", () => {
    expect(parseTarget("node-snapshot")).toBe("node-snapshot");
    expect(() => parseTarget("ec2")).toThrow('--target "ec2": allowed targets: lambda, node-snapshot');
  });
});
