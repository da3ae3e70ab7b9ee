import { hasExpiryCheck } from "../../src/analysis/expiry.js";
import { moduleCacheSlots } from "../../src/analysis/module-cache.js";
import { functionName } from "../../src/analysis/syntax.js";
import { createRule } from "../../src/engine/rule.js";
import { credentialValueOf } from "../../src/knowledge/credential-apis.js";
import { CREDENTIAL_TRIGGERS } from "../../src/knowledge/triggers.js";

/**
 * Flags module-level state that caches a token, secret or credentials filled by a function and reused with no
 * expiry check: module state outlives the invocation, so the cached value is reused after it expired, in a clone
 * restored from a snapshot or in a warm container that lives longer than the token.
 */
export default createRule({
  id: "credentials/token-cache-without-expiry",
  description: "A token or credential cached in module state and reused without an expiry check is stale after restore or in a long-lived container.",
  defaultLevel: "warn",
  triggers: CREDENTIAL_TRIGGERS,
  alsoWithoutSnapshot: true,
  messages: {
    noExpiry:
      "'{{name}}' caches {{what}} that {{reader}} reuses with no expiry check: module state outlives the invocation and the snapshot, so a restored clone or a long-lived warm container keeps using it after it expired. Store its expiry and refetch once Date.now() passes it, or use a cache with a ttl/maxAge.",
  },
  create(context) {
    const { analysis } = context;
    return {
      onFileEnd() {
        const reported = new Set<number>();
        for (const slot of moduleCacheSlots(analysis.facts)) {
          if (slot.cleared || slot.lazyReaders.length === 0 || reported.has(slot.declaration.pos)) continue;
          // Refilled in a restore hook: fresh in every clone, which is the fix for a snapshot.
          if (slot.fills.some((fill) => analysis.phaseOf(fill.value) === "restore-hook")) continue;
          let what: string | undefined;
          for (const fill of slot.fills) {
            what = credentialValueOf(fill.value, analysis.facts);
            if (what) break;
          }
          if (!what) continue;
          const unchecked = slot.lazyReaders.find((fn) => !hasExpiryCheck(fn, analysis.facts));
          if (!unchecked) continue;
          reported.add(slot.declaration.pos);
          context.report({ node: slot.declaration.name, messageId: "noExpiry", data: { name: slot.name, what, reader: `${functionName(unchecked)}()` } });
        }
      },
    };
  },
});
