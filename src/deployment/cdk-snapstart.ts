import path from "node:path";
import { ts } from "#typescript";
import type { FileAnalysis } from "../analysis/file-analysis.js";
import { constantInitializer, literalValue, readOption } from "../analysis/options.js";
import { pushChildren, skipTransparent } from "../analysis/syntax.js";
import type { SymbolicValue } from "../analysis/values.js";
import { CDK_CALLERS, CDK_FUNCTION_CONSTRUCTS, CDK_NAMESPACES } from "../knowledge/cdk-lambda.js";
import type { DescriptorSpan, SnapStartFacts, SnapStartFunction } from "./snapstart-facts.js";

const MENTIONS_CDK = /["'](?:aws-cdk-lib|@aws-cdk\/)/;
const VERSION_CONSTRUCTS = { modules: ["aws-cdk-lib/aws-lambda", "@aws-cdk/aws-lambda"], exports: ["Version", "Alias"] };

/** A module value as `module` and export path, `aws-cdk-lib`'s namespaces (`aws_lambda.Function`) read as their modules. */
function constructName(value: SymbolicValue): { module: string; path: string[] } | undefined {
  if (value.kind !== "module") return undefined;
  if (value.module === "aws-cdk-lib" && value.path[0] && CDK_NAMESPACES[value.path[0]]) {
    return { module: CDK_NAMESPACES[value.path[0]]!, path: value.path.slice(1) };
  }
  return { module: value.module, path: value.path };
}

function isConstruct(value: SymbolicValue, row: { modules: readonly string[]; exports: readonly string[] }): boolean {
  const name = constructName(value);
  return name !== undefined && name.path.length === 1 && row.modules.includes(name.module) && row.exports.includes(name.path[0]!);
}

/** `lambda.Runtime.NODEJS_22_X` → `nodejs22.x`; `new lambda.Runtime("python3.12")` → `python3.12`. */
function runtimeId(expression: ts.Expression, analysis: FileAnalysis): string | undefined {
  const value = analysis.valueOf(expression);
  const name = constructName(value.kind === "instance" ? value.ctor : value);
  if (value.kind === "instance" && name?.path[0] === "Runtime") {
    const node = value.node;
    const first = node?.arguments?.[0];
    const literal = first ? literalValue(first, analysis.facts) : undefined;
    return typeof literal === "string" ? literal : undefined;
  }
  if (!name || name.path.length !== 2 || name.path[0] !== "Runtime") return undefined;
  const constant = name.path[1]!.toLowerCase();
  const family = /^(nodejs|java|python|dotnet|ruby|provided|go)_?/.exec(constant);
  if (!family) return undefined;
  return `${family[1]}${constant.slice(family[0].length).replace(/_/g, ".")}`;
}

function spanOf(node: ts.Node, sourceFile: ts.SourceFile): DescriptorSpan {
  const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

/** A path built from string literals, `__dirname` and `path.join`/`path.resolve`, as far as it can be read. */
function staticPath(expression: ts.Expression, analysis: FileAnalysis, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  const node = skipTransparent(expression);
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isIdentifier(node)) {
    if (node.text === "__dirname") return path.dirname(analysis.facts.filePath);
    const initializer = constantInitializer(node, analysis.facts);
    return initializer ? staticPath(initializer, analysis, depth + 1) : undefined;
  }
  if (ts.isCallExpression(node)) {
    const key = analysis.keyOf(skipTransparent(node.expression));
    if (key !== "path:join" && key !== "path:resolve") return undefined;
    const parts = node.arguments.map((argument) => staticPath(argument, analysis, depth + 1));
    if (parts.some((part) => part === undefined)) return undefined;
    return key === "path:join" ? path.join(...(parts as string[])) : path.resolve(path.dirname(analysis.facts.filePath), ...(parts as string[]));
  }
  return undefined;
}

/** `Size.mebibytes(1024)`, `Size.gibibytes(1)` in MB. */
function megabytes(expression: ts.Expression, analysis: FileAnalysis): number | undefined {
  const node = skipTransparent(expression);
  if (!ts.isCallExpression(node) || !node.arguments[0]) return undefined;
  const amount = literalValue(node.arguments[0], analysis.facts);
  const callee = skipTransparent(node.expression);
  if (typeof amount !== "number" || !ts.isPropertyAccessExpression(callee)) return undefined;
  const unit = callee.name.text;
  return unit === "mebibytes" ? amount : unit === "gibibytes" ? amount * 1024 : undefined;
}

/** SnapStart functions a CDK app declares in this file, with the callers and versions the file wires to them. */
export function cdkSnapStartFacts(analysis: FileAnalysis): SnapStartFacts {
  const result: SnapStartFacts = { functions: [], filesRead: [] };
  const { sourceFile } = analysis;
  if (!MENTIONS_CDK.test(sourceFile.text)) return result;
  const news: ts.NewExpression[] = [];
  const calls: ts.CallExpression[] = [];
  const accesses: ts.PropertyAccessExpression[] = [];
  const identifiers: ts.Identifier[] = [];
  /** `this.fn = new …` and `fn = new …` class fields: what `this.fn` is. */
  const fields = new Map<string, ts.Expression>();
  const stack: ts.Node[] = [sourceFile];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (ts.isNewExpression(node)) news.push(node);
    else if (ts.isCallExpression(node)) calls.push(node);
    else if (ts.isPropertyAccessExpression(node)) accesses.push(node);
    else if (ts.isIdentifier(node)) identifiers.push(node);
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && node.left.expression.kind === ts.SyntaxKind.ThisKeyword) {
      fields.set(node.left.name.text, node.right);
    } else if (ts.isPropertyDeclaration(node) && node.initializer && ts.isIdentifier(node.name)) {
      fields.set(node.name.text, node.initializer);
    }
    pushChildren(node, stack);
  }

  const functions = new Map<ts.NewExpression, SnapStartFunction>();
  const functionOf = (expression: ts.Expression | undefined, depth = 0): SnapStartFunction | undefined => {
    if (!expression || depth > 4) return undefined;
    const node = skipTransparent(expression);
    if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const field = fields.get(node.name.text);
      return field ? functionOf(field, depth + 1) : undefined;
    }
    if (ts.isNewExpression(node)) return functions.get(node);
    const value = analysis.valueOf(node);
    return value.kind === "instance" && value.node && value.path.length === 0 ? functions.get(value.node) : undefined;
  };

  for (const creation of news) {
    const ctor = analysis.valueOf(skipTransparent(creation.expression));
    const row = CDK_FUNCTION_CONSTRUCTS.find((entry) => isConstruct(ctor, entry));
    const props = creation.arguments?.[2];
    if (!row || !props) continue;
    const snapStart = readOption(props, "snapStart", analysis.facts);
    if (snapStart.kind !== "set") continue;
    const setting = constructName(analysis.valueOf(snapStart.value));
    if (setting?.path.join(".") !== "SnapStartConf.ON_PUBLISHED_VERSIONS") continue;
    const runtime = readOption(props, "runtime", analysis.facts);
    const isNode = constructName(ctor)?.path[0] === "NodejsFunction";
    const runtimeValue = runtime.kind === "set" ? runtimeId(runtime.value, analysis) : isNode && runtime.kind === "absent" ? "nodejs" : undefined;
    const snapStartAt = spanOf(snapStart.property, sourceFile);
    const variable = ts.isVariableDeclaration(creation.parent) ? creation.parent.name.getText(sourceFile) : ts.isBinaryExpression(creation.parent) ? creation.parent.left.getText(sourceFile) : "fn";
    const fn: SnapStartFunction = {
      name: ts.isStringLiteralLike(creation.arguments![1]!) ? creation.arguments![1].text : creation.expression.getText(sourceFile),
      snapStartAt,
      runtime: runtimeValue,
      runtimeAt: runtime.kind === "set" ? spanOf(runtime.property, sourceFile) : undefined,
      packageType: row.image ? "image" : "zip",
      published: false,
      publishFix: `invoke ${variable}.currentVersion or an alias of it (\`${variable}.currentVersion.addAlias("live")\`): the CDK publishes a version only when one is used`,
      unqualifiedCallers: [],
    };
    const code = readOption(props, "code", analysis.facts);
    if (row.image && code.kind === "set") {
      const call = skipTransparent(code.value);
      if (ts.isCallExpression(call) && ts.isPropertyAccessExpression(skipTransparent(call.expression)) && (skipTransparent(call.expression) as ts.PropertyAccessExpression).name.text === "fromImageAsset") {
        const context = call.arguments[0] ? staticPath(call.arguments[0], analysis) : undefined;
        const file = call.arguments[1] ? readOption(call.arguments[1], "file", analysis.facts) : undefined;
        const fileName = file?.kind === "set" ? literalValue(file.value, analysis.facts) : "Dockerfile";
        if (context && typeof fileName === "string") fn.image = { context: path.resolve(path.dirname(analysis.facts.filePath), context), dockerfile: path.resolve(path.dirname(analysis.facts.filePath), context, fileName) };
      }
    }
    const filesystem = readOption(props, "filesystem", analysis.facts);
    if (filesystem.kind === "set") fn.efsAt = spanOf(filesystem.property, sourceFile);
    const storage = readOption(props, "ephemeralStorageSize", analysis.facts);
    const size = storage.kind === "set" ? megabytes(storage.value, analysis) : undefined;
    if (storage.kind === "set" && size !== undefined) fn.ephemeralStorage = { megabytes: size, at: spanOf(storage.property, sourceFile) };
    const versionOptions = readOption(props, "currentVersionOptions", analysis.facts);
    if (versionOptions.kind === "set") {
      const provisioned = readOption(versionOptions.value, "provisionedConcurrentExecutions", analysis.facts);
      if (provisioned.kind === "set" && literalValue(provisioned.value, analysis.facts) !== 0) fn.provisionedConcurrencyAt = spanOf(provisioned.property, sourceFile);
    }
    functions.set(creation, fn);
  }
  if (functions.size === 0) return result;

  // Publishing: `fn.currentVersion` anywhere, `fn.addAlias(…)`, `new lambda.Version(…, { lambda: fn })`.
  for (const access of accesses) {
    if (access.name.text !== "currentVersion") continue;
    const fn = functionOf(access.expression);
    if (fn) fn.published = true;
  }
  for (const creation of news) {
    if (!isConstruct(analysis.valueOf(skipTransparent(creation.expression)), VERSION_CONSTRUCTS) || !creation.arguments?.[2]) continue;
    const props = creation.arguments[2];
    const lambda = readOption(props, "lambda", analysis.facts);
    const version = readOption(props, "version", analysis.facts);
    const target =
      lambda.kind === "set" ? functionOf(lambda.value) : version.kind === "set" && ts.isPropertyAccessExpression(skipTransparent(version.value)) ? functionOf((skipTransparent(version.value) as ts.PropertyAccessExpression).expression) : undefined;
    if (!target) continue;
    if (lambda.kind === "set") target.published = true;
    const provisioned = readOption(props, "provisionedConcurrentExecutions", analysis.facts);
    if (provisioned.kind === "set" && literalValue(provisioned.value, analysis.facts) !== 0) target.provisionedConcurrencyAt ??= spanOf(provisioned.property, sourceFile);
  }

  for (const call of calls) {
    const callee = skipTransparent(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) continue;
    const owner = skipTransparent(callee.expression);
    // `fn.currentVersion.addAlias(…)` and the deprecated `fn.addAlias(…)` both alias the current version.
    const versionOwner = ts.isPropertyAccessExpression(owner) && owner.name.text === "currentVersion" ? functionOf(owner.expression) : undefined;
    const fn = versionOwner ?? functionOf(callee.expression);
    if (!fn) continue;
    if (callee.name.text === "addAlias") {
      fn.published = true;
      const provisioned = call.arguments[1] ? readOption(call.arguments[1], "provisionedConcurrentExecutions", analysis.facts) : undefined;
      if (provisioned?.kind === "set" && literalValue(provisioned.value, analysis.facts) !== 0) fn.provisionedConcurrencyAt ??= spanOf(provisioned.property, sourceFile);
      continue;
    }
    const row = versionOwner ? undefined : CDK_CALLERS.find((entry) => entry.method === callee.name.text);
    if (!row) continue;
    const target = callee.expression.getText(sourceFile);
    fn.unqualifiedCallers.push({ at: spanOf(call, sourceFile), caller: `${target}.${callee.name.text}(…)`, fix: qualifiedFix(target) });
  }
  for (const creation of news) {
    const ctor = analysis.valueOf(skipTransparent(creation.expression));
    for (const row of CDK_CALLERS) {
      if (!row.construct || !isConstruct(ctor, row.construct)) continue;
      const args = creation.arguments ?? [];
      let expression: ts.Expression | undefined;
      if (row.argument !== undefined) expression = args[row.argument];
      else if (row.property && args[row.property.propsArgument]) {
        const reading = readOption(args[row.property.propsArgument]!, row.property.name, analysis.facts);
        if (reading.kind === "set") expression = reading.value;
      }
      const fn = functionOf(expression);
      if (!fn || !expression) continue;
      const target = expression.getText(sourceFile);
      fn.unqualifiedCallers.push({ at: spanOf(expression, sourceFile), caller: `new ${creation.expression.getText(sourceFile)}(${row.property ? `{ ${row.property.name}: ${target} }` : `${row.argument ? "…, " : ""}${target}`})`, fix: qualifiedFix(target) });
    }
  }
  // A function handed to code this file does not show (another construct, a field, an export) may have its version
  // published there: "nothing is published" is only said of functions whose every use is in sight.
  for (const [creation, fn] of functions) {
    if (!fn.published && escapes(creation, identifiers, analysis)) fn.published = true;
  }
  result.functions.push(...functions.values());
  return result;
}

