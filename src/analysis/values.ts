import { ts } from "#typescript";
import type { ModuleFacts, ModuleIndex } from "./modules.js";
import {
  accessedName,
  isFunctionLike,
  isStatic,
  propertyNameText,
  skipAwait,
  type ClassLike,
  type FunctionLike,
} from "./syntax.js";

/**
 * What an expression evaluates to, as far as static reading can tell. Member reads are kept as a path on the base
 * value, so `require("crypto").randomUUID` and `import { randomUUID } from "crypto"` both read as crypto's
 * `randomUUID`.
 */
export type SymbolicValue =
  | { kind: "module"; module: string; path: string[] }
  | { kind: "global"; path: string[] }
  | { kind: "call"; callee: SymbolicValue; node: ts.CallExpression; path: string[] }
  | { kind: "instance"; ctor: SymbolicValue; node?: ts.NewExpression; path: string[] }
  | { kind: "function"; node: FunctionLike; file: ModuleFacts }
  | { kind: "class"; node: ClassLike; file: ModuleFacts }
  | { kind: "object"; node: ts.ObjectLiteralExpression; file: ModuleFacts }
  /** A member path of a file of the tree, not yet looked up: `resolveValue` parses the file when needed. */
  | { kind: "export"; filePath: string; index: ModuleIndex; path: string[] }
  | { kind: "unknown" };

export const UNKNOWN: SymbolicValue = { kind: "unknown" };
const MAX_DEPTH = 24;
/**
 * Variables whose value is being evaluated. A variable that feeds on itself (`item = item(context)`,
 * `item = await item`) can only come out unknown, and each pass through it would otherwise branch again until the
 * depth bound: exponential in the number of such assignments.
 */
const variablesInProgress = new Set<ts.VariableDeclaration>();
/** Names that mean the global object itself. */
const GLOBAL_OBJECTS = new Set(["globalThis", "window", "self", "global"]);

/** The canonical name of a module or global value: `crypto:randomUUID`, `ioredis:`, `Math.random`. */
export function valueKey(value: SymbolicValue): string | undefined {
  if (value.kind === "module") return `${value.module}:${value.path.join(".")}`;
  if (value.kind === "global") return value.path.join(".");
  return undefined;
}

export function evaluate(expression: ts.Expression, file: ModuleFacts, depth = 0): SymbolicValue {
  if (depth > MAX_DEPTH) return UNKNOWN;
  // Every rule asks about the same callees: a question asked from the top is answered once per file. Nested
  // evaluations are not cached, since the depth bound and the variables in progress shape their answer.
  if (depth === 0 && variablesInProgress.size === 0) {
    let value = file.cachedValue(expression);
    if (!value) {
      value = evaluateNode(expression, file, 0);
      file.cacheValue(expression, value);
    }
    return value;
  }
  return evaluateNode(expression, file, depth);
}

function evaluateNode(expression: ts.Expression, file: ModuleFacts, depth: number): SymbolicValue {
  const node = skipAwait(expression);
  switch (node.kind) {
    case ts.SyntaxKind.Identifier:
      return evaluateIdentifier(node as ts.Identifier, file, depth);
    case ts.SyntaxKind.PropertyAccessExpression:
    case ts.SyntaxKind.ElementAccessExpression: {
      const access = node as ts.PropertyAccessExpression | ts.ElementAccessExpression;
      const name = accessedName(access);
      if (name === undefined) return UNKNOWN;
      return member(evaluate(access.expression, file, depth + 1), [name], depth);
    }
    case ts.SyntaxKind.CallExpression:
      return evaluateCall(node as ts.CallExpression, file, depth);
    case ts.SyntaxKind.NewExpression: {
      const creation = node as ts.NewExpression;
      return { kind: "instance", ctor: evaluate(creation.expression, file, depth + 1), node: creation, path: [] };
    }
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ArrowFunction:
      return { kind: "function", node: node as FunctionLike, file };
    case ts.SyntaxKind.ClassExpression:
      return { kind: "class", node: node as ts.ClassExpression, file };
    case ts.SyntaxKind.ObjectLiteralExpression:
      return { kind: "object", node: node as ts.ObjectLiteralExpression, file };
    case ts.SyntaxKind.ThisKeyword:
      return evaluateThis(node, file);
    default:
      return UNKNOWN;
  }
}

