import { ts } from "#typescript";
import { pushChildrenInOrder } from "../analysis/syntax.js";
import { INDEXED_KINDS, syntaxIndexOf } from "../analysis/syntax-index.js";
import type { NodeListener } from "./rule.js";

export type DispatchTable = Map<ts.SyntaxKind, NodeListener[]>;

/**
 * Calls the listeners registered for each node's kind, depth first in source order. Kinds the parse indexed are
 * read from the index; any other kind makes a walk over every node, iterative so that 20,000 nested parentheses
 * cannot overflow the stack.
 */
export function walk(sourceFile: ts.SourceFile, table: DispatchTable): void {
  if (table.size === 0) return;
  if ([...table.keys()].every((kind) => INDEXED_KINDS.has(kind))) {
    for (const node of syntaxIndexOf(sourceFile).dispatched) dispatch(node, table);
    return;
  }
  const stack: ts.Node[] = [sourceFile];
  while (stack.length > 0) {
    const node = stack.pop()!;
    dispatch(node, table);
    pushChildrenInOrder(node, stack);
  }
}

function dispatch(node: ts.Node, table: DispatchTable): void {
  const listeners = table.get(node.kind);
  if (listeners) for (const listener of listeners) listener(node);
}