/** Whether the function made by `creation` reaches code outside this file's view. */
function escapes(creation: ts.NewExpression, identifiers: readonly ts.Identifier[], analysis: FileAnalysis): boolean {
  const holder = skipParentheses(creation);
  if (!ts.isVariableDeclaration(holder.parent)) return !ts.isExpressionStatement(holder.parent);
  const declaration = holder.parent;
  if (!ts.isIdentifier(declaration.name)) return true;
  const statement = declaration.parent.parent;
  if (statement && ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) return true;
  const name = declaration.name.text;
  for (const identifier of identifiers) {
    if (identifier.text !== name || identifier === declaration.name) continue;
    const value = analysis.valueOf(identifier);
    if (value.kind !== "instance" || value.node !== creation) continue;
    const use = skipParentheses(identifier);
    const parent = use.parent;
    // `fn.addEventSource(…)`, `fn.functionArn`: the function's own members.
    if (ts.isPropertyAccessExpression(parent) && parent.expression === use) continue;
    // Handed to a caller construct snapcheck knows (`new LambdaIntegration(fn)`, `{ handler: fn }`).
    const call = ts.isCallOrNewExpression(parent) ? parent : ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent) ? parent.parent.parent : undefined;
    if (call && ts.isNewExpression(call) && knownCaller(call, analysis)) continue;
    return true;
  }
  return false;
}

function knownCaller(creation: ts.NewExpression, analysis: FileAnalysis): boolean {
  const ctor = analysis.valueOf(skipTransparent(creation.expression));
  return CDK_CALLERS.some((row) => row.construct !== undefined && isConstruct(ctor, row.construct));
}

function skipParentheses(node: ts.Node): ts.Node {
  let current = node;
  while (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent) || ts.isNonNullExpression(current.parent)) current = current.parent;
  return current;
}

function qualifiedFix(target: string): string {
  return `pass ${target}.currentVersion or an alias of it (\`${target}.currentVersion.addAlias("live")\`) instead of the function`;
}
