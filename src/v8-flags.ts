import crypto from "node:crypto";
import v8 from "node:v8";

/** Flags this process set on V8 after start-up, which `process.execArgv` does not show. */
const setAtRunTime: string[] = [];

/**
 * The command line's V8 settings. V8 lets the heap grow to about four times what is live before collecting; a
 * third again keeps the peak of a run over a large tree under 300 MiB at no measurable cost in time (half again let
 * it land anywhere from 270 to 320 MiB, by where a full collection fell during the largest parse). A flag the user
 * set wins.
 */
export function setCommandLineV8Flags(): void {
  const given = `${process.execArgv.join(" ")} ${process.env.NODE_OPTIONS ?? ""}`;
  if (!given.includes("heap-growing-percent")) setV8Flag("--heap-growing-percent=30");
}

function setV8Flag(flag: string): void {
  v8.setFlagsFromString(flag);
  setAtRunTime.push(flag);
}

/**
 * What identifies this process's V8 flags: V8 rejects a code cache made under other flags, so processes that differ
 * (the command line, an editor's ESLint) keep one cache each instead of replacing each other's on every start.
 */
export function v8FlagsKey(): string {
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? "", ...setAtRunTime].join("\0");
  return crypto.createHash("sha256").update(flags).digest("hex").slice(0, 12);
}
