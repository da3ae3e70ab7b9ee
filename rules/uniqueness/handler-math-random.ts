import { ts } from "#typescript";
import { calleeText } from "../../src/analysis/syntax.js";
import { createRule } from "../../src/engine/rule.js";
import { randomSourceOfCall } from "../../src/knowledge/random-sources.js";
import { UNIQUENESS_TRIGGERS } from "../../src/knowledge/triggers.js";

/**
 * Under a raw memory snapshot (Lambda SnapStart, Firecracker) V8's Math.random state is restored as it was, so
 * every clone draws the same sequence even inside the handler. Node startup snapshots reseed it: silent there.
 */
export default createRule({
  id: "uniqueness/handler-math-random",
  description: "Math.random() and helpers built on it repeat across clones of a raw memory snapshot, even in the handler.",
  defaultLevel: "warn",
  triggers: UNIQUENESS_TRIGGERS,
  triggersInOwnText: true,
  messages: {
    repeats:
      "{{source}} draws from Math.random, whose state a raw memory snapshot (Lambda SnapStart, Firecracker) restores unchanged: every clone draws the same sequence. Use crypto.randomUUID({ disableEntropyCache: true }) or crypto.randomInt() after restore.",
    several:
      "{{calls}} in this statement draw from Math.random, whose state a raw memory snapshot (Lambda SnapStart, Firecracker) restores unchanged: every clone draws the same sequence. Use crypto.randomInt() or crypto.getRandomValues() after restore.",
    mathRandom:
      "Math.random() keeps its generator state in the heap, which a raw memory snapshot (Lambda SnapStart, Firecracker) restores unchanged: every clone draws the same sequence. Use crypto.randomInt() or crypto.getRandomValues() after restore.",
  },
  create(context) {
    if (context.target !== "lambda") return {};
    const { analysis } = context;
    // Node's own deserialize hooks run after V8 reseeded Math.random; any other restore hook does not.
    const runsAfterRawRestore = (call: ts.Node) => {
      const phase = analysis.phaseOf(call);
      return phase === "runtime" || (phase === "restore-hook" && !analysis.restoreHookAround(call)?.startsWith("v8:"));
    };
    // One finding per statement: draws in one expression are one thing to fix, reported at the first, naming each.
    const groups = new Map<number, { calls: ts.CallExpression[]; label: string }>();
    return {
      kinds: {
        [ts.SyntaxKind.CallExpression](node) {
          const call = node as ts.CallExpression;
          const source = randomSourceOfCall(call, analysis);
          if (!source?.mathRandomBased || !runsAfterRawRestore(call)) return;
          const key = enclosingStatement(call).pos;
          const group = groups.get(key);
          if (group) group.calls.push(call);
          else groups.set(key, { calls: [call], label: source.label });
        },
      },
      onFileEnd() {
        for (const { calls, label } of groups.values()) {
          const first = calls[0]!;
          if (calls.length > 1) context.report({ node: first, messageId: "several", data: { calls: describeCalls(calls) } });
          else if (label === "Math.random()") context.report({ node: first, messageId: "mathRandom" });
          else context.report({ node: first, messageId: "repeats", data: { source: label } });
        }
      },
    };
  },
});

/** `Math.random() twice`, `_.sample(), _.shuffle() and _.random()`. */
function describeCalls(calls: readonly ts.CallExpression[]): string {
  const counts = new Map<string, number>();
  for (const call of calls) counts.set(calleeText(call), (counts.get(calleeText(call)) ?? 0) + 1);
  const parts = [...counts].map(([text, count]) => (count === 1 ? text : count === 2 ? `${text} twice` : `${text} ${count} times`));
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

/** The statement a call is part of: the nearest ancestor directly inside a block, a case or the file. */
function enclosingStatement(node: ts.Node): ts.Node {
  let current = node;
  while (current.parent && !ts.isBlock(current.parent) && !ts.isSourceFile(current.parent) && !ts.isCaseClause(current.parent) && !ts.isDefaultClause(current.parent) && !ts.isModuleBlock(current.parent)) {
    current = current.parent;
  }
  return current;
}
