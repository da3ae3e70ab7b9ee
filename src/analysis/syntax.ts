import { ts } from "#typescript";

/** Syntax helpers shared by the analyses: what a node is, independent of what it means. */

export type FunctionLike =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

export type ClassLike = ts.ClassDeclaration | ts.ClassExpression;

export const FUNCTION_KINDS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
]);

export function isFunctionLike(node: ts.Node): node is FunctionLike {
  return FUNCTION_KINDS.has(node.kind);
}

export function isClassLike(node: ts.Node): node is ClassLike {
  return node.kind === ts.SyntaxKind.ClassDeclaration || node.kind === ts.SyntaxKind.ClassExpression;
}

/** Strips the wrappers that do not change a value: parentheses, type assertions, `!`, `satisfies`. */
export function skipTransparent(node: ts.Expression): ts.Expression {
  for (;;) {
    switch (node.kind) {
      case ts.SyntaxKind.ParenthesizedExpression:
      case ts.SyntaxKind.AsExpression:
      case ts.SyntaxKind.TypeAssertionExpression:
      case ts.SyntaxKind.NonNullExpression:
      case ts.SyntaxKind.SatisfiesExpression:
        node = (node as ts.ParenthesizedExpression).expression;
        break;
      default:
        return node;
    }
  }
}

/** Like `skipTransparent`, also looking through `await`. */
export function skipAwait(node: ts.Expression): ts.Expression {
  let current = skipTransparent(node);
  while (ts.isAwaitExpression(current)) current = skipTransparent(current.expression);
  return current;
}

/** The nearest ancestor that is not a transparent wrapper or `await`, and the child it was reached from. */
export function valueParent(node: ts.Node): { parent: ts.Node; child: ts.Node } {
  let child = node;
  let parent = node.parent;
  while (
    parent &&
    (ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isTypeAssertionExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      ts.isSatisfiesExpression(parent) ||
      ts.isAwaitExpression(parent))
  ) {
    child = parent;
    parent = parent.parent;
  }
  return { parent, child };
}

export function propertyNameText(name: ts.PropertyName | ts.MemberName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) {
    const expression = skipTransparent(name.expression);
    if (ts.isStringLiteralLike(expression)) return expression.text;
  }
  return undefined;
}

/** `a.b` or `a["b"]`: the member name read, when it is static. */
export function accessedName(node: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node)) {
    const argument = skipTransparent(node.argumentExpression);
    if (ts.isStringLiteralLike(argument)) return argument.text;
  }
  return undefined;
}

export function isStatic(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
}

/** A readable name for a function, for messages: `makeRunId`, `Service.start`, `constructor of Service`. */
export function functionName(fn: ts.Node): string {
  if (ts.isConstructorDeclaration(fn)) return `${className(fn.parent)} constructor`;
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  if (ts.isMethodDeclaration(fn) || ts.isGetAccessorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) {
    const member = propertyNameText(fn.name) ?? "method";
    return ts.isClassLike(fn.parent) ? `${className(fn.parent)}.${member}` : member;
  }
  const parent = fn.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent)) return propertyNameText(parent.name) ?? "function";
  if (parent && ts.isPropertyDeclaration(parent)) return propertyNameText(parent.name) ?? "function";
  if (ts.isClassLike(fn)) return className(fn);
  return "function";
}

/** How a helper reads in a message: `makeRunId()`, `Service.start()`, `new Service()`. */
export function callableLabel(fn: ts.Node): string {
  if (ts.isConstructorDeclaration(fn)) return `new ${className(fn.parent)}()`;
  if (ts.isGetAccessorDeclaration(fn)) return `the ${functionName(fn)} getter`;
  if (ts.isSetAccessorDeclaration(fn)) return `the ${functionName(fn)} setter`;
  if (ts.isClassLike(fn)) return `new ${className(fn)}()`;
  return `${functionName(fn)}()`;
}

export function className(node: ts.Node): string {
  if (ts.isClassLike(node) && node.name) return node.name.text;
  if (node.parent && ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name)) return node.parent.name.text;
  return "class";
}

export function lineOf(node: ts.Node): number {
  const sourceFile = node.getSourceFile();
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

/** The text of a callee for messages, shortened: `crypto.randomUUID()`. */
export function calleeText(node: ts.CallExpression | ts.NewExpression): string {
  const callee = calleeShape(node.expression, 0);
  return ts.isNewExpression(node) ? `new ${callee}()` : `${callee}()`;
}

/** A call's shape without its arguments (`createClient(…).connect()`), never the text of an object literal. */
function calleeShape(node: ts.Expression, depth: number): string {
  if (depth > 12) return "…";
  if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) return node.text;
  if (node.kind === ts.SyntaxKind.ThisKeyword) return "this";
  if (node.kind === ts.SyntaxKind.SuperKeyword) return "super";
  if (ts.isPropertyAccessExpression(node)) return `${calleeShape(node.expression, depth + 1)}${node.questionDotToken ? "?." : "."}${node.name.text}`;
  if (ts.isElementAccessExpression(node)) return `${calleeShape(node.expression, depth + 1)}[…]`;
  if (ts.isCallExpression(node)) return `${calleeShape(node.expression, depth + 1)}(${node.arguments.length > 0 ? "…" : ""})`;
  if (ts.isNewExpression(node)) return `new ${calleeShape(node.expression, depth + 1)}(${node.arguments?.length ? "…" : ""})`;
  if (ts.isAwaitExpression(node)) return `(await ${calleeShape(node.expression, depth + 1)})`;
  if (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) {
    return calleeShape(node.expression, depth + 1);
  }
  return "…";
}

export function normalizeModuleName(specifier: string): string {
  return specifier.startsWith("node:") ? specifier.slice(5) : specifier;
}

export function isRelativeSpecifier(specifier: string): boolean {
  return specifier.startsWith("./") || specifier.startsWith("../") || specifier === "." || specifier === "..";
}

/** The lower-case words of a name, split at `_`, `-`, `$` and case changes: `getAccessToken` → get, access, token. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[\s_\-$]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/** The names a declaration binds: the name itself, or every name of a destructuring pattern. */
export function bindingIdentifiers(name: ts.BindingName): ts.Identifier[] {
  if (ts.isIdentifier(name)) return [name];
  const found: ts.Identifier[] = [];
  for (const element of name.elements) {
    if (ts.isBindingElement(element)) found.push(...bindingIdentifiers(element.name));
  }
  return found;
}

/** The stack `pushChildren` fills: one callback serves every walk, instead of a closure made per visited node. */
const NO_STACK: ts.Node[] = [];
let pushTarget = NO_STACK;
const pushOntoTarget = (child: ts.Node): undefined => {
  pushTarget.push(child);
  return undefined;
};

/** Pushes a node's children onto a depth-first stack (the last child comes off first). */
export function pushChildren(node: ts.Node, stack: ts.Node[]): void {
  pushTarget = stack;
  ts.forEachChild(node, pushOntoTarget);
  // A walk that stops early leaves nodes on its stack: held here, they would keep their whole tree alive.
  pushTarget = NO_STACK;
}

/**
 * Pushes a node's children onto a depth-first stack so that they come off it in source order, first child first.
 * Reversed in place, never through a spread: a file can have hundreds of thousands of top-level statements.
 */
export function pushChildrenInOrder(node: ts.Node, stack: ts.Node[]): void {
  const from = stack.length;
  pushChildren(node, stack);
  for (let low = from, high = stack.length - 1; low < high; low++, high--) {
    const first = stack[low]!;
    stack[low] = stack[high]!;
    stack[high] = first;
  }
}
