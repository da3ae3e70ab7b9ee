import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { allRules } from "../rules/index.js";
import { lintText } from "../src/index.js";
import type { LintResult } from "../src/results.js";

/**
 * Every fenced block of README.md, exercised as a user would: shell blocks run as written (in `sh`, from a copy of the
 * repository and a project that installs its packed tarball), the ESLint config with the installed eslint and
 * @typescript-eslint/parser, the API example compiled with `tsc --strict` against the installed package, the config
 * and CI recipe run, and the before/after examples linted. A block no handler claims fails the last test.
 */
const REPOSITORY = fileURLToPath(new URL("..", import.meta.url));
const README = fs.readFileSync(path.join(REPOSITORY, "README.md"), "utf8");
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPOSITORY, "package.json"), "utf8")) as { version: string }).version;
const TSC = path.join(REPOSITORY, "node_modules", "typescript", "bin", "tsc");

interface Block {
  lang: string;
  text: string;
  line: number;
}

const blocks: Block[] = [...README.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((match) => ({
  lang: match[1]!,
  text: match[2]!,
  line: README.slice(0, match.index).split("\n").length,
}));
const claimed = new Set<Block>();

function claim(predicate: (block: Block) => boolean): Block[] {
  const found = blocks.filter(predicate);
  expect(found.length, "README blocks this test expects").toBeGreaterThan(0);
  for (const block of found) claimed.add(block);
  return found;
}

const claimOne = (predicate: (block: Block) => boolean): Block => {
  const [block, ...others] = claim(predicate);
  expect(others).toEqual([]);
  return block!;
};

/**
 * npm, as the README's commands call it, except for what cannot run in a test: the registry install of a package not
 * published yet, `npm ci` (needs the network; the copy's node_modules is this checkout's, installed and built), and
 * `npm test` (this suite).
 */
const NPM_SHIM = `npm() {
  case "$*" in
    "install --save-dev snapcheck"|ci|test) echo "skipped: npm $*" ;;
    *) command npm --no-audit --no-fund --prefer-offline "$@" ;;
  esac
}
`;

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function sh(script: string, cwd: string, stdin?: string): Ran {
  const run = spawnSync("sh", ["-c", NPM_SHIM + script], {
    cwd,
    input: stdin ?? "",
    encoding: "utf8",
    timeout: 300_000,
    env: { ...process.env, PATH: `${path.join(cwd, "node_modules", ".bin")}${path.delimiter}${process.env.PATH}`, NO_COLOR: "1" },
  });
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

const FINDING = "export const id = crypto.randomUUID();\n";
let root = "";
let clone = "";
let project = "";
let installed: Ran;

beforeAll(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "snapcheck-readme-")));
  // A clone: the tracked files, with this checkout's installed dependencies.
  clone = path.join(root, "snapcheck");
  const tracked = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPOSITORY, encoding: "utf8" }).split("\0").filter(Boolean);
  for (const file of tracked) {
    const source = path.join(REPOSITORY, file);
    const stats = fs.lstatSync(source, { throwIfNoEntry: false });
    if (!stats) continue;
    fs.mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
    if (stats.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(source), path.join(clone, file));
    else fs.copyFileSync(source, path.join(clone, file));
  }
  fs.symlinkSync(path.join(REPOSITORY, "node_modules"), path.join(clone, "node_modules"), "dir");
  project = path.join(root, "my-project");
  fs.mkdirSync(path.join(project, "src"), { recursive: true });
  fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "my-project", private: true, type: "module" }));
  fs.writeFileSync(path.join(project, "src", "handler.ts"), FINDING);
  const block = claimOne((b) => b.lang === "sh" && b.text.includes("npm pack"));
  installed = sh(block.text, root);
}, 900_000);

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
}, 120_000);

