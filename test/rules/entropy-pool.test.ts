import rule from "../../rules/uniqueness/entropy-pool.js";
import { testRule } from "../rule-tester.js";

testRule(rule, {
  valid: [
    // The handler bypasses the cache.
    `import { randomUUID } from "node:crypto";\nrandomUUID();\nexport const handler = async () => ({ id: randomUUID({ disableEntropyCache: true }) });`,
    // Nothing fills the cache at init: it is first filled after restore, separately in each clone.
    `import { randomUUID, randomInt } from "node:crypto";\nexport const handler = async () => ({ id: randomUUID(), n: randomInt(10) });`,
    // The init call bypasses the cache, so the cache is still empty in the snapshot.
    `import { randomUUID } from "node:crypto";\nconsole.log("boot", randomUUID({ disableEntropyCache: true }));\nexport const handler = async () => ({ id: randomUUID() });`,
    // The init call fills a different pool than the handler draws from.
    `import { randomInt, randomUUID } from "node:crypto";\nconst shard = randomInt(16);\nexport const handler = async () => ({ shard, id: randomUUID() });`,
    `import { v7 as uuidv7 } from "uuid";\nimport { randomUUID } from "node:crypto";\nexport const runId = uuidv7();\nexport const handler = async () => ({ runId, id: randomUUID() });`,
    // randomBytes has no cache of its own.
    `import { randomBytes, randomUUID } from "node:crypto";\nconst key = randomBytes(32);\nexport const handler = async () => ({ id: randomUUID(), key: key.length });`,
    // Filled in a restore hook, not at init.
    `import v8 from "node:v8";\nimport { randomUUID } from "node:crypto";\nlet bootId = "";\nv8.startupSnapshot.addDeserializeCallback(() => {\n  bootId = randomUUID();\n});\nexport const handler = async () => ({ bootId, id: randomUUID() });`,
    // Functions that only run later: a timer and a handler.
    `import { randomUUID } from "node:crypto";\nsetTimeout(() => randomUUID(), 1000);\nexport const handler = async () => ({ id: randomUUID() });`,
    // Only init calls: nothing draws after restore.
    `import { randomUUID } from "node:crypto";\nrandomUUID();\nexport const ids = [randomUUID(), randomUUID()];`,
  ],
  invalid: [
    {
      name: "discarded warm-up call, then the handler",
      code: `import { randomUUID } from "node:crypto";\nrandomUUID();\nexport const handler = async () => ({ id: randomUUID() });`,
      errors: [{ messageId: "poisoned", line: 3, column: 43, messageIncludes: "filled at init (line 2)" }],
    },
    {
      name: "globalThis.crypto.randomUUID at init and in the handler",
      code: [
        `const bootId = globalThis.crypto.randomUUID();`,
        `export async function handler() {`,
        `  return { bootId, requestId: globalThis.crypto.randomUUID() };`,
        `}`,
      ].join("\n"),
      errors: [{ messageId: "poisoned", line: 3, column: 31, messageIncludes: "(line 1)" }],
    },
    {
      name: "uuid v4() without options shares crypto.randomUUID's cache",
      code: [
        `import { v4 as uuidv4 } from "uuid";`,
        `import crypto from "node:crypto";`,
        `export const instanceId = uuidv4();`,
        `export const handler = async () => [crypto.randomUUID(), uuidv4()];`,
      ].join("\n"),
      errors: [
        { messageId: "poisoned", line: 4, column: 37, messageIncludes: "uuid v4() filled at init (line 3)" },
        { messageId: "poisoned", line: 4, column: 58 },
      ],
    },
    {
      name: "randomInt, CommonJS",
      code: [
        `const { randomInt } = require("node:crypto");`,
        `const startupJitterMs = randomInt(1000);`,
        `exports.handler = async () => {`,
        `  const delayMs = randomInt(100, 500);`,
        `  return { delayMs, startupJitterMs };`,
        `};`,
      ].join("\n"),
      filename: "src/index.cjs",
      errors: [{ messageId: "poisoned", line: 4, column: 19, messageIncludes: "crypto.randomInt() filled at init (line 2)" }],
    },
    {
      name: "nanoid, warm-up only logged",
      code: `import { nanoid } from "nanoid";\nconsole.log("cold start", nanoid());\nexport const handler = async () => ({ id: nanoid() });`,
      errors: [{ messageId: "poisoned", line: 3, column: 43 }],
    },
    {
      name: "a nanoid customAlphabet generator",
      code: [
        `import { customAlphabet } from "nanoid";`,
        `const orderNumber = customAlphabet("0123456789", 12);`,
        `orderNumber();`,
        `export const handler = async () => ({ order: orderNumber() });`,
      ].join("\n"),
      errors: [{ messageId: "poisoned", line: 4, column: 46, messageIncludes: "(line 3)" }],
    },
    {
      name: "an explicit disableEntropyCache: false still uses the cache",
      code: `import { randomUUID } from "node:crypto";\nrandomUUID();\nexport const handler = async () => randomUUID({ disableEntropyCache: false });`,
      errors: [{ messageId: "poisoned", line: 3, column: 36 }],
    },
    {
      // Web Crypto's randomUUID() takes no options: Node's Crypto.prototype.randomUUID calls the cached
      // generator without arguments, so the flag is ignored (test/snapshot-proof.test.ts shows it repeat).
      name: "disableEntropyCache passed to the Web Crypto global is ignored",
      code: `globalThis.crypto.randomUUID();\nexport const handler = async () => globalThis.crypto.randomUUID({ disableEntropyCache: true });`,
      filename: "src/index.js",
      errors: [{ messageId: "poisoned", line: 2, column: 36 }],
    },
    {
      name: "warm-up in a helper of another file",
      code: [
        `import { randomUUID } from "node:crypto";`,
        `import { warmUp } from "./lib/warm";`,
        `warmUp();`,
        `export const handler = async () => ({ id: randomUUID() });`,
      ].join("\n"),
      files: { "lib/warm.ts": `import { randomUUID } from "node:crypto";\n\nexport function warmUp(): void {\n  randomUUID();\n}\n` },
      errors: [{ messageId: "poisoned", line: 4, column: 43, messageIncludes: "(lib/warm.ts:4)" }],
    },
    {
      name: "a method of a service built at init, and a route",
      code: [
        `import crypto from "node:crypto";`,
        `import express from "express";`,
        `const nodeId = crypto.randomUUID();`,
        `class Orders {`,
        `  create() {`,
        `    return { id: crypto.randomUUID(), node: nodeId };`,
        `  }`,
        `}`,
        `export const orders = new Orders();`,
        `export const app = express();`,
        `app.post("/orders", (_req, res) => res.json({ ...orders.create(), trace: crypto.randomUUID() }));`,
      ].join("\n"),
      errors: [
        { messageId: "poisoned", line: 6, column: 18 },
        { messageId: "poisoned", line: 11, column: 74 },
      ],
    },
    {
      // The cache is in the snapshot, so a restore hook draws the same bytes in every clone too: in
      // test/snapshot-proof.test.ts the repeating calls run from setDeserializeMainFunction.
      name: "a restore hook drawing from a cache warmed at init",
      code: [
        `import { randomUUID } from "node:crypto";`,
        `import v8 from "node:v8";`,
        `randomUUID();`,
        `v8.startupSnapshot.setDeserializeMainFunction(() => {`,
        `  console.log(randomUUID());`,
        `});`,
      ].join("\n"),
      errors: [{ messageId: "poisoned", line: 5, column: 15 }],
    },
  ],
});
