import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import tsParser from "@typescript-eslint/parser";
import { ESLint, type AST, type Linter } from "eslint";
import { ts } from "#typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRules } from "../rules/index.js";
import { insertBefore, replaceNode } from "../src/engine/fixes.js";
import { createRule, type Rule } from "../src/engine/rule.js";
import snapcheck, { createPlugin } from "../src/eslint-plugin/index.js";
import { lintFiles } from "../src/run/run.js";
import { treeTracker } from "./trees/temp-tree.js";

const REPOSITORY = fileURLToPath(new URL("..", import.meta.url));
const DOCS = fileURLToPath(new URL("../docs/eslint-plugin.md", import.meta.url));

/** Real ESLint 9, flat config, with the plugin as a user wires it (docs/eslint-plugin.md). */
beforeAll(() => {
  if (!fs.existsSync(path.join(REPOSITORY, "dist/src/eslint-plugin/index.js"))) {
    throw new Error("dist/ is missing: run `npx tsc -p .` (npm test does it in pretest)");
  }
});

const trees = treeTracker();
afterAll(trees.cleanup);

const HANDLER = [
  "export const id = crypto.randomUUID();",
  "export const handler = async () => ({ id, roll: Math.random() });",
  "",
].join("\n");

function eslintFor(cwd: string, config: Linter.Config[], options: Partial<ESLint.Options> = {}): ESLint {
  return new ESLint({ cwd, overrideConfigFile: true, overrideConfig: config, ...options });
}

async function lintOne(cwd: string, file: string, config: Linter.Config[], options: Partial<ESLint.Options> = {}): Promise<ESLint.LintResult> {
  const [result] = await eslintFor(cwd, config, options).lintFiles([file]);
  return result!;
}

interface Comparable {
  ruleId: string | null;
  severity: number;
  message: string;
  line: number;
  column: number;
  endLine?: number | undefined;
  endColumn?: number | undefined;
}

function brief(messages: readonly Linter.LintMessage[]) {
  return messages.map(({ ruleId, severity, line, column }) => ({ ruleId, severity, line, column }));
}

