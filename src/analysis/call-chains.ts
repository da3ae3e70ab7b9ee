import { ts } from "#typescript";
import { skipTransparent, valueParent } from "./syntax.js";
import type { SymbolicValue } from "./values.js";

/**
 * How a value was reached from the object it hangs off: `new Kafka(cfg).producer().connect` is the `Kafka`
 * instance followed by the steps `producer`, `()`, `connect`. `()` marks a call: after a name, the method was called;
 * on its own, the value before it was itself called (`db("users")` on a knex instance).
 */
export interface MethodChain {
  /** The innermost value constructed or produced by calling a module or global function, or whatever stopped the walk. */
  root: SymbolicValue;
  steps: string[];
}

export const CALL_STEP = "()";

/** Unwinds a value into the construction it starts from and the member reads and calls after it. */
export function methodChain(value: SymbolicValue): MethodChain {
  const steps: string[] = [];
  let current = value;
  for (let depth = 0; depth < 64; depth++) {
    if ((current.kind === "instance" || current.kind === "call") && current.path.length > 0) {
      steps.unshift(...current.path);
      current = { ...current, path: [] };
      continue;
    }
    if (current.kind === "call") {
      const callee = current.callee;
      // A call of a module or global function produces a value of its own: the root.
      if (callee.kind === "module" || callee.kind === "global") return { root: current, steps };
      steps.unshift(CALL_STEP);
      current = callee;
      continue;
    }
    return { root: current, steps };
  }
  return { root: current, steps };
}

/** The construction node behind a root value, when there is one. */
export function constructionNode(root: SymbolicValue): ts.NewExpression | ts.CallExpression | undefined {
  if (root.kind === "instance") return root.node;
  if (root.kind === "call") return root.node;
  return undefined;
}

/** Promise combinators that call `.then` on every element they are given. */
const COMBINATORS = new Set(["all", "allSettled", "race", "any", "resolve"]);
const CONTINUATIONS = new Set(["then", "catch", "finally"]);

/**
 * Whether the result of `node` is awaited or has a continuation attached, which is what runs a lazy query builder
 * (knex, Prisma, drizzle and postgres.js run a query only when something calls `.then` on it). Returning it from an
 * async function counts: the async function's promise adopts it, calling `.then`.
 */
export function isConsumedAsPromise(node: ts.Expression): boolean {
  const { parent, child } = valueParent(node);
  if (!parent) return false;
  if (ts.isAwaitExpression(child)) return true;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === child && CONTINUATIONS.has(parent.name.text)) {
    return ts.isCallExpression(parent.parent) && parent.parent.expression === parent;
  }
  if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === child)) {
    const fn = ts.isArrowFunction(parent) ? parent : enclosingFunction(parent);
    return fn !== undefined && isAsync(fn);
  }
  if (ts.isArrayLiteralExpression(parent)) return isCombinatorArgument(parent);
  if (ts.isCallExpression(parent) && parent.arguments.includes(child as ts.Expression)) return isCombinatorCall(parent);
  return false;
}

function isCombinatorArgument(array: ts.ArrayLiteralExpression): boolean {
  const { parent, child } = valueParent(array);
  return ts.isCallExpression(parent) && parent.arguments.includes(child as ts.Expression) && isCombinatorCall(parent);
}

function isCombinatorCall(call: ts.CallExpression): boolean {
  const callee = skipTransparent(call.expression);
  return (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === "Promise" &&
    COMBINATORS.has(callee.name.text)
  );
}

function enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current)) return current as ts.FunctionLikeDeclaration;
  }
  return undefined;
}

function isAsync(fn: ts.Node): boolean {
  return ts.canHaveModifiers(fn) && (ts.getModifiers(fn) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}
