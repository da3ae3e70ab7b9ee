import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseJsonc } from "../../src/config/json.js";
import { treeTracker } from "../trees/temp-tree.js";
import { runCli } from "./run-cli.js";
import { samTemplate } from "../trees/sam-template.js";

const trees = treeTracker();
afterAll(trees.cleanup);

const cli = runCli;

const SAM_TEMPLATE = samTemplate("handler.main");

function configIn(project: string): Record<string, unknown> {
  const text = fs.readFileSync(path.join(project, ".snapcheckrc.json"), "utf8");
  const parsed = parseJsonc(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value as Record<string, unknown>;
}

describe("snapcheck --init", () => {
  it("writes a starter config naming the functions it found and ignoring the build output present", async () => {
    const project = trees.track({
      "package.json": '{ "name": "orders", "private": true }\n',
      "template.yaml": SAM_TEMPLATE,
      "src/handler.ts": "export const main = async () => ({ ok: true });\n",
      ".aws-sam/build/OrdersFunction/handler.js": "exports.main = async () => ({});\n",
      "coverage/lcov.info": "",
    });
    const { code, stdout, stderr } = await cli(project, ["--init"]);
    expect([code, stderr]).toEqual([0, ""]);
    expect(stdout).toMatch(/^Wrote \.snapcheckrc\.json: target lambda, 1 function found \(1 snapshotted\), ignoring \.aws-sam\/ coverage\/\.\n/);
    const config = configIn(project);
    expect(config).toEqual({ $schema: "./node_modules/snapcheck/schema/snapcheck.schema.json", target: "lambda", ignorePatterns: [".aws-sam/", "coverage/"], rules: {} });
    const text = fs.readFileSync(path.join(project, ".snapcheckrc.json"), "utf8");
    expect(text).toMatch(/\/\/ {3}OrdersFunction {2}snapstart {6}src\/handler\.ts {2}\(template\.yaml:4\)/);
    // The config it writes is one snapcheck loads, and linting goes on with it.
    const lint = await cli(project, ["."]);
    // Said once in the stylish output: the template's functions are checked as a team preparing for SnapStart.
    expect([lint.code, lint.stderr]).toEqual([0, "snapcheck: note: no function in template.yaml turns SnapStart on; its Lambda functions are checked as if it were on\n"]);
  });

  it("chooses the node-snapshot target when the only snapshot is a Node startup snapshot", async () => {
    const project = trees.track({
      "package.json": JSON.stringify({ name: "cli", scripts: { build: "node --snapshot-blob snap.blob --build-snapshot src/entry.js" } }),
      "src/entry.js": "globalThis.ready = true;\n",
    });
    expect((await cli(project, ["--init"])).code).toBe(0);
    expect(configIn(project).target).toBe("node-snapshot");
  });

  it("says so when no deployment is found", async () => {
    const project = trees.track({ "package.json": '{ "name": "lib" }\n', "index.ts": "export const a = 1;\n" });
    const { code, stdout } = await cli(project, ["--init"]);
    expect(code).toBe(0);
    expect(stdout).toContain("0 functions found");
    expect(fs.readFileSync(path.join(project, ".snapcheckrc.json"), "utf8")).toContain("No deployment descriptor was found");
  });

  it.each([
    [{ ".snapcheckrc.yml": "target: lambda\n" }, ".snapcheckrc.yml"],
    [{ ".snapcheckrc.json": "{}\n" }, ".snapcheckrc.json"],
    [{ "package.json": '{ "name": "x", "snapcheck": { "target": "lambda" } }\n' }, 'package.json ("snapcheck" key)'],
  ])("refuses to replace an existing configuration (%j), changing nothing", async (files, name) => {
    const project = trees.track(files);
    const before = Object.fromEntries(Object.keys(files).map((file) => [file, fs.readFileSync(path.join(project, file), "utf8")]));
    const { code, stdout, stderr } = await cli(project, ["--init"]);
    expect([code, stdout, stderr]).toEqual([2, "", `snapcheck: a configuration already exists: ${name}; --init never replaces one\n`]);
    for (const [file, text] of Object.entries(before)) expect(fs.readFileSync(path.join(project, file), "utf8")).toBe(text);
  });

  it("does not count a package.json without a snapcheck key as a configuration", async () => {
    const project = trees.track({ "package.json": '{ "name": "x" }\n' });
    expect((await cli(project, ["--init"])).code).toBe(0);
  });
});