describe("snapcheck/eslint-plugin with real ESLint", () => {
  it("reports snapcheck findings under snapcheck/<family>/<name> at their default levels", async () => {
    const cwd = trees.track({ "handler.js": HANDLER });
    const result = await lintOne(cwd, "handler.js", [snapcheck.configs.recommended]);
    expect(brief(result.messages)).toEqual([
      { ruleId: "snapcheck/uniqueness/init-random", severity: 2, line: 1, column: 19 },
      { ruleId: "snapcheck/uniqueness/handler-math-random", severity: 1, line: 2, column: 49 },
    ]);
    expect(result.messages[0]!.message).toContain("randomUUID() runs at init");
    expect(result.messages[0]).toMatchObject({ endLine: 1, endColumn: 38 });
  });

  it("checks a CDK app's SnapStart wiring with the deployment rules, since CDK code is TypeScript", async () => {
    const cwd = trees.track({
      "lib/stack.ts": [
        `import * as lambda from "aws-cdk-lib/aws-lambda";`,
        `import * as apigateway from "aws-cdk-lib/aws-apigateway";`,
        `declare const scope: any;`,
        `const fn = new lambda.Function(scope, "Orders", {`,
        `  runtime: lambda.Runtime.JAVA_21,`,
        `  snapStart: lambda.SnapStartConf.ON_PUBLISHED_VERSIONS,`,
        `});`,
        `fn.currentVersion.addAlias("live");`,
        `new apigateway.LambdaIntegration(fn);`,
        ``,
      ].join("\n"),
    });
    const config: Linter.Config[] = [{ ...snapcheck.configs.recommended, files: ["**/*.ts"], languageOptions: { parser: tsParser } }];
    const result = await lintOne(cwd, "lib/stack.ts", config);
    expect(brief(result.messages)).toEqual([{ ruleId: "snapcheck/deployment/snapstart-unqualified-caller", severity: 2, line: 9, column: 34 }]);
  });

  it("reports exactly what the snapcheck CLI engine reports, position for position", async () => {
    const cwd = trees.track({
      "src/handler.js": [
        `import { makeRunId } from "./ids.js";`,
        `import { Pool } from "pg";`,
        `export const runId = makeRunId();`,
        `export const startedAt = Date.now();`,
        `const pool = new Pool();`,
        `await pool.connect();`,
        `export const handler = async () => ({ runId, startedAt, roll: Math.random() });`,
        ``,
      ].join("\n"),
      "src/ids.js": "export function makeRunId() {\n  return crypto.randomUUID();\n}\n",
    });
    const file = path.join(cwd, "src/handler.js");
    const fromEslint = await lintOne(cwd, file, [snapcheck.configs.recommended]);
    const {
      results: [fromCli],
    } = await lintFiles({ cwd, patterns: [file] });
    const shape = (messages: readonly Comparable[]) =>
      messages
        .map(({ ruleId, severity, message, line, column, endLine, endColumn }) => ({ ruleId, severity, message, line, column, endLine, endColumn }))
        .sort((a, b) => a.line - b.line || a.column - b.column || String(a.ruleId).localeCompare(String(b.ruleId)));
    expect(fromCli!.messages.length).toBeGreaterThanOrEqual(3);
    expect(shape(fromEslint.messages)).toEqual(shape(fromCli!.messages.map((m) => ({ ...m, ruleId: `snapcheck/${m.ruleId}` }))));
    // Cross-file: the helper in ids.js was read from disk.
    expect(fromEslint.messages.some((m) => m.message.includes("via makeRunId()"))).toBe(true);
  });

  it("honours // eslint-disable-next-line snapcheck/<family>/<name>", async () => {
    const cwd = trees.track({
      "handler.js": [
        "// eslint-disable-next-line snapcheck/uniqueness/init-random -- one id per snapshot is intended",
        "export const id = crypto.randomUUID();",
        "export const other = crypto.randomUUID();",
        "",
      ].join("\n"),
    });
    const result = await lintOne(cwd, "handler.js", [snapcheck.configs.recommended], {});
    expect(brief(result.messages)).toEqual([{ ruleId: "snapcheck/uniqueness/init-random", severity: 2, line: 3, column: 22 }]);
    expect(brief(result.suppressedMessages)).toEqual([{ ruleId: "snapcheck/uniqueness/init-random", severity: 2, line: 2, column: 19 }]);
  });

  it("still honours snapcheck's own disable comments", async () => {
    const cwd = trees.track({ "handler.js": `// snapcheck-disable-next-line uniqueness/init-random\n${HANDLER}` });
    const result = await lintOne(cwd, "handler.js", [snapcheck.configs.recommended]);
    expect(brief(result.messages).map((m) => m.ruleId)).toEqual(["snapcheck/uniqueness/handler-math-random"]);
  });

  it("does not show a malformed snapcheck directive under a snapcheck rule", async () => {
    const cwd = trees.track({ "handler.js": `// snapcheck-disable-next-line uniqueness/no-such-rule\n${HANDLER}` });
    const result = await lintOne(cwd, "handler.js", [snapcheck.configs.recommended]);
    expect(brief(result.messages)).toEqual([
      { ruleId: "snapcheck/uniqueness/init-random", severity: 2, line: 2, column: 19 },
      { ruleId: "snapcheck/uniqueness/handler-math-random", severity: 1, line: 3, column: 49 },
    ]);
  });

  it("lets a config turn single rules off or change their level", async () => {
    const cwd = trees.track({ "handler.js": HANDLER });
    const result = await lintOne(cwd, "handler.js", [
      snapcheck.configs.recommended,
      { rules: { "snapcheck/uniqueness/init-random": "warn", "snapcheck/uniqueness/handler-math-random": "off" } },
    ]);
    expect(brief(result.messages)).toEqual([{ ruleId: "snapcheck/uniqueness/init-random", severity: 1, line: 1, column: 19 }]);
  });

  it("lints .ts files through @typescript-eslint/parser, as documented", async () => {
    const cwd = trees.track({ "src/handler.ts": "export const id: string = crypto.randomUUID();\nexport const handler = async (): Promise<string> => id;\n" });
    const config: Linter.Config[] = [
      { files: ["**/*.ts"], languageOptions: { parser: tsParser } },
      snapcheck.configs.recommended,
    ];
    const result = await lintOne(cwd, "src/handler.ts", config);
    expect(brief(result.messages)).toEqual([{ ruleId: "snapcheck/uniqueness/init-random", severity: 2, line: 1, column: 27 }]);
  });

  it("needs a TypeScript parser for .ts files: ESLint's default parser fails first", async () => {
    const cwd = trees.track({ "src/handler.ts": "export const id: string = crypto.randomUUID();\n" });
    const result = await lintOne(cwd, "src/handler.ts", [{ files: ["**/*.ts"] }, snapcheck.configs.recommended]);
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0]).toMatchObject({ ruleId: null, fatal: true });
    expect(result.messages[0]!.message).toMatch(/^Parsing error/);
  });

  it("reads target and restoreHooks from settings.snapcheck", async () => {
    const cwd = trees.track({
      "src/handler.js": [
        `import { Client } from "pg";`,
        `import { onRestore } from "./runtime.js";`,
        `const client = new Client();`,
        `await client.connect();`,
        `onRestore(async () => { await client.end(); });`,
        `export const handler = async () => ({ roll: Math.random() });`,
        ``,
      ].join("\n"),
      "src/runtime.js": "const hooks = [];\nexport function onRestore(hook) {\n  hooks.push(hook);\n}\n",
    });
    const lint = async (settings?: Record<string, unknown>) =>
      brief((await lintOne(cwd, "src/handler.js", [snapcheck.configs.recommended, ...(settings ? [{ settings: { snapcheck: settings } }] : [])])).messages);
    const connection = { ruleId: "snapcheck/connections/init-connection", severity: 2, line: 4, column: 7 };
    const mathRandom = { ruleId: "snapcheck/uniqueness/handler-math-random", severity: 1, line: 6, column: 45 };

    expect(await lint()).toEqual([connection, mathRandom]);
    // The connection is closed in a declared restore hook.
    expect(await lint({ restoreHooks: ["onRestore"] })).toEqual([mathRandom]);
    // Node startup snapshots reseed Math.random.
    expect(await lint({ target: "node-snapshot", restoreHooks: ["onRestore"] })).toEqual([]);
  });

  it("rejects a mistaken settings.snapcheck with a message naming the key", async () => {
    const cwd = trees.track({ "handler.js": HANDLER });
    const lint = lintOne(cwd, "handler.js", [snapcheck.configs.recommended, { settings: { snapcheck: { target: "ec2", hooks: [] } } }]);
    await expect(lint).rejects.toThrow(/settings\.snapcheck: hooks: unknown key; allowed keys: target, restoreHooks, connections/);
    await expect(lint).rejects.toThrow(/settings\.snapcheck: target: invalid target "ec2"; allowed targets: "lambda", "node-snapshot"/);
  });

  it("sees a helper file that changed on disk since an earlier lint in the same process", async () => {
    const cwd = trees.track({
      "handler.js": `import { makeId } from "./ids.js";\nexport const id = makeId();\n`,
      "ids.js": "export function makeId() {\n  return crypto.randomUUID();\n}\n",
    });
    const before = await lintOne(cwd, "handler.js", [snapcheck.configs.recommended]);
    expect(brief(before.messages)).toEqual([{ ruleId: "snapcheck/uniqueness/init-random", severity: 2, line: 2, column: 19 }]);
    fs.writeFileSync(path.join(cwd, "ids.js"), 'export function makeId() {\n  return "fixed-id";\n}\n');
    const after = await lintOne(cwd, "handler.js", [snapcheck.configs.recommended]);
    expect(after.messages).toEqual([]);
  });

  it("lints text ESLint is given directly, as editor integrations do", async () => {
    const cwd = trees.track({});
    const eslint = eslintFor(cwd, [snapcheck.configs.recommended]);
    const [result] = await eslint.lintText(HANDLER, { filePath: path.join(cwd, "unsaved.js") });
    expect(brief(result!.messages).map((m) => m.ruleId)).toEqual(["snapcheck/uniqueness/init-random", "snapcheck/uniqueness/handler-math-random"]);
  });
});

