import type { CliIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `main` in this process with fake streams: quick enough to cover every flag combination. */
export async function runCli(cwd: string, args: readonly string[], io: Partial<CliIo> & { stdin?: string } = {}): Promise<CliOutcome> {
  let stdout = "";
  let stderr = "";
  const { stdin, ...overrides } = io;
  const fake: CliIo = {
    cwd,
    env: {},
    stdoutIsTTY: false,
    columns: undefined,
    writeOut: (text) => (stdout += text),
    writeErr: (text) => (stderr += text),
    readStdin: async () => Buffer.from(stdin ?? ""),
    ...overrides,
  };
  const code = await main(["node", "snapcheck", ...args], fake);
  return { code, stdout, stderr };
}
