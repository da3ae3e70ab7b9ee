import { SNAPSHOT_KINDS } from "../deployment/model.js";
import { FAMILIES } from "../engine/rule.js";

/**
 * The shapes of what the cache keeps, checked before use: a cache file is input like any other (a checkout may
 * bring one), so every field is typed, closed and bounded, which also bounds its depth.
 */
export async function cacheSchemas() {
  // zod costs ~100 ms to load, so only runs with --cache pay for it.
  const z = await import("zod");
  return { entry: entrySchema(z), plan: planSchema(z), rules: rulesSchema(z) };
}

type Zod = typeof import("zod");

/** One file's result. */
function entrySchema(z: Zod) {
  const MAX_IMPORTS = 10_000;
  const MAX_MESSAGES = 10_000;
  const MAX_TEXT = 1_000_000;
  const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
  const count = z.number().int().min(0).max(1e9);
  const name = z.string().max(1_000);
  const edit = z.strictObject({ range: z.tuple([count, count]), text: z.string().max(MAX_TEXT) });
  const messageShape = {
    ruleId: name.nullable(),
    severity: z.union([z.literal(1), z.literal(2)]),
    message: z.string().max(MAX_TEXT),
    messageId: name.optional(),
    line: count,
    column: count,
    endLine: count.optional(),
    endColumn: count.optional(),
    fatal: z.literal(true).optional(),
    fix: edit.optional(),
    suggestions: z.array(z.strictObject({ desc: z.string().max(MAX_TEXT), messageId: name.optional(), fix: edit })).max(100).optional(),
    functions: z.array(name).max(100_000).optional(),
  };
  const suppression = z.strictObject({ kind: z.enum(["directive", "file"]), justification: z.string().max(MAX_TEXT) });
  return z.strictObject({
    hash: sha256,
    settings: sha256,
    resolutions: indices(z, MAX_IMPORTS),
    messages: z.array(z.strictObject(messageShape)).max(MAX_MESSAGES),
    suppressedMessages: z.array(z.strictObject({ ...messageShape, suppressions: z.array(suppression).max(100) })).max(MAX_MESSAGES),
  });
}

const indices = (z: Zod, max: number) => z.array(z.number().int().min(0)).max(max);
const MAX_PATH = 4_096;
const MAX_TEXT = 100_000;
const MAX_FILES = 1_000_000;

/** The deployment model, the files each entry reaches and the files left out, with what they were built from. */
function planSchema(z: Zod) {
  const filePath = z.string().max(MAX_PATH);
  const text = z.string().max(MAX_TEXT);
  const count = z.number().int().min(0).max(1e9);
  const location = z.strictObject({ file: filePath, line: count, column: count });
  const descriptorKind = z.enum(["sam", "cloudformation", "serverless", "cdk", "sst", "dockerfile", "compose", "node-snapshot", "config"]);
  const deployedFunction = z.strictObject({
    name: text,
    descriptorKind,
    source: location,
    projectRoot: filePath,
    entry: filePath.optional(),
    handler: text.optional(),
    runtime: text.optional(),
    packageType: z.enum(["zip", "image"]),
    snapshot: z.enum(SNAPSHOT_KINDS as [string, ...string[]]),
    snapshotDeclared: z.boolean(),
    longLived: z.boolean(),
  });
  const model = z.strictObject({
    functions: z.array(deployedFunction).max(100_000),
    descriptors: z.array(z.strictObject({ file: filePath, kind: descriptorKind, projectRoot: filePath, assumedSnapStart: z.boolean().optional() })).max(100_000),
    problems: z.array(z.strictObject({ location, message: text })).max(100_000),
  });
  return z.strictObject({
    key: z.string().regex(/^[0-9a-f]{64}$/),
    resolutions: indices(z, MAX_FILES),
    witnesses: indices(z, MAX_FILES),
    plan: z.strictObject({
      model,
      reach: z.record(filePath, z.array(filePath).max(MAX_FILES)),
      leftOut: z.array(z.strictObject({ path: filePath, reason: text })).max(MAX_FILES),
    }),
  });
}

/** The metadata of the rules snapcheck ships: what a run needs of them before (and unless) a file is linted. */
function rulesSchema(z: Zod) {
  const text = z.string().max(MAX_TEXT);
  const words = z.array(z.string().max(1_000)).max(10_000).optional();
  const meta = z.strictObject({
    id: z.string().regex(/^[a-z]+\/[a-z0-9-]+$/),
    family: z.enum(FAMILIES),
    description: text,
    defaultLevel: z.enum(["warn", "error"]),
    docsUrl: text.optional(),
    messages: z.record(z.string().max(1_000), text),
    fixable: z.boolean().optional(),
    triggers: z.strictObject({ modules: words, words, wordsAnyCase: words }).optional(),
    triggersInOwnText: z.boolean().optional(),
    alsoWithoutSnapshot: z.boolean().optional(),
  });
  return z.array(meta).max(1_000);
}

const MAX_RECORDS = 1_000_000;
const MAX_WITNESSES = 4_000_000;
const STATE = /^(?:[0-9a-f]{64}|dir|other)$/;

/**
 * What is wrong with the cache's shared tables (`records`, `witnesses`), if anything. Checked by a loop, not a
 * schema: they hold hundreds of thousands of rows, and every row is read on each run.
 */
export function tablesProblem(records: unknown, witnesses: unknown): string | undefined {
  if (!Array.isArray(witnesses) || witnesses.length > MAX_WITNESSES) return "witnesses are not a list";
  for (const witness of witnesses as unknown[]) {
    if (!Array.isArray(witness) || witness.length !== 2) return "a witness is not a pair";
    const [key, state] = witness as unknown[];
    if (typeof key !== "string" || key.length > 4_096) return "a witness path is not a string";
    if (state !== null && (typeof state !== "string" || !STATE.test(state))) return "a witness state is not a hash";
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