describe("plugin shape", () => {
  it("exposes every snapcheck rule, and recommends each at its default level", () => {
    expect(Object.keys(snapcheck.rules)).toEqual(allRules.map((rule) => rule.meta.id));
    expect(snapcheck.configs.recommended.plugins).toEqual({ snapcheck });
    expect(snapcheck.configs.recommended.rules).toEqual(
      Object.fromEntries(allRules.map((rule) => [`snapcheck/${rule.meta.id}`, rule.meta.defaultLevel])),
    );
    for (const rule of allRules) {
      expect(snapcheck.rules[rule.meta.id]!.meta).toMatchObject({
        type: "problem",
        docs: { description: rule.meta.description },
        hasSuggestions: true,
      });
    }
    expect(snapcheck.meta).toMatchObject({ name: "snapcheck", namespace: "snapcheck" });
  });
});

/** Rules made for these tests, to reach what no shipped rule does yet: fixes, suggestions, a crash. */
function testRules(counters: { analyses: Set<unknown>; sourceFiles: Set<unknown> }): Rule[] {
  const seen = (context: Parameters<Rule["create"]>[0]) => {
    counters.analyses.add(context.analysis);
    counters.sourceFiles.add(context.sourceFile);
  };
  const fixable = createRule({
    id: "uniqueness/test-fixable",
    description: "test: replaces Math.random() with 4",
    defaultLevel: "error",
    fixable: true,
    messages: { roll: "chosen by fair dice roll" },
    create(context) {
      seen(context);
      return {
        kinds: {
          [ts.SyntaxKind.CallExpression](node) {
            if (node.getText(context.sourceFile) === "Math.random()") context.report({ node, messageId: "roll", fix: replaceNode(node, "4") });
          },
        },
      };
    },
  });
  const suggesting = createRule({
    id: "uniqueness/test-suggesting",
    description: "test: suggests a comment before crypto.randomUUID()",
    defaultLevel: "warn",
    messages: { review: "review this" },
    create(context) {
      seen(context);
      return {
        kinds: {
          [ts.SyntaxKind.CallExpression](node) {
            if (!node.getText(context.sourceFile).startsWith("crypto.randomUUID")) return;
            context.report({ node, messageId: "review", suggestions: [{ desc: "Mark it reviewed", fix: insertBefore(node, "/* reviewed */ ") }] });
          },
        },
      };
    },
  });
  const crashing = createRule({
    id: "uniqueness/test-crashing",
    description: "test: throws",
    defaultLevel: "error",
    messages: { never: "never" },
    create() {
      return {
        onFileEnd() {
          throw new Error("boom");
        },
      };
    },
  });
  return [fixable, suggesting, crashing];
}

