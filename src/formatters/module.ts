import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { errorMessage, UsageError } from "../errors.js";
import { getFormatter } from "./index.js";
import type { FormatterContext } from "./types.js";
import type { LintResult } from "../results.js";

/** What a formatter is called with, whether built in or loaded: the text of the report, sync or not. */
export type ReportFormatter = (results: readonly LintResult[], context: FormatterContext) => Promise<string>;

/** ESLint's formatter signature, so `eslint-formatter-*` packages work on snapcheck's ESLint-shaped results. */
type EslintFormatterFunction = (results: LintResult[], data: EslintFormatterData) => string | Promise<string>;

interface EslintFormatterData {
  cwd: string;
  rulesMeta: Record<string, { type: string; docs: { description: string; url?: string }; messages: Record<string, string>; fixable?: "code" }>;
}

/**
 * A built-in format by name, or a formatter module as ESLint loads one: a path (anything with a slash or starting
 * with a dot) relative to `cwd`, else a package resolved from `cwd` under ESLint's naming convention (`foo` →
 * `eslint-formatter-foo`, `@scope` → `@scope/eslint-formatter`, `@scope/foo` → `@scope/eslint-formatter-foo`).
 */
export async function loadFormatter(name: string, cwd: string): Promise<ReportFormatter> {
  const builtIn = await getFormatter(name);
  if (builtIn) return async (results, context) => builtIn(results, context);
  const modulePath = resolveFormatterModule(name, cwd);
  let loaded: unknown;
  try {
    const namespace = (await import(pathToFileURL(modulePath).href)) as { default?: unknown };
    loaded = namespace.default ?? namespace;
  } catch (error) {
    throw new UsageError(`cannot load the formatter ${name}: ${errorMessage(error).split("\n")[0]}`);
  }
  if (typeof loaded !== "function") throw new UsageError(`the formatter ${name} does not export a function`);
  const format = loaded as EslintFormatterFunction;
  return async (results, context) => {
    try {
      const report = await format([...results], { cwd: context.cwd, rulesMeta: eslintRulesMeta(context) });
      return typeof report === "string" ? report : String(report ?? "");
    } catch (error) {
      throw new UsageError(`the formatter ${name} failed: ${errorMessage(error).split("\n")[0]}`);
    }
  };
}

function resolveFormatterModule(name: string, cwd: string): string {
  if (name.startsWith(".") || name.includes("/") && !name.startsWith("@") || name.includes("\\") || path.isAbsolute(name)) {
    const file = path.resolve(cwd, name);
    if (!fs.existsSync(file)) throw new UsageError(`cannot find the formatter ${name} (no file ${file})`);
    return file;
  }
  const packageName = eslintFormatterPackage(name);
  try {
    return createRequire(path.join(cwd, "noop.js")).resolve(packageName);
  } catch {
    throw new UsageError(`unknown format "${name}": not a built-in format, and no package ${packageName} is installed`);
  }
}

/** ESLint's normalisation of a formatter name to its package (`naming.normalizePackageName(name, "eslint-formatter")`). */
export function eslintFormatterPackage(name: string): string {
  const prefix = "eslint-formatter";
  if (name.startsWith("@")) {
    const [scope, rest] = name.split("/", 2) as [string, string | undefined];
    if (rest === undefined || rest === "") return `${scope}/${prefix}`;
    return rest.startsWith(`${prefix}-`) || rest === prefix ? name : `${scope}/${prefix}-${rest}`;
  }
  return name.startsWith(`${prefix}-`) ? name : `${prefix}-${name}`;
}

function eslintRulesMeta(context: FormatterContext): EslintFormatterData["rulesMeta"] {
  const meta: EslintFormatterData["rulesMeta"] = {};
  for (const rule of context.rulesMeta.values()) {
    meta[rule.id] = {
      type: "problem",
      docs: { description: rule.description, ...(rule.docsUrl ? { url: rule.docsUrl } : {}) },
      messages: { ...rule.messages },
      ...(rule.fixable ? { fixable: "code" as const } : {}),
    };
  }
  return meta;
}
