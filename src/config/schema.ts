import type { Rule } from "../engine/rule.js";
import { TARGETS, type Level } from "./types.js";
import { UsageError } from "../errors.js";
import { validateConnectionsConfig } from "../knowledge/client-semantics.js";
import type { ConfigFile } from "./types.js";
import { SNAPSHOT_KINDS, type SnapshotKind } from "../deployment/model.js";

type Zod = typeof import("zod");
type ZodIssue = import("zod").core.$ZodIssue;

export const CONFIG_KEYS = ["rules", "ignorePatterns", "overrides", "target", "restoreHooks", "connections", "functions"] as const;
export const OVERRIDE_KEYS = ["files", "rules", "target", "restoreHooks"] as const;
export const LEVELS: readonly Level[] = ["off", "warn", "error"];

/**
 * Checks what a config file holds and returns it typed. Every problem is reported, one line each, naming the file,
 * the key path and what is allowed, so a user fixes a config in one round instead of one error per run.
 */
export async function validateConfig(raw: unknown, label: string, rules: ReadonlyMap<string, Rule>): Promise<ConfigFile> {
  // zod costs ~100 ms to load, so only runs that found a config file pay for it.
  const z = await import("zod");
  const result = schemaFor(z, rules).safeParse(raw, { reportInput: true });
  const problems = result.success ? [] : result.error.issues.flatMap((issue) => describeIssue(issue, []));
  if (typeof raw === "object" && raw !== null) problems.push(...validateConnectionsConfig((raw as ConfigFile).connections));
  if (problems.length === 0) return result.data as ConfigFile;
  throw new UsageError(problems.map((line) => `${label}: ${line}`));
}

const schemas = new WeakMap<ReadonlyMap<string, Rule>, ReturnType<typeof buildSchema>>();

function schemaFor(z: Zod, rules: ReadonlyMap<string, Rule>): ReturnType<typeof buildSchema> {
  let schema = schemas.get(rules);
  if (!schema) {
    schema = buildSchema(z, rules);
    schemas.set(rules, schema);
  }
  return schema;
}

interface IssueContext {
  input?: unknown;
}

/** Error text for a value of the wrong type: says what is expected, and what was found. */
function expected(what: string) {
  return (issue: IssueContext) =>
    issue.input === undefined ? `missing; expected ${what}` : `expected ${what}, got ${describeValue(issue.input)}`;
}

function buildSchema(z: Zod, rules: ReadonlyMap<string, Rule>) {
  const knownRules = [...rules.keys()].sort();
  const level = z.enum(LEVELS as [Level, ...Level[]], {
    error: (issue) => `invalid level ${describeValue(issue.input)}; allowed levels: ${quotedList(LEVELS)}`,
  });
  const ruleOptions = z.record(z.string(), z.unknown(), { error: expected("an object of rule options") });
  const ruleSetting = z.union([
    level,
    z.tuple([level, ruleOptions.optional()], {
      error: (issue) =>
        issue.code === "too_big" || issue.code === "too_small" ? "expected [level] or [level, options]" : undefined,
    }),
  ]);
  const ruleId = z.string().refine((id) => rules.has(id), { error: `unknown rule; known rules: ${knownRules.join(", ")}` });
  const ruleTable = z.record(ruleId, ruleSetting, { error: expected("an object mapping rule ids to levels") });
  const target = z.enum(TARGETS as [string, ...string[]], {
    error: (issue) => `invalid target ${describeValue(issue.input)}; allowed targets: ${quotedList(TARGETS)}`,
  });
  const strings = (what: string) => z.array(z.string({ error: expected("a string") }), { error: expected(what) });
  const override = z.strictObject(
    {
      files: strings("an array of globs").min(1, { error: "expected at least one glob" }),
      rules: ruleTable.optional(),
      target: target.optional(),
      restoreHooks: strings("an array of function names").optional(),
    },
    { error: (issue) => (issue.code === "invalid_type" ? expected("an object with a files array")(issue) : undefined) },
  );
  const declaredFunction = z.strictObject(
    {
      name: z.string({ error: expected("a string") }).optional(),
      entry: z.string({ error: expected("a path relative to the config file") }),
      handler: z.string({ error: expected("a string") }).optional(),
      runtime: z.string({ error: expected("a string") }).optional(),
      snapshot: z.enum(SNAPSHOT_KINDS as [SnapshotKind, ...SnapshotKind[]], {
        error: (issue) => `invalid snapshot kind ${describeValue(issue.input)}; allowed: ${quotedList(SNAPSHOT_KINDS)}`,
      }),
    },
    { error: (issue) => (issue.code === "invalid_type" ? expected("an object with entry and snapshot")(issue) : undefined) },
  );
  return z.strictObject(
    {
      rules: ruleTable.optional(),
      ignorePatterns: strings("an array of gitignore-style patterns").optional(),
      overrides: z.array(override, { error: expected("an array of override blocks") }).optional(),
      target: target.optional(),
      restoreHooks: strings("an array of function names").optional(),
      // Checked against the client semantics table's own row shape, below.
      connections: z.unknown().optional(),
      functions: z.array(declaredFunction, { error: expected("an array of functions ({ entry, snapshot })") }).optional(),
    },
    { error: (issue) => (issue.code === "invalid_type" ? expected("an object of settings")(issue) : undefined) },
  );
}

type PathKey = PropertyKey;

function describeIssue(issue: ZodIssue, parentPath: readonly PathKey[]): string[] {
  const path = [...parentPath, ...issue.path];
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = path.length === 0 ? CONFIG_KEYS : path[0] === "overrides" ? OVERRIDE_KEYS : [];
      const hint = allowed.length > 0 ? `; allowed keys: ${allowed.join(", ")}` : "";
      return issue.keys.map((key) => `${formatPath([...path, key])}: unknown key${hint}`);
    }
    case "invalid_key":
      return issue.issues.map((inner) => `${formatPath(path)}: ${inner.message}`);
    case "invalid_union": {
      // A rule setting is a level or an array: explain the branch that matches the kind of value written.
      const input = (issue as { input?: unknown }).input;
      const branch = Array.isArray(input) ? issue.errors[1] : typeof input === "string" ? issue.errors[0] : undefined;
      if (branch) return branch.flatMap((inner) => describeIssue(inner, path));
      const allowed = `a level (${quotedList(LEVELS)}), [level] or [level, options]`;
      return [`${formatPath(path)}: expected ${allowed}, got ${describeValue(input)}`];
    }
    default:
      return [path.length > 0 ? `${formatPath(path)}: ${issue.message}` : issue.message];
  }
}

/** `rules["uniqueness/init-random"]`, `overrides[0].files[1]`: how the key is written in JavaScript. */
export function formatPath(path: readonly PathKey[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key)) text += text ? `.${key}` : key;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text || "(root)";
}

function quotedList(values: readonly string[]): string {
  return values.map((value) => JSON.stringify(value)).join(", ");
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case "object":
      return "an object";
    case "undefined":
      return "nothing";
    case "number":
    case "boolean":
      return String(value);
    default:
      return `a ${typeof value}`;
  }
}
