import { ts } from "#typescript";
import { isNullish, isTested } from "./expiry.js";
import type { ModuleFacts } from "./modules.js";
import { syntaxIndexOf } from "./syntax-index.js";
import { accessedName, isFunctionLike, pushChildren, skipTransparent, type FunctionLike } from "./syntax.js";
import { evaluate } from "./values.js";

/**
 * Module-level state that functions fill lazily and reuse: `let token` with `token ??= await fetchToken()`,
 * `cache.token = …` guarded by `if (cache.token)`, or a `Map` read with `get`/`has` and filled with `set`. Such a
 * slot survives across invocations (and across a snapshot), so what it holds must still be valid when reused.
 */
export interface CacheSlot {
  /** The module-level variable. */
  declaration: ts.VariableDeclaration;
  /** How the slot reads in messages: `cachedToken`, `cache.token`, `tokens`. */
  name: string;
  /** Values stored into the slot inside functions. */
  fills: { value: ts.Expression; fn: FunctionLike }[];
  /** Places where a function tests for a cached value and reuses it (`if (token)`, `token ??=`, `map.get(k)`). */
  reuses: { node: ts.Node; fn: FunctionLike }[];
  /**
   * Functions that reuse the cached value or refill it: they test the slot and fill it themselves or through a
   * helper they call. A function that only reads the slot is not a cache.
   */
  lazyReaders: FunctionLike[];
  /**
   * Whether some function empties the slot (`token = undefined`, `delete cache.token`, `map.delete(k)`): the
   * value is refetched after a failure or on a schedule, which is its own expiry strategy.
   */
  cleared: boolean;
}

const FILL_OPERATORS = new Set([ts.SyntaxKind.EqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken]);
const GUARDED_FILL_OPERATORS = new Set([ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken]);

/** Every module-level slot of a file that some function fills or reuses. */
export function moduleCacheSlots(file: ModuleFacts): CacheSlot[] {
  const moduleVariables = new Map<ts.VariableDeclaration, boolean>();
  for (const statement of file.sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name)) moduleVariables.set(declaration, isNewMap(declaration.initializer));
    }
  }
  if (moduleVariables.size === 0) return [];
  const slots = new Map<string, CacheSlot>();
  const slotFor = (declaration: ts.VariableDeclaration, property: string | undefined): CacheSlot => {
    const key = `${declaration.pos}:${property ?? ""}`;
    let slot = slots.get(key);
    if (!slot) {
      const base = (declaration.name as ts.Identifier).text;
      slot = { declaration, name: property === undefined ? base : `${base}.${property}`, fills: [], reuses: [], lazyReaders: [], cleared: false };
      slots.set(key, slot);
    }
    return slot;
  };

  // Only identifiers spelled like a module variable can refer to one: the parse listed them.
  for (const node of syntaxIndexOf(file.sourceFile).moduleVariableMentions) {
    const declaration = file.scopes.lookup(node);
    if (declaration?.kind !== "variable" || !moduleVariables.has(declaration.node) || declaration.node.name === node) continue;
    const fn = enclosingFunction(node);
    if (!fn) continue;
    const variable = declaration.node;
    const { parent } = node;
    if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node) {
      const property = accessedName(parent);
      if (property === undefined) continue;
      if (moduleVariables.get(variable)) {
        recordMapUse(slotFor(variable, undefined), parent, property, fn);
        continue;
      }
      const slot = slotFor(variable, property);
      if (recordAssignment(slot, parent, fn)) continue;
      if (ts.isDeleteExpression(parent.parent)) slot.cleared = true;
      else if (isTested(parent)) {
        slot.reuses.push({ node: parent, fn });
        slotFor(variable, undefined).reuses.push({ node: parent, fn });
      }
      continue;
    }
    const slot = slotFor(variable, undefined);
    if (recordAssignment(slot, node, fn)) continue;
    if (isTested(node)) slot.reuses.push({ node, fn });
  }
  for (const slot of slots.values()) slot.lazyReaders = lazyReaders(slot, file);
  return [...slots.values()];
}

function lazyReaders(slot: CacheSlot, file: ModuleFacts): FunctionLike[] {
  const fillers = new Set<ts.Node>(slot.fills.map((fill) => fill.fn));
  const readers = new Set<FunctionLike>(slot.reuses.map((reuse) => reuse.fn));
  return [...readers].filter((fn) => fillers.has(fn) || callsAnyOf(fn, fillers, file));
}

/** Whether a function body calls one of `targets` directly. */
function callsAnyOf(fn: FunctionLike, targets: ReadonlySet<ts.Node>, file: ModuleFacts): boolean {
  const stack: ts.Node[] = fn.body ? [fn.body] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isCallExpression(node)) {
      const callee = evaluate(skipTransparent(node.expression), file);
      if (callee.kind === "function" && targets.has(callee.node)) return true;
    }
    pushChildren(node, stack);
  }
  return false;
}

/** `slot = value`, `slot ??= value`: a fill (and, guarded, a reuse), or a clear. Whether `target` was assigned. */
function recordAssignment(slot: CacheSlot, target: ts.Expression, fn: FunctionLike): boolean {
  let node: ts.Node = target;
  while (ts.isParenthesizedExpression(node.parent) || ts.isNonNullExpression(node.parent) || ts.isAsExpression(node.parent)) node = node.parent;
  const assignment = node.parent;
  if (!ts.isBinaryExpression(assignment) || assignment.left !== node || !FILL_OPERATORS.has(assignment.operatorToken.kind)) return false;
  if (isEmpty(assignment.right)) {
    slot.cleared = true;
    return true;
  }
  slot.fills.push({ value: assignment.right, fn });
  if (GUARDED_FILL_OPERATORS.has(assignment.operatorToken.kind)) slot.reuses.push({ node: assignment, fn });
  return true;
}

function recordMapUse(slot: CacheSlot, access: ts.PropertyAccessExpression | ts.ElementAccessExpression, method: string, fn: FunctionLike): void {
  const call = access.parent;
  if (!ts.isCallExpression(call) || call.expression !== access) return;
  if (method === "get" || method === "has") slot.reuses.push({ node: call, fn });
  else if (method === "set" && call.arguments[1]) slot.fills.push({ value: call.arguments[1], fn });
  else if (method === "delete" || method === "clear") slot.cleared = true;
}

/** `undefined`, `null`, `""`, `{}`: emptying the slot. */
function isEmpty(expression: ts.Expression): boolean {
  const node = skipTransparent(expression);
  if (isNullish(node)) return true;
  if (ts.isStringLiteralLike(node)) return node.text === "";
  return ts.isObjectLiteralExpression(node) && node.properties.length === 0;
}

function isNewMap(initializer: ts.Expression | undefined): boolean {
  const node = initializer && skipTransparent(initializer);
  return !!node && ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "Map";
}

export function enclosingFunction(node: ts.Node): FunctionLike | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return current;
  }
  return undefined;
}
