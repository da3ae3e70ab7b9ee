import { ts } from "#typescript";
import { fateOf } from "./derivation.js";
import { hasExpiryCheck, isTested } from "./expiry.js";
import type { Via } from "./init-phase.js";
import { enclosingFunction } from "./module-cache.js";
import type { ModuleFacts } from "./modules.js";
import { bindingIdentifiers, isFunctionLike, pushChildren, skipTransparent } from "./syntax.js";

/**
 * Whether a value outlives the code that computed it: `kept` (module state, a field, an export, an argument, a
 * callback, a `.then` continuation), `returned` to the caller, or `dropped` (thrown away, only tested for
 * presence, or held in a local that nothing passes on). Builds on `fateOf`, and follows locals of a function to
 * see whether they leave it.
 */
export type Retention = "kept" | "returned" | "dropped";

const MAX_DEPTH = 4;

export function retentionOf(node: ts.Node, file: ModuleFacts, depth = 0): Retention {
  if (isTested(node) || isComparedOrCounted(node)) return "dropped";
  const fate = fateOf(node);
  if (fate.kind === "discarded") return handsToCallback(node) ? "kept" : "dropped";
  const fn = enclosingFunction(node);
  // Everything init stores outside a function (a module variable, an export, a field) lives on.
  if (!fn) return "kept";
  const holder = fate.holder;
  if (!holder) return reachesReturn(node) ? "returned" : fate.name === "default" ? "kept" : "dropped";
  if (ts.isCallExpression(holder) || ts.isNewExpression(holder)) return "kept";
  if (ts.isIdentifier(holder) || ts.isObjectBindingPattern(holder) || ts.isArrayBindingPattern(holder)) {
    return bindingRetention(holder, file, depth);
  }
  // `this.secret = …`, `cache.token = …`, a class field.
  return "kept";
}

/** Where an init event's value ends up, seen from init: a helper's local dies with it, its result is the caller's. */
export function keptPastInit(event: { node: ts.Node; file: ModuleFacts; site: ts.Node; via?: Via }, siteFile: ModuleFacts): boolean {
  const own = retentionOf(event.node, event.file);
  if (own === "dropped") return false;
  if (!event.via) return true;
  const fn = enclosingFunction(event.node);
  // Stored by a helper that checks expiry before reuse: a warm-up at init is refreshed after restore.
  if (own === "kept" && !(fn && hasExpiryCheck(fn, event.file))) return true;
  return retentionOf(event.site, siteFile) !== "dropped";
}

/** A local (or destructured locals, or a parameter) of a function: kept or returned if any use of it is. */
function bindingRetention(name: ts.BindingName, file: ModuleFacts, depth: number): Retention {
  const identifiers = bindingIdentifiers(name);
  const declaration = identifiers[0] && file.scopes.lookup(identifiers[0]);
  // A parameter's default lives as long as the parameter does, in the function that declares it.
  const scope = declaration?.kind === "parameter" ? declaration.fn : declaration?.kind === "variable" ? enclosingFunction(declaration.node) : undefined;
  // An assignment to a module variable (or to something this file does not declare) is state that lives on.
  if (!scope) return "kept";
  if (depth >= MAX_DEPTH) return "dropped";
  let result: Retention = "dropped";
  for (const identifier of identifiers) {
    for (const use of usesOf(identifier, scope, file)) {
      const retention = retentionOf(use, file, depth + 1);
      if (retention === "kept") return "kept";
      if (retention === "returned") result = "returned";
    }
  }
  return result;
}

/** References to a declared name inside the function that declares it (the declaration itself excluded). */
function usesOf(name: ts.Identifier, scope: ts.Node, file: ModuleFacts): ts.Identifier[] {
  const declaration = file.scopes.lookup(name);
  const uses: ts.Identifier[] = [];
  const stack: ts.Node[] = [scope];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isIdentifier(node) && node !== name && node.text === name.text && file.scopes.lookup(node) === declaration) uses.push(node);
    pushChildren(node, stack);
  }
  return uses;
}

/**
 * Whether an expression is part of what a function returns: `return out.SecretString`, `() => client.send(cmd)`.
 * Used once `fateOf` found no holder, so the value reached its statement unchanged in meaning.
 */
function reachesReturn(expression: ts.Node): boolean {
  let child = expression;
  for (let node = expression.parent; node; child = node, node = node.parent) {
    if (ts.isReturnStatement(node)) return true;
    if (ts.isArrowFunction(node)) return node.body === child;
    if (isFunctionLike(node) || ts.isBlock(node) || ts.isSourceFile(node)) return false;
  }
  return false;
}

/** `x === y`, `x.length`, `Boolean(x)`: the result says something about the value without carrying it. */
function isComparedOrCounted(expression: ts.Node): boolean {
  let node = expression;
  while (ts.isParenthesizedExpression(node.parent) || ts.isNonNullExpression(node.parent) || ts.isAwaitExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isBinaryExpression(parent)) {
    const kind = parent.operatorToken.kind;
    return kind >= ts.SyntaxKind.LessThanToken && kind <= ts.SyntaxKind.ExclamationEqualsEqualsToken;
  }
  if (ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression)) {
    const callee = skipTransparent(parent.expression);
    return ts.isIdentifier(callee) && callee.text === "Boolean";
  }
  return false;
}

/** A callback handed the result: `sm.getSecretValue(params, (err, data) => …)`, `.then((secret) => …)`. */
function handsToCallback(node: ts.Node): boolean {
  if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments?.some(takesArguments)) return true;
  let current = node;
  while (ts.isParenthesizedExpression(current.parent) || ts.isAwaitExpression(current.parent)) current = current.parent;
  const access = current.parent;
  if (!ts.isPropertyAccessExpression(access) || access.expression !== current || access.name.text !== "then") return false;
  const call = access.parent;
  return ts.isCallExpression(call) && call.expression === access && takesArguments(call.arguments[0]);
}

function takesArguments(argument: ts.Expression | undefined): boolean {
  const node = argument && skipTransparent(argument);
  return !!node && isFunctionLike(node) && node.parameters.length > 0;
}
