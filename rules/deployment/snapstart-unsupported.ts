import { createDescriptorRule } from "../../src/engine/rule.js";
import { imageSnapStartOptIn } from "../../src/deployment/image-snapstart.js";
import { snapStartFactsOf } from "../../src/deployment/snapstart-facts.js";
import { CDK_TRIGGERS } from "../../src/knowledge/cdk-lambda.js";
import { SNAPSTART_IMAGE_OPT_IN, SNAPSTART_LIMITS, snapStartSupportOf } from "../../src/knowledge/snapstart.js";
import path from "node:path";

/**
 * Flags SnapStart where Lambda cannot apply it: a zip function on a managed runtime without SnapStart (Node.js
 * among them), an image that neither carries the opt-in label nor calls the restore API, and SnapStart together with
 * provisioned concurrency, EFS or ephemeral storage above the limit.
 */
export default createDescriptorRule({
  id: "deployment/snapstart-unsupported",
  description: "SnapStart is set where Lambda cannot apply it: an unsupported runtime, an image without the opt-in, or an incompatible feature.",
  defaultLevel: "error",
  triggers: CDK_TRIGGERS,
  triggersInOwnText: true,
  messages: {
    runtime: "SnapStart is not available for {{name}} on the {{runtime}} runtime as a zip function, so Lambda rejects it: {{route}}.",
    image:
      "The image of {{name}} ({{dockerfile}}) neither sets LABEL {{label}}=\"{{value}}\" nor calls the Runtime API restore endpoint, so publishing a version with SnapStart fails: add `LABEL {{label}}=\"{{value}}\"` to {{dockerfile}} (or implement the restore calls).",
    provisionedConcurrency:
      "SnapStart cannot be combined with provisioned concurrency on {{name}}: remove one of them (provisioned concurrency keeps environments initialised; SnapStart restores them from a snapshot).",
    efs: "SnapStart cannot be combined with an Amazon EFS file system on {{name}}: remove the file system or turn SnapStart off.",
    ephemeralStorage:
      "SnapStart supports at most {{limit}} MB of ephemeral storage, and {{name}} asks for {{size}} MB: lower it to {{limit}} MB or turn SnapStart off.",
  },
  check(context) {
    const facts = snapStartFactsOf(context.descriptor);
    for (const fn of facts.functions) {
      const name = fn.name;
      if (fn.packageType === "zip" && fn.runtime) {
        const support = snapStartSupportOf(fn.runtime);
        if (support && !support.supported && support.row.route) {
          context.report({ at: fn.runtimeAt ?? fn.snapStartAt, messageId: "runtime", data: { name, runtime: fn.runtime, route: support.row.route } });
        }
      }
      if (fn.packageType === "image" && fn.image && imageSnapStartOptIn(fn.image, facts.filesRead) === "missing") {
        const dockerfile = path.relative(path.dirname(context.filePath), fn.image.dockerfile).split(path.sep).join("/");
        const { key, value } = SNAPSTART_IMAGE_OPT_IN.label;
        context.report({ at: fn.snapStartAt, messageId: "image", data: { name, dockerfile, label: key, value } });
      }
      if (fn.provisionedConcurrencyAt) context.report({ at: fn.provisionedConcurrencyAt, messageId: "provisionedConcurrency", data: { name } });
      if (fn.efsAt) context.report({ at: fn.efsAt, messageId: "efs", data: { name } });
      const limit = SNAPSTART_LIMITS.maxEphemeralStorageMb;
      if (fn.ephemeralStorage && fn.ephemeralStorage.megabytes > limit) {
        context.report({ at: fn.ephemeralStorage.at, messageId: "ephemeralStorage", data: { name, limit, size: fn.ephemeralStorage.megabytes } });
      }
    }
  },
});