function evaluateIdentifier(identifier: ts.Identifier, file: ModuleFacts, depth: number): SymbolicValue {
  const declaration = file.scopes.lookup(identifier);
  if (!declaration) {
    if (identifier.text === "undefined") return UNKNOWN;
    return { kind: "global", path: GLOBAL_OBJECTS.has(identifier.text) ? [] : [identifier.text] };
  }
  switch (declaration.kind) {
    case "import":
      if (declaration.typeOnly) return UNKNOWN;
      return importedValue(file, declaration.module, declaration.path, depth);
    case "function":
      return { kind: "function", node: declaration.node, file };
    case "class":
      return { kind: "class", node: declaration.node, file };
    case "variable": {
      const { node, bindingPath } = declaration;
      if (!bindingPath || variablesInProgress.has(node)) return UNKNOWN;
      variablesInProgress.add(node);
      try {
        const assigned = file.assignmentsTo(node);
        const sources = [...(node.initializer ? [node.initializer] : []), ...assigned];
        // A variable reassigned to different things could hold either: only a single source is trusted.
        if (sources.length !== 1) return sameValue(sources.map((source) => member(evaluate(source, file, depth + 1), bindingPath, depth)));
        return member(evaluate(sources[0]!, file, depth + 1), bindingPath, depth);
      } finally {
        variablesInProgress.delete(node);
      }
    }
    default:
      return UNKNOWN;
  }
}

function sameValue(values: SymbolicValue[]): SymbolicValue {
  const first = values[0];
  if (!first) return UNKNOWN;
  const key = valueKey(first);
  return key !== undefined && values.every((value) => valueKey(value) === key) ? first : UNKNOWN;
}

/** The value an import binds: a relative import follows into the other file, a package import stays symbolic. */
export function importedValue(file: ModuleFacts, module: string, exportPath: string[], depth: number): SymbolicValue {
  // Resolved now, parsed only when a member is read: most imports are never followed.
  const filePath = file.resolveImport(module);
  if (filePath) return { kind: "export", filePath, index: file.index, path: exportPath };
  return { kind: "module", module, path: exportPath };
}

function evaluateCall(call: ts.CallExpression, file: ModuleFacts, depth: number): SymbolicValue {
  const callee = skipAwait(call.expression);
  if (call.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require" && file.scopes.isGlobal(callee))) {
    const specifier = call.arguments[0];
    if (specifier && ts.isStringLiteralLike(specifier)) return importedValue(file, normalize(specifier.text), [], depth);
    return UNKNOWN;
  }
  const calleeValue = evaluate(callee, file, depth + 1);
  // `fn.bind(thisArg)` is still `fn` when called later.
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === "bind") {
    const bound = evaluate(callee.expression, file, depth + 1);
    if (bound.kind === "function") return bound;
  }
  if (calleeValue.kind === "function") {
    const returned = singleReturnedExpression(calleeValue.node);
    if (returned) return evaluate(returned, calleeValue.file, depth + 1);
  }
  return { kind: "call", callee: calleeValue, node: call, path: [] };
}

function normalize(specifier: string): string {
  return specifier.startsWith("node:") ? specifier.slice(5) : specifier;
}

const singleReturns = new WeakMap<FunctionLike, ts.Expression | null>();

/** `() => expr`, or a body whose only `return` gives an expression. Remembered: a helper is called from many places. */
export function singleReturnedExpression(fn: FunctionLike): ts.Expression | undefined {
  const body = fn.body;
  if (!body) return undefined;
  if (!ts.isBlock(body)) return body;
  let returned = singleReturns.get(fn);
  if (returned === undefined) {
    const returns = returnStatements(fn);
    returned = (returns.length === 1 && returns[0]!.expression) || null;
    singleReturns.set(fn, returned);
  }
  return returned ?? undefined;
}

/** Every `return` of a function, not of the functions nested in it. */
export function returnStatements(fn: FunctionLike): ts.ReturnStatement[] {
  const found: ts.ReturnStatement[] = [];
  if (!fn.body || !ts.isBlock(fn.body)) return found;
  const stack: ts.Node[] = [fn.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isReturnStatement(node)) found.push(node);
    ts.forEachChild(node, (child) => {
      if (!isFunctionLike(child) && !ts.isClassLike(child)) stack.push(child);
    });
  }
  return found;
}

