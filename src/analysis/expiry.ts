import { ts } from "#typescript";
import { matchRandomSource } from "../knowledge/random-sources.js";
import type { ModuleFacts } from "./modules.js";
import { accessedName, isFunctionLike, nameWords, pushChildren, skipTransparent, type FunctionLike } from "./syntax.js";
import { evaluate, resolveValue } from "./values.js";

/**
 * Whether code checks that a cached value is still valid before reusing it (KNOWLEDGE §3): a comparison against
 * the clock or an expiry field, a read of an expiry field in a condition, or a call named like `isExpired`.
 * Deliberately generous: a check anywhere in the function counts, since a missed finding costs less than a false one.
 */

/** Fields that say when a value stops being valid: `exp`, `expiresAt`, `Expiration`, `ttl`, `validUntil`. */
export const EXPIRY_NAME = /expir|^exp$|ttl$|^maxAge$|valid(Until|To)$|^notAfter$|refresh(At|After)$/i;
/**
 * Functions that decide whether a value is still valid, by the words of their name: `isExpired`, `isValid`,
 * `isTokenFresh`, `stale`, `needsRefresh` (but not `refresh`, which fetches).
 */
export function isExpiryCallName(name: string): boolean {
  const words = nameWords(name);
  if (words.includes("refresh")) return words.some((word) => word === "needs" || word === "should");
  return words.some((word) => word.startsWith("expir") || word.startsWith("valid") || word === "invalid" || word === "fresh" || word === "stale");
}
/** Verifying a JWT rejects an expired one (it checks `exp`), even as a bare statement. */
const VERIFY_CALL_NAME = /^(jwt)?verify$/i;
/** Date-library comparisons: `dayjs().isAfter(expiresAt)`, `isPast(expiry)`. */
const DATE_COMPARISON_NAME = /^is(After|Before|SameOrAfter|SameOrBefore|Past|Future)$/;
/** Names that stand for the current time when the clock call itself is out of sight (a parameter). */
const NOW_NAME = /^(now|nowMs|nowSeconds|currentTime|currentDate|today)$/i;

const COMPARISON_OPERATORS = new Set([
  ts.SyntaxKind.LessThanToken,
  ts.SyntaxKind.GreaterThanToken,
  ts.SyntaxKind.LessThanEqualsToken,
  ts.SyntaxKind.GreaterThanEqualsToken,
]);

const MAX_HELPER_DEPTH = 2;

/** Whether a function (or a helper it calls, two levels deep) checks a value's expiry anywhere in its body. */
export function hasExpiryCheck(fn: FunctionLike, file: ModuleFacts, depth = 0, seen = new Set<ts.Node>()): boolean {
  if (!fn.body || seen.has(fn)) return false;
  seen.add(fn);
  const stack: ts.Node[] = [fn.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isExpiryCheck(node, file)) return true;
    if (ts.isCallExpression(node) && depth < MAX_HELPER_DEPTH) {
      const callee = resolveValue(evaluate(skipTransparent(node.expression), file));
      if (callee.kind === "function" && hasExpiryCheck(callee.node, callee.file, depth + 1, seen)) return true;
    }
    pushChildren(node, stack);
  }
  return false;
}

/** Whether this node, by itself, is an expiry check. */
export function isExpiryCheck(node: ts.Node, file: ModuleFacts): boolean {
  if (ts.isBinaryExpression(node) && COMPARISON_OPERATORS.has(node.operatorToken.kind)) {
    return involvesClockOrExpiry(node.left, file) || involvesClockOrExpiry(node.right, file);
  }
  if (ts.isCallExpression(node)) {
    const name = calleeName(node);
    if (name === undefined) return false;
    if (VERIFY_CALL_NAME.test(name)) return true;
    if (DATE_COMPARISON_NAME.test(name)) return involvesClockOrExpiry(node, file);
    return isExpiryCallName(name) && !ts.isExpressionStatement(node.parent);
  }
  if ((ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && isTested(node)) {
    const name = ts.isIdentifier(node) ? node.text : accessedName(node);
    return name !== undefined && EXPIRY_NAME.test(name);
  }
  return false;
}

/** An expression that reads the clock or an expiry field: `Date.now()`, `new Date()`, `token.exp`, `expiresAt`. */
function involvesClockOrExpiry(root: ts.Node, file: ModuleFacts): boolean {
  const stack: ts.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isFunctionLike(node)) continue;
    if (ts.isIdentifier(node)) {
      if (EXPIRY_NAME.test(node.text) || NOW_NAME.test(node.text) || isClockValue(node, file)) return true;
    } else if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const name = accessedName(node);
      if (name !== undefined && EXPIRY_NAME.test(name)) return true;
    } else if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && isClockValue(node, file)) {
      return true;
    }
    pushChildren(node, stack);
  }
  return false;
}

/** `Date.now()`, `new Date()`, `performance.now()`, or a name holding one (`const now = Date.now()`). */
function isClockValue(expression: ts.Expression, file: ModuleFacts): boolean {
  const value = evaluate(expression, file);
  if (value.kind === "call" && value.path.length === 0) return matchRandomSource(value.node, value.callee)?.kind === "clock";
  if (value.kind === "instance" && value.path.length === 0 && value.node) return matchRandomSource(value.node, value.ctor)?.kind === "clock";
  return false;
}

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = skipTransparent(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  return accessedName(callee);
}

/** Whether an expression's truthiness decides something: a condition, a `!`, a `&&`/`||`/`??` operand. */
export function isTested(expression: ts.Node): boolean {
  let node = expression;
  while (ts.isParenthesizedExpression(node.parent) || ts.isNonNullExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isAwaitExpression(node.parent)) {
    node = node.parent;
  }
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent)) return parent.expression === node;
  if (ts.isConditionalExpression(parent)) return parent.condition === node;
  if (ts.isForStatement(parent)) return parent.condition === node;
  if (ts.isPrefixUnaryExpression(parent)) return parent.operator === ts.SyntaxKind.ExclamationToken;
  if (ts.isTypeOfExpression(parent)) return true;
  if (ts.isBinaryExpression(parent)) {
    switch (parent.operatorToken.kind) {
      case ts.SyntaxKind.AmpersandAmpersandToken:
        return true;
      case ts.SyntaxKind.BarBarToken:
      case ts.SyntaxKind.QuestionQuestionToken:
        return parent.left === node;
      case ts.SyntaxKind.EqualsEqualsEqualsToken:
      case ts.SyntaxKind.ExclamationEqualsEqualsToken:
      case ts.SyntaxKind.EqualsEqualsToken:
      case ts.SyntaxKind.ExclamationEqualsToken:
        return isNullish(parent.left === node ? parent.right : parent.left);
      default:
        return false;
    }
  }
  return false;
}

/** `undefined`, `null`, `void 0`. */
export function isNullish(expression: ts.Expression): boolean {
  const node = skipTransparent(expression);
  return (
    node.kind === ts.SyntaxKind.NullKeyword ||
    (ts.isIdentifier(node) && node.text === "undefined") ||
    ts.isVoidExpression(node)
  );
}
