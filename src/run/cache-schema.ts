import { SNAPSHOT_KINDS, type DeployedFunction, type DeploymentModel, type DescriptorKind, type DescriptorLocation, type DescriptorProblem } from "../deployment/model.js";
import type { DescriptorCandidateKind } from "../deployment/discover.js";
import type { LeftOutPath } from "../discovery/never-snapshotted.js";
import type { Triggers } from "../engine/relevance.js";
import { FAMILIES, type RuleMeta } from "../engine/rule.js";

/*
 * The shapes of what the cache keeps, checked before use: a cache file is input like any other (a checkout may
 * bring one), so every field is typed, closed and bounded, which also bounds its depth. Written as plain checks
 * rather than a schema library: loading one costs more than a run served from the cache spends on anything else.
 */

/**
 * A check of one value: what is wrong with it, with where (keys from the value checked, built only on failure), or
 * undefined. Checks run over every reused entry, so they allocate nothing while the value is good.
 */
type Problem = { at: string; message: string };
type Check = (value: unknown) => Problem | undefined;

const problem = (message: string): Problem => ({ at: "", message });
const inside = (key: string | number, inner: Problem): Problem => ({ at: inner.at ? `${key}.${inner.at}` : String(key), message: inner.message });

const text =
  (max: number): Check =>
  (value) =>
    typeof value === "string" && value.length <= max ? undefined : problem(`expected text of at most ${max} characters`);
const matching =
  (pattern: RegExp, what: string): Check =>
  (value) =>
    typeof value === "string" && pattern.test(value) ? undefined : problem(`expected ${what}`);
const oneOf =
  (...allowed: readonly unknown[]): Check =>
  (value) =>
    allowed.includes(value) ? undefined : problem(`expected one of ${allowed.map((each) => JSON.stringify(each)).join(", ")}`);
const integer =
  (max: number): Check =>
  (value) =>
    Number.isInteger(value) && (value as number) >= 0 && (value as number) <= max ? undefined : problem(`expected a whole number up to ${max}`);
const boolean: Check = (value) => (typeof value === "boolean" ? undefined : problem("expected true or false"));
const nullable =
  (check: Check): Check =>
  (value) =>
    value === null ? undefined : check(value);

