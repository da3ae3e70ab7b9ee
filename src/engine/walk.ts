import { ts } from "#typescript";
import type { NodeListener } from "./rule.js";

export type DispatchTable = Map<ts.SyntaxKind, NodeListener[]>;

/**
 * Visits every node once, depth first in source order, calling the listeners registered for its kind. Iterative,
 * so 20,000 nested parentheses cannot overflow the stack.
 */
export function walk(sourceFile: ts.SourceFile, table: DispatchTable): void {
  if (table.size === 0) return;
  const stack: ts.Node[] = [sourceFile];
  const children: ts.Node[] = [];
  const collect = (child: ts.Node) => {
    children.push(child);
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    const listeners = table.get(node.kind);
    if (listeners) for (const listener of listeners) listener(node);
    ts.forEachChild(node, collect);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    children.length = 0;
  }
}
