import { ts } from "#typescript";
import type { FileAnalysis } from "../../src/analysis/file-analysis.js";
import { skipTransparent } from "../../src/analysis/syntax.js";
import { createRule } from "../../src/engine/rule.js";
import {
  generatorSeededBy,
  generatorsSeededAtInit,
  hasFixedSeed,
  IMPORTED_GENERATOR_MODULES,
  importedGeneratorUse,
  matchPrngLibrary,
  type ImportedGeneratorUse,
} from "../../src/knowledge/prng.js";
import { randomSourceOf } from "../../src/knowledge/random-sources.js";
import { UNIQUENESS_TRIGGERS } from "../../src/knowledge/triggers.js";

/** A file that names a module an imported generator comes from, in a string (an import or a require). */
const MENTIONS_IMPORTED_GENERATOR = new RegExp(`["'\`](?:${IMPORTED_GENERATOR_MODULES.map((m) => m.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&")).join("|")})["'\`/]`);

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
    imported:
      "{{call}} draws from '{{instance}}', a generator that {{module}} creates and seeds when it is imported, here at init ({{where}}): its state is frozen into the snapshot, so every clone draws the same sequence. Reseed it after restore from fresh bytes ({{instance}}.{{reseed}}(randomBytes(6).readUIntBE(0, 6)) at the start of the handler), or import it inside the handler.",
  },
  create(context) {
    const { analysis } = context;
    // Calls on a member of a member (`faker.string.uuid()`, `faker.seed()` is one level up): only in files that
    // import a library whose generator is created on import.
    const memberCalls: ts.CallExpression[] = [];
    const watchMemberCalls = MENTIONS_IMPORTED_GENERATOR.test(analysis.sourceFile.text);
    return {
      kinds: watchMemberCalls
        ? {
            [ts.SyntaxKind.CallExpression](node) {
              if (ts.isPropertyAccessExpression(skipTransparent((node as ts.CallExpression).expression))) memberCalls.push(node as ts.CallExpression);
            },
          }
        : {},
      onFileEnd() {
        const reported = new Set<number>();
        const report = (site: { pos: number }, messageId: "library" | "seeded", data: Record<string, string>, node: Parameters<typeof context.report>[0]["node"]) => {
          if (reported.has(site.pos)) return;
          reported.add(site.pos);
          context.report({ node, messageId, data });
        };
        for (const event of analysis.initCalls) {
          const library = matchPrngLibrary(event.node, event.callee);
          if (library && !hasFixedSeed(event.node, library, event.file)) report(event.site, "library", { prng: library.label, via: analysis.describeVia(event) }, event.site);
        }
        for (const event of [...analysis.initCalls, ...analysis.initReads]) {
          const source = randomSourceOf(event);
          if (source?.kind !== "random" && source?.kind !== "clock") continue;
          const generator = generatorSeededBy(event, analysis);
          if (!generator || generator.library) continue;
          const site = event.via ? event.site : generator.node;
          report(site, "seeded", { prng: generator.label, via: analysis.describeVia(event) }, site);
        }
        if (memberCalls.length > 0) reportImportedGeneratorDraws(memberCalls);
      },
    };

    /**
     * Draws after restore from a generator imported at init, once per generator at the first draw, unless the code
     * fixes its seed at init (replayable by intent) or reseeds it after restore.
     */
    function reportImportedGeneratorDraws(calls: readonly ts.CallExpression[]): void {
      const fixedAtInit = generatorsSeededAtInit(analysis.initCalls);
      const reseededAfterRestore = new Set<string>();
      const draws: { call: ts.CallExpression; use: ImportedGeneratorUse; createdAt: ts.Node }[] = [];
      for (const call of calls) {
        const phase = analysis.phaseOf(call);
        if (phase === "init") continue;
        const use = importedGeneratorUse(analysis.calleeOf(call));
        if (!use) continue;
        if (use.kind === "reseed") {
          // Without a seed, faker draws one from Math.random, which a raw memory snapshot restores unchanged.
          const freshSeed = call.arguments.length > 0 || !(use.generator.reseedWithoutSeedUsesMathRandom && context.target === "lambda");
          if (freshSeed) reseededAfterRestore.add(use.instance);
          continue;
        }
        const createdAt = importedAtInit(call, analysis);
        if (createdAt) draws.push({ call, use, createdAt });
      }
      const reportedInstances = new Set<string>();
      for (const { call, use, createdAt } of draws) {
        if (fixedAtInit.has(use.instance) || reseededAfterRestore.has(use.instance) || reportedInstances.has(use.instance)) continue;
        reportedInstances.add(use.instance);
        context.report({
          node: call,
          messageId: "imported",
          data: { call: `${use.text}()`, instance: use.name, module: use.module, where: analysis.locationOf(createdAt), reseed: use.generator.reseed },
        });
      }
    }
  },
});

/**
 * Where the generator a draw uses was imported, when that ran at init: the import declaration, or a top-level
 * `require()`. A binding made inside the handler (`const { faker } = await import(…)`) created it after restore.
 */
function importedAtInit(call: ts.CallExpression, analysis: FileAnalysis): ts.Node | undefined {
  let root: ts.Expression = skipTransparent(call.expression);
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = skipTransparent(root.expression);
  if (!ts.isIdentifier(root)) return undefined;
  const declaration = analysis.facts.scopes.lookup(root);
  if (declaration?.kind === "import") return declaration.node;
  if (declaration?.kind === "variable") return analysis.phaseOf(declaration.node) === "init" ? declaration.node : undefined;
  return undefined;
}
