import { ts } from "#typescript";
import type { ModuleFacts } from "./modules.js";
import { propertyNameText, skipTransparent, type FunctionLike } from "./syntax.js";
import { returnStatements } from "./values.js";

/**
 * What an options argument says about one option. `unknown` when the options cannot be read statically (a spread
 * of something unresolved, an object built elsewhere): callers that must avoid false positives treat it as "could
 * be set".
 */
export type OptionReading =
  | { kind: "set"; value: ts.Expression; facts: ModuleFacts; property: ts.ObjectLiteralElementLike }
  | { kind: "absent" }
  | { kind: "unknown" };

const ABSENT: OptionReading = { kind: "absent" };
const UNKNOWN: OptionReading = { kind: "unknown" };
const MAX_DEPTH = 16;

/** Names of values that hold a connection string or address, never an options object (`env.REDIS_URL`, `dbHost`). */
const SCALAR_NAME = /(url|uri|host|hostname|port|dsn|endpoint|address|connectionString|path)$/i;

/** Reads `name` from whichever argument of a call or `new` is an options object. */
export function readOptionFromArguments(args: readonly ts.Expression[], name: string, facts: ModuleFacts): OptionReading {
  let unknown = false;
  for (const argument of args) {
    const reading = readOption(argument, name, facts, 0);
    if (reading.kind === "set") return reading;
    if (reading.kind === "unknown") unknown = true;
  }
  return unknown ? UNKNOWN : ABSENT;
}

/** Reads `name` from an expression that may be an options object. Scalars and callbacks read as `absent`. */
export function readOption(expression: ts.Expression, name: string, facts: ModuleFacts, depth = 0): OptionReading {
  if (depth > MAX_DEPTH) return UNKNOWN;
  const node = skipTransparent(expression);
  if (ts.isObjectLiteralExpression(node)) return readFromLiteral(node, name, facts, depth);
  if (isScalar(node, facts, depth)) return ABSENT;
  // Callbacks and lists (`new Cluster([{ host }], options)`) are not options objects.
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isArrayLiteralExpression(node)) return ABSENT;
  if (ts.isIdentifier(node)) {
    const initializer = constantInitializer(node, facts);
    return initializer ? readOption(initializer, name, facts, depth + 1) : UNKNOWN;
  }
  return UNKNOWN;
}

function readFromLiteral(object: ts.ObjectLiteralExpression, name: string, facts: ModuleFacts, depth: number): OptionReading {
  // Later properties win, so read from the end; a spread may hold the option.
  for (let i = object.properties.length - 1; i >= 0; i--) {
    const property = object.properties[i]!;
    if (ts.isSpreadAssignment(property)) {
      const spread = readOption(property.expression, name, facts, depth + 1);
      if (spread.kind !== "absent") return spread;
      continue;
    }
    if (propertyNameText(property.name) !== name) continue;
    if (ts.isPropertyAssignment(property)) return { kind: "set", value: property.initializer, facts, property };
    if (ts.isShorthandPropertyAssignment(property)) return { kind: "set", value: property.name, facts, property };
    return UNKNOWN;
  }
  return ABSENT;
}