/** `this` in a class member is an instance (or the class itself, in static code). */
function evaluateThis(node: ts.Node, file: ModuleFacts): SymbolicValue {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isArrowFunction(current)) continue;
    const owner = current.parent;
    const isMember = isFunctionLike(current) || ts.isPropertyDeclaration(current) || ts.isClassStaticBlockDeclaration(current);
    if (owner && ts.isClassLike(owner) && isMember) {
      const cls: SymbolicValue = { kind: "class", node: owner, file };
      return isStatic(current) || ts.isClassStaticBlockDeclaration(current) ? cls : { kind: "instance", ctor: cls, path: [] };
    }
    if (isFunctionLike(current) || ts.isSourceFile(current)) return UNKNOWN;
  }
  return UNKNOWN;
}

/** Reads a member path from a value. */
export function member(value: SymbolicValue, memberPath: readonly string[], depth = 0): SymbolicValue {
  let current = value;
  for (const name of memberPath) {
    current = memberOf(current, name, depth + 1);
    if (current.kind === "unknown") return current;
  }
  return current;
}

function memberOf(value: SymbolicValue, name: string, depth: number): SymbolicValue {
  if (depth > MAX_DEPTH) return UNKNOWN;
  switch (value.kind) {
    case "module":
    case "global":
      return { ...value, path: [...value.path, name] };
    case "call":
    case "instance": {
      if (value.kind === "instance" && value.path.length === 0 && value.ctor.kind === "class") {
        const found = classMember(value.ctor.node, value.ctor.file, name, false, depth);
        if (found) return found;
      }
      return { ...value, path: [...value.path, name] };
    }
    case "export":
      return { ...value, path: [...value.path, name] };
    case "object":
      return objectMember(value.node, value.file, name, depth) ?? UNKNOWN;
    case "class":
      return classMember(value.node, value.file, name, true, depth) ?? UNKNOWN;
    default:
      return UNKNOWN;
  }
}

const objectProperties = new WeakMap<ts.ObjectLiteralExpression, Map<string, ts.ObjectLiteralElementLike>>();

/**
 * The properties of an object literal by name: the last one of each name written after the last spread (a spread
 * may override anything before it). Built once per object: a table of thousands of entries is read many times.
 */
function propertiesOf(object: ts.ObjectLiteralExpression): Map<string, ts.ObjectLiteralElementLike> {
  let byName = objectProperties.get(object);
  if (!byName) {
    byName = new Map();
    for (const property of object.properties) {
      if (ts.isSpreadAssignment(property)) byName.clear();
      const name = propertyNameText(property.name);
      if (name !== undefined) byName.set(name, property);
    }
    objectProperties.set(object, byName);
  }
  return byName;
}

function objectMember(object: ts.ObjectLiteralExpression, file: ModuleFacts, name: string, depth: number): SymbolicValue | undefined {
  const property = propertiesOf(object).get(name);
  if (!property) return undefined;
  if (ts.isPropertyAssignment(property)) return evaluate(property.initializer, file, depth + 1);
  if (ts.isShorthandPropertyAssignment(property)) return evaluate(property.name, file, depth + 1);
  if (ts.isMethodDeclaration(property) || ts.isGetAccessorDeclaration(property)) return { kind: "function", node: property, file };
  return undefined;
}

/** A method or field of a class, looking through `extends`. */
function classMember(cls: ClassLike, file: ModuleFacts, name: string, wantStatic: boolean, depth: number): SymbolicValue | undefined {
  for (const memberNode of cls.members) {
    if (isStatic(memberNode) !== wantStatic || propertyNameText(memberNode.name) !== name) continue;
    if (ts.isMethodDeclaration(memberNode)) return { kind: "function", node: memberNode, file };
    if (ts.isPropertyDeclaration(memberNode) && memberNode.initializer) return evaluate(memberNode.initializer, file, depth + 1);
  }
  if (!wantStatic) {
    const assigned = constructorAssignment(cls, name);
    if (assigned) return evaluate(assigned, file, depth + 1);
  }
  const base = baseClass(cls, file, depth);
  return base ? classMember(base.node, base.file, name, wantStatic, depth + 1) : undefined;
}

/** `this.name = value` as a statement of the constructor body. */
export function constructorAssignment(cls: ClassLike, name: string): ts.Expression | undefined {
  const constructor = cls.members.find(ts.isConstructorDeclaration);
  for (const statement of constructor?.body?.statements ?? []) {
    if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
    const { left, operatorToken, right } = statement.expression;
    if (operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(left)) continue;
    if (left.expression.kind === ts.SyntaxKind.ThisKeyword && left.name.text === name) return right;
  }
  return undefined;
}

