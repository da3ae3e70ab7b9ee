import { createDescriptorRule } from "../../src/engine/rule.js";
import { unusedSnapshotBuilds } from "../../src/deployment/startup-snapshot-facts.js";

/**
 * Flags a Dockerfile that builds a Node.js startup snapshot (`node --build-snapshot`) while the image starts `node`
 * without `--snapshot-blob`: the snapshot is never loaded, and init runs in full on every start.
 */
export default createDescriptorRule({
  id: "deployment/snapshot-blob-unused",
  description: "A Dockerfile builds a Node.js startup snapshot that the image's node process never loads.",
  defaultLevel: "warn",
  // It reads Dockerfiles only: no JS/TS file is ever handed to it.
  triggers: {},
  triggersInOwnText: true,
  messages: {
    unused:
      "This builds a startup snapshot ({{blob}}), but the image starts `{{process}}` without --snapshot-blob, so the snapshot is never loaded and init runs in full: start it with `node --snapshot-blob {{blob}}` (the snapshot's main function runs the app).",
  },
  check(context) {
    const { descriptor } = context;
    if (descriptor.kind !== "dockerfile") return;
    for (const build of unusedSnapshotBuilds(descriptor.filePath, descriptor.text)) {
      context.report({ at: build.at, messageId: "unused", data: { blob: build.blob, process: build.process } });
    }
  },
});
