import { ts } from "#typescript";
import type { ModuleFacts } from "./modules.js";
import { literalValue, readOptionFromArguments } from "./options.js";
import { bindingIdentifiers, isFunctionLike, propertyNameText, skipTransparent } from "./syntax.js";
import { constructorAssignment } from "./values.js";

/**
 * A condition on instance state that code behind it needs to be true: `this.sampleRate && draw()`,
 * `if (this.options.enabled) …`, `this.rate > 0 ? draw() : 0`. When the state starts falsy and no construction at
 * init passes a value for it, the code behind the guard does not run at init.
 */
export interface StateGuard {
  /** The `this.a.b` read the condition tests. */
  read: ts.PropertyAccessExpression;
  file: ModuleFacts;
}

/** The guards between a node and the function (or file) it is in, innermost first. */
export function stateGuardsAround(node: ts.Node, file: ModuleFacts): StateGuard[] {
  const guards: StateGuard[] = [];
  let child = node;
  for (let current = node.parent; current && !isFunctionLike(current) && !ts.isSourceFile(current); child = current, current = current.parent) {
    let condition: ts.Expression | undefined;
    if (ts.isBinaryExpression(current) && current.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && current.right === child) condition = current.left;
    else if (ts.isIfStatement(current) && current.thenStatement === child) condition = current.expression;
    else if (ts.isConditionalExpression(current) && current.whenTrue === child) condition = current.condition;
    const read = condition && stateRead(condition);
    if (read) guards.push({ read, file });
  }
  return guards;
}

/** The `this.a.b` a condition needs truthy: itself, `!!` it, the left of an `&&` chain, or `this.a.b > 0`. */
function stateRead(condition: ts.Expression): ts.PropertyAccessExpression | undefined {
  let node = skipTransparent(condition);
  while (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) node = skipTransparent(node.left);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.GreaterThanToken && isZero(node.right)) node = skipTransparent(node.left);
  // `!!this.rate`
  while (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken && ts.isPrefixUnaryExpression(skipTransparent(node.operand))) {
    node = skipTransparent((skipTransparent(node.operand) as ts.PrefixUnaryExpression).operand);
  }
  return ts.isPropertyAccessExpression(node) && thisPath(node) ? node : undefined;
}

function isZero(node: ts.Expression): boolean {
  const value = skipTransparent(node);
  return ts.isNumericLiteral(value) && Number(value.text) === 0;
}

/** `this.a.b` → `["a", "b"]` (private names keep their `#`). */
function thisPath(read: ts.PropertyAccessExpression): string[] | undefined {
  const path: string[] = [];
  let node: ts.Expression = read;
  while (ts.isPropertyAccessExpression(node)) {
    path.unshift(node.name.text);
    node = skipTransparent(node.expression);
  }
  return node.kind === ts.SyntaxKind.ThisKeyword ? path : undefined;
}

/** The class whose instance `this` is in a read: the nearest class member around it, through arrow functions. */
function ownerClass(read: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = read.parent; current; current = current.parent) {
    if (ts.isArrowFunction(current)) continue;
    if (isFunctionLike(current) || ts.isPropertyDeclaration(current)) return current.parent && ts.isClassLike(current.parent) ? current.parent : undefined;
    if (ts.isSourceFile(current)) return undefined;
  }
  return undefined;
}

/** A construction at init: the `new` and the file it is in. */
export interface InitConstruction {
  node: ts.NewExpression;
  file: ModuleFacts;
  cls: ts.Node;
}

/**
 * Whether a guard is false with the defaults: the state it reads starts as a falsy literal (a field initializer, a
 * nested property of one, or a constructor parameter's default), and no construction of the class at init passes an
 * option of the same name that may be truthy. An option that cannot be read counts as not passed.
 */