describe("README.md, as written", { timeout: 600_000 }, () => {
  it("installs from a clone as a packed tarball, then lints", () => {
    expect(fs.existsSync(path.join(clone, `snapcheck-${VERSION}.tgz`))).toBe(true);
    expect(fs.existsSync(path.join(project, "node_modules", "snapcheck", "dist", "src", "index.d.ts"))).toBe(true);
    expect(installed.code, installed.stderr).toBe(1);
    expect(installed.stdout).toContain("uniqueness/init-random");
  });

  it("runs the registry form's lint command (the install itself waits for the registry)", () => {
    const block = claimOne((b) => b.lang === "sh" && b.text.includes("npm install --save-dev snapcheck "));
    const ran = sh(block.text, project);
    expect(ran.stdout).toContain("skipped: npm install --save-dev snapcheck");
    expect([ran.code, ran.stdout.includes("uniqueness/init-random")]).toEqual([1, true]);
  });

  it("lints .ts files through ESLint with the README's config and install line", () => {
    const install = claimOne((b) => b.lang === "sh" && b.text.startsWith("npm install --save-dev eslint@9"));
    const installedEslint = sh(install.text, project);
    expect(installedEslint.code, installedEslint.stderr).toBe(0);
    const config = claimOne((b) => b.lang === "js" && b.text.startsWith("// eslint.config.js"));
    fs.writeFileSync(path.join(project, "eslint.config.js"), config.text);
    const ran = sh("npx eslint src/handler.ts --format json", project);
    expect(ran.code, ran.stderr).toBe(1);
    const [result] = JSON.parse(ran.stdout) as LintResult[];
    expect(result!.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([["snapcheck/uniqueness/init-random", 1, 19]]);
  }, 600_000);

  it("compiles the API example and the plugin's types with tsc --strict against the installed package", () => {
    const example = claimOne((b) => b.lang === "ts" && b.text.includes('from "snapcheck"'));
    const sh1 = sh("npm install --save-dev @types/node@20", project);
    expect(sh1.code, sh1.stderr).toBe(0);
    fs.writeFileSync(path.join(project, "example.ts"), `${example.text}console.log(JSON.stringify(finding));\nexport {};\n`);
    fs.writeFileSync(
      path.join(project, "consumer.ts"),
      [
        'import { formatResults, lintFiles, lintText, listRules, loadConfig, FORMAT_NAMES, type LintResult, type ResolvedConfig } from "snapcheck";',
        'import snapcheck from "snapcheck/eslint-plugin";',
        'import type { Linter } from "eslint";',
        'const result: LintResult = await lintText("export const id = crypto.randomUUID();\\n", { filePath: "src/a.ts" });',
        'const config: ResolvedConfig = await loadConfig("src/handler.ts", { target: "node-snapshot" });',
        'const results = await lintFiles("src", { reportUnusedDisableDirectives: "off" });',
        'const eslintConfig: Linter.Config[] = [snapcheck.configs.recommended];',
        'const sarif = JSON.parse(await formatResults(results, "sarif")) as { version: string };',
        "console.log(JSON.stringify({ rule: result.messages[0]?.ruleId, target: config.target, files: results.length, rules: listRules().length,",
        "  formats: FORMAT_NAMES.length, sarif: sarif.version, eslint: eslintConfig.length }));",
        "",
      ].join("\n"),
    );
    fs.writeFileSync(
      path.join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", types: ["node"], outDir: "out" },
        files: ["consumer.ts", "example.ts"],
      }),
    );
    const compiled = spawnSync(process.execPath, [TSC, "-p", "tsconfig.json", "--strict"], { cwd: project, encoding: "utf8", timeout: 300_000 });
    expect(compiled.stdout + compiled.stderr).toBe("");
    expect(compiled.status).toBe(0);
    const consumer = JSON.parse(execFileSync(process.execPath, ["out/consumer.js"], { cwd: project, encoding: "utf8" })) as Record<string, unknown>;
    expect(consumer).toEqual({ rule: "uniqueness/init-random", target: "node-snapshot", files: 1, rules: allRules.length, formats: expect.any(Number), sarif: "2.1.0", eslint: 1 });
    const finding = JSON.parse(execFileSync(process.execPath, ["out/example.js"], { cwd: project, encoding: "utf8" }).split("\n").at(-2)!) as { ruleId: string };
    expect(finding.ruleId).toBe("uniqueness/init-random");
  }, 600_000);

  it("accepts the example configuration", () => {
    const block = claimOne((b) => b.lang === "json" && b.text.includes('"ignorePatterns"'));
    const dir = path.join(root, "configured");
    fs.mkdirSync(path.join(dir, "scripts"), { recursive: true });
    fs.writeFileSync(path.join(dir, "package.json"), "{}");
    fs.writeFileSync(path.join(dir, ".snapcheckrc.json"), block.text);
    fs.writeFileSync(path.join(dir, "scripts", "seed.ts"), FINDING);
    fs.symlinkSync(path.join(project, "node_modules"), path.join(dir, "node_modules"), "dir");
    const printed = sh("npx snapcheck --print-config scripts/seed.ts", dir);
    expect(printed.code, printed.stderr).toBe(0);
    expect(JSON.parse(printed.stdout)).toMatchObject({
      target: "lambda",
      restoreHooks: ["onRestore"],
      rules: { "uniqueness/handler-math-random": { severity: 0 }, "connections/init-connection": { severity: 0 } },
    });
  });

  it("runs the CI recipe's steps, with upload-sarif v4 on a current Node", () => {
    const block = claimOne((b) => b.lang === "yaml" && b.text.includes("upload-sarif@"));
    const workflow = parseYaml(block.text) as { jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }> };
    const steps = Object.values(workflow.jobs)[0]!.steps;
    expect(steps.find((step) => step.uses?.startsWith("actions/setup-node"))?.with).toEqual({ "node-version": 24 });
    expect(steps.map((step) => step.uses).filter(Boolean)).toContain("github/codeql-action/upload-sarif@v4");
    for (const step of steps.filter((s) => s.run)) sh(step.run!, project);
    const upload = steps.find((step) => step.uses?.startsWith("github/codeql-action/upload-sarif"))!;
    const sarif = JSON.parse(fs.readFileSync(path.join(project, String(upload.with!["sarif_file"])), "utf8")) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]!.results).toHaveLength(1);
  });

  it("uses only inputs the GitHub Action declares", () => {
    const block = claimOne((b) => b.lang === "yaml" && b.text.includes("OWNER/snapcheck@"));
    const workflow = parseYaml(block.text) as { jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }> };
    const step = Object.values(workflow.jobs)[0]!.steps.find((s) => s.uses?.startsWith("OWNER/snapcheck@"))!;
    const action = parseYaml(fs.readFileSync(path.join(REPOSITORY, "action.yml"), "utf8")) as { inputs: Record<string, unknown> };
    expect(Object.keys(step.with ?? {}).filter((input) => !(input in action.inputs))).toEqual([]);
    expect(Object.keys(step.with ?? {}).length).toBeGreaterThan(0);
  });

  it("names the pre-commit hook the repository defines, at the current version", () => {
    const block = claimOne((b) => b.lang === "yaml" && b.text.startsWith("# .pre-commit-config.yaml"));
    const config = parseYaml(block.text) as { repos: { rev: string; hooks: { id: string }[] }[] };
    const hooks = parseYaml(fs.readFileSync(path.join(REPOSITORY, ".pre-commit-hooks.yaml"), "utf8")) as { id: string }[];
    expect(config.repos[0]!.rev).toBe(`v${VERSION}`);
    expect(config.repos[0]!.hooks.map((hook) => hook.id)).toEqual(hooks.map((hook) => hook.id).filter((id) => id === "snapcheck"));
  });

  it("writes the reports for other CI systems", () => {
    const block = claimOne((b) => b.lang === "sh" && b.text.includes("-f junit"));
    const dir = path.join(root, "other-ci");
    fs.mkdirSync(path.join(dir, "src"), { recursive: true });
    fs.writeFileSync(path.join(dir, "package.json"), "{}");
    fs.writeFileSync(path.join(dir, "src", "handler.ts"), FINDING);
    fs.symlinkSync(path.join(project, "node_modules"), path.join(dir, "node_modules"), "dir");
    for (const line of block.text.split("\n").filter((l) => l.trim())) expect(sh(line, dir).code, line).toBe(1);
    expect(fs.readFileSync(path.join(dir, "snapcheck-junit.xml"), "utf8")).toContain("uniqueness/init-random");
    expect(JSON.parse(fs.readFileSync(path.join(dir, "gl-code-quality-report.json"), "utf8"))).toHaveLength(1);
  });

  it("starts a project with --init", () => {
    const block = claimOne((b) => b.lang === "sh" && b.text.includes("--init"));
    const dir = path.join(root, "starting");
    fs.mkdirSync(path.join(dir, "src"), { recursive: true });
    fs.writeFileSync(path.join(dir, "package.json"), "{}");
    fs.writeFileSync(path.join(dir, "src", "handler.ts"), FINDING);
    fs.symlinkSync(path.join(project, "node_modules"), path.join(dir, "node_modules"), "dir");
    const ran = sh(block.text, dir);
    expect(ran.code, ran.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, ".snapcheckrc.json"), "utf8")).toContain('"$schema"');
  });

  it("runs the adoption commands", () => {
    const block = claimOne((b) => b.lang === "sh" && b.text.includes("--suppress-all"));
    const dir = path.join(root, "adopting");
    fs.cpSync(project, dir, { recursive: true, verbatimSymlinks: true, filter: (source) => !source.includes(`${path.sep}node_modules`) });
    fs.symlinkSync(path.join(project, "node_modules"), path.join(dir, "node_modules"), "dir");
    fs.writeFileSync(path.join(dir, "src", "pool.ts"), 'import { randomUUID } from "node:crypto";\nrandomUUID();\nexport const handler = () => randomUUID();\n');
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: dir });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "init");
    git("update-ref", "refs/remotes/origin/main", "HEAD");
    for (const line of block.text.split("\n").filter((l) => l.trim())) {
      const ran = sh(line, dir);
      expect(ran.code, `${line}\n${ran.stderr}`).toBeLessThan(2);
      expect(ran.stderr, line).not.toMatch(/^snapcheck: (?!warning)/m);
    }
    expect(fs.readFileSync(path.join(dir, "src", "pool.ts"), "utf8")).toContain("randomUUID({ disableEntropyCache: true })");
  });

  it("runs the editor commands", () => {
    const [stdin, server] = claim((b) => b.lang === "sh" && /--stdin|--server/.test(b.text));
    const unix = sh(stdin!.text, project);
    expect(unix.code).toBe(1);
    expect(unix.stdout).toMatch(/src\/handler\.ts:1:19: .*\[Error\/uniqueness\/init-random\]/);
    const answered = sh(server!.text, project);
    expect((JSON.parse(answered.stdout.split("\n")[0]!) as LintResult).messages.map((m) => m.ruleId)).toEqual(["uniqueness/init-random"]);
  });

  it("runs the commands for working on snapcheck itself in a clone", () => {
    const block = claimOne((b) => b.lang === "sh" && b.text.includes("npx snapcheck fixtures/"));
    const ran = sh(block.text, clone);
    expect(ran.stdout).toContain("skipped: npm ci");
    expect(ran.stdout).toContain("skipped: npm test");
    expect(ran.code).toBe(1);
    expect(ran.stdout).toMatch(/\d+ problems/);
  }, 300_000);

  it("prints the synopsis it shows", () => {
    const block = claimOne((b) => b.lang === "" && b.text.startsWith("snapcheck [options]"));
    expect(sh("npx snapcheck --help", project).stdout).toContain(`Usage: ${block.text.trim()}`);
  });

  it("flags each ✗ example with the rule it names, and not its ✓ version", async () => {
    const examples = claim((b) => b.lang === "ts" && b.text.includes("// ✗"));
    expect(examples).toHaveLength(4);
    // The CDK example speaks of a function `fn` with SnapStart on, defined elsewhere in the stack.
    const cdkStack = [
      'import * as lambda from "aws-cdk-lib/aws-lambda";',
      'import * as apigateway from "aws-cdk-lib/aws-apigateway";',
      "declare const scope: any;",
      'const fn = new lambda.Function(scope, "Reports", { runtime: lambda.Runtime.JAVA_21, snapStart: lambda.SnapStartConf.ON_PUBLISHED_VERSIONS });',
      "",
    ].join("\n");
    for (const example of examples) {
      const [bad, good] = example.text.split(/^(?=\/\/ ✓)/m);
      const rule = /\/\/ ✗ ([\w-]+\/[\w-]+)/.exec(bad!)![1];
      const preamble = rule!.startsWith("deployment/") ? cdkStack : "";
      const filePath = rule!.startsWith("deployment/") ? "lib/stack.ts" : "src/example.ts";
      const ids = async (text: string) => (await lintText(preamble + text, { cwd: project, filePath })).messages.map((m) => m.ruleId);
      expect(await ids(bad!), bad).toContain(rule);
      // The ✓ half reuses the ✗ half's imports and clients.
      const imports = bad!.split("\n").filter((line) => line.startsWith("import "));
      expect(await ids(`${imports.join("\n")}\n${good!}`), good).not.toContain(rule);
    }
  });

  it("flags the ✗ SAM template with the rule it names, and not with the ✓ line added", () => {
    const block = claimOne((b) => b.lang === "yaml" && b.text.startsWith("# ✗ deployment/"));
    const [bad, good] = block.text.split(/^(?=# ✓)/m);
    const rule = /# ✗ ([\w-]+\/[\w-]+)/.exec(bad!)![1];
    const indent = (text: string) => text.split("\n").map((line) => `  ${line}`).join("\n");
    const template = (resources: string) => `Transform: AWS::Serverless-2016-10-31\nResources:\n${indent(resources)}\n`;
    const lint = (name: string, text: string) => {
      const dir = path.join(root, name);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "package.json"), "{}");
      fs.writeFileSync(path.join(dir, "template.yaml"), text);
      const ran = spawnSync(process.execPath, [path.join(REPOSITORY, "bin", "snapcheck.js"), ".", "-f", "json"], { cwd: dir, encoding: "utf8" });
      return (JSON.parse(ran.stdout) as LintResult[]).flatMap((result) => result.messages.map((m) => m.ruleId));
    };
    expect(lint("sam-flagged", template(bad!))).toContain(rule);
    expect(lint("sam-correct", template(bad! + good!.split("\n").slice(1).join("\n")))).not.toContain(rule);
  });

  it("prints the functions table it shows, from a clone", () => {
    const block = claimOne((b) => b.lang === "" && b.text.startsWith("$ "));
    const [command, ...output] = block.text.trimEnd().split("\n");
    const ran = sh(command!.slice(2), clone);
    expect(ran.stderr).toBe("");
    expect(ran.stdout.trimEnd()).toBe(output.join("\n"));
  });

  it("suppresses as the directive example says", async () => {
    const block = claimOne((b) => b.lang === "ts" && b.text.includes("snapcheck-disable-next-line"));
    const result = await lintText(`import { randomUUID } from "node:crypto";\ndeclare function createWarmPool(): Promise<unknown>;\n${block.text}`, {
      cwd: project,
      filePath: "src/directives.ts",
    });
    expect(result.suppressedMessages.map((m) => m.ruleId)).toEqual(["uniqueness/init-random", "uniqueness/init-random"]);
    expect(result.messages.filter((m) => m.severity === 2)).toEqual([]);
  });

  it("has the Neovim snippet of docs/editors (run there by test/lsp/neovim.test.ts)", () => {
    const block = claimOne((b) => b.lang === "lua");
    // The snippet calls vim.fs.root (Neovim 0.10); the recipe file it abbreviates also runs on older versions.
    expect(block.text).toContain('"npx", "--no-install", "snapcheck", "lsp"');
    expect(fs.readFileSync(path.join(REPOSITORY, "docs", "editors", "snapcheck-lsp.lua"), "utf8")).toContain('"npx", "--no-install", "snapcheck", "lsp"');
  });

  it("leaves no block unexercised", () => {
    expect(blocks.filter((block) => !claimed.has(block)).map((block) => `README.md:${block.line} ${block.lang}`)).toEqual([]);
  });
});
