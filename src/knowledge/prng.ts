import { ts } from "#typescript";
import type { InitCall, InitRead } from "../analysis/init-phase.js";
import type { FileAnalysis } from "../analysis/file-analysis.js";
import { fateOf } from "../analysis/derivation.js";
import type { ModuleFacts } from "../analysis/modules.js";
import { readOption } from "../analysis/options.js";
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
  /** The option of the first argument that seeds it instead (`new Faker({ seed: 42 })`). */
  seedOption?: string;
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
  { label: "new Chance()", how: "call-or-new", keys: ["chance:", "chance:Chance"], seedArgument: 0, source: "chance 1.1.13 chance.js: the constructor builds a MersenneTwister, which seeds itself from Math.random() when no seed is given; no default instance in Node.js (window.chance and a worker's chance only)" },
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
  {
    label: "new Faker()",
    how: "new",
    keys: ["@faker-js/faker:Faker", "@faker-js/faker:SimpleFaker"],
    seedOption: "seed",
    source:
      "@faker-js/faker src/simple-faker.ts and src/faker.ts: the randomizer defaults to generateMersenne53Randomizer(), seeded from Math.random (src/internal/seed.ts), and options.seed seeds it instead; checked in 10.6.0 dist",
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
export function hasFixedSeed(node: ts.CallExpression | ts.NewExpression, library: PrngLibrary, facts: ModuleFacts): boolean {
  if (library.seedOption !== undefined) {
    const options = node.arguments?.[0];
    const reading = options ? readOption(options, library.seedOption, facts) : undefined;
    // Options this file cannot read may hold a seed: silent rather than wrong.
    if (reading?.kind === "unknown") return true;
    return reading?.kind === "set" && isFixedSeed(reading.value);
  }
  if (library.seedArgument === undefined) return false;
  const seed = node.arguments?.[library.seedArgument];
  const options = node.arguments?.[library.seedArgument + 1];
  if (options && /\bentropy\s*:\s*true/.test(options.getText())) return false;
  return isFixedSeed(seed);
}

/** A seed written in the code or read from configuration, not computed by a call; `null`/`undefined` is no seed. */
export function isFixedSeed(seed: ts.Expression | undefined): boolean {
  if (!seed) return false;
  const value = skipTransparent(seed);
  if (value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === "undefined")) return false;
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

/**
 * Generators a library creates and seeds while its module loads, exported ready to draw from (`faker`): importing
 * one at init creates it at init, with its state frozen into the snapshot like `new Chance()` at init.
 */
export interface ImportedGenerator {
  /** Module specifiers; a trailing `/*` stands for any subpath (`@faker-js/faker/locale/de`). */
  modules: readonly string[];
  /** Exports that are such an instance; `""` is the module value itself (`require("faker")`). */
  instances: RegExp;
  /** How the instance is named in messages when it is the module itself. */
  moduleName?: string;
  /** Member paths of the instance that draw, by their depth below it: `faker.string.uuid()` is 2. */
  drawDepth: number;
  /** Calls at that depth that draw nothing (`faker.helpers.slugify`). */
  notDraws?: readonly string[];
  /** The method that reseeds the instance; its first argument is the seed. */
  reseed: string;
  /** Called without a seed, the reseed draws one from Math.random, which a raw memory snapshot restores unchanged. */
  reseedWithoutSeedUsesMathRandom?: true;
  source: string;
}

export const IMPORTED_GENERATORS: readonly ImportedGenerator[] = [
  {
    modules: ["@faker-js/faker", "@faker-js/faker/locale/*"],
    // `faker`, the localized `fakerDE`, `fakerPT_BR`, …, and `simpleFaker`.
    instances: /^(faker([A-Z][A-Z0-9_]*)?|simpleFaker)$/,
    drawDepth: 2,
    notDraws: ["helpers.slugify", "helpers.mustache"],
    reseed: "seed",
    reseedWithoutSeedUsesMathRandom: true,
    source:
      "@faker-js/faker src/locale/en.ts (export const faker = new Faker({ locale: [en, base] }), evaluated on import), src/internal/mersenne.ts and src/internal/seed.ts (the default randomizer is a Mersenne Twister seeded with randomSeed(), Math.ceil(Math.random() * Number.MAX_SAFE_INTEGER)); checked in 10.6.0 dist/base-*.js; SimpleFaker.seed(seed = randomSeed())",
  },
  {
    modules: ["faker", "faker/locale/*"],
    instances: /^$/,
    moduleName: "faker",
    drawDepth: 2,
    reseed: "seed",
    source: "faker 5.5.3 index.js (module.exports = new Faker(…)) and lib/mersenne.js (one Mersenne Twister per process, seeded with new Date().getTime() on load)",
  },
];

function moduleMatches(pattern: string, module: string): boolean {
  return pattern.endsWith("/*") ? module.startsWith(pattern.slice(0, -1)) : module === pattern;
}

/** What a member path of an imported generator does: draws a value, or reseeds the generator. */
export interface ImportedGeneratorUse {
  generator: ImportedGenerator;
  /** Which instance: `@faker-js/faker:fakerDE` (each export and each module has its own state). */
  instance: string;
  kind: "draw" | "reseed";
  /** `faker.string.uuid`, `fakerDE.person.fullName`: for messages. */
  text: string;
  /** The instance as the code names it (`fakerDE`) and the module it comes from, for messages. */
  name: string;
  module: string;
}

/** The imported generator a called value belongs to (`faker.string.uuid`, `faker.seed`), if any. */
export function importedGeneratorUse(callee: SymbolicValue): ImportedGeneratorUse | undefined {
  if (callee.kind !== "module") return undefined;
  for (const generator of IMPORTED_GENERATORS) {
    if (!generator.modules.some((pattern) => moduleMatches(pattern, callee.module))) continue;
    const path = callee.path[0] === "default" ? callee.path.slice(1) : callee.path;
    // The instance is the module itself (`""`) or one of its exports.
    const instanceLength = generator.instances.test("") ? 0 : 1;
    if (instanceLength === 1 && (path.length === 0 || !generator.instances.test(path[0]!))) continue;
    const members = path.slice(instanceLength);
    const name = instanceLength === 0 ? (generator.moduleName ?? callee.module) : path[0]!;
    const text = [name, ...members].join(".");
    const instance = `${callee.module}:${instanceLength === 0 ? "" : path[0]}`;
    const use = { generator, instance, text, name, module: callee.module };
    if (members.length === 1 && members[0] === generator.reseed) return { ...use, kind: "reseed" };
    if (members.length === generator.drawDepth && !(generator.notDraws ?? []).includes(members.join("."))) return { ...use, kind: "draw" };
  }
  return undefined;
}

/** Whether a module is one an imported generator comes from, to skip files that cannot draw from one. */
export const IMPORTED_GENERATOR_MODULES: readonly string[] = IMPORTED_GENERATORS.flatMap((generator) => generator.modules.map((pattern) => pattern.replace(/\/\*$/, "")));

/**
 * Instances of imported generators given a fixed seed at init (`faker.seed(123)`): their sequence is meant to
 * repeat, in every process, snapshot or not.
 */
export function generatorsSeededAtInit(initCalls: readonly InitCall[]): Set<string> {
  const seeded = new Set<string>();
  for (const event of initCalls) {
    if (!ts.isCallExpression(event.node)) continue;
    const use = importedGeneratorUse(event.callee);
    if (use?.kind === "reseed" && isFixedSeed(event.node.arguments[0])) seeded.add(use.instance);
  }
  return seeded;
}
