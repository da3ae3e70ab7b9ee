import { compact } from "./compact.js";
import { github } from "./github.js";
import { gitlab } from "./gitlab.js";
import { json } from "./json.js";
import { junit } from "./junit.js";
import { sarif } from "./sarif.js";
import { stylish } from "./stylish.js";
import type { Formatter } from "./types.js";
import { unix } from "./unix.js";

export type { Formatter, FormatterContext } from "./types.js";

export const FORMAT_NAMES = ["stylish", "json", "compact", "unix", "sarif", "github", "junit", "gitlab"] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];
export const DEFAULT_FORMAT: FormatName = "stylish";

/** Formats read by people at a terminal; the others are for machines, which a progress line must not disturb. */
export const HUMAN_FORMATS: ReadonlySet<string> = new Set<FormatName>(["stylish", "compact", "unix"]);

const formatters: Readonly<Record<FormatName, Formatter>> = { stylish, json, compact, unix, sarif, github, junit, gitlab };

export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

/** The built-in formatter called `name`, or undefined for an unknown name (including `__proto__` and the like). */
export function getFormatter(name: string): Formatter | undefined {
  return isFormatName(name) ? formatters[name] : undefined;
}
