import { describe, expect, it } from "vitest";
import { lintText } from "../../src/index.js";

/** Messages as a reviewer reads them: what the code does, in its own terms, and the remedy that fits. */
async function messages(code: string, rule: string): Promise<string[]> {
  const result = await lintText(code, { filePath: "src/handler.ts", cwd: "/nonexistent-project" });
  return result.messages.filter((message) => message.ruleId === rule).map((message) => message.message);
}

describe("rule messages", () => {
  it("Math.random() is not said to be built on Math.random", async () => {
    const [message] = await messages("export const handler = async () => Math.random();\n", "uniqueness/handler-math-random");
    expect(message).toMatch(/^Math\.random\(\) keeps its generator state in the heap/);
    expect(message).not.toContain("built on Math.random");
  });

  it("a connect call is called, not created", async () => {
    const [message] = await messages('import mongoose from "mongoose";\nawait mongoose.connect(process.env.MONGO_URL!);\n', "connections/init-connection");
    expect(message).toMatch(/^mongoose\.connect\(\) connects as soon as it is called, and this runs at init/);
  });

  it("a constructed client is constructed", async () => {
    const [message] = await messages('import Redis from "ioredis";\nexport const redis = new Redis();\n', "connections/init-connection");
    expect(message).toContain("connects as soon as it is constructed");
  });

  it("a token signed locally is to be signed per invocation, not fetched", async () => {
    const code = 'import { SignJWT } from "jose";\nexport const token = await new SignJWT({}).setIssuedAt().sign(key);\ndeclare const key: Uint8Array;\n';
    const [message] = await messages(code, "credentials/init-secret-fetch");
    expect(message).toContain("Sign it inside the handler, per invocation");
    expect(message).not.toContain("Fetch it");
  });

  it("process.pid in a socket file name is named for what it is kept in, not called an identity", async () => {
    const [message] = await messages("export const socketFileName = `/tmp/app-${process.pid}.sock`;\n", "uniqueness/init-random");
    expect(message).toBe(
      "process.pid is kept in socketFileName at init: every clone restored from the snapshot has the same process.pid, so socketFileName is the same in all of them. Compute it inside the handler (or in a restore hook).",
    );
  });

  it("a callee is shown by its shape, never as the truncated text of an object literal", async () => {
    const code = 'import { createClient } from "redis";\nexport const client = await createClient({ url: `rediss://${process.env.REDIS_HOST}:6380`, socket: { tls: true } }).connect();\n';
    const [message] = await messages(code, "connections/init-connection");
    expect(message).toMatch(/^createClient\(…\)\.connect\(\) opens the redis createClient\(\) connection at init/);
  });

  it("one destructuring of three env credentials is one finding naming all three", async () => {
    const code = "export const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = process.env;\n";
    const result = await lintText(code, { filePath: "src/handler.ts", cwd: "/nonexistent-project" });
    const found = result.messages.filter((message) => message.ruleId === "credentials/init-env-credentials");
    expect(found.map((message) => [message.line, message.column])).toEqual([[1, 14]]);
    expect(found[0]!.message).toMatch(/^process\.env\.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN are read at init and kept/);
  });

  it("two Math.random() calls in one statement are one finding that says so", async () => {
    const code = "export const handler = async () => ({ x: Math.random(), y: Math.random() });\nexport const other = async () => Math.random();\n";
    const result = await lintText(code, { filePath: "src/handler.ts", cwd: "/nonexistent-project" });
    const found = result.messages.filter((message) => message.ruleId === "uniqueness/handler-math-random");
    expect(found.map((message) => [message.line, message.column, message.messageId])).toEqual([
      [1, 42, "several"],
      [2, 34, "mathRandom"],
    ]);
    expect(found[0]!.message).toMatch(/^Math\.random\(\) twice in this statement draw from Math\.random/);
  });
});
