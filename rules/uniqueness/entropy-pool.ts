import { ts } from "#typescript";
import type { InitCall } from "../../src/analysis/init-phase.js";
import { replaceNode } from "../../src/engine/fixes.js";
import { createRule } from "../../src/engine/rule.js";
import type { TextEdit } from "../../src/results.js";
import { poolOf, randomSourceOf, randomSourceOfCall, type PoolId, type RandomSource } from "../../src/knowledge/random-sources.js";
import { UNIQUENESS_TRIGGERS } from "../../src/knowledge/triggers.js";

/**
 * Flags calls made after restore to a pooled random source whose pool something at init already filled:
 * the cached bytes are in the snapshot, so those calls return the same values in every clone.
 */
export default createRule({
  id: "uniqueness/entropy-pool",
  description: "A pooled random source warmed at init returns the same values after restore, even inside the handler.",
  defaultLevel: "error",
  triggers: UNIQUENESS_TRIGGERS,
  triggersInOwnText: true,
  fixable: true,
  messages: {
    poisoned:
      "{{source}} draws from a cache of random bytes that {{warmer}} filled at init ({{where}}): the cache is in the snapshot, so this call returns the same value in every clone. To fix, {{bypass}}, or move the init call into the handler.",
  },
  create(context) {
    const { analysis } = context;
    const candidates: { node: ts.CallExpression | ts.NewExpression; pool: PoolId; source: RandomSource }[] = [];
    const collect = (node: ts.Node) => {
      const call = node as ts.CallExpression | ts.NewExpression;
      const source = randomSourceOfCall(call, analysis);
      const pool = poolOf(call, source);
      if (pool && source) candidates.push({ node: call, pool, source });
    };
    return {
      kinds: { [ts.SyntaxKind.CallExpression]: collect, [ts.SyntaxKind.NewExpression]: collect },
      onFileEnd() {
        if (candidates.length === 0) return;
        const warmers = new Map<PoolId, InitCall>();
        for (const event of analysis.initCalls) {
          const pool = poolOf(event.node, randomSourceOf(event));
          if (pool && !warmers.has(pool)) warmers.set(pool, event);
        }
        for (const candidate of candidates) {
          const warmer = warmers.get(candidate.pool);
          // A restore hook draws from the same frozen cache as a handler.
          if (!warmer || analysis.phaseOf(candidate.node) === "init") continue;
          // The library reseeds itself when a Node startup snapshot is deserialized.
          if (context.target === "node-snapshot" && candidate.source.resetOnNodeSnapshot) continue;
          context.report({
            node: candidate.node,
            messageId: "poisoned",
            data: {
              source: candidate.source.label,
              bypass: candidate.source.bypass ?? "draw the value with crypto.randomBytes() after restore",
              warmer: randomSourceOf(warmer)?.label ?? "a call",
              where: analysis.locationOf(warmer.node, warmer.file),
            },
            fix: ts.isCallExpression(candidate.node) ? bypassFix(candidate.node, candidate.source) : undefined,
          });
        }
      },
    };
  },
});

/**
 * `randomUUID()` → `randomUUID({ disableEntropyCache: true })`, for node:crypto's randomUUID only: the Web Crypto
 * global ignores options, and options move uuid and nanoid to another pool rather than bypassing it.
 */
function bypassFix(call: ts.CallExpression, source: RandomSource): TextEdit | undefined {
  if (!source.keys.includes("crypto:randomUUID") || call.arguments.length > 0 || call.typeArguments) return undefined;
  const callee = call.expression.getText();
  // `randomUUID?.()` or a comment between the parentheses: not the plain shape this edit rewrites.
  if (call.getText() !== `${callee}()`) return undefined;
  return replaceNode(call, `${callee}({ disableEntropyCache: true })`);
}
