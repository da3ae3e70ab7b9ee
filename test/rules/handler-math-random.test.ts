import rule from "../../rules/uniqueness/handler-math-random.js";
import { testRule } from "../rule-tester.js";

testRule(rule, {
  valid: [
    // Node startup snapshots reseed Math.random on deserialization.
    { code: `export const handler = async () => ({ n: Math.random() });`, target: "node-snapshot" },
    {
      code: `import _ from "lodash";\nimport { createId } from "@paralleldrive/cuid2";\nexport const handler = async (ids: string[]) => ({ order: _.shuffle(ids), id: createId() });`,
      target: "node-snapshot",
    },
    // Calls at init are uniqueness/init-random's findings, not this rule's.
    `export const sampled = Math.random() < 0.1;`,
    `function jitter() { return Math.random() * 100; }\nexport const initialDelayMs = jitter();`,
    // v8.startupSnapshot callbacks only run when a Node.js startup snapshot is deserialized, which reseeds Math.random.
    `import v8 from "node:v8";\nlet sampled = false;\nv8.startupSnapshot.addDeserializeCallback(() => {\n  sampled = Math.random() < 0.1;\n});\nexport const handler = async () => ({ sampled });`,
    // A shadowed Math is not the global.
    `const Math = { random: () => 0.5 };\nexport const handler = async () => Math.random();`,
    `export function handler(Math: { random(): number }) {\n  return Math.random();\n}`,
    // Sources that read the OS generator on each call.
    `import { randomInt } from "node:crypto";\nimport { nanoid } from "nanoid";\nimport { v4 } from "uuid";\nexport const handler = async () => ({ n: randomInt(10), id: nanoid(), uuid: v4() });`,
    // Non-random lodash functions, and a local function that happens to be called random.
    `import _ from "lodash";\nexport const handler = async (rows: { at: number }[]) => _.sortBy(rows, "at");`,
    {
      code: `import { random } from "./lib/random";\nexport const handler = async () => random(1, 6);`,
      files: { "lib/random.ts": `import { randomInt } from "node:crypto";\nexport function random(min: number, max: number) {\n  return randomInt(min, max + 1);\n}\n` },
    },
    // Mentioned, not called.
    `// Math.random() is not safe here\nexport const handler = async () => "Math.random()";`,
    `export const handler = async () => typeof Math.random;`,
  ],
  invalid: [
    {
      name: "arrow handler",
      code: `export const handler = async () => ({ n: Math.random() });`,
      errors: [{ messageId: "mathRandom", line: 1, column: 42, messageIncludes: "Math.random() keeps its generator state" }],
    },
    {
      name: "function handler, JavaScript",
      code: `export async function handler(event) {\n  if (Math.random() < 0.01) console.log(JSON.stringify(event));\n  return { statusCode: 204 };\n}`,
      filename: "src/index.js",
      errors: [{ messageId: "mathRandom", line: 2, column: 7 }],
    },
    {
      name: "nanoid/non-secure",
      code: `import { nanoid } from "nanoid/non-secure";\nexport const handler = async () => ({ id: nanoid() });`,
      errors: [{ messageId: "repeats", line: 2, column: 43, messageIncludes: "nanoid/non-secure" }],
    },
    {
      name: "lodash default import",
      code: [
        `import _ from "lodash";`,
        `export const handler = async (event: { variants: string[] }) => ({`,
        `  variant: _.sample(event.variants),`,
        `  order: _.shuffle(event.variants),`,
        `  retryInMs: _.random(100, 1000),`,
        `});`,
      ].join("\n"),
      errors: [{ messageId: "several", line: 3, column: 12, messageIncludes: "_.sample(), _.shuffle() and _.random() in this statement" }],
    },
    {
      name: "lodash named and per-method packages, CommonJS",
      code: `const { random } = require("lodash");\nconst shuffle = require("lodash/shuffle");\nexports.handler = async (event) => ({ delay: random(5, 50), order: shuffle(event.ids) });`,
      filename: "src/index.cjs",
      errors: [{ messageId: "several", line: 3, column: 46, messageIncludes: "random() and shuffle() in this statement" }],
    },
    {
      name: "lodash-es",
      code: `import { sampleSize } from "lodash-es";\nexport const handler = async (ids: string[]) => sampleSize(ids, 3);`,
      errors: [{ messageId: "repeats", line: 2, column: 49 }],
    },
    {
      name: "cuid2 createId and an init() generator",
      code: [
        `import { createId, init } from "@paralleldrive/cuid2";`,
        `const shortId = init({ length: 10 });`,
        `export const handler = async () => ({ id: createId(), short: shortId() });`,
      ].join("\n"),
      errors: [{ messageId: "several", line: 3, column: 43, messageIncludes: "createId() and shortId() in this statement" }],
    },
    {
      name: "an alias of Math.random",
      code: `const rand = Math.random;\nexport function handler() {\n  return { coin: rand() < 0.5 ? "heads" : "tails" };\n}`,
      errors: [{ messageId: "mathRandom", line: 3, column: 18 }],
    },
    {
      name: "a route, a timer and a method of a service built at init",
      code: [
        `import express from "express";`,
        `const app = express();`,
        `app.get("/lottery", (_req, res) => {`,
        `  res.json({ winner: Math.random() < 0.001 });`,
        `});`,
        `setTimeout(() => console.log(Math.random()), 1000);`,
        `class Sampler {`,
        `  keep() { return Math.random() < 0.1; }`,
        `}`,
        `export const sampler = new Sampler();`,
        `export default app;`,
      ].join("\n"),
      errors: [
        { messageId: "mathRandom", line: 4, column: 22 },
        { messageId: "mathRandom", line: 6, column: 30 },
        { messageId: "mathRandom", line: 8, column: 19 },
      ],
    },
    {
      // A configured Lambda restore hook runs in the restored clone, whose Math.random state is the snapshot's, so
      // it draws the same value in every clone. v8.startupSnapshot callbacks only run after Node reseeds it.
      name: "a configured restore hook under a raw memory snapshot",
      code: [
        `import { onRestore } from "./snapstart";`,
        `let requestSalt = 0;`,
        `onRestore(() => {`,
        `  requestSalt = Math.random();`,
        `});`,
        `export const handler = async () => ({ requestSalt });`,
      ].join("\n"),
      files: { "snapstart.ts": `export function onRestore(hook: () => void): void {\n  hooks.push(hook);\n}\nconst hooks: (() => void)[] = [];\n` },
      restoreHooks: ["onRestore"],
      errors: [{ messageId: "mathRandom", line: 4, column: 17 }],
    },
  ],
});
