import { createRule } from "../../src/engine/rule.js";
import { keptPastInit } from "../../src/analysis/retention.js";
import type { FileAnalysis } from "../../src/analysis/file-analysis.js";
import type { InitCall } from "../../src/analysis/init-phase.js";
import { factsResolver } from "../../src/knowledge/client-semantics.js";
import { fetchingClient, matchCredentialFetch } from "../../src/knowledge/credential-apis.js";
import { CREDENTIAL_TRIGGERS } from "../../src/knowledge/triggers.js";

/**
 * Flags a secret, token, presigned URL or set of temporary credentials fetched at init and kept (a promise for one
 * included): the snapshot keeps it, and a clone resumed hours or days later uses it after it expired or rotated.
 */
export default createRule({
  id: "credentials/init-secret-fetch",
  description: "A secret, token or temporary credential fetched at init is expired or revoked when a clone resumes from the snapshot.",
  defaultLevel: "error",
  triggers: CREDENTIAL_TRIGGERS,
  alsoWithoutSnapshot: true,
  messages: {
    fetched:
      "{{api}} runs at init{{via}} and its result is kept: {{stale}} is frozen into the snapshot and may be expired or rotated when a clone resumes hours or days later. Fetch it inside the handler, or cache it with an expiry check.",
    signed:
      "{{api}} runs at init{{via}} and its result is kept: {{stale}} is signed once into the snapshot and expires while clones keep resuming from it hours or days later. Sign it inside the handler, per invocation, or sign a new one when it nears expiry.",
    keptByClient:
      "{{api}} runs at init{{via}}: the client keeps {{stale}} and sends it with every later request, so it is frozen into the snapshot and may be expired when a clone resumes hours or days later. Log in inside the handler (or again when the token nears expiry), or in a restore hook.",
  },
  create(context) {
    const { analysis } = context;
    return {
      onFileEnd() {
        const reported = new Set<number>();
        for (const event of analysis.initCalls) {
          const api = matchCredentialFetch(event);
          if (!api || reported.has(event.site.pos)) continue;
          const resultKept = keptPastInit(event, analysis.facts);
          // A login whose result is thrown away still leaves its token on the client.
          const heldByClient = !resultKept && api.keptByClient === true && clientKeptPastInit(event, analysis);
          if (!resultKept && !heldByClient) continue;
          reported.add(event.site.pos);
          const messageId = heldByClient ? "keptByClient" : api.signedLocally ? "signed" : "fetched";
          context.report({ node: event.site, messageId, data: { api: api.label, stale: api.stale, via: analysis.describeVia(event) } });
        }
      },
    };
  },
});

/** Whether the client a fetch went through outlives init (a module-level client, or one a helper returns and init keeps). */
function clientKeptPastInit(event: InitCall, analysis: FileAnalysis): boolean {
  const client = fetchingClient(event);
  const file = client && factsResolver(analysis).factsOf(client);
  return !!client && !!file && keptPastInit({ node: client, file, site: event.site, ...(event.via ? { via: event.via } : {}) }, analysis.facts);
}
