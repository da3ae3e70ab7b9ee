import { createRule } from "../../src/engine/rule.js";
import { keptPastInit } from "../../src/analysis/retention.js";
import { generatorSeededBy, generatorsSeededAtInit } from "../../src/knowledge/prng.js";
import { filledState, IDENTITY_NAME, randomSourceOf } from "../../src/knowledge/random-sources.js";
import { UNIQUENESS_TRIGGERS } from "../../src/knowledge/triggers.js";

/** Flags a random, unique, time or identity value computed at init and kept: every clone gets the same one. */
export default createRule({
  id: "uniqueness/init-random",
  description: "A random, unique or time-derived value computed at init is frozen into the snapshot and repeats in every clone.",
  defaultLevel: "error",
  triggers: UNIQUENESS_TRIGGERS,
  messages: {
    random:
      "{{source}} runs at init{{via}}: the value is frozen into the snapshot, so every restored clone shares it. Generate it inside the handler (or in a restore hook).",
    clock:
      "{{source}} runs at init{{via}}: the time is frozen into the snapshot, so every clone reports the snapshot's time, hours or days old. Read the clock inside the handler.",
    identity:
      "{{source}} is kept in {{name}} at init{{via}}: every clone restored from the snapshot has the same {{source}}, so {{name}} is the same in all of them. Compute it inside the handler (or in a restore hook).",
  },
  create(context) {
    const { analysis } = context;
    return {
      onFileEnd() {
        const reported = new Set<string>();
        let fixedSeeds: Set<string> | undefined;
        for (const event of [...analysis.initCalls, ...analysis.initReads]) {
          const source = randomSourceOf(event);
          if (!source) continue;
          // `faker.seed(123)` at init: the draws are meant to be the same in every process.
          if (source.importedInstance && (fixedSeeds ??= generatorsSeededAtInit(analysis.initCalls)).has(source.importedInstance)) continue;
          const fate = analysis.fateOf(event.node);
          // `randomFillSync(noncePrefix)`: the result is thrown away, but the module or instance buffer it filled is kept.
          const filled = fate.kind === "discarded" ? filledState(event.node, source, event.file) : undefined;
          if (fate.kind === "discarded" && filled === undefined) continue;
          // In a helper: held in a local that dies with it, or only compared, freezes nothing.
          if (event.via && filled === undefined && !keptPastInit(event, analysis.facts)) continue;
          // A helper's return value is named where the helper is called.
          const siteFate = event.via ? analysis.fateOf(event.site) : undefined;
          const keptAs = filled ?? (fate.kind === "kept" ? fate.name : undefined) ?? (siteFate?.kind === "kept" ? siteFate.name : undefined);
          if (source.kind === "identity" && !(keptAs !== undefined && IDENTITY_NAME.test(keptAs))) continue;
          // A seed handed to a generator is reported once, as the generator (uniqueness/init-prng).
          if (generatorSeededBy(event, analysis)) continue;
          const key = `${event.site.pos}:${source.label}`;
          if (reported.has(key)) continue;
          reported.add(key);
          context.report({
            node: event.site,
            messageId: source.kind,
            data: { source: source.label, via: analysis.describeVia(event), name: keptAs ?? "a value" },
          });
        }
      },
    };
  },
});

