import { ts } from "ts-morph";
import type { InitCall, InitRead } from "../analysis/init-phase.js";
import type { FileAnalysis } from "../analysis/file-analysis.js";
import { fateOf } from "../analysis/derivation.js";
import { skipTransparent } from "../analysis/syntax.js";
import { valueKey, type SymbolicValue } from "../analysis/values.js";

/**
 * Pseudo-random generators whose state, once created, replays the same sequence in every clone (KNOWLEDGE §2).
 * Keys as in random-sources.ts.
 */
export interface PrngLibrary {
  label: string;
  how: "call" | "new" | "call-or-new";
  keys: readonly string[];
  source: string;
}

export const PRNG_LIBRARIES: readonly PrngLibrary[] = [
  { label: "seedrandom()", how: "call-or-new", keys: ["seedrandom:", "seedrandom:alea", "seedrandom:xor128", "seedrandom:xorwow", "seedrandom:xorshift7", "seedrandom:xor4096", "seedrandom:tychei"], source: "seedrandom README" },
  { label: "new Chance()", how: "call-or-new", keys: ["chance:", "chance:Chance"], source: "chance.js (Mersenne Twister seeded at construction)" },
  { label: "a random-js engine", how: "call", keys: ["random-js:MersenneTwister19937.autoSeed", "random-js:MersenneTwister19937.seed", "random-js:MersenneTwister19937.seedWithArray"], source: "random-js README" },
  { label: "new Random() (random-js)", how: "new", keys: ["random-js:Random"], source: "random-js README" },
  { label: "a pure-rand generator", how: "call", keys: ["pure-rand:xoroshiro128plus", "pure-rand:xorshift128plus", "pure-rand:mersenne", "pure-rand:congruential32"], source: "pure-rand README" },
  { label: "new MersenneTwister()", how: "new", keys: ["mersenne-twister:"], source: "mersenne-twister README" },
];

const LIBRARY_BY_KEY = new Map<string, PrngLibrary>();
for (const library of PRNG_LIBRARIES) for (const key of library.keys) LIBRARY_BY_KEY.set(key, library);

/** Names of hand-written generators: a clock- or random-seeded call to one of these builds a PRNG. */
const GENERATOR_NAME = /(rng|prng|random|xorshift|xoshiro|lcg|mulberry|sfc32|splitmix|jsf|generator|seeded)/i;

/** The PRNG library a call or `new` creates. */
export function matchPrngLibrary(node: ts.CallExpression | ts.NewExpression, callee: SymbolicValue): PrngLibrary | undefined {
  const key = valueKey(callee);
  const library = key === undefined ? undefined : LIBRARY_BY_KEY.get(key);
  if (!library) return undefined;
  if (library.how === "call" && !ts.isCallExpression(node)) return undefined;
  if (library.how === "new" && !ts.isNewExpression(node)) return undefined;
  return library;
}

export interface SeededGenerator {
  /** What is created: `new Xorshift(...)` or the module-level state variable. */
  node: ts.Node;
  label: string;
}

/**
 * A hand-written generator seeded from a clock or random value at init: the seed is passed to something named
 * like a generator (`new Xorshift(Date.now())`), or kept in a module variable that a function advances from
 * itself (`seed = (seed * 1103515245 + 12345) % 2 ** 31`).
 */
export function generatorSeededBy(event: InitCall | InitRead, analysis: FileAnalysis): SeededGenerator | undefined {
  const fate = fateOf(event.node);
  if (fate.kind !== "kept" || !fate.holder) return undefined;
  const holder = fate.holder;
  if (ts.isCallExpression(holder) || ts.isNewExpression(holder)) {
    const callee = skipTransparent(holder.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : "";
    if (GENERATOR_NAME.test(name) && !matchPrngLibrary(holder, analysis.valueOf(callee))) return { node: holder, label: `${name} seeded from the clock or randomness` };
    return undefined;
  }
  if (ts.isIdentifier(holder) && ts.isVariableDeclaration(holder.parent) && holder.parent.name === holder) {
    const declaration = holder.parent;
    const facts = event.file;
    const advancedFromItself = facts
      .assignmentsTo(declaration)
      .some((value) => referencesName(value, holder.text));
    if (advancedFromItself) return { node: declaration, label: `generator state '${holder.text}'` };
  }
  return undefined;
}

function referencesName(root: ts.Node, name: string): boolean {
  const stack: ts.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isIdentifier(node) && node.text === name) return true;
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return false;
}
