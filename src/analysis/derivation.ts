import { ts } from "#typescript";
import { accessedName, propertyNameText, skipTransparent } from "./syntax.js";

/**
 * Where a computed value ends up. A value flows unchanged in meaning through conversions, string building,
 * arithmetic, comparisons and literals (`String(x)`, `` `id-${x}` ``, `x + 1`, `x.toString(36)`, `{ id: x }`), so
 * what matters is whether the result is kept (a variable, a field, an export, a return, an argument that may be
 * stored, a branch decision) or thrown away (an expression statement, a log line).
 */
export type Fate =
  | { kind: "discarded" }
  | { kind: "kept"; /** The variable, field or export it is stored in, when there is one. */ name?: string; holder?: ts.Node };

/** Functions whose result carries their argument's value (and its hazard). */
const CONVERSIONS = new Set(["String", "Number", "BigInt", "Boolean", "parseInt", "parseFloat", "encodeURIComponent", "encodeURI"]);
const CONVERTING_NAMESPACES = new Set(["Math", "JSON", "Buffer", "Object", "Array", "path"]);
/** Calls whose arguments are printed, not kept. */
const LOGGING_OBJECTS = /^(console|log|logger|debug)$/;
const LOGGING_METHODS = new Set(["log", "info", "warn", "error", "debug", "trace", "time", "timeEnd", "fatal"]);

export function fateOf(expression: ts.Node): Fate {
  let node = expression;
  for (let depth = 0; depth < 100; depth++) {
    const parent = node.parent;
    if (!parent) return { kind: "kept" };
    switch (parent.kind) {
      case ts.SyntaxKind.ParenthesizedExpression:
      case ts.SyntaxKind.AsExpression:
      case ts.SyntaxKind.TypeAssertionExpression:
      case ts.SyntaxKind.NonNullExpression:
      case ts.SyntaxKind.SatisfiesExpression:
      case ts.SyntaxKind.AwaitExpression:
      case ts.SyntaxKind.TemplateSpan:
      case ts.SyntaxKind.TemplateExpression:
      case ts.SyntaxKind.PrefixUnaryExpression:
      case ts.SyntaxKind.PostfixUnaryExpression:
      case ts.SyntaxKind.ConditionalExpression:
      case ts.SyntaxKind.ArrayLiteralExpression:
      case ts.SyntaxKind.ObjectLiteralExpression:
      case ts.SyntaxKind.SpreadElement:
      case ts.SyntaxKind.SpreadAssignment:
      case ts.SyntaxKind.PropertyAssignment:
      case ts.SyntaxKind.ShorthandPropertyAssignment:
      case ts.SyntaxKind.TaggedTemplateExpression:
        node = parent;
        continue;
      case ts.SyntaxKind.BinaryExpression: {
        const binary = parent as ts.BinaryExpression;
        const operator = binary.operatorToken.kind;
        if (operator === ts.SyntaxKind.CommaToken) {
          if (binary.left === node) return { kind: "discarded" };
          node = parent;
          continue;
        }
        if (operator >= ts.SyntaxKind.FirstAssignment && operator <= ts.SyntaxKind.LastAssignment) {
          if (binary.left === node) return { kind: "kept" };
          return { kind: "kept", name: assignedName(binary.left), holder: binary.left };
        }
        node = parent;
        continue;
      }
      case ts.SyntaxKind.PropertyAccessExpression:
      case ts.SyntaxKind.ElementAccessExpression: {
        // `x.toString(36)`, `x.slice(0, 8)`: the method call's result carries the value.
        const access = parent as ts.PropertyAccessExpression;
        if (access.expression !== node) return { kind: "kept" };
        const call = access.parent;
        if (call && ts.isCallExpression(call) && call.expression === access) {
          node = call;
          continue;
        }
        node = parent;
        continue;
      }
      case ts.SyntaxKind.CallExpression:
      case ts.SyntaxKind.NewExpression: {
        const call = parent as ts.CallExpression;
        if (call.expression === node) return { kind: "kept" };
        if (isLoggingCall(call)) return { kind: "discarded" };
        if (isConversion(call)) {
          node = parent;
          continue;
        }
        return { kind: "kept", holder: call };
      }
      case ts.SyntaxKind.VariableDeclaration: {
        const declaration = parent as ts.VariableDeclaration;
        return { kind: "kept", ...(ts.isIdentifier(declaration.name) ? { name: declaration.name.text } : {}), holder: declaration.name };
      }
      case ts.SyntaxKind.Parameter: {
        // A default value (`id = randomUUID()`) is held by the parameter.
        const parameter = parent as ts.ParameterDeclaration;
        return { kind: "kept", ...(ts.isIdentifier(parameter.name) ? { name: parameter.name.text } : {}), holder: parameter.name };
      }
      case ts.SyntaxKind.BindingElement: {
        const element = parent as ts.BindingElement;
        return { kind: "kept", ...(ts.isIdentifier(element.name) ? { name: element.name.text } : {}), holder: element.name };
      }
      case ts.SyntaxKind.PropertyDeclaration: {
        const property = parent as ts.PropertyDeclaration;
        const name = propertyNameText(property.name);
        return { kind: "kept", ...(name ? { name } : {}), holder: property.name };
      }
      case ts.SyntaxKind.ExpressionStatement:
      case ts.SyntaxKind.VoidExpression:
        return { kind: "discarded" };
      case ts.SyntaxKind.ExportAssignment:
        return { kind: "kept", name: "default" };
      default:
        return { kind: "kept" };
    }
  }
  return { kind: "kept" };
}

function assignedName(target: ts.Expression): string | undefined {
  const node = skipTransparent(target);
  if (ts.isIdentifier(node)) return node.text;
  return accessedName(node);
}

function isLoggingCall(call: ts.CallExpression): boolean {
  const callee = skipTransparent(call.expression);
  if (ts.isIdentifier(callee)) return LOGGING_OBJECTS.test(callee.text);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const object = skipTransparent(callee.expression);
  return LOGGING_METHODS.has(callee.name.text) && (!ts.isIdentifier(object) || LOGGING_OBJECTS.test(object.text) || object.text.endsWith("Logger"));
}

function isConversion(call: ts.CallExpression | ts.NewExpression): boolean {
  const callee = skipTransparent(call.expression);
  if (ts.isIdentifier(callee)) return CONVERSIONS.has(callee.text);
  if (ts.isPropertyAccessExpression(callee)) {
    const object = skipTransparent(callee.expression);
    return ts.isIdentifier(object) && CONVERTING_NAMESPACES.has(object.text);
  }
  return false;
}