export function baseClass(cls: ClassLike, file: ModuleFacts, depth = 0): { node: ClassLike; file: ModuleFacts } | undefined {
  const heritage = cls.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  if (!heritage) return undefined;
  const value = resolveValue(evaluate(heritage.expression, file, depth + 1), depth + 1);
  return value.kind === "class" ? { node: value.node, file: value.file } : undefined;
}

/**
 * Follows what `evaluate` left lazy into the files of the tree: an imported function, class or object, an instance
 * of an imported class, the result of an imported helper. Parses imported files, so only init analysis calls it.
 */
export function resolveValue(value: SymbolicValue, depth = 0): SymbolicValue {
  if (depth > MAX_DEPTH) return UNKNOWN;
  switch (value.kind) {
    case "export": {
      const target = value.index.load(value.filePath);
      if (!target) return UNKNOWN;
      const [name = "default", ...rest] = value.path;
      const exported = exportedValue(target, name, depth + 1);
      // A namespace read as a whole (`import * as m`, `require("./m")`) has no single export to look up.
      if (value.path.length === 0 && exported.kind === "unknown") return value;
      return resolveValue(member(exported, rest, depth + 1), depth + 1);
    }
    case "instance": {
      if (value.ctor.kind !== "export") return value;
      const ctor = resolveValue(value.ctor, depth + 1);
      return member({ ...value, ctor, path: [] }, value.path, depth + 1);
    }
    case "call": {
      if (value.callee.kind !== "export") return value;
      const callee = resolveValue(value.callee, depth + 1);
      const returned = callee.kind === "function" ? singleReturnedExpression(callee.node) : undefined;
      if (callee.kind === "function" && returned) {
        return resolveValue(member(evaluate(returned, callee.file, depth + 1), value.path, depth + 1), depth + 1);
      }
      return { ...value, callee };
    }
    default:
      return value;
  }
}

/** The value a file exports under `name` (`default` for the default export), following re-exports. */
export function exportedValue(file: ModuleFacts, name: string, depth = 0, seen = new Set<ModuleFacts>()): SymbolicValue {
  if (depth > MAX_DEPTH || seen.has(file)) return UNKNOWN;
  const cached = file.cachedExport(name);
  if (cached) return cached;
  // Only a lookup that started here saw every file it needed, so only its answer is final.
  const startedHere = seen.size === 0;
  seen.add(file);
  const value = findExport(file, name, depth, seen);
  if (startedHere) file.cacheExport(name, value);
  return value;
}

function findExport(file: ModuleFacts, name: string, depth: number, seen: Set<ModuleFacts>): SymbolicValue {
  const index = exportStatements(file.sourceFile);
  for (const statement of index.candidates(name)) {
    const found = exportFromStatement(statement, file, name, depth, seen);
    if (found) return found;
  }
  for (const specifier of index.starSpecifiers) {
    const source = file.importedFile(specifier);
    const found = source ? exportedValue(source, name, depth + 1, seen) : UNKNOWN;
    if (found.kind !== "unknown") return found;
  }
  return UNKNOWN;
}

/** The statements of a file that may export a name, found in one pass instead of one pass per name looked up. */
interface ExportStatements {
  /** The statements that may export `name`, in file order. */
  candidates(name: string): readonly ts.Statement[];
  /** The modules of `export * from`, searched in order when no statement exports the name itself. */
  starSpecifiers: readonly string[];
}

const exportIndexes = new WeakMap<ts.SourceFile, ExportStatements>();

function exportStatements(sourceFile: ts.SourceFile): ExportStatements {
  let index = exportIndexes.get(sourceFile);
  if (index) return index;
  const byName = new Map<string, ts.Statement[]>();
  // `module.exports = …` and `export = …` can export any name.
  const anyName: ts.Statement[] = [];
  const starSpecifiers: string[] = [];
  const add = (name: string, statement: ts.Statement) => {
    const list = byName.get(name);
    if (list) list.push(statement);
    else byName.set(name, [statement]);
  };
  for (const statement of sourceFile.statements) {
    for (const name of namesExportedBy(statement, sourceFile)) {
      if (name === ANY_NAME) anyName.push(statement);
      else if (name === STAR) starSpecifiers.push(starSpecifier(statement));
      else add(name, statement);
    }
  }
  const order = new Map(sourceFile.statements.map((statement, i) => [statement, i] as const));
  index = {
    candidates(name) {
      const named = byName.get(name) ?? [];
      if (anyName.length === 0) return named;
      return [...named, ...anyName].sort((a, b) => order.get(a)! - order.get(b)!);
    },
    starSpecifiers,
  };
  exportIndexes.set(sourceFile, index);
  return index;
}

