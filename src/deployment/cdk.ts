import path from "node:path";
import { ts } from "#typescript";
import { ModuleIndex, type ModuleFacts } from "../analysis/modules.js";
import { readOption } from "../analysis/options.js";
import { syntaxIndexOf } from "../analysis/syntax-index.js";
import { evaluate, resolveValue, valueKey } from "../analysis/values.js";
import { relativeSpecifiers } from "../engine/relevance.js";
import { lineAndColumn, parseJson } from "../config/json.js";
import { imageProcess } from "./containers.js";
import { commandsIn, findModuleFile, readText, splitHandler } from "./entries.js";
import type { DescriptorLocation } from "./model.js";
import { programOf } from "./programs.js";
import { draft, reportUnparsable, isNodeRuntime, type FunctionDraft, type ReadContext } from "./reading.js";
import { staticString } from "./static-paths.js";

/**
 * Lambda constructs of the AWS CDK, by the module and export they come from (v2 submodules; `aws-cdk-lib`'s
 * `aws_lambda` namespace and the v1 `@aws-cdk/*` packages are read as the same). Sources: AWS CDK API reference,
 * `aws-cdk-lib.aws_lambda_nodejs.NodejsFunction` (props `entry`, `handler`, `runtime`; entry defaults to the defining
 * file's name with the construct id as suffix, handler to `handler`), `aws-cdk-lib.aws_lambda.Function` (`code`:
 * `Code.fromAsset(dir)`, `handler`: `file.export`, `runtime`), `aws-cdk-lib.aws_lambda.DockerImageFunction` (`code`:
 * `DockerImageCode.fromImageAsset(dir, { cmd, file })`), and `FunctionOptions.snapStart`
 * (`SnapStartConf.ON_PUBLISHED_VERSIONS`); `aws-cdk-lib.aws_cloudfront.experimental.EdgeFunction` (Lambda@Edge: its
 * `EdgeFunctionProps` extend `FunctionProps`, so `code` and `handler` as for `lambda.Function`).
 */
