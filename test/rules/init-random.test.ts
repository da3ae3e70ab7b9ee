import rule from "../../rules/uniqueness/init-random.js";
import { testRule } from "../rule-tester.js";

testRule(rule, {
  valid: [
    // Inside a handler: runs after restore.
    `import { randomUUID } from "crypto";\nexport const handler = async () => ({ id: randomUUID() });`,
    // A shadowed Math is not the global.
    `const Math = { random: () => 4 };\nexport const x = Math.random();`,
    // Strings and comments that mention it.
    `// const id = Math.random();\nexport const text = "Math.random()";`,
    // Type-only import.
    `import type { randomUUID } from "crypto";\ntype F = typeof randomUUID;\nexport const f: F | undefined = undefined;`,
    // Value thrown away or only logged.
    `console.log("started at", Date.now());`,
    // Lazily initialized.
    `import { randomUUID } from "crypto";\nlet id: string | undefined;\nexport function getId() { return (id ??= randomUUID()); }`,
    // Registered, not called: route, timer, listener.
    `import express from "express";\nconst app = express();\napp.get("/", (req, res) => res.send(String(Math.random())));\nsetTimeout(() => Date.now(), 10);`,
    // Restore hook.
    `import v8 from "node:v8";\nlet id = "";\nv8.startupSnapshot.addDeserializeCallback(() => { id = crypto.randomUUID(); });`,
    // A date from a fixed value is not the clock.
    `export const epoch = new Date(0);`,
    // process.pid not used as an identity.
    `export const started = process.pid > 0;`,
    // A function defined but never called at init.
    `function makeId() { return Math.random().toString(36); }\nexport { makeId };`,
    // An expiry-checked cache warmed at init: the clock reads are a comparison and an expiry stamp.
    [
      `let cached: { value: string; expiresAt: number } | undefined;`,
      `async function token() {`,
      `  if (cached && cached.expiresAt > Date.now()) return cached.value;`,
      `  const value = await fetchToken();`,
      `  cached = { value, expiresAt: Date.now() + 60_000 };`,
      `  return value;`,
      `}`,
      `await token();`,
    ].join("\n"),
    // A helper's local that never leaves it.
    `function warmUp() { const start = performance.now(); work(); log(performance.now() - start); }\nwarmUp();`,
    // A lazy getter.
    `class Ids { get id() { return crypto.randomUUID(); } }\nexport const ids = new Ids();`,
    {
      name: "faker: a fixed seed at init makes the draws the same in every process on purpose; a draw in the handler is init-prng's",
      code: [
        `import { faker } from "@faker-js/faker";`,
        `faker.seed(42);`,
        `export const fixtureUser = { id: faker.string.uuid(), name: faker.person.fullName() };`,
        `export const handler = async () => faker.string.uuid();`,
      ].join("\n"),
    },
  ],
  invalid: [
    {
      name: "faker: an id drawn at init from the default instance, and one from another instance whose seed is fixed",
      code: [
        `import { faker, fakerDE } from "@faker-js/faker";`,
        `fakerDE.seed(42);`,
        `export const runId = faker.string.uuid();`,
        `export const city = fakerDE.location.city();`,
      ].join("\n"),
      errors: [{ messageId: "random", line: 3, column: 22, messageIncludes: "faker.string.uuid() runs at init" }],
    },
    {
      code: `import { randomUUID } from "node:crypto";\nexport const requestId = randomUUID();`,
      errors: [{ messageId: "random", line: 2, column: 26 }],
    },
    {
      code: `const crypto = require("crypto");\nconst salt = crypto.randomBytes(16);`,
      filename: "src/index.js",
      errors: [{ messageId: "random", line: 2, column: 14 }],
    },
    {
      name: "member access on require",
      code: `const iv = require("crypto").randomBytes(12);`,
      filename: "src/index.cjs",
      errors: [{ messageId: "random", line: 1, column: 12 }],
    },
    {
      name: "destructured require with alias",
      code: `const { randomBytes: rb } = require("crypto");\nmodule.exports.key = rb(32);`,
      filename: "src/index.cjs",
      errors: [{ messageId: "random", line: 2, column: 22 }],
    },
    {
      name: "dynamic import",
      code: `const { randomUUID } = await import("node:crypto");\nexport const id = randomUUID();`,
      filename: "src/index.mts",
      errors: [{ messageId: "random", line: 2, column: 19 }],
    },
    {
      name: "uuid aliases and namespace imports",
      code: `import { v4 as uuidv4 } from "uuid";\nimport * as uuid from "uuid";\nexport const a = uuidv4();\nexport const b = uuid.v7();`,
      errors: [
        { messageId: "random", line: 3, column: 18 },
        { messageId: "random", line: 4, column: 18 },
      ],
    },
    {
      name: "globalThis.crypto and string concatenation",
      code: `export const tag = "job-" + globalThis.crypto.randomUUID();`,
      errors: [{ messageId: "random", line: 1, column: 29 }],
    },
    {
      name: "timestamp helper, template literal, toString",
      code: `function makeRunId() {\n  return \`run-\${Date.now().toString(36)}\`;\n}\nexport const RUN_ID = makeRunId();`,
      errors: [{ messageId: "clock", line: 4, column: 23, messageIncludes: "via makeRunId() at line 2" }],
    },
    {
      name: "helper in another file",
      code: `import { makeRunId } from "./lib/ids";\nexport const runId = makeRunId();`,
      files: { "lib/ids.ts": `import { randomUUID } from "crypto";\nexport function makeRunId() {\n  return "run-" + randomUUID();\n}\n` },
      errors: [{ messageId: "random", line: 2, column: 22, messageIncludes: "via makeRunId() in lib/ids.ts:3" }],
    },
    {
      name: "helper reached through export * and a .js specifier",
      code: `import { newId } from "./lib/index.js";\nexport const id = newId();`,
      files: {
        "lib/index.ts": `export * from "./ids";`,
        "lib/ids.ts": `import { nanoid } from "nanoid";\nexport const newId = () => nanoid();`,
      },
      errors: [{ messageId: "random", line: 2, column: 19, messageIncludes: "lib/ids.ts:2" }],
    },
    {
      name: "static field, instance field and constructor of a class built at init",
      code: [
        `class Base { base = Date.now(); }`,
        `class Service extends Base {`,
        `  static bootedAt = new Date();`,
        `  id = crypto.randomUUID();`,
        `}`,
        `export const service = new Service();`,
      ].join("\n"),
      errors: [
        { messageId: "clock", line: 3, column: 21 },
        { messageId: "random", line: 6, column: 24 },
        { messageId: "clock", line: 6, column: 24 },
      ],
    },
    {
      name: "IIFE, array callback and promise executor",
      code: [
        `export const a = (() => Math.random())();`,
        `export const ids = Array.from({ length: 3 }, () => crypto.randomUUID());`,
        `export const p = new Promise((resolve) => resolve(Date.now()));`,
      ].join("\n"),
      errors: [
        { messageId: "random", line: 1, column: 25 },
        { messageId: "random", line: 2, column: 52 },
        { messageId: "clock", line: 3, column: 51 },
      ],
    },
    {
      name: "inside top-level blocks",
      code: `let seed = 0;\nif (process.env.X) {\n  try { seed = Math.random(); } catch {}\n}\nexport { seed };`,
      errors: [{ messageId: "random", line: 3, column: 16 }],
    },
    {
      name: "wrapper object and .bind/.call",
      code: [
        `const ids = { make() { return crypto.randomUUID(); } };`,
        `function stamp(this: unknown) { return performance.now(); }`,
        `export const wrapped = { id: ids.make() };`,
        `export const t = stamp.call(null);`,
      ].join("\n"),
      errors: [
        { messageId: "random", line: 3, column: 30 },
        { messageId: "clock", line: 4, column: 18 },
      ],
    },
    {
      name: "hostname and pid used as identity",
      code: `import os from "os";\nexport const instanceId = \`\${os.hostname()}-\${process.pid}\`;`,
      errors: [
        { messageId: "identity", line: 2, column: 30 },
        { messageId: "identity", line: 2, column: 47 },
      ],
    },
    {
      name: "a callback passed into a constructor runs at init",
      code: [
        `class Tracer { constructor(opts: { makeId: () => string }) { this.id = opts.makeId(); } id: string; }`,
        `export const tracer = new Tracer({ makeId: () => crypto.randomUUID() });`,
      ].join("\n"),
      errors: [{ messageId: "random", line: 2, column: 23, messageIncludes: "via new Tracer()" }],
    },
    {
      name: "addSerializeCallback bodies are init",
      code: `import v8 from "v8";\nlet nonce = "";\nv8.startupSnapshot.addSerializeCallback(() => { nonce = crypto.randomUUID(); });`,
      errors: [{ messageId: "random", line: 3, column: 57 }],
    },
    {
      name: "an un-awaited async main and a .then continuation",
      code: [
        `async function main() { globalThis.startedAt = Date.now(); }`,
        `main();`,
        `Promise.resolve().then(() => { globalThis.token = Math.random(); });`,
      ].join("\n"),
      errors: [
        { messageId: "clock", line: 2, column: 1 },
        { messageId: "random", line: 3, column: 51 },
      ],
    },
  ],
});
