import type { RuleInfo } from "../engine/rule.js";
import { NEVER_SNAPSHOTTED_KINDS, TARGETS, type Level } from "./types.js";
import { UsageError } from "../errors.js";
import type { ConfigFile } from "./types.js";
import { SNAPSHOT_KINDS, type SnapshotKind } from "../deployment/model.js";

type Zod = typeof import("zod");
type ZodIssue = import("zod").core.$ZodIssue;

export const CONFIG_KEYS = ["$schema", "rules", "ignorePatterns", "overrides", "target", "restoreHooks", "connections", "functions", "include", "allFiles"] as const;
export const OVERRIDE_KEYS = ["files", "rules", "target", "restoreHooks"] as const;
export const LEVELS: readonly Level[] = ["off", "warn", "error"];

/**
 * Checks what a config file holds and returns it typed. Every problem is reported, one line each, naming the file,
 * the key path and what is allowed, so a user fixes a config in one round instead of one error per run.
 */
export async function validateConfig(raw: unknown, label: string, rules: ReadonlyMap<string, RuleInfo>): Promise<ConfigFile> {
  // zod costs ~100 ms to load, so only runs that found a config file pay for it.
  const z = await import("zod");
  const result = schemaFor(z, rules).safeParse(raw, { reportInput: true });
  const problems = result.success ? [] : result.error.issues.flatMap((issue) => describeIssue(issue, [], rules));
  problems.push(...prototypeKeyProblems(raw));
  const connections = typeof raw === "object" && raw !== null ? (raw as ConfigFile).connections : undefined;
  // Not an object at all is already reported by the schema.
  if (typeof connections === "object" && connections !== null && !Array.isArray(connections)) {
    // The client table is loaded only for a config that has connections: it loads the compiler.
    const { validateConnectionsConfig } = await import("../knowledge/client-semantics.js");
    problems.push(...validateConnectionsConfig(connections));
  }
  if (problems.length === 0) return result.data as ConfigFile;
  throw new UsageError(problems.map((line) => `${label}: ${line}`));
}

const schemas = new WeakMap<ReadonlyMap<string, RuleInfo>, ReturnType<typeof buildSchema>>();

function schemaFor(z: Zod, rules: ReadonlyMap<string, RuleInfo>): ReturnType<typeof buildSchema> {
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

function buildSchema(z: Zod, rules: ReadonlyMap<string, RuleInfo>) {
  const knownRules = [...rules.keys()].sort();
  const level = z.union([z.enum(LEVELS as [Level, ...Level[]]), z.literal([0, 1, 2])], {
    error: (issue) => `invalid level ${describeValue(issue.input)}; allowed levels: ${quotedList(LEVELS)} or 0, 1, 2`,
  });
  const ruleOptions = z.record(z.string(), z.unknown(), { error: expected("an object of rule options") });
  const ruleSetting = z.union([
    level,
    z.tuple([level, ruleOptions.optional()], {
      error: (issue) =>
        issue.code === "too_big" || issue.code === "too_small" ? "expected [level] or [level, options]" : undefined,
    }),
  ]);
  // A partial record keyed by the rule ids, so the JSON Schema lists them for completion.
  const ruleId = z.enum(knownRules as [string, ...string[]]);
  const ruleTable = z.partialRecord(ruleId, ruleSetting, { error: expected("an object mapping rule ids to levels") });
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
  const include = z.strictObject(
    Object.fromEntries(NEVER_SNAPSHOTTED_KINDS.map((kind) => [kind, z.boolean({ error: expected("true or false") }).optional()])),
    { error: expected("an object such as { \"tests\": true }") },
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
      $schema: z.string({ error: expected("the URL or path of a JSON Schema") }).optional().describe("The JSON Schema that editors validate this file with."),
      rules: ruleTable.optional().describe("Rule levels: \"off\", \"warn\", \"error\" (or 0, 1, 2), [level] or [level, options]."),
      ignorePatterns: strings("an array of gitignore-style patterns").optional().describe(".gitignore-style patterns, relative to the config file's folder."),
      overrides: z.array(override, { error: expected("an array of override blocks") }).optional().describe("Settings for the files matching globs; later blocks win."),
      target: target.optional().describe("How the process is snapshotted: \"lambda\" (a raw memory snapshot, the default) or \"node-snapshot\"."),
      restoreHooks: strings("an array of function names").optional().describe("Names of functions whose callbacks run after restore."),
      // Checked against the client semantics table's own row shape, below.
      connections: z.record(z.string(), z.unknown(), { error: expected("an object keyed by module name") }).optional().describe("Extra rows for the client semantics table, keyed by module name."),
      functions: z.array(declaredFunction, { error: expected("an array of functions ({ entry, snapshot })") }).optional().describe("Functions declared by hand (entry relative to this file, snapshot kind), for platforms snapcheck does not read or to correct what it read."),
      include: include.optional().describe("Kinds of never-snapshotted code to lint anyway when no deployment is found: tests, browser, infrastructure, buildOutput, scripts, edge."),
      allFiles: z.boolean({ error: expected("true or false") }).optional().describe("Lint every file, as though no deployment descriptor existed (as --all-files); read from the config at the working directory."),
    },
    { error: (issue) => (issue.code === "invalid_type" ? expected("an object of settings")(issue) : undefined) },
  );
}

