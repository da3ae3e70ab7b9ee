import { createRule } from "../../src/engine/rule.js";
import { generatorSeededBy, hasFixedSeed, matchPrngLibrary } from "../../src/knowledge/prng.js";
import { randomSourceOf } from "../../src/knowledge/random-sources.js";
import { UNIQUENESS_TRIGGERS } from "../../src/knowledge/triggers.js";

/** Flags a pseudo-random generator created or seeded at init: every clone replays the same sequence. */
export default createRule({
  id: "uniqueness/init-prng",
  description: "A pseudo-random generator created or seeded at init replays the same sequence in every clone.",
  defaultLevel: "error",
  triggers: UNIQUENESS_TRIGGERS,
  messages: {
    library:
      "{{prng}} is created at init{{via}}: its internal state is frozen into the snapshot, so every clone draws the same sequence, even inside the handler. Create it inside the handler, or reseed it in a restore hook.",
    seeded:
      "{{prng}} at init{{via}}: the generator's state is frozen into the snapshot, so every clone replays the same numbers. Seed it inside the handler, or reseed it in a restore hook.",
  },
  create(context) {
    const { analysis } = context;
    return {
      onFileEnd() {
        const reported = new Set<number>();
        const report = (site: { pos: number }, messageId: "library" | "seeded", data: Record<string, string>, node: Parameters<typeof context.report>[0]["node"]) => {
          if (reported.has(site.pos)) return;
          reported.add(site.pos);
          context.report({ node, messageId, data });
        };
        for (const event of analysis.initCalls) {
          const library = matchPrngLibrary(event.node, event.callee);
          if (library && !hasFixedSeed(event.node, library)) report(event.site, "library", { prng: library.label, via: analysis.describeVia(event) }, event.site);
        }
        for (const event of [...analysis.initCalls, ...analysis.initReads]) {
          const source = randomSourceOf(event);
          if (source?.kind !== "random" && source?.kind !== "clock") continue;
          const generator = generatorSeededBy(event, analysis);
          if (!generator || generator.library) continue;
          const site = event.via ? event.site : generator.node;
          report(site, "seeded", { prng: generator.label, via: analysis.describeVia(event) }, site);
        }
      },
    };
  },
});