const LAMBDA_CONSTRUCTS: Record<string, "nodejs" | "function" | "docker"> = {
  "aws-cdk-lib/aws-lambda-nodejs:NodejsFunction": "nodejs",
  "aws-cdk-lib/aws-lambda:Function": "function",
  "aws-cdk-lib/aws-lambda:DockerImageFunction": "docker",
  "aws-cdk-lib/aws-cloudfront:experimental.EdgeFunction": "function",
};
/** The default file extensions NodejsFunction looks for next to the defining file. Source: NodejsFunctionProps.entry. */
const NODEJS_DEFAULT_ENTRY_EXTENSIONS = [".ts", ".js", ".mjs", ".mts", ".cts", ".cjs"];
/** `new NodejsFunction(`, `new lambda.Function(`, `new FunctionWithLogGroup(`: what a file must contain to be parsed. */
const CONSTRUCT_MENTION = /\bnew\s+[\w$.]*Function[\w$]*\s*[(<]/;
/** How many `extends` a construct class is followed through to the Lambda construct it builds on. */
const MAX_SUBCLASS_DEPTH = 4;
/** Files of a CDK app followed through its relative imports; an app larger than this is read in part. */
const MAX_APP_FILES = 400;

/** `aws-cdk-lib` + `aws_lambda_nodejs.NodejsFunction` and `@aws-cdk/aws-lambda-nodejs` are `aws-cdk-lib/aws-lambda-nodejs`. */
function constructKey(key: string | undefined): string | undefined {
  if (!key) return undefined;
  const [module, member = ""] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
  if (module === "aws-cdk-lib" && member.startsWith("aws_")) {
    const dot = member.indexOf(".");
    return `aws-cdk-lib/${member.slice(0, dot).replaceAll("_", "-")}:${member.slice(dot + 1)}`;
  }
  if (module.startsWith("@aws-cdk/aws-")) return `aws-cdk-lib/${module.slice("@aws-cdk/".length)}:${member}`;
  return key;
}

/** `Runtime.NODEJS_20_X` → `nodejs20.x`, `Runtime.PYTHON_3_12` → `python3.12`, `NODEJS_LATEST` → `nodejs`. */
function runtimeName(expression: ts.Expression | undefined): string | undefined {
  if (!expression || !ts.isPropertyAccessExpression(expression)) return undefined;
  const match = /^([A-Z]+)_(.+)$/.exec(expression.name.text);
  if (!match) return undefined;
  const language = match[1]!.toLowerCase();
  if (match[2] === "LATEST") return language;
  const version = match[2]!.replace(/_X$/, ".x").replace(/_/g, ".");
  return language === "nodejs" ? `nodejs${version.replace(/\.x$/, "")}.x` : `${language}${version}`;
}

/** The CDK app a cdk.json names, and the Lambda functions its code constructs. */
export function readCdk(file: string, text: string, context: ReadContext): FunctionDraft[] {
  const parsed = parseJson(text);
  if (!parsed.ok) {
    context.problem(file, parsed, `cannot read cdk.json: ${parsed.reason} (line ${parsed.line}, column ${parsed.column})`);
    return [];
  }
  const app = (parsed.value as { app?: unknown }).app;
  if (typeof app !== "string") return [];
  const appDir = path.dirname(file);
  // cdk.json often carries a large context block: the app's line is found in the text, not by parsing it again.
  const appOffset = Math.max(0, text.indexOf('"app"'));
  const appAt: DescriptorLocation = { file, ...lineAndColumn(text, appOffset) };
  const script = commandsIn(app)
    .map(programOf)
    .find((run) => run?.kind === "script" && run.script !== undefined);
  // An app in another language (`python3 app.py`, `mvn exec:java`) holds no JavaScript functions to read.
  if (script?.kind !== "script" || !/\.[cm]?[jt]sx?$/.test(script.script!)) return [];
  const appFile = context.resolver.resolve(path.resolve(appDir, script.script!), appDir);
  if (!appFile) {
    context.problem(file, appAt, `the CDK app ${script.script} is missing`);
    return [];
  }
  return constructsIn(appFile, appDir, context);
}

/** Follows the app's relative imports from its entry and reads every Lambda construct on the way. */
export function constructsIn(appFile: string, appDir: string, context: ReadContext): FunctionDraft[] {
  const index = new ModuleIndex(appDir);
  const drafts: FunctionDraft[] = [];
  const seen = new Set([appFile]);
  const queue = [appFile];
  for (let head = 0; head < queue.length && head < MAX_APP_FILES; head++) {
    const file = queue[head]!;
    const text = readText(file) ?? "";
    // Only files that construct something named like a Lambda construct are parsed; the others are only followed.
    if (CONSTRUCT_MENTION.test(text) || head === 0) {
      const facts = index.load(file);
      if (!facts && head === 0) reportUnparsable(appFile, context);
      for (const node of facts ? syntaxIndexOf(facts.sourceFile).dispatched : []) {
        // Only constructors named like a function are evaluated: most `new` in a stack builds tables, queues, roles.
        if (!ts.isNewExpression(node) || !node.expression.getText(facts!.sourceFile).includes("Function")) continue;
        const kind = lambdaConstructOf(node.expression, facts!);
        if (kind) drafts.push(readConstruct(node, kind, facts!, appDir, context));
      }
    }
    for (const specifier of relativeSpecifiers(text)) {
      const imported = index.resolveFrom(file, specifier);
      if (imported && !seen.has(imported) && !imported.includes(`${path.sep}node_modules${path.sep}`)) {
        seen.add(imported);
        queue.push(imported);
      }
    }
  }
  return drafts;
}

/**
 * The Lambda construct a `new` expression creates: one of the table's, or a class of the app that extends one
 * (`class FunctionWithLogGroup extends NodejsFunction`), whose props are taken to pass through to it.
 */
function lambdaConstructOf(expression: ts.Expression, facts: ModuleFacts): "nodejs" | "function" | "docker" | undefined {
  let value = resolveValue(evaluate(expression, facts));
  for (let depth = 0; depth < MAX_SUBCLASS_DEPTH; depth++) {
    const kind = LAMBDA_CONSTRUCTS[constructKey(valueKey(value)) ?? ""];
    if (kind || value.kind !== "class") return kind;
    const heritage = value.node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    if (!heritage) return undefined;
    value = resolveValue(evaluate(heritage.expression, value.file));
  }
  return undefined;
}

function readConstruct(node: ts.NewExpression, kind: "nodejs" | "function" | "docker", facts: ModuleFacts, appDir: string, context: ReadContext): FunctionDraft {
  const [, idArgument, props] = node.arguments ?? [];
  const where = facts.sourceFile.getLineAndCharacterOfPosition(node.getStart(facts.sourceFile));
  const source: DescriptorLocation = { file: facts.filePath, line: where.line + 1, column: where.character + 1 };
  const id = idArgument ? staticString(idArgument, facts, appDir) : undefined;
  const option = (name: string): ts.Expression | undefined => {
    if (!props) return undefined;
    const reading = readOption(props, name, facts);
    return reading.kind === "set" ? reading.value : undefined;
  };
  const optionAt = (name: string): DescriptorLocation => {
    const value = option(name);
    if (!value) return source;
    const at = facts.sourceFile.getLineAndCharacterOfPosition(value.getStart(facts.sourceFile));
    return { file: facts.filePath, line: at.line + 1, column: at.character + 1 };
  };
  const snapStart = option("snapStart");
  const snapshotDeclared = snapStart !== undefined && /ON_PUBLISHED_VERSIONS$/.test(valueKey(evaluate(snapStart, facts)) ?? snapStart.getText(facts.sourceFile));
  const name = id ?? "(construct id not static)";
  const common = { name, descriptorKind: "cdk" as const, source, projectRoot: appDir, snapshotDeclared };
  const cannotTell = (what: string) => {
    context.problem(facts.filePath, optionAt(what), `cannot tell the ${what} of ${name} statically; declare the function in the snapcheck config (functions)`);
    return draft({ ...common, entry: undefined, handler: undefined, runtime: runtimeName(option("runtime")) });
  };

  if (kind === "nodejs") {
    const handlerOption = option("handler");
    const handler = handlerOption ? staticString(handlerOption, facts, appDir) : "handler";
    const runtime = runtimeName(option("runtime")) ?? "nodejs";
    const entryOption = option("entry");
    if (!entryOption) {
      // The default entry sits beside the defining file: `stack.ts` + id `api` → `stack.api.ts`.
      const stem = facts.filePath.slice(0, -path.extname(facts.filePath).length);
      const entry = id === undefined ? undefined : NODEJS_DEFAULT_ENTRY_EXTENSIONS.map((ext) => `${stem}.${id}${ext}`).find((candidate) => findModuleFile(candidate) === candidate);
      if (!entry) context.problem(facts.filePath, source, `${name} has no entry and no ${path.basename(stem)}.${id ?? "<id>"}.ts beside its stack`);
      return draft({ ...common, entry, handler, runtime });
    }
    const entryPath = staticString(entryOption, facts, appDir);
    if (entryPath === undefined) return cannotTell("entry");
    const entry = findModuleFile(path.resolve(appDir, entryPath));
    if (!entry) context.problem(facts.filePath, optionAt("entry"), `the entry ${path.relative(appDir, path.resolve(appDir, entryPath))} of ${name} is missing`);
    return draft({ ...common, entry, handler, runtime });
  }

  const code = option("code");
  const codeCall = code && ts.isCallExpression(code) ? code : undefined;
  const codeKind = codeCall ? constructKey(valueKey(evaluate(codeCall.expression, facts)))?.replace(/^.*:/, "") : undefined;
  const assetDir = codeCall?.arguments[0] ? staticString(codeCall.arguments[0], facts, appDir) : undefined;

  if (kind === "docker") {
    if (codeKind !== "DockerImageCode.fromImageAsset") return draft({ ...common, entry: undefined, handler: undefined, runtime: undefined, packageType: "image" });
    if (assetDir === undefined) return cannotTell("code");
    const assetOptions = codeCall!.arguments[1];
    const readAsset = (key: string) => {
      if (!assetOptions) return undefined;
      const reading = readOption(assetOptions, key, facts);
      return reading.kind === "set" ? reading.value : undefined;
    };
    const fileOption = readAsset("file");
    const dockerContext = path.resolve(appDir, assetDir);
    const dockerfile = path.resolve(dockerContext, (fileOption && staticString(fileOption, facts, appDir)) ?? "Dockerfile");
    const image = context.image(dockerfile, dockerContext, optionAt("code"));
    const unknownImage = draft({ ...common, entry: undefined, handler: undefined, runtime: undefined, packageType: "image" });
    if (!image) return unknownImage;
    const cmd = readAsset("cmd");
    const override = cmd && ts.isArrayLiteralExpression(cmd) ? cmd.elements.map((element) => staticString(element, facts, appDir)) : undefined;
    const command = override?.every((word): word is string => word !== undefined) ? override : undefined;
    const process = imageProcess(image, context, command, command ? optionAt("code") : undefined);
    if (process.kind === "other") return { ...unknownImage, javascript: false };
    if (process.kind === "program") return { ...unknownImage, entry: process.entry, runtime: process.runtime };
    return { ...unknownImage, entry: process.entry, handler: process.exportName, runtime: process.runtime };
  }

  const runtime = runtimeName(option("runtime"));
  if (!isNodeRuntime(runtime)) return draft({ ...common, entry: undefined, handler: undefined, runtime, javascript: false });
  const handlerOption = option("handler");
  const handler = handlerOption ? staticString(handlerOption, facts, appDir) : undefined;
  // Inline code or code from S3: nothing in the project to read.
  if (codeKind !== "Code.fromAsset") return draft({ ...common, entry: undefined, handler: handler ? splitHandler(handler)?.exportName : undefined, runtime });
  if (assetDir === undefined) return cannotTell("code");
  if (handler === undefined) return cannotTell("handler");
  const resolved = context.handlerEntry(handler, path.resolve(appDir, assetDir), appDir, optionAt("handler"));
  return draft({ ...common, entry: resolved.entry, handler: resolved.exportName, runtime });
}