/**
 * A `__proto__` key that JSON or YAML made an own property: zod drops it from records without a word, and code
 * reading the value would take it for the object's prototype. Walked with a stack, as configs may nest deeply.
 */
function prototypeKeyProblems(raw: unknown): string[] {
  const problems: string[] = [];
  const pending: { value: unknown; path: PathKey[] }[] = [{ value: raw, path: [] }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    if (typeof item.value !== "object" || item.value === null) continue;
    // A connections row is checked key by key against the table's own row shape.
    if (item.path.length === 2 && item.path[0] === "connections") continue;
    for (const key of Object.keys(item.value)) {
      const path = [...item.path, Array.isArray(item.value) ? Number(key) : key];
      if (key === "__proto__") problems.push(`${formatPath(path)}: "__proto__" cannot be used as a key`);
      else pending.push({ value: (item.value as Record<string, unknown>)[key], path });
    }
  }
  return problems;
}

type PathKey = PropertyKey;

function describeIssue(issue: ZodIssue, parentPath: readonly PathKey[], rules: ReadonlyMap<string, RuleInfo>): string[] {
  const path = [...parentPath, ...issue.path];
  switch (issue.code) {
    case "unrecognized_keys": {
      if (path.at(-1) === "rules") return issue.keys.map((key) => `${formatPath([...path, key])}: unknown rule; known rules: ${[...rules.keys()].sort().join(", ")}`);
      const allowed = path.length === 0 ? CONFIG_KEYS : path[0] === "overrides" ? OVERRIDE_KEYS : [];
      const hint = allowed.length > 0 ? `; allowed keys: ${allowed.join(", ")}` : "";
      return issue.keys.map((key) => `${formatPath([...path, key])}: unknown key${hint}`);
    }
    case "invalid_key":
      return issue.issues.map((inner) => `${formatPath(path)}: ${inner.message}`);
    case "invalid_union": {
      // A union with an error of its own (a level) says what it accepts in one line.
      if (issue.message !== "Invalid input") return [`${formatPath(path)}: ${issue.message}`];
      // A rule setting is a level or an array: explain the branch that matches the kind of value written.
      const input = (issue as { input?: unknown }).input;
      const branch = Array.isArray(input) ? issue.errors[1] : typeof input === "string" ? issue.errors[0] : undefined;
      if (branch) return branch.flatMap((inner) => describeIssue(inner, path, rules));
      const allowed = `a level (${quotedList(LEVELS)} or 0, 1, 2), [level] or [level, options]`;
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

/** Where the config's JSON Schema is shipped, relative to the package root; `npm run schema` writes it. */
export const JSON_SCHEMA_PATH = "schema/snapcheck.schema.json";

/**
 * The config's JSON Schema for editors (draft-07, which every JSON language server reads), generated from the
 * schema `validateConfig` checks with: the rule ids, levels, keys and descriptions come from one place.
 */
export async function configJsonSchema(rules: ReadonlyMap<string, RuleInfo>): Promise<Record<string, unknown>> {
  const z = await import("zod");
  const schema = schemaFor(z, rules).meta({
    title: "snapcheck configuration",
    description: "Settings for snapcheck, in .snapcheckrc.json, .snapcheckrc(.yaml|.yml), snapcheck.config.* or the snapcheck key of package.json.",
  });
  return z.toJSONSchema(schema, { target: "draft-7" }) as Record<string, unknown>;
}
