import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { LintResult } from "../../src/results.js";
import { addToTree, treeTracker } from "../trees/temp-tree.js";
import { cacheStats, requireBuild, snapcheck } from "./bin.js";

const trees = treeTracker();
afterAll(trees.cleanup);
requireBuild();

const TEMPLATE = [
  "Transform: AWS::Serverless-2016-10-31",
  "Resources:",
  "  ImageFunction:",
  "    Type: AWS::Serverless::Function",
  "    Properties:",
  "      PackageType: Image",
  "      AutoPublishAlias: live",
  "      SnapStart:",
  "        ApplyOn: PublishedVersions",
  "    Metadata:",
  "      DockerContext: ./app",
  "  ReportsFunction:",
  "    Type: AWS::Serverless::Function",
  "    Properties:",
  "      Runtime: python3.12",
  "      Handler: app.handler",
  "      SnapStart:",
  "        ApplyOn: PublishedVersions",
  "",
].join("\n");
const PLAIN_IMAGE = "FROM public.ecr.aws/lambda/nodejs:22\nCMD [\"handler.main\"]\n";
const LABELLED_IMAGE = "FROM public.ecr.aws/lambda/nodejs:22\nLABEL com.amazonaws.lambda.feature.snapstart=\"Allow\"\nCMD [\"handler.main\"]\n";

function project(template = TEMPLATE): string {
  return trees.track({ "template.yaml": template, "app/Dockerfile": PLAIN_IMAGE, "app/handler.js": "exports.main = async () => ({});\n" });
}

async function json(root: string, args: string[] = []): Promise<{ code: number; stderr: string; byFile: Record<string, LintResult> }> {
  const run = await snapcheck(root, ["-f", "json", ...args]);
  const results = JSON.parse(run.stdout) as LintResult[];
  return { code: run.code, stderr: run.stderr, byFile: Object.fromEntries(results.map((r) => [path.relative(root, r.filePath).split(path.sep).join("/"), r])) };
}

const findings = (result: LintResult | undefined) => result?.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`) ?? [];

describe.concurrent("deployment descriptors in a run", { timeout: 60_000 }, () => {
  it("lints templates and Dockerfiles found in a folder, reports at the template's lines and exits 1", async () => {
    const root = project();
    const run = await json(root);
    expect(run.code).toBe(1);
    expect(findings(run.byFile["template.yaml"])).toEqual(["8:7 deployment/snapstart-unsupported", "17:7 deployment/snapstart-unpublished"]);
    expect(findings(run.byFile["app/Dockerfile"])).toEqual([]);
  });

  it("honours # disable directives in YAML, with their justification, and reports unused ones", async () => {
    const lines = TEMPLATE.split("\n");
    lines.splice(16, 0, "      # snapcheck-disable-next-line deployment/snapstart-unpublished -- published by the release pipeline");
    lines.splice(7, 0, "      # snapcheck-disable-next-line deployment/snapstart-unqualified-caller");
    const root = project(lines.join("\n"));
    const run = await json(root);
    const result = run.byFile["template.yaml"]!;
    expect(result.messages.map((m) => `${m.line}:${m.column} ${m.ruleId ?? m.message}`)).toEqual([
      "8:7 Unused snapcheck-disable directive (no problems were reported from 'deployment/snapstart-unqualified-caller').",
      "9:7 deployment/snapstart-unsupported",
    ]);
    expect(result.suppressedMessages.map((m) => [m.line, m.ruleId, m.suppressions[0]?.justification])).toEqual([
      [19, "deployment/snapstart-unpublished", "published by the release pipeline"],
    ]);
  });

  it("reads # snapcheck-disable … # snapcheck-enable blocks in YAML and directives in Dockerfiles", async () => {
    const lines = TEMPLATE.split("\n");
    lines.splice(11, 0, "  # snapcheck-disable deployment/snapstart-unpublished -- migrating");
    const root = project(lines.join("\n") + "# snapcheck-enable deployment/snapstart-unpublished\n");
    addToTree(root, { "app/Dockerfile": "# snapcheck-disable-next-line deployment/snapstart-unsupported -- label comes from the base\n" + PLAIN_IMAGE });
    const run = await json(root);
    expect(findings(run.byFile["template.yaml"])).toEqual(["8:7 deployment/snapstart-unsupported"]);
    expect(run.byFile["template.yaml"]!.suppressedMessages.map((m) => [m.line, m.ruleId])).toEqual([[18, "deployment/snapstart-unpublished"]]);
    expect(run.byFile["app/Dockerfile"]!.messages.map((m) => `${m.line}:${m.column} ${m.message}`)).toEqual([
      "1:1 Unused snapcheck-disable directive (no problems were reported from 'deployment/snapstart-unsupported').",
    ]);
  });

  it("re-checks a cached template when the Dockerfile it builds from changes", async () => {
    const root = project();
    const cached = (extra: string[] = []) => snapcheck(root, ["--cache", "--debug", "-f", "unix", ...extra]);
    const first = await cached();
    expect(first.stdout).toContain("template.yaml:8:7");
    const second = await cached();
    expect(cacheStats(second.stderr)).toMatchObject({ misses: 0 });
    expect(second.stdout).toBe(first.stdout);
    addToTree(root, { "app/Dockerfile": LABELLED_IMAGE });
    const third = await cached();
    expect(third.stdout).not.toContain("template.yaml:8:7");
    expect(third.stdout).toContain("template.yaml:17:7");
  });

  it("records descriptor findings in the suppressions file like code findings", async () => {
    const root = project();
    expect((await snapcheck(root, ["--suppress-all"])).code).toBe(0);
    expect((await snapcheck(root, [])).code).toBe(0);
    addToTree(root, { "app/Dockerfile": PLAIN_IMAGE + "# unchanged image\n" });
    expect((await snapcheck(root, [])).code).toBe(0);
  });

  it("reports a descriptor that does not parse as one warning and goes on with the others", async () => {
    const root = trees.track({ "template.yaml": "Resources: [unclosed\n", "serverless.yml": "service: x\nfunctions:\n  a:\n    handler: h.a\n    runtime: nodejs22.x\n    snapStart: true\n" });
    const run = await json(root);
    expect(run.byFile["template.yaml"]!.messages.map((m) => [m.severity, m.fatal ?? false, m.message.split(":")[0]])).toEqual([
      [1, false, "Deployment descriptor could not be read"],
    ]);
    // The handler names no file of the tree: a warning on its line, from the deployment model.
    expect(findings(run.byFile["serverless.yml"])).toEqual(["4:14 null", "5:5 deployment/snapstart-unsupported"]);
    expect(run.code).toBe(1);
  });

  it("lints a descriptor given on stdin by its file name", async () => {
    const root = trees.track({});
    const run = await snapcheck(root, ["--stdin", "--stdin-filename", "template.yaml", "-f", "unix"], TEMPLATE.replace("./app", "./missing"));
    expect(run.stdout).toContain("template.yaml:17:7");
    expect(run.code).toBe(1);
  });
});