function list(item: Check, max: number): Check {
  return (value) => {
    if (!Array.isArray(value) || value.length > max) return problem(`expected a list of at most ${max}`);
    for (let index = 0; index < value.length; index++) {
      const found = item(value[index]);
      if (found) return inside(index, found);
    }
    return undefined;
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An object with exactly these keys (the optional ones may be missing), each of its shape. */
function closed(required: Record<string, Check>, optional: Record<string, Check> = {}): Check {
  const requiredKeys = Object.keys(required);
  const optionalKeys = Object.keys(optional);
  const known = new Set([...requiredKeys, ...optionalKeys]);
  return (value) => {
    if (!isPlainObject(value)) return problem("expected an object");
    const keys = Object.keys(value);
    for (const key of keys) if (!known.has(key)) return inside(key, problem("unknown key"));
    for (const key of requiredKeys) {
      if (!Object.hasOwn(value, key)) return inside(key, problem("missing"));
      const found = required[key]!(value[key]);
      if (found) return inside(key, found);
    }
    if (keys.length === requiredKeys.length) return undefined;
    for (const key of optionalKeys) {
      const found = Object.hasOwn(value, key) ? optional[key]!(value[key]) : undefined;
      if (found) return inside(key, found);
    }
    return undefined;
  };
}

/** An object used as a map: at most `max` keys of `key`'s shape, values of `item`'s. */
function dictionary(key: Check, item: Check, max: number): Check {
  return (value) => {
    if (!isPlainObject(value)) return problem("expected an object");
    const entries = Object.entries(value);
    if (entries.length > max) return problem(`expected at most ${max} keys`);
    for (const [name, inner] of entries) {
      const found = key(name) ?? item(inner);
      if (found) return inside(name, found);
    }
    return undefined;
  };
}

const MAX_TEXT = 1_000_000;
const MAX_PATH = 4_096;
const MAX_LIST = 1_000_000;
const sha256 = matching(/^[0-9a-f]{64}$/, "a sha256 hash");
const count = integer(1e9);
const name = text(1_000);
const index = integer(Number.MAX_SAFE_INTEGER);
const indices = (max: number) => list(index, max);

const offsets = list(count, 2);
const edit = closed({ range: (value) => offsets(value) ?? (Array.isArray(value) && value.length === 2 ? undefined : problem("expected two offsets")), text: text(MAX_TEXT) });
const messageShape = {
  required: { ruleId: nullable(name), severity: oneOf(1, 2), message: text(MAX_TEXT), line: count, column: count },
  optional: {
    messageId: name,
    endLine: count,
    endColumn: count,
    fatal: oneOf(true),
    fix: edit,
    suggestions: list(closed({ desc: text(MAX_TEXT), fix: edit }, { messageId: name }), 100),
    functions: list(name, 100_000),
  },
};
const suppression = closed({ kind: oneOf("directive", "file"), justification: text(MAX_TEXT) });

/** One file's result. */
const entry = closed({
  hash: sha256,
  settings: sha256,
  resolutions: indices(10_000),
  messages: list(closed(messageShape.required, messageShape.optional), 10_000),
  suppressedMessages: list(closed({ ...messageShape.required, suppressions: list(suppression, 100) }, messageShape.optional), 10_000),
});

/**
 * A check for every field of `T`, so that a field added to the deployment model or to rule metadata fails to compile
 * here until its check is written, instead of every cached plan (or the cached rule list) being dropped at run time.
 */
type Fields<T> = { [K in keyof Required<T>]: Check };

/** `closed` over all the fields of `T`; those in `optional` may be absent. */
function fieldsOf<T>(fields: Fields<T>, optional: readonly (keyof T & string)[] = []): Check {
  const required: Record<string, Check> = {};
  const mayLack: Record<string, Check> = {};
  for (const [key, check] of Object.entries(fields) as [string, Check][]) {
    if ((optional as readonly string[]).includes(key)) mayLack[key] = check;
    else required[key] = check;
  }
  return closed(required, mayLack);
}

const DESCRIPTOR_KINDS = {
  sam: true,
  cloudformation: true,
  serverless: true,
  cdk: true,
  sst: true,
  dockerfile: true,
  compose: true,
  "node-snapshot": true,
  wrangler: true,
  "google-cloud": true,
  config: true,
} satisfies Record<DescriptorKind, true>;

const filePath = text(MAX_PATH);
const location = fieldsOf<DescriptorLocation>({ file: filePath, line: count, column: count });
const descriptorKind = oneOf(...Object.keys(DESCRIPTOR_KINDS));
const deployedFunction = fieldsOf<DeployedFunction>(
  {
    name: text(MAX_PATH),
    descriptorKind,
    source: location,
    projectRoot: filePath,
    entry: filePath,
    handler: text(MAX_PATH),
    runtime: text(MAX_PATH),
    packageType: oneOf("zip", "image"),
    snapshot: oneOf(...SNAPSHOT_KINDS),
    snapshotDeclared: boolean,
    longLived: boolean,
  },
  // Undefined in the model, so absent from the JSON.
  ["entry", "handler", "runtime"],
);

const deploymentModel = fieldsOf<DeploymentModel>({
  functions: list(deployedFunction, 100_000),
  descriptors: list(
    fieldsOf<DeploymentModel["descriptors"][number]>({ file: filePath, kind: descriptorKind, projectRoot: filePath, assumedSnapStart: boolean }, ["assumedSnapStart"]),
    100_000,
  ),
  problems: list(fieldsOf<DescriptorProblem>({ location, message: text(MAX_TEXT) }), 100_000),
});

/**
 * `[file, witness of its bytes, [specifier, resolved file or null, record of the resolution][]]`: what the import
 * graph read from one file, reused while its bytes and its imports' resolutions hold.
 */
const graphFile = tuple(filePath, index, list(tuple(text(MAX_PATH), nullable(filePath), index), 100_000));

/** The deployment model, the files each entry reaches and the files left out, with what they were built from. */
const plan = closed({
  key: sha256,
  resolutions: indices(MAX_LIST),
  witnesses: indices(MAX_LIST),
  graph: list(graphFile, MAX_LIST),
  plan: closed({
    model: deploymentModel,
    reach: dictionary(filePath, list(filePath, MAX_LIST), 100_000),
    leftOut: list(fieldsOf<LeftOutPath>({ path: filePath, reason: text(MAX_TEXT) }), MAX_LIST),
  }),
});

const CANDIDATE_KINDS = {
  template: true,
  serverless: true,
  dockerfile: true,
  compose: true,
  cdk: true,
  sst: true,
  package: true,
  wrangler: true,
} satisfies Record<DescriptorCandidateKind, true>;

/** `[first, second, …]`: a list of exactly these shapes. */
function tuple(...items: Check[]): Check {
  return (value) => {
    if (!Array.isArray(value) || value.length !== items.length) return problem(`expected a list of ${items.length}`);
    for (let index = 0; index < items.length; index++) {
      const found = items[index]!(value[index]);
      if (found) return inside(index, found);
    }
    return undefined;
  };
}

/** An editor's deployment scope kept between processes (`src/run/editor-scope.ts`). */
const editorScope = closed({
  build: text(MAX_PATH),
  candidates: list(tuple(filePath, oneOf(...Object.keys(CANDIDATE_KINDS))), 100_000),
  stamps: list(tuple(filePath, text(MAX_PATH)), MAX_LIST),
  files: list(filePath, MAX_LIST),
  model: deploymentModel,
  reach: dictionary(filePath, indices(MAX_LIST), 100_000),
});

/** The metadata of the rules snapcheck ships: what a run needs of them before (and unless) a file is linted. */
const words = list(name, 10_000);
const rules = list(
  fieldsOf<RuleMeta>(
    {
      id: matching(/^[a-z]+\/[a-z0-9-]+$/, "a rule id"),
      family: oneOf(...FAMILIES),
      description: text(MAX_TEXT),
      defaultLevel: oneOf("warn", "error"),
      messages: dictionary(name, text(MAX_TEXT), 1_000),
      docsUrl: text(MAX_PATH),
      fixable: boolean,
      triggers: fieldsOf<Triggers>({ modules: words, words, wordsAnyCase: words }, ["modules", "words", "wordsAnyCase"]),
      triggersInOwnText: boolean,
      alsoWithoutSnapshot: boolean,
    },
    ["docsUrl", "fixable", "triggers", "triggersInOwnText", "alsoWithoutSnapshot"],
  ),
  1_000,
);

/** What is wrong with a stored editor scope, if anything. */
export function editorScopeShape(value: unknown): string | undefined {
  return described(editorScope(value));
}

/** What is wrong with a kept file result, plan or rule list, if anything (a sentence naming the place). */
export const cacheShapes: Record<"entry" | "plan" | "rules", (value: unknown) => string | undefined> = {
  entry: (value) => described(entry(value)),
  plan: (value) => described(plan(value)),
  rules: (value) => described(rules(value)),
};

function described(found: Problem | undefined): string | undefined {
  return found && (found.at ? `${found.message} at ${found.at}` : found.message);
}

const MAX_RECORDS = 1_000_000;
const MAX_WITNESSES = 4_000_000;
const STATE = /^(?:[0-9a-f]{64}|dir|other)$/;

/**
 * What is wrong with the cache's shared tables (`records`, `witnesses`), if anything. Checked by a loop, not a
 * schema: they hold hundreds of thousands of rows, and every row is read on each run.
 */
export function tablesProblem(records: unknown, witnesses: unknown, problems: unknown): string | undefined {
  if (!Array.isArray(witnesses) || witnesses.length > MAX_WITNESSES) return "witnesses are not a list";
  for (const witness of witnesses as unknown[]) {
    if (!Array.isArray(witness) || witness.length !== 2) return "a witness is not a pair";
    const [key, state] = witness as unknown[];
    if (typeof key !== "string" || key.length > 4_096) return "a witness path is not a string";
    if (state !== null && (typeof state !== "string" || !STATE.test(state))) return "a witness state is not a hash";
  }
  if (!Array.isArray(problems) || problems.length > 100_000) return "problems are not a list";
  for (const problem of problems as unknown[]) {
    if (!Array.isArray(problem) || problem.length !== 2) return "a problem is not a pair";
    const [witness, message] = problem as unknown[];
    if (!Number.isInteger(witness) || (witness as number) < 0 || (witness as number) >= witnesses.length) return "a problem names no witness";
    if (typeof message !== "string" || message.length > 10_000) return "a problem's message is not text";
  }
  if (!Array.isArray(records) || records.length > MAX_RECORDS) return "records are not a list";
  for (const record of records as unknown[]) {
    if (!Array.isArray(record) || record.length > 100_000) return "a record is not a list";
    for (const index of record as unknown[]) {
      if (!Number.isInteger(index) || (index as number) < 0 || (index as number) >= witnesses.length) return "a record names no witness";
    }
  }
  return undefined;
}
