import { createRule } from "../../src/engine/rule.js";
import { keptPastInit } from "../../src/analysis/retention.js";
import { matchCredentialFetch } from "../../src/knowledge/credential-apis.js";
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
  },
  create(context) {
    const { analysis } = context;
    return {
      onFileEnd() {
        const reported = new Set<number>();
        for (const event of analysis.initCalls) {
          const api = matchCredentialFetch(event);
          if (!api || reported.has(event.site.pos) || !keptPastInit(event, analysis.facts)) continue;
          reported.add(event.site.pos);
          context.report({ node: event.site, messageId: api.signedLocally ? "signed" : "fetched", data: { api: api.label, stale: api.stale, via: analysis.describeVia(event) } });
        }
      },
    };
  },
});