describe("the adapter", () => {
  it("runs snapcheck once per file, however many of its rules are on", async () => {
    const counters = { analyses: new Set<unknown>(), sourceFiles: new Set<unknown>() };
    const [fixable, suggesting] = testRules(counters);
    const plugin = createPlugin([fixable!, suggesting!], "0.0.0");
    const cwd = trees.track({ "a.js": HANDLER });
    await lintOne(cwd, "a.js", [plugin.configs.recommended]);
    expect(counters.analyses.size).toBe(1);
    expect(counters.sourceFiles.size).toBe(1);
  });

  it("passes fixes to ESLint's --fix and suggestions to its suggestions", async () => {
    const counters = { analyses: new Set<unknown>(), sourceFiles: new Set<unknown>() };
    const [fixable, suggesting] = testRules(counters);
    const plugin = createPlugin([fixable!, suggesting!], "0.0.0");
    expect(plugin.rules["uniqueness/test-fixable"]!.meta!.fixable).toBe("code");
    expect(plugin.rules["uniqueness/test-suggesting"]!.meta!.fixable).toBeUndefined();
    const cwd = trees.track({ "a.js": HANDLER });

    const linted = await lintOne(cwd, "a.js", [plugin.configs.recommended]);
    const suggested = linted.messages.find((m) => m.ruleId === "snapcheck/uniqueness/test-suggesting")!;
    const start = HANDLER.indexOf("crypto.randomUUID");
    expect(suggested.suggestions).toEqual([{ desc: "Mark it reviewed", fix: { range: [start, start], text: "/* reviewed */ " } }]);
    const fixed = linted.messages.find((m) => m.ruleId === "snapcheck/uniqueness/test-fixable")!;
    expect(fixed.fix).toEqual({ range: [HANDLER.indexOf("Math.random()"), HANDLER.indexOf("Math.random()") + 13], text: "4" });

    const withFix = await lintOne(cwd, "a.js", [plugin.configs.recommended], { fix: true });
    expect(withFix.output).toBe(HANDLER.replace("Math.random()", "4"));
  });

  it("reports an internal error once, not once per rule", async () => {
    const counters = { analyses: new Set<unknown>(), sourceFiles: new Set<unknown>() };
    const plugin = createPlugin(testRules(counters), "0.0.0");
    const cwd = trees.track({ "a.js": HANDLER });
    const result = await lintOne(cwd, "a.js", [plugin.configs.recommended]);
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0]!.message).toBe("snapcheck: Internal error in rule uniqueness/test-crashing: boom");

    const alone = await lintOne(cwd, "a.js", [{ plugins: { snapcheck: plugin }, rules: { "snapcheck/uniqueness/test-crashing": "warn" } }]);
    expect(alone.messages.map((m) => [m.ruleId, m.severity, m.line, m.column, m.message])).toEqual([
      ["snapcheck/uniqueness/test-crashing", 1, 1, 1, "snapcheck: Internal error in rule uniqueness/test-crashing: boom"],
    ]);
  });

  it("stays silent on text the TypeScript parser cannot read, which ESLint parsed with another parser", async () => {
    const cwd = trees.track({ "App.vue": "<template>\n  <p>{{ id }}</p>\n</template>\n" });
    // A parser that gives ESLint an empty program for any text, as a parser for another language would.
    const foreign: Linter.Parser = {
      meta: { name: "foreign" },
      parseForESLint: (text: string) => ({
        ast: {
          type: "Program",
          body: [],
          sourceType: "module",
          tokens: [],
          comments: [],
          range: [0, text.length],
          loc: { start: { line: 1, column: 0 }, end: { line: 4, column: 0 } },
        } as unknown as AST.Program,
        visitorKeys: { Program: ["body"] },
      }),
    };
    const result = await lintOne(cwd, "App.vue", [{ files: ["**/*.vue"], languageOptions: { parser: foreign } }, snapcheck.configs.recommended]);
    expect(result.messages).toEqual([]);
  });
});