function isScalar(node: ts.Expression, facts: ModuleFacts, depth: number): boolean {
  switch (node.kind) {
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TemplateExpression:
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
      return true;
    default:
      break;
  }
  if (ts.isIdentifier(node) && node.text === "undefined") return true;
  if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    if (operator === ts.SyntaxKind.PlusToken) return isScalar(skipTransparent(node.left), facts, depth + 1) || isScalar(skipTransparent(node.right), facts, depth + 1);
    if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken) {
      return isScalar(skipTransparent(node.left), facts, depth + 1) && isScalar(skipTransparent(node.right), facts, depth + 1);
    }
  }
  if (ts.isCallExpression(node)) {
    const callee = skipTransparent(node.expression);
    if (!ts.isIdentifier(callee)) return false;
    if (["String", "Number", "parseInt", "parseFloat"].includes(callee.text)) return true;
    const helper = depth < MAX_DEPTH ? localFunction(callee, facts) : undefined;
    return !!helper && returnsScalar(helper, facts, depth + 1);
  }
  if (ts.isPropertyAccessExpression(node)) {
    // `process.env.X`, `config.redisUrl`
    if (node.expression.getText(facts.sourceFile).replace(/\s+/g, "") === "process.env") return true;
    return SCALAR_NAME.test(node.name.text);
  }
  if (ts.isElementAccessExpression(node)) return node.expression.getText(facts.sourceFile).replace(/\s+/g, "") === "process.env";
  if (ts.isIdentifier(node)) {
    const initializer = depth < MAX_DEPTH ? constantInitializer(node, facts) : undefined;
    if (initializer) return isScalar(skipTransparent(initializer), facts, depth + 1);
    return SCALAR_NAME.test(node.text);
  }
  return false;
}

/** A function of this file a name refers to: a declaration, or a constant holding an arrow or function expression. */
function localFunction(identifier: ts.Identifier, facts: ModuleFacts): FunctionLike | undefined {
  const declaration = facts.scopes.lookup(identifier);
  if (declaration?.kind === "function") return declaration.node;
  const initializer = declaration?.kind === "variable" ? constantInitializer(identifier, facts) : undefined;
  const fn = initializer && skipTransparent(initializer);
  return fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) ? fn : undefined;
}

const SCALAR_TYPES = new Set([ts.SyntaxKind.StringKeyword, ts.SyntaxKind.NumberKeyword]);

/**
 * Whether a helper returns a string or number, never an options object: its return type says so (`: string`,
 * `: Promise<string>`, `: URL`), or every `return` gives a scalar (`return \`redis://${host}:${port}\``).
 */
function returnsScalar(fn: FunctionLike, facts: ModuleFacts, depth: number): boolean {
  if (fn.type) return isScalarType(fn.type);
  const returned = fn.body && !ts.isBlock(fn.body) ? [fn.body] : returnStatements(fn).map((statement) => statement.expression);
  return returned.length > 0 && returned.every((expression) => expression !== undefined && isScalar(skipTransparent(expression), facts, depth));
}

function isScalarType(type: ts.TypeNode): boolean {
  if (SCALAR_TYPES.has(type.kind)) return true;
  if (ts.isUnionTypeNode(type)) return type.types.every((member) => isScalarType(member) || member.kind === ts.SyntaxKind.UndefinedKeyword);
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) {
    if (type.typeName.text === "URL") return true;
    const [inner] = type.typeArguments ?? [];
    return type.typeName.text === "Promise" && !!inner && isScalarType(inner);
  }
  return ts.isLiteralTypeNode(type) && (ts.isStringLiteral(type.literal) || ts.isNumericLiteral(type.literal));
}

/** The initializer of a variable that is never reassigned, when `identifier` names one directly (no destructuring). */
export function constantInitializer(identifier: ts.Identifier, facts: ModuleFacts): ts.Expression | undefined {
  const declaration = facts.scopes.lookup(identifier);
  if (declaration?.kind !== "variable" || declaration.bindingPath?.length !== 0) return undefined;
  const initializer = declaration.node.initializer;
  if (!initializer || facts.assignmentsTo(declaration.node).length > 0) return undefined;
  return initializer;
}

/** A literal value (`true`, `5000`, `"x"`), directly or through a constant. */
export function literalValue(expression: ts.Expression, facts: ModuleFacts, depth = 0): boolean | number | string | undefined {
  const node = skipTransparent(expression);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isIdentifier(node) && depth < MAX_DEPTH) {
    const initializer = constantInitializer(node, facts);
    return initializer ? literalValue(initializer, facts, depth + 1) : undefined;
  }
  return undefined;
}
