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
});
