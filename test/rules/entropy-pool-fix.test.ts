import { describe, expect, it } from "vitest";
import rule from "../../rules/uniqueness/entropy-pool.js";
import { lintAndFix } from "../../src/run/fix.js";
import { lintCase } from "../rule-tester.js";

const lint = (code: string) => lintCase(rule, { code });

/** The fixed text (or the input, if nothing was fixed) and the problems left in it. */
function fix(code: string): { output: string; remaining: string[] } {
  const result = lintAndFix(code, lint).fixed;
  return { output: result.output ?? code, remaining: result.messages.map((m) => `${m.line}:${m.column} ${m.messageId ?? m.message}`) };
}

describe("uniqueness/entropy-pool fix", () => {
  it("is declared fixable", () => {
    expect(rule.meta.fixable).toBe(true);
  });

  it("passes { disableEntropyCache: true } to node:crypto's randomUUID() in the handler", () => {
    const code = `import { randomUUID } from "node:crypto";\nrandomUUID();\nexport const handler = async () => ({ id: randomUUID() });\n`;
    const [message] = lint(code).messages;
    expect(message).toMatchObject({ messageId: "poisoned", line: 3, column: 43 });
    expect(message!.fix).toEqual({ range: [code.lastIndexOf("randomUUID()"), code.lastIndexOf("randomUUID()") + 12], text: "randomUUID({ disableEntropyCache: true })" });
    expect(fix(code)).toEqual({
      output: `import { randomUUID } from "node:crypto";\nrandomUUID();\nexport const handler = async () => ({ id: randomUUID({ disableEntropyCache: true }) });\n`,
      remaining: [],
    });
  });

  it("fixes every pooled call of the file in one run, through a default import and require", () => {
    const code = [
      `import crypto from "node:crypto";`,
      `const { randomUUID } = require("crypto");`,
      `export const bootId = crypto.randomUUID();`,
      `export async function handler() {`,
      `  return [crypto.randomUUID(), randomUUID()];`,
      `}`,
    ].join("\n");
    expect(fix(code)).toEqual({
      output: code.replace(
        "[crypto.randomUUID(), randomUUID()]",
        "[crypto.randomUUID({ disableEntropyCache: true }), randomUUID({ disableEntropyCache: true })]",
      ),
      remaining: [],
    });
  });

  it("offers no fix where the option would not bypass the pool", () => {
    const cases = [
      // The Web Crypto global ignores options: the call would still draw from the frozen cache.
      `const bootId = globalThis.crypto.randomUUID();\nexport const handler = async () => globalThis.crypto.randomUUID();`,
      `const bootId = crypto.randomUUID();\nexport const handler = async () => crypto.randomUUID();`,
      // uuid with options switches to its own pool; nanoid has no such option.
      `import { v4 } from "uuid";\nexport const id = v4();\nexport const handler = async () => v4();`,
      `import { nanoid } from "nanoid";\nexport const id = nanoid();\nexport const handler = async () => nanoid();`,
      // randomInt has no option to bypass its cache.
      `import { randomInt } from "node:crypto";\nconst jitter = randomInt(1000);\nexport const handler = async () => randomInt(10);`,
      // Arguments already given, and shapes the edit does not rewrite.
      `import { randomUUID } from "node:crypto";\nrandomUUID();\nexport const handler = async () => randomUUID({ disableEntropyCache: false });`,
      `import { randomUUID } from "node:crypto";\nrandomUUID();\nexport const handler = async () => randomUUID?.();`,
      `import { randomUUID } from "node:crypto";\nrandomUUID();\nexport const handler = async () => randomUUID(/* no options */);`,
    ];
    for (const code of cases) {
      const { messages } = lint(code);
      expect(messages.map((m) => m.messageId), code).toEqual(["poisoned"]);
      expect(messages[0]!.fix, code).toBeUndefined();
      expect(fix(code).output).toBe(code);
    }
  });

  it("keeps a byte order mark", () => {
    const code = `\uFEFFimport { randomUUID } from "node:crypto";\nrandomUUID();\nexport const handler = () => randomUUID();\n`;
    expect(fix(code).output).toBe(`\uFEFFimport { randomUUID } from "node:crypto";\nrandomUUID();\nexport const handler = () => randomUUID({ disableEntropyCache: true });\n`);
  });
});