/** The `js` blocks of docs/eslint-plugin.md that are ESLint configs, in order. */
function documentedConfigs(): string[] {
  const blocks = [...fs.readFileSync(DOCS, "utf8").matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]!);
  return blocks.filter((block) => block.includes("export default"));
}

describe("the configs in docs/eslint-plugin.md", () => {
  /** A project with snapcheck installed: the package resolves through its `exports` to the built plugin. */
  function project(files: Record<string, string>, config: string): string {
    const cwd = trees.track({ ...files, "eslint.config.js": config });
    fs.mkdirSync(path.join(cwd, "node_modules/@typescript-eslint"), { recursive: true });
    fs.symlinkSync(REPOSITORY, path.join(cwd, "node_modules/snapcheck"));
    fs.symlinkSync(path.join(REPOSITORY, "node_modules/@typescript-eslint/parser"), path.join(cwd, "node_modules/@typescript-eslint/parser"));
    return cwd;
  }

  async function lintProject(cwd: string, file: string): Promise<ESLint.LintResult> {
    const [result] = await new ESLint({ cwd }).lintFiles([file]);
    return result!;
  }

  const configs = documentedConfigs();

  it("documents a setup, a TypeScript setup and a rules example", () => {
    expect(configs).toHaveLength(3);
    expect(configs[0]).toContain('import snapcheck from "snapcheck/eslint-plugin";');
    expect(configs[1]).toContain('import tsParser from "@typescript-eslint/parser";');
  });

  it("setup: lints a .js file with the package's own export and the documented settings", async () => {
    const cwd = project({ "handler.js": HANDLER }, configs[0]!);
    const result = await lintProject(cwd, "handler.js");
    expect(brief(result.messages)).toEqual([
      { ruleId: "snapcheck/uniqueness/init-random", severity: 2, line: 1, column: 19 },
      { ruleId: "snapcheck/uniqueness/handler-math-random", severity: 1, line: 2, column: 49 },
    ]);
  });

  it("TypeScript setup: lints a .ts file with type annotations", async () => {
    const code = "export const id: string = crypto.randomUUID();\nexport const handler = async (): Promise<string> => id;\n";
    const cwd = project({ "src/handler.ts": code }, configs[1]!);
    const result = await lintProject(cwd, "src/handler.ts");
    expect(brief(result.messages)).toEqual([{ ruleId: "snapcheck/uniqueness/init-random", severity: 2, line: 1, column: 27 }]);
  });

  it("rules example: turns a rule off and changes another's level", async () => {
    const config = `import snapcheck from "snapcheck/eslint-plugin";\n${configs[2]!}`;
    const cwd = project({ "handler.js": HANDLER }, config);
    const result = await lintProject(cwd, "handler.js");
    expect(brief(result.messages)).toEqual([{ ruleId: "snapcheck/uniqueness/init-random", severity: 2, line: 1, column: 19 }]);
  });
});
