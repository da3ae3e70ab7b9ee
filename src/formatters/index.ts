import type { Formatter } from "./types.js";

export type { Formatter, FormatterContext } from "./types.js";

export const FORMAT_NAMES = ["stylish", "json", "compact", "unix", "sarif", "github", "junit", "gitlab"] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];
export const DEFAULT_FORMAT: FormatName = "stylish";

/** Formats read by people at a terminal; the others are for machines, which a progress line must not disturb. */
export const HUMAN_FORMATS: ReadonlySet<string> = new Set<FormatName>(["stylish", "compact", "unix"]);

/** Each loaded when asked for: a run uses one, and a start-up that reads them all pays for eight. */
const formatters: Readonly<Record<FormatName, () => Promise<Formatter>>> = {
  stylish: async () => (await import("./stylish.js")).stylish,
  json: async () => (await import("./json.js")).json,
  compact: async () => (await import("./compact.js")).compact,
  unix: async () => (await import("./unix.js")).unix,
  sarif: async () => (await import("./sarif.js")).sarif,
  github: async () => (await import("./github.js")).github,
  junit: async () => (await import("./junit.js")).junit,
  gitlab: async () => (await import("./gitlab.js")).gitlab,
};

export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

/** The built-in formatter called `name`, or undefined for an unknown name (including `__proto__` and the like). */
export async function getFormatter(name: string): Promise<Formatter | undefined> {
  return isFormatName(name) ? formatters[name]() : undefined;
}
