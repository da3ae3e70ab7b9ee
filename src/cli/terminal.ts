import type { CliIo } from "./io.js";

/**
 * `--color`/`--no-color` win; then FORCE_COLOR (as chalk reads it: "0" or "false" turns colour off, anything else
 * on, even when piped, which is what CI logs set it for); then NO_COLOR; then whether stdout is a terminal.
 * A report written to `--output-file` is coloured only on `--color`.
 */
export function shouldColor(flag: boolean | undefined, io: Pick<CliIo, "env" | "stdoutIsTTY">, toFile: boolean): boolean {
  if (flag !== undefined) return flag;
  if (toFile) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  if (io.env.NO_COLOR) return false;
  if (io.env.TERM === "dumb") return false;
  return io.stdoutIsTTY;
}

/** OSC 8 links only reach a terminal that is also showing colour; anywhere else they are noise. */
export function shouldHyperlink(color: boolean, io: Pick<CliIo, "stdoutIsTTY">, toFile: boolean): boolean {
  return color && io.stdoutIsTTY && !toFile;
}
