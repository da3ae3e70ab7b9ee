import rule from "../../rules/uniqueness/init-prng.js";
import { testRule } from "../rule-tester.js";

testRule(rule, {
  valid: [
    // Created inside the handler: each clone builds its own generator after restore.
    `import seedrandom from "seedrandom";\nexport const handler = async () => {\n  const rng = seedrandom();\n  return { roll: Math.ceil(rng() * 6) };\n};`,
    `const Chance = require("chance");\nexports.handler = async () => new Chance().guid();`,
    // Created lazily, on first use after restore.
    `import seedrandom from "seedrandom";\nlet rng: (() => number) | undefined;\nexport function roll() {\n  rng ??= seedrandom();\n  return rng();\n}`,
    // Hand-rolled generator seeded from the clock inside the handler.
    `class XorShift32 { constructor(private state: number) {} }\nexport const handler = async () => new XorShift32(Date.now());`,
    // Reseeded in a restore hook.
    `import v8 from "node:v8";\nimport seedrandom from "seedrandom";\nlet rng: () => number = () => 0;\nv8.startupSnapshot.addDeserializeCallback(() => {\n  rng = seedrandom();\n});\nexport const roll = () => rng();`,
    {
      // A fixed seed is deterministic by design: the sequence is the same in every process with or without a
      // snapshot (replayable test data, procedural generation), so restoring adds no hazard.
      name: "fixed seeds replay by design",
      code: [
        `import Chance from "chance";`,
        `import seedrandom from "seedrandom";`,
        `import { MersenneTwister19937 } from "random-js";`,
        `import prand from "pure-rand";`,
        `const FIXED_SEED = 20240611;`,
        `export const chance = new Chance(FIXED_SEED);`,
        `export const rng = seedrandom("load-test-2024");`,
        `export const engine = MersenneTwister19937.seed(1234);`,
        `export const gen = prand.xoroshiro128plus(42);`,
      ].join("\n"),
    },
    // A hand-rolled generator with a literal seed.
    `class XorShift32 { constructor(private state: number) {} }\nexport const rng = new XorShift32(0x9e3779b9);`,
    {
      // SecureRandom-like: every draw reads the OS generator, nothing is frozen by constructing it.
      name: "crypto-backed generators",
      code: [
        `import { randomInt } from "node:crypto";`,
        `import { Random, nodeCrypto } from "random-js";`,
        `class SecureRandom {`,
        `  nextInt(max: number) { return randomInt(max); }`,
        `}`,
        `export const secureRandom = new SecureRandom();`,
        `export const random = new Random(nodeCrypto);`,
      ].join("\n"),
    },
    // A clock value kept at init but never advanced as generator state: init-random's concern, not this rule's.
    `let startedAt = Date.now();\nexport function uptime() { return Date.now() - startedAt; }`,
    `class Scheduler { constructor(readonly start: number) {} }\nexport const scheduler = new Scheduler(Date.now());`,
    // A generator function defined but never called at init.
    `function lcg(seed: number) { let s = seed; return () => (s = (s * 1664525 + 1013904223) >>> 0); }\nexport const handler = async () => lcg(Date.now())();`,
    {
      name: "faker: a fixed seed at init replays by design, and draws at init only are init-random's",
      code: [
        `import { faker } from "@faker-js/faker";`,
        `faker.seed(1234);`,
        `export const handler = async () => ({ name: faker.person.fullName() });`,
      ].join("\n"),
    },
    `import { faker } from "@faker-js/faker";\nexport const sampleNames = [faker.person.fullName(), faker.person.fullName()];`,
    {
      name: "faker: reseeded with a seed after restore, imported inside the handler, or not drawn from",
      code: [
        `import { faker, fakerDE } from "@faker-js/faker";`,
        `import { randomBytes } from "node:crypto";`,
        `export const handler = async () => {`,
        `  faker.seed(randomBytes(6).readUIntBE(0, 6));`,
        `  return faker.internet.email();`,
        `};`,
        `export const preview = async () => {`,
        `  const { simpleFaker } = await import("@faker-js/faker");`,
        `  return simpleFaker.string.uuid();`,
        `};`,
        `export const slug = async (title: string) => faker.helpers.slugify(title);`,
        `export const locales = () => Object.keys(fakerDE.definitions);`,
      ].join("\n"),
    },
    {
      name: "faker: seed() without a seed draws it from Math.random, which a Node startup snapshot reseeds",
      target: "node-snapshot",
      code: `import { faker } from "@faker-js/faker";\nexport const handler = async () => {\n  faker.seed();\n  return faker.string.uuid();\n};`,
    },
    {
      name: "new Faker(): a fixed seed option, options this file cannot read, and one made in the handler",
      code: [
        `import { Faker, SimpleFaker, de, en } from "@faker-js/faker";`,
        `const SEED = 7;`,
        `export const replay = new Faker({ locale: [de, en], seed: SEED });`,
        `export const make = (options: { seed?: number }) => new SimpleFaker(options);`,
        `export const fromConfig = new SimpleFaker(JSON.parse(process.env.FAKER_OPTIONS ?? "{}"));`,
        `export const handler = async () => new Faker({ locale: [en] }).person.fullName();`,
      ].join("\n"),
    },
  ],
  invalid: [
    {
      name: "new Faker() and new SimpleFaker() at init without a seed",
      code: [
        `import { Faker, SimpleFaker, de, en } from "@faker-js/faker";`,
        `export const germanFaker = new Faker({ locale: [de, en] });`,
        `export const numbers = new SimpleFaker();`,
      ].join("\n"),
      errors: [
        { messageId: "library", line: 2, column: 28, messageIncludes: "new Faker() is created at init" },
        { messageId: "library", line: 3, column: 24 },
      ],
    },
    {
      name: "faker's default instance imported at init, drawn from in the handler",
      code: `import { faker } from "@faker-js/faker";\nexport const handler = async () => ({ id: faker.string.uuid(), name: faker.person.fullName() });`,
      errors: [{ messageId: "imported", line: 2, column: 43, messageIncludes: "faker.string.uuid() draws from 'faker', a generator that @faker-js/faker creates and seeds when it is imported, here at init (line 1)" }],
    },
    {
      name: "faker: seed() without a seed in the handler draws it from Math.random, frozen by a raw memory snapshot",
      code: `import { faker } from "@faker-js/faker";\nexport const handler = async () => {\n  faker.seed();\n  return faker.string.uuid();\n};`,
      errors: [{ messageId: "imported", line: 4, column: 10, messageIncludes: "faker.seed(randomBytes(6)" }],
    },
    {
      name: "faker from a locale module, through a CommonJS require at the top level",
      code: `const { faker } = require("@faker-js/faker/locale/de");\nexports.handler = async () => faker.location.city();`,
      filename: "src/index.cjs",
      errors: [{ messageId: "imported", line: 2, column: 31, messageIncludes: "(line 1)" }],
    },
    {
      name: "seedrandom, ESM default import",
      code: `import seedrandom from "seedrandom";\nconst rng = seedrandom();\nexport const handler = async () => ({ roll: Math.ceil(rng() * 6) });`,
      errors: [{ messageId: "library", line: 2, column: 13, messageIncludes: "seedrandom()" }],
    },
    {
      name: "seedrandom alea, CommonJS",
      code: `const seedrandom = require("seedrandom");\nconst rng = seedrandom.alea();\nexports.handler = async () => rng();`,
      filename: "src/index.cjs",
      errors: [{ messageId: "library", line: 2, column: 13 }],
    },
    {
      name: "Chance, ESM",
      code: `import Chance from "chance";\nexport const chance = new Chance();`,
      errors: [{ messageId: "library", line: 2, column: 23, messageIncludes: "new Chance()" }],
    },
    {
      name: "Chance, CommonJS factory call",
      code: `const chance = require("chance").Chance();\nmodule.exports.handler = async () => chance.guid();`,
      filename: "src/index.cjs",
      errors: [{ messageId: "library", line: 1, column: 16 }],
    },
    {
      name: "Chance, CommonJS constructor",
      code: `const Chance = require("chance");\nconst chance = new Chance();\nmodule.exports.handler = async () => chance.guid();`,
      filename: "src/index.js",
      errors: [{ messageId: "library", line: 2, column: 16 }],
    },
    {
      name: "random-js engine, ESM",
      code: `import { MersenneTwister19937, Random } from "random-js";\nconst engine = MersenneTwister19937.autoSeed();\nexport const handler = () => new Random(engine).integer(1, 100);`,
      errors: [{ messageId: "library", line: 2, column: 16, messageIncludes: "random-js engine" }],
    },
    {
      // The engine holds the state; the Random around it adds none, so one finding, at the engine.
      name: "random-js engine wrapped in Random, CommonJS",
      code: `const { Random, MersenneTwister19937 } = require("random-js");\nconst random = new Random(MersenneTwister19937.autoSeed());\nexports.handler = async () => random.die(6);`,
      filename: "src/index.cjs",
      errors: [{ messageId: "library", line: 2, column: 27 }],
    },
    {
      name: "pure-rand, ESM, seeded as its README shows",
      code: `import prand from "pure-rand";\nconst rng = prand.xoroshiro128plus(Date.now() ^ (Math.random() * 0x100000000));\nexport { rng };`,
      errors: [{ messageId: "library", line: 2, column: 13, messageIncludes: "pure-rand" }],
    },
    {
      name: "pure-rand, CommonJS",
      code: `const { mersenne } = require("pure-rand");\nconst gen = mersenne(Date.now());\nmodule.exports = { gen };`,
      filename: "src/index.cjs",
      errors: [{ messageId: "library", line: 2, column: 13 }],
    },
    {
      name: "mersenne-twister, ESM",
      code: `import MersenneTwister from "mersenne-twister";\nconst generator = new MersenneTwister();\nexport const handler = async () => generator.random();`,
      errors: [{ messageId: "library", line: 2, column: 19 }],
    },
    {
      name: "mersenne-twister, CommonJS",
      code: `const MersenneTwister = require("mersenne-twister");\nconst generator = new MersenneTwister();\nexports.handler = async () => generator.random_int();`,
      filename: "src/index.cjs",
      errors: [{ messageId: "library", line: 2, column: 19 }],
    },
    {
      name: "hand-rolled xorshift class seeded from the clock",
      code: [
        `class XorShift32 {`,
        `  constructor(private state: number) {}`,
        `  next(): number {`,
        `    this.state ^= this.state << 13;`,
        `    this.state ^= this.state >>> 17;`,
        `    this.state ^= this.state << 5;`,
        `    return (this.state >>> 0) / 4294967296;`,
        `  }`,
        `}`,
        `const rng = new XorShift32(Date.now() | 0);`,
        `export const handler = async () => rng.next();`,
      ].join("\n"),
      errors: [{ messageId: "seeded", line: 10, column: 13, messageIncludes: "XorShift32" }],
    },
    {
      name: "hand-rolled LCG function seeded from the clock",
      code: [
        `function lcg(seed: number) {`,
        `  let state = seed >>> 0;`,
        `  return () => (state = (state * 1664525 + 1013904223) >>> 0) / 4294967296;`,
        `}`,
        `const random = lcg(Date.now());`,
        `export const handler = async () => random();`,
      ].join("\n"),
      errors: [{ messageId: "seeded", line: 5, column: 16 }],
    },
    {
      name: "mulberry32 seeded from Math.random, JavaScript",
      code: [
        `function mulberry32(a) {`,
        `  return () => {`,
        `    a = (a + 0x6d2b79f5) | 0;`,
        `    return (a >>> 0) / 4294967296;`,
        `  };`,
        `}`,
        `export const rand = mulberry32(Math.random() * 2 ** 32);`,
      ].join("\n"),
      filename: "src/index.js",
      errors: [{ messageId: "seeded", line: 7, column: 21 }],
    },
    {
      name: "module-level seed advanced in a function",
      code: [
        `let seed = Date.now();`,
        `export function nextJitter(): number {`,
        `  seed = (seed * 1103515245 + 12345) % 2147483648;`,
        `  return seed % 1000;`,
        `}`,
      ].join("\n"),
      errors: [{ messageId: "seeded", line: 1, column: 5, messageIncludes: "'seed'" }],
    },
    {
      name: "static field of a handler class",
      code: [
        `import seedrandom from "seedrandom";`,
        `export class DiceHandler {`,
        `  static rng = seedrandom();`,
        `  handle() { return Math.ceil(DiceHandler.rng() * 6); }`,
        `}`,
      ].join("\n"),
      errors: [{ messageId: "library", line: 3, column: 16 }],
    },
    {
      name: "instance field of a handler class built at init",
      code: [
        `import Chance from "chance";`,
        `class CouponHandler {`,
        `  private readonly chance = new Chance();`,
        `  handle() { return this.chance.string({ length: 8 }); }`,
        `}`,
        `export const couponHandler = new CouponHandler();`,
      ].join("\n"),
      errors: [{ messageId: "library", line: 6, column: 30, messageIncludes: "via new CouponHandler() at line 3" }],
    },
    {
      name: "generator seeded inside a helper called at init",
      code: [
        `class Xorshift { constructor(readonly seed: number) {} }`,
        `function makeRng() {`,
        `  return new Xorshift(Date.now());`,
        `}`,
        `export const rng = makeRng();`,
      ].join("\n"),
      errors: [{ messageId: "seeded", line: 5, column: 20, messageIncludes: "via makeRng() at line 3" }],
    },
    {
      name: "generator created by a helper in another file",
      code: `import { createRng } from "./lib/rng";\nconst rng = createRng();\nexport const handler = async () => rng();`,
      files: { "lib/rng.ts": `import seedrandom from "seedrandom";\n\nexport function createRng() {\n  return seedrandom();\n}\n` },
      errors: [{ messageId: "library", line: 2, column: 13, messageIncludes: "via createRng() in lib/rng.ts:4" }],
    },
  ],
});
