import { describeFsError } from "../discovery/find-files.js";
import { UsageError } from "../errors.js";

/** Everything the CLI needs from the process, so `main` can also run inside a test with fake streams. */
export interface CliIo {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdoutIsTTY: boolean;
  /** Whether stderr is a terminal (a progress line is drawn there); absent means no. */
  stderrIsTTY?: boolean;
  /** Terminal width for help text, when stdout is a terminal. */
  columns: number | undefined;
  writeOut(text: string): void;
  writeErr(text: string): void;
  readStdin(): Promise<Buffer>;
}

/** The working directory; it may have been deleted (or moved away) under a shell that is still in it. */
function workingDirectory(): string {
  try {
    return process.cwd();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new UsageError("the working directory no longer exists (deleted while this shell was in it); cd into an existing folder");
    }
    throw new UsageError(`cannot read the working directory: ${describeFsError(error)}`);
  }
}

let closedStreams: Set<NodeJS.WriteStream> | undefined;

/** The real process. A reader that goes away (`snapcheck src | head -1`) ends output quietly instead of crashing. */
export function processIo(): CliIo {
  if (!closedStreams) {
    const closed = new Set<NodeJS.WriteStream>();
    closedStreams = closed;
    for (const stream of [process.stdout, process.stderr]) {
      stream.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "EPIPE" || closed.has(stream)) {
          closed.add(stream);
          return;
        }
        throw error;
      });
    }
  }
  const closed = closedStreams;
  const write = (stream: NodeJS.WriteStream, text: string) => {
    if (!closed.has(stream) && text) stream.write(text);
  };
  return {
    cwd: workingDirectory(),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    writeOut: (text) => write(process.stdout, text),
    writeErr: (text) => write(process.stderr, text),
    async readStdin() {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin as AsyncIterable<Buffer | string>) {
        chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
      }
      return Buffer.concat(chunks);
    },
  };
}
