import { createDescriptorRule } from "../../src/engine/rule.js";
import { snapStartFactsOf } from "../../src/deployment/snapstart-facts.js";
import { CDK_TRIGGERS } from "../../src/knowledge/cdk-lambda.js";

/**
 * Flags a caller wired to a SnapStart function itself (its unqualified ARN or name) rather than to a version or an
 * alias: such a caller invokes `$LATEST`, which SnapStart never applies to.
 */
export default createDescriptorRule({
  id: "deployment/snapstart-unqualified-caller",
  description: "A caller invokes the SnapStart function unqualified ($LATEST), where SnapStart never applies.",
  defaultLevel: "error",
  triggers: CDK_TRIGGERS,
  triggersInOwnText: true,
  messages: {
    unqualified:
      "{{caller}} invokes {{name}} unqualified, that is $LATEST, where SnapStart never applies: {{fix}}.",
  },
  check(context) {
    for (const fn of snapStartFactsOf(context.descriptor).functions) {
      for (const caller of fn.unqualifiedCallers) {
        context.report({ at: caller.at, messageId: "unqualified", data: { name: fn.name, caller: caller.caller, fix: caller.fix } });
      }
    }
  },
});