/** `export * from "./x"` → `./x` (`namesExportedBy` calls a statement a star only with a string specifier). */
function starSpecifier(statement: ts.Statement): string {
  return ((statement as ts.ExportDeclaration).moduleSpecifier as ts.StringLiteral).text;
}

const ANY_NAME = Symbol("any name");
const STAR = Symbol("export *");

/** The names `exportFromStatement` may find in a statement. */
function namesExportedBy(statement: ts.Statement, sourceFile: ts.SourceFile): (string | typeof ANY_NAME | typeof STAR)[] {
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && hasExportModifier(statement)) {
    const name = hasDefaultModifier(statement) ? "default" : statement.name?.text;
    return name === undefined ? [] : [name];
  }
  if (ts.isVariableStatement(statement) && hasExportModifier(statement)) {
    return statement.declarationList.declarations.flatMap((declaration) => (ts.isIdentifier(declaration.name) ? [declaration.name.text] : []));
  }
  if (ts.isExportAssignment(statement)) return statement.isExportEquals ? [ANY_NAME] : ["default"];
  if (ts.isExportDeclaration(statement)) {
    const clause = statement.exportClause;
    if (!clause) return statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? [STAR] : [];
    if (ts.isNamespaceExport(clause)) return [clause.name.text];
    return clause.elements.map((element) => element.name.text);
  }
  if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const target = statement.expression.left.getText(sourceFile);
    if (target === "module.exports") return [ANY_NAME];
    const named = /^(?:module\.)?exports\.(.+)$/.exec(target);
    if (named) return [named[1]!];
  }
  return [];
}

function hasExportModifier(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function hasDefaultModifier(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

function exportFromStatement(
  statement: ts.Statement,
  file: ModuleFacts,
  name: string,
  depth: number,
  seen: Set<ModuleFacts>,
): SymbolicValue | undefined {
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && hasExportModifier(statement)) {
    const exportName = hasDefaultModifier(statement) ? "default" : statement.name?.text;
    if (exportName !== name) return undefined;
    return ts.isFunctionDeclaration(statement) ? { kind: "function", node: statement, file } : { kind: "class", node: statement, file };
  }
  if (ts.isVariableStatement(statement) && hasExportModifier(statement)) {
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return evaluate(declaration.name, file, depth + 1);
    }
    return undefined;
  }
  if (ts.isExportAssignment(statement)) {
    if (!statement.isExportEquals && name === "default") return evaluate(statement.expression, file, depth + 1);
    if (statement.isExportEquals) return member(evaluate(statement.expression, file, depth + 1), name === "default" ? [] : [name], depth);
    return undefined;
  }
  if (ts.isExportDeclaration(statement)) {
    const specifier = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
    const clause = statement.exportClause;
    if (!clause) return undefined;
    if (ts.isNamespaceExport(clause)) {
      if (clause.name.text !== name || !specifier) return undefined;
      const filePath = file.resolveImport(specifier);
      return filePath ? { kind: "export", filePath, index: file.index, path: [] } : { kind: "module", module: normalize(specifier), path: [] };
    }
    for (const element of clause.elements) {
      if (element.name.text !== name) continue;
      const local = (element.propertyName ?? element.name).text;
      if (specifier) {
        const source = file.importedFile(specifier);
        if (!source) return { kind: "module", module: normalize(specifier), path: local === "default" ? [] : [local] };
        return exportedValue(source, local, depth + 1, seen);
      }
      return evaluate(element.propertyName ?? element.name, file, depth + 1);
    }
    return undefined;
  }
  // CommonJS: `module.exports = …`, `module.exports.name = …`, `exports.name = …`.
  if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const target = statement.expression.left;
    const targetText = target.getText(file.sourceFile);
    if (targetText === "module.exports") {
      return member(evaluate(statement.expression.right, file, depth + 1), name === "default" ? [] : [name], depth);
    }
    if (targetText === `module.exports.${name}` || targetText === `exports.${name}`) return evaluate(statement.expression.right, file, depth + 1);
  }
  return undefined;
}
