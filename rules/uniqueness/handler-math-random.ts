import { ts } from "#typescript";
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
    return {
      kinds: {
        [ts.SyntaxKind.CallExpression](node) {
          const call = node as ts.CallExpression;
          const source = randomSourceOfCall(call, analysis);
          if (!source?.mathRandomBased || !runsAfterRawRestore(call)) return;
          if (source.label === "Math.random()") context.report({ node: call, messageId: "mathRandom" });
          else context.report({ node: call, messageId: "repeats", data: { source: source.label } });
        },
      },
    };
  },
});
