import { createDescriptorRule } from "../../src/engine/rule.js";
import { snapStartFactsOf } from "../../src/deployment/snapstart-facts.js";
import { CDK_TRIGGERS } from "../../src/knowledge/cdk-lambda.js";

/**
 * Flags SnapStart on a function whose descriptor publishes no version of it: snapshots are taken only when a version
 * is published, so nothing is ever snapshotted and every cold start runs init in full.
 */
export default createDescriptorRule({
  id: "deployment/snapstart-unpublished",
  description: "SnapStart is on but no version of the function is published, so no snapshot is ever taken.",
  defaultLevel: "error",
  triggers: CDK_TRIGGERS,
  triggersInOwnText: true,
  messages: {
    unpublished:
      "SnapStart is on for {{name}}, but no version of it is published, so no snapshot is ever taken and every cold start runs init in full: {{fix}}.",
  },
  check(context) {
    for (const fn of snapStartFactsOf(context.descriptor).functions) {
      if (fn.published) continue;
      context.report({ at: fn.unpublishedAt ?? fn.snapStartAt, messageId: "unpublished", data: { name: fn.name, fix: fn.publishFix } });
    }
  },
});
