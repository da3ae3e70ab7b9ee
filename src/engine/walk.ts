import { ts } from "#typescript";
import { pushChildrenInOrder } from "../analysis/syntax.js";
import type { NodeListener } from "./rule.js";

export type DispatchTable = Map<ts.SyntaxKind, NodeListener[]>;

/**
 * Visits every node once, depth first in source order, calling the listeners registered for its kind. Iterative,
 * so 20,000 nested parentheses cannot overflow the stack.
 */
export function walk(sourceFile: ts.SourceFile, table: DispatchTable): void {
  if (table.size === 0) return;
  const stack: ts.Node[] = [sourceFile];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const listeners = table.get(node.kind);
    if (listeners) for (const listener of listeners) listener(node);
    pushChildrenInOrder(node, stack);
  }
}
