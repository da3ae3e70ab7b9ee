import { ts } from "#typescript";
import type { InitCall, InitRead } from "../analysis/init-phase.js";
import type { FileAnalysis } from "../analysis/file-analysis.js";
import { fateOf } from "../analysis/derivation.js";
import { pushChildren, skipTransparent } from "../analysis/syntax.js";
import { valueKey, type SymbolicValue } from "../analysis/values.js";

/**
 * Pseudo-random generators whose state, once created, replays the same sequence in every clone (KNOWLEDGE §2).
 * Keys as in random-sources.ts.
 */
export interface PrngLibrary {
  label: string;
  how: "call" | "new" | "call-or-new";
  keys: readonly string[];
  /** Position of the seed argument; a generator given a fixed seed replays by design, in or out of a snapshot. */
  seedArgument?: number;
  source: string;
}

export const PRNG_LIBRARIES: readonly PrngLibrary[] = [
  {
    label: "seedrandom()",
    how: "call-or-new",
    keys: ["seedrandom:", "seedrandom:alea", "seedrandom:xor128", "seedrandom:xorwow", "seedrandom:xorshift7", "seedrandom:xor4096", "seedrandom:tychei"],
    seedArgument: 0,
    source: "seedrandom README (no seed: autoseeded from entropy)",
  },
  { label: "new Chance()", how: "call-or-new", keys: ["chance:", "chance:Chance"], seedArgument: 0, source: "chance.js (Mersenne Twister seeded at construction)" },
  { label: "a random-js engine (MersenneTwister19937.autoSeed())", how: "call", keys: ["random-js:MersenneTwister19937.autoSeed"], source: "random-js README" },
  {
    label: "a random-js engine (MersenneTwister19937)",
    how: "call",
    keys: ["random-js:MersenneTwister19937.seed", "random-js:MersenneTwister19937.seedWithArray"],
    seedArgument: 0,
    source: "random-js README",
  },
  {
    label: "a pure-rand generator",
    how: "call",
    keys: ["pure-rand:xoroshiro128plus", "pure-rand:xorshift128plus", "pure-rand:mersenne", "pure-rand:congruential32"],
    seedArgument: 0,
    source: "pure-rand README",
  },
  {
    label: "a hyperid() generator",
    how: "call-or-new",
    keys: ["hyperid:"],
    source: "hyperid hyperid.js (a base UUID drawn when the generator is created, then a counter per call)",
  },
  { label: "new MersenneTwister()", how: "new", keys: ["mersenne-twister:"], seedArgument: 0, source: "mersenne-twister README (no seed: seeded from the clock)" },
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

/**
 * A seed written in the code or read from configuration (`seedrandom("fixture")`, `new Chance(SEED)`): the
 * sequence is meant to repeat. A seed computed by a call (the clock, randomness) is not fixed.
 */
export function hasFixedSeed(node: ts.CallExpression | ts.NewExpression, library: PrngLibrary): boolean {
  if (library.seedArgument === undefined) return false;
  const seed = node.arguments?.[library.seedArgument];
  if (!seed) return false;
  const value = skipTransparent(seed);
  if (value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === "undefined")) return false;
  const options = node.arguments?.[library.seedArgument + 1];
  if (options && /\bentropy\s*:\s*true/.test(options.getText())) return false;
  return !containsCall(value);
}

function containsCall(root: ts.Node): boolean {
  const stack: ts.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isAwaitExpression(node)) return true;
    pushChildren(node, stack);
  }
  return false;
}

export interface SeededGenerator {
  /** What is created: `new Xorshift(...)`, `seedrandom(...)` or the module-level state variable. */
  node: ts.Node;
  label: string;
  /** A library generator, reported as a library creation rather than as a hand-written one. */
  library: boolean;
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
    if (matchPrngLibrary(holder, analysis.valueOf(callee))) return { node: holder, label: name, library: true };
    if (GENERATOR_NAME.test(name)) return { node: holder, label: `${name} seeded from the clock or randomness`, library: false };
    return undefined;
  }
  if (ts.isIdentifier(holder) && ts.isVariableDeclaration(holder.parent) && holder.parent.name === holder) {
    const declaration = holder.parent;
    const facts = event.file;
    const advancedFromItself = facts
      .assignmentsTo(declaration)
      .some((value) => referencesName(value, holder.text));
    if (advancedFromItself) return { node: declaration, label: `generator state '${holder.text}'`, library: false };
  }
  return undefined;
}

function referencesName(root: ts.Node, name: string): boolean {
  const stack: ts.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isIdentifier(node) && node.text === name) return true;
    pushChildren(node, stack);
  }
  return false;
}
