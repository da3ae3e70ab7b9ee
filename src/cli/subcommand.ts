import { Command, CommanderError } from "commander";
import type { CliIo } from "./io.js";

/** A subcommand (`snapcheck explain`, `snapcheck functions`) that writes through `io` and reports mistakes in one line. */
export function subcommand(name: string, io: CliIo): Command {
  return new Command(`snapcheck ${name}`)
    .helpOption("-h, --help", "show this help")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.writeOut(text),
      writeErr: (text) => io.writeErr(text),
      outputError: (text, write) => write(`snapcheck: ${text.replace(/^error: /, "").trim()}\n`),
    });
}

/** Parses a subcommand's arguments; the exit code when commander ended the command (help: 0, a mistake: 2). */
export function parseSubcommand(command: Command, args: readonly string[]): number | undefined {
  try {
    command.parse([...args], { from: "user" });
    return undefined;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
}