export function isFalseByDefault(guard: StateGuard, constructions: readonly InitConstruction[]): boolean {
  const path = thisPath(guard.read);
  const cls = ownerClass(guard.read);
  if (!path || !cls) return false;
  const initial = initialValue(cls, path);
  if (!initial || !isFalsyDefault(initial, cls)) return false;
  const option = path[path.length - 1]!.replace(/^#/, "");
  return constructions
    .filter((construction) => construction.cls === cls)
    .every((construction) => {
      const reading = readOptionFromArguments(construction.node.arguments ?? [], option, construction.file);
      return reading.kind !== "set" || isFalsyLiteral(literalValue(reading.value, reading.facts), reading.value);
    });
}

/** The expression a field path starts as: `#sampling = { rate: 0 }` for `["#sampling", "rate"]`, or `this.rate = …` in the constructor. */
function initialValue(cls: ts.ClassLikeDeclaration, path: readonly string[]): ts.Expression | undefined {
  const [field, ...rest] = path;
  let value: ts.Expression | undefined;
  for (const member of cls.members) {
    if (ts.isPropertyDeclaration(member) && propertyNameText(member.name) === field && member.initializer) value = member.initializer;
  }
  if (!value && rest.length === 0) value = constructorAssignment(cls, field!);
  for (const name of rest) {
    const object = value && skipTransparent(value);
    if (!object || !ts.isObjectLiteralExpression(object)) return undefined;
    const property = object.properties.find((p) => propertyNameText(p.name) === name);
    value = property && ts.isPropertyAssignment(property) ? property.initializer : undefined;
  }
  return value;
}

/**
 * A falsy literal, `x ?? <falsy>` / `x || <falsy>` over a constructor parameter, or a constructor parameter (or a
 * property destructured from one) whose default is a falsy literal.
 */
function isFalsyDefault(expression: ts.Expression, cls: ts.ClassLikeDeclaration): boolean {
  const node = skipTransparent(expression);
  if (isFalsyLiteral(undefined, node)) return true;
  if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    return isFalsyLiteral(undefined, skipTransparent(node.right)) && isConstructorInput(skipTransparent(node.left), cls);
  }
  if (!ts.isIdentifier(node)) return false;
  const constructor = cls.members.find(ts.isConstructorDeclaration);
  for (const parameter of constructor?.parameters ?? []) {
    for (const element of bindingElements(parameter.name)) {
      if (element.name.text === node.text) return !!element.initializer && isFalsyLiteral(undefined, skipTransparent(element.initializer));
    }
  }
  return false;
}

/** `options.rate` or `rate`, read from a constructor parameter. */
function isConstructorInput(node: ts.Expression, cls: ts.ClassLikeDeclaration): boolean {
  let root = node;
  while (ts.isPropertyAccessExpression(root)) root = skipTransparent(root.expression);
  if (!ts.isIdentifier(root)) return false;
  const constructor = cls.members.find(ts.isConstructorDeclaration);
  return (constructor?.parameters ?? []).some((parameter) => bindingIdentifiers(parameter.name).some((identifier) => identifier.text === (root as ts.Identifier).text));
}

/** Names a parameter binds, with their defaults: `rate = 0` and `{ rate = 0 } = {}`. */
function bindingElements(name: ts.BindingName): { name: ts.Identifier; initializer: ts.Expression | undefined }[] {
  if (ts.isIdentifier(name)) {
    const parameter = name.parent;
    return [{ name, initializer: ts.isParameter(parameter) ? parameter.initializer : undefined }];
  }
  return name.elements.flatMap((element) => {
    if (ts.isOmittedExpression(element)) return [];
    if (ts.isIdentifier(element.name)) return [{ name: element.name, initializer: element.initializer }];
    return bindingElements(element.name);
  });
}

/** `0`, `false`, `""`, `null`, `undefined`, `void 0`, given as a literal value or a node. */
function isFalsyLiteral(value: boolean | number | string | undefined, node: ts.Expression): boolean {
  if (value !== undefined) return !value;
  const literal = skipTransparent(node);
  if (literal.kind === ts.SyntaxKind.FalseKeyword || literal.kind === ts.SyntaxKind.NullKeyword) return true;
  if (ts.isNumericLiteral(literal)) return Number(literal.text) === 0;
  if (ts.isStringLiteralLike(literal)) return literal.text === "";
  if (ts.isIdentifier(literal)) return literal.text === "undefined";
  return ts.isVoidExpression(literal);
}
