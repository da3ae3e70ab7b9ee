import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { requireBuild, snapcheck } from "../adoption/bin.js";
import { treeTracker } from "../trees/temp-tree.js";

requireBuild();
const MONOREPO = path.resolve(import.meta.dirname, "../../fixtures/monorepo");
const trees = treeTracker();
afterAll(trees.cleanup);

describe("snapcheck functions", () => {
  it("lists the monorepo's five entries with their snapshot kind (SAM image, serverless with and without SnapStart, CDK, --build-snapshot), and its container server", async () => {
    const run = await snapcheck(MONOREPO, ["functions", "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Record<string, unknown>[];
    const pick = ({ name, source, entry, handler, runtime, packageType, snapshot, files }: Record<string, unknown>) => ({ name, source, entry, handler, runtime, packageType, snapshot, files });
    expect(rows.map(pick)).toEqual([
      { name: "api", source: "docker-compose.yml:2", entry: "apps/api-server/server.js", handler: null, runtime: "node", packageType: "image", snapshot: "none", files: 1 },
      { name: "SearchFunction", source: "infra/lib/search-stack.ts:15", entry: "services/search/src/search.ts", handler: "handler", runtime: "nodejs20.x", packageType: "zip", snapshot: "snapstart", files: 2 },
      { name: "charge", source: "services/billing/serverless.yml:20", entry: "services/billing/src/charge.ts", handler: "handler", runtime: "nodejs20.x", packageType: "zip", snapshot: "snapstart", files: 2 },
      { name: "monthlyReport", source: "services/billing/serverless.yml:27", entry: "services/billing/src/report.ts", handler: "handler", runtime: "nodejs20.x", packageType: "zip", snapshot: "none", files: 2 },
      { name: "OrdersFunction", source: "services/orders/template.yaml:19", entry: "services/orders/src/handler.ts", handler: "main", runtime: "nodejs20.x", packageType: "image", snapshot: "snapstart", files: 5 },
      { name: "@acme/warm-cache:build", source: "tools/warm-cache/package.json:7", entry: "tools/warm-cache/src/cli.ts", handler: null, runtime: "node", packageType: "zip", snapshot: "node-snapshot", files: 1 },
    ]);
  });

  it("prints a table, paths relative to the cwd, and says with --debug where each function comes from", async () => {
    const run = await snapcheck(path.join(MONOREPO, "services"), ["functions", "billing", "--debug"]);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toMatch(/^NAME\s+SNAPSHOT\s+ENTRY\s+FILES\s+RUNTIME\s+SOURCE$/);
    expect(run.stdout).toMatch(/^charge\s+snapstart\s+billing\/src\/charge\.ts \(handler\)\s+2\s+nodejs20\.x\s+billing\/serverless\.yml:20$/m);
    expect(run.stdout).not.toMatch(/OrdersFunction/);
    expect(run.stderr).toMatch(/^snapcheck: debug: charge: from serverless billing\/serverless\.yml:20$/m);
  });

  it("warns about broken descriptors on stderr, says once which descriptors were assumed to prepare for SnapStart, and exits 0", async () => {
    const root = trees.track({
      "broken/serverless.yml": "service: x\nfunctions:\n  a: [\n",
      "ok/template.yaml": "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: nodejs20.x\n",
      "ok/app.js": "exports.handler = async () => {};\n",
    });
    const run = await snapcheck(root, ["functions"]);
    expect(run.code).toBe(0);
    expect(run.stderr.split("\n").filter(Boolean)).toEqual([
      expect.stringMatching(/^snapcheck: warning: broken\/serverless\.yml:\d+:\d+: cannot read: /),
      "snapcheck: note: no function in ok/template.yaml turns SnapStart on; its Lambda functions are checked as if it were on",
    ]);
    expect(run.stdout).toMatch(/^Fn\s+snapstart \(assumed\)\s+ok\/app\.js \(handler\)/m);
  });

  it("leaves out descriptors a .gitignore excludes, and reads them with --no-ignore", async () => {
    const template = (name: string) =>
      `Transform: AWS::Serverless-2016-10-31\nResources:\n  ${name}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: nodejs20.x\n`;
    const root = trees.track({
      ".gitignore": "staging-copy/\n",
      "template.yaml": template("Live"),
      "app.js": "exports.handler = async () => {};\n",
      "staging-copy/template.yaml": template("Copy"),
      "staging-copy/app.js": "exports.handler = async () => {};\n",
    });
    const names = async (args: string[]) => (JSON.parse((await snapcheck(root, ["functions", "-f", "json", ...args])).stdout) as { name: string }[]).map((fn) => fn.name);
    expect(await names([])).toEqual(["Live"]);
    expect(await names(["--no-ignore"])).toEqual(["Copy", "Live"]);
  });

  it("is a usage error for a path that does not exist", async () => {
    const run = await snapcheck(MONOREPO, ["functions", "nowhere"]);
    expect(run).toMatchObject({ code: 2, stdout: "", stderr: "snapcheck: no such file or folder: nowhere\n" });
  });
});

describe("snapcheck functions with functions declared in the config", () => {
  it("adds declared functions and lets them correct what a descriptor said about the same entry", async () => {
    const root = trees.track({
      ".snapcheckrc.json": JSON.stringify({
        functions: [
          { name: "clone-worker", entry: "vm/boot.ts", snapshot: "snapstart" },
          { entry: "api/app.js", handler: "handler", snapshot: "none" },
        ],
      }, null, 2),
      "vm/boot.ts": "export {};\n",
      "api/template.yaml": "Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: nodejs20.x\n      SnapStart:\n        ApplyOn: PublishedVersions\n",
      "api/app.js": "exports.handler = async () => {};\n",
    });
    const run = await snapcheck(root, ["functions", "-f", "json"]);
    expect(run.stderr).toBe("");
    const rows = (JSON.parse(run.stdout) as Record<string, unknown>[]).map(({ name, source, descriptor, entry, snapshot }) => ({ name, source, descriptor, entry, snapshot }));
    expect(rows).toEqual([
      { name: "clone-worker", source: ".snapcheckrc.json:5", descriptor: "config", entry: "vm/boot.ts", snapshot: "snapstart" },
      { name: "app", source: ".snapcheckrc.json:9", descriptor: "config", entry: "api/app.js", snapshot: "none" },
    ]);
  });

  it("rejects a declared function with an unknown snapshot kind as a config mistake (exit 2)", async () => {
    const root = trees.track({ ".snapcheckrc.json": JSON.stringify({ functions: [{ entry: "a.js", snapshot: "always" }] }) });
    const run = await snapcheck(root, ["functions"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('snapcheck: .snapcheckrc.json: functions[0].snapshot: invalid snapshot kind "always"; allowed: "snapstart", "node-snapshot", "none"\n');
  });
});
