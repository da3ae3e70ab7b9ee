import { ts } from "#typescript";
import { enclosingFunction } from "../analysis/module-cache.js";
import { skipTransparent } from "../analysis/syntax.js";
import type { ModuleFacts } from "../analysis/modules.js";
import { evaluate, valueKey, type SymbolicValue } from "../analysis/values.js";
import { importedGeneratorUse } from "./prng.js";

/**
 * Sources of values that must differ between clones (KNOWLEDGE §2). Keys name what is called: `module:export.path`
 * for a package or built-in module, `Global.path` for a global (`crypto.randomUUID` is the Web Crypto global).
 */
export type RandomKind = "random" | "clock" | "identity";

/** Process-wide caches of random bytes that a snapshot freezes (KNOWLEDGE §2, "Entropy pools survive"). */
export type PoolId = "node-crypto-uuid" | "node-crypto-int" | "uuid-pool" | "nanoid-pool" | "bson-process-unique";

export interface RandomSource {
  label: string;
  kind: RandomKind;
  /** `call`: calling it; `new`: constructing it; `read`: reading it; `factory`: calling the function it returns. */
  how: "call" | "new" | "read" | "factory";
  keys: readonly string[];
  /** The entropy pool a call (or `new`) draws from, given its arguments. */
  pool?: (call: ts.CallExpression | ts.NewExpression) => PoolId | undefined;
  /** How to draw from this source without the pool, for messages. */
  bypass?: string;
  /**
   * The library resets its pool in a `v8.startupSnapshot` deserialize callback, so only a raw memory snapshot
   * (target `lambda`) keeps it; the reason, for docs.
   */
  resetOnNodeSnapshot?: string;
  /** Built on `Math.random`, so it repeats after a raw memory restore even when called in the handler. */
  mathRandomBased?: boolean;
  /** The argument position of a buffer the call fills in place (`randomFillSync(buf)`): kept state if the buffer is. */
  fills?: number;
  /** Only a source when called with no arguments (`new Date()` and `dayjs()` are now; `new Date(0)`, `dayjs("2024-01-01")` are not). */
  onlyWithoutArguments?: boolean;
  /**
   * A draw from a generator the library created on import (`faker.string.uuid()`): the instance it draws from
   * (`@faker-js/faker:faker`), which a fixed seed makes repeatable.
   */
  importedInstance?: string;
  source: string;
}

const NODE_CRYPTO = "Node.js lib/internal/crypto/random.js";
/**
 * Only bson 7.3.0 and later (mongodb 7) register the callback; bson 6 (mongodb 6, mongoose 8) does not, and
 * installed versions are not read: for target node-snapshot that is a miss, never a false finding.
 */
const BSON_RESET =
  "bson 7.3.0+ lib/bson.cjs, ObjectId static block: when loaded while a startup snapshot is built (v8.startupSnapshot.isBuildingSnapshot()), it registers addDeserializeCallback(ObjectId.resetState), which redraws the counter and clears PROCESS_UNIQUE; bson 6.10.4 and 7.0-7.2 have no such callback";

/** `randomUUID({ disableEntropyCache: true })` bypasses Node's cache. */
function disablesEntropyCache(call: ts.CallExpression | ts.NewExpression): boolean {
  const options = call.arguments?.[0] && skipTransparent(call.arguments[0]);
  if (!options || !ts.isObjectLiteralExpression(options)) return false;
  return options.properties.some(
    (property) =>
      ts.isPropertyAssignment(property) &&
      property.name.getText() === "disableEntropyCache" &&
      property.initializer.kind === ts.SyntaxKind.TrueKeyword,
  );
}

/** `v4({ random: bytes })` or `v4({ rng })`: uuid takes the caller's bytes and never touches its pool. */
function bringsOwnBytes(call: ts.CallExpression | ts.NewExpression): boolean {
  const options = call.arguments?.[0] && skipTransparent(call.arguments[0]);
  return !!options && ts.isObjectLiteralExpression(options) && options.properties.some((property) => ["random", "rng"].includes(property.name?.getText() ?? ""));
}

export const RANDOM_SOURCES: readonly RandomSource[] = [
  { label: "Math.random()", kind: "random", how: "call", keys: ["Math.random"], mathRandomBased: true, source: "V8 src/numbers/math-random.cc" },
  {
    label: "crypto.randomUUID()",
    kind: "random",
    how: "call",
    keys: ["crypto:randomUUID"],
    pool: (call) => (disablesEntropyCache(call) ? undefined : "node-crypto-uuid"),
    bypass: "pass { disableEntropyCache: true }",
    source: `${NODE_CRYPTO} (kBatchSize = 128)`,
  },
  {
    // Web Crypto's randomUUID() takes no options: it always draws from the same cache (lib/internal/crypto/webcrypto.js).
    label: "globalThis.crypto.randomUUID()",
    kind: "random",
    how: "call",
    keys: ["crypto:webcrypto.randomUUID", "crypto.randomUUID"],
    pool: () => "node-crypto-uuid",
    bypass: "call node:crypto's randomUUID({ disableEntropyCache: true }) instead (the Web Crypto one ignores options)",
    source: `${NODE_CRYPTO}; lib/internal/crypto/webcrypto.js`,
  },
  {
    label: "crypto.randomInt()",
    kind: "random",
    how: "call",
    keys: ["crypto:randomInt"],
    pool: () => "node-crypto-int",
    bypass: "derive the integer from crypto.randomBytes() instead",
    source: NODE_CRYPTO,
  },
  {
    label: "crypto.randomBytes()",
    kind: "random",
    how: "call",
    keys: ["crypto:randomBytes", "crypto:pseudoRandomBytes"],
    source: NODE_CRYPTO,
  },
  {
    label: "crypto.randomFillSync()",
    kind: "random",
    how: "call",
    keys: ["crypto:randomFillSync", "crypto:randomFill"],
    fills: 0,
    source: `${NODE_CRYPTO} (randomFillSync(buffer) and randomFill(buffer, callback) write into the buffer passed)`,
  },
  {
    label: "crypto.getRandomValues()",
    kind: "random",
    how: "call",
    keys: ["crypto:getRandomValues", "crypto:webcrypto.getRandomValues", "crypto.getRandomValues"],
    fills: 0,
    source: `${NODE_CRYPTO}; W3C Web Cryptography API, getRandomValues(typedArray) fills the array in place`,
  },
  {
    label: "uuid v4()",
    kind: "random",
    how: "call",
    keys: ["uuid:v4", "uuid/v4:", "uuid:default.v4"],
    // Without options uuid v4 delegates to crypto.randomUUID and its cache; with options it uses its own pool,
    // unless the options bring their own bytes (`random`) or generator (`rng`).
    pool: (call) => ((call.arguments?.length ?? 0) === 0 ? "node-crypto-uuid" : bringsOwnBytes(call) ? undefined : "uuid-pool"),
    bypass: "pass your own bytes: v4({ random: crypto.randomBytes(16) })",
    source: "uuid src/v4.ts, src/rng.ts (v9-v13)",
  },
  {
    label: "uuid v1/v6/v7()",
    kind: "random",
    how: "call",
    keys: ["uuid:v1", "uuid:v6", "uuid:v7", "uuid/v1:", "uuid:default.v1"],
    pool: () => "uuid-pool",
    source: "uuid src/rng.ts, src/v1.ts (v9-v13)",
  },
  { label: "nanoid()", kind: "random", how: "call", keys: ["nanoid:nanoid"], pool: () => "nanoid-pool", source: "nanoid index.js (pool of 128 ids)" },
  {
    label: "a nanoid customAlphabet() generator",
    kind: "random",
    how: "factory",
    keys: ["nanoid:customAlphabet", "nanoid:customRandom"],
    pool: () => "nanoid-pool",
    source: "nanoid index.js",
  },
  {
    label: "nanoid/non-secure",
    kind: "random",
    how: "call",
    keys: ["nanoid/non-secure:nanoid"],
    mathRandomBased: true,
    source: "nanoid non-secure/index.js (Math.random)",
  },
  {
    label: "a nanoid/non-secure customAlphabet() generator",
    kind: "random",
    how: "factory",
    keys: ["nanoid/non-secure:customAlphabet"],
    mathRandomBased: true,
    source: "nanoid non-secure/index.js (Math.random)",
  },
  { label: "cuid()", kind: "random", how: "call", keys: ["cuid:", "cuid:slug"], source: "cuid (random and counter)" },
  {
    label: "cuid2 createId()",
    kind: "random",
    how: "call",
    keys: ["@paralleldrive/cuid2:createId"],
    mathRandomBased: true,
    source: "@paralleldrive/cuid2 src/index.js (Math.random salt and counter)",
  },
  { label: "a cuid2 init() generator", kind: "random", how: "factory", keys: ["@paralleldrive/cuid2:init"], mathRandomBased: true, source: "@paralleldrive/cuid2" },
  { label: "ulid()", kind: "random", how: "call", keys: ["ulid:ulid", "ulidx:ulid"], source: "ulid (time and random)" },
  { label: "a ulid monotonicFactory() generator", kind: "random", how: "factory", keys: ["ulid:monotonicFactory", "ulidx:monotonicFactory"], source: "ulid" },
  {
    label: "lodash random/shuffle/sample",
    kind: "random",
    how: "call",
    keys: [
      ...["lodash", "lodash-es", "underscore"].flatMap((m) => ["random", "shuffle", "sample", "sampleSize"].map((f) => `${m}:${f}`)),
      "lodash/random:",
      "lodash/shuffle:",
      "lodash/sample:",
      "lodash/sampleSize:",
    ],
    mathRandomBased: true,
    source: "lodash _baseRandom (Math.random)",
  },
  {
    label: "AWS.util.uuid.v4()",
    kind: "random",
    how: "call",
    keys: ["aws-sdk:util.uuid.v4", "aws-sdk/global:util.uuid.v4", "aws-sdk/lib/core:util.uuid.v4"],
    // aws-sdk v2 lib/util.js: uuid.v4 calls the bundled uuid@8 v4(), whose rng.js refills a 256-byte pool with randomFillSync.
    pool: () => "uuid-pool",
    bypass: "use node:crypto's randomUUID({ disableEntropyCache: true })",
    source: "aws-sdk v2 lib/util.js (util.uuid.v4 = require('uuid').v4); uuid@8 src/rng.js (rnds8Pool of 256 bytes)",
  },
  {
    label: "short-uuid generate()",
    kind: "random",
    how: "call",
    keys: ["short-uuid:generate", "short-uuid:uuid"],
    pool: () => "node-crypto-uuid",
    bypass: "translate node:crypto's randomUUID({ disableEntropyCache: true }) with fromUUID()",
    source: "short-uuid index.js (generate() translates uuid's v4(), which draws from crypto.randomUUID's cache)",
  },
  {
    label: "new ObjectId()",
    kind: "random",
    how: "new",
    keys: [
      ...["bson", "mongodb"].flatMap((m) => [`${m}:ObjectId`, `${m}:ObjectID`, `${m}:BSON.ObjectId`]),
      "mongoose:Types.ObjectId",
      "mongoose:mongo.ObjectId",
      "bson-objectid:",
    ],
    onlyWithoutArguments: true,
    // The first generate() draws a 5-byte process-unique value kept for the life of the process, beside a counter
    // seeded at import: after a warm-up, clones that generate in the same second produce the same ids.
    pool: () => "bson-process-unique",
    bypass: "build it from fresh bytes after restore: new ObjectId(crypto.randomBytes(12))",
    resetOnNodeSnapshot: BSON_RESET,
    source: "js-bson src/objectid.ts (PROCESS_UNIQUE: 5 random bytes drawn on the first generate(); ObjectId.index counter)",
  },
  {
    label: "ObjectId.generate()",
    kind: "random",
    how: "call",
    keys: ["bson:ObjectId.generate", "mongodb:ObjectId.generate", "bson-objectid:", "bson-objectid:generate"],
    onlyWithoutArguments: true,
    pool: () => "bson-process-unique",
    bypass: "build it from fresh bytes after restore: new ObjectId(crypto.randomBytes(12))",
    resetOnNodeSnapshot: BSON_RESET,
    source: "js-bson src/objectid.ts; bson-objectid objectid.js (a per-process MACHINE_ID and counter)",
  },
  { label: "Date.now()", kind: "clock", how: "call", keys: ["Date.now"], source: "KNOWLEDGE §2" },
  { label: "new Date()", kind: "clock", how: "new", keys: ["Date"], onlyWithoutArguments: true, source: "KNOWLEDGE §2" },
  { label: "Date()", kind: "clock", how: "call", keys: ["Date"], source: "ECMAScript: Date() called as a function returns now" },
  { label: "performance.now()", kind: "clock", how: "call", keys: ["performance.now", "perf_hooks:performance.now"], source: "KNOWLEDGE §2" },
  {
    label: "process.hrtime()",
    kind: "clock",
    how: "call",
    keys: ["process.hrtime", "process.hrtime.bigint", "process:hrtime", "process:hrtime.bigint"],
    source: "KNOWLEDGE §2",
  },
  { label: "dayjs()", kind: "clock", how: "call", keys: ["dayjs:", "dayjs:default"], onlyWithoutArguments: true, source: "Day.js docs, Parse > Now: dayjs() with no argument is the current date and time" },
  { label: "dayjs.utc()", kind: "clock", how: "call", keys: ["dayjs:utc"], onlyWithoutArguments: true, source: "Day.js docs, Plugin UTC: dayjs.utc() with no argument is now in UTC" },
  { label: "moment()", kind: "clock", how: "call", keys: ["moment:", "moment:default", "moment-timezone:", "moment-timezone:default"], onlyWithoutArguments: true, source: "Moment.js docs, Parse > Now: moment() with no argument is now" },
  { label: "moment.utc()", kind: "clock", how: "call", keys: ["moment:utc", "moment-timezone:utc"], onlyWithoutArguments: true, source: "Moment.js docs, Parse > UTC: moment.utc() with no argument is now" },
  { label: "moment.now()", kind: "clock", how: "call", keys: ["moment:now", "moment-timezone:now"], source: "Moment.js docs, Customize > Now: moment.now() returns Date.now()" },
  { label: "DateTime.now()", kind: "clock", how: "call", keys: ["luxon:DateTime.now"], source: "Luxon API docs, DateTime.now(): the current instant" },
  {
    label: "DateTime.utc()",
    kind: "clock",
    how: "call",
    keys: ["luxon:DateTime.utc", "luxon:DateTime.local"],
    onlyWithoutArguments: true,
    source: "Luxon API docs, DateTime.utc() / DateTime.local(): with no arguments, now; with a year, month, … a fixed date",
  },
  {
    label: "Temporal.Now",
    kind: "clock",
    how: "call",
    keys: ["", "@js-temporal/polyfill:", "temporal-polyfill:"].flatMap((prefix) =>
      ["instant", "zonedDateTimeISO", "plainDateTimeISO", "plainDateISO", "plainTimeISO", "zonedDateTime", "plainDateTime", "plainDate"].map((name) => `${prefix}Temporal.Now.${name}`),
    ),
    source: "TC39 Temporal proposal, Temporal.Now: the current instant and wall-clock values",
  },
  { label: "os.hostname()", kind: "identity", how: "call", keys: ["os:hostname"], source: "KNOWLEDGE §2 (used as identity)" },
  { label: "process.pid", kind: "identity", how: "read", keys: ["process.pid", "process:pid"], source: "KNOWLEDGE §2 (used as identity)" },
];

const BY_HOW = new Map<RandomSource["how"], Map<string, RandomSource>>();
for (const source of RANDOM_SOURCES) {
  const table = BY_HOW.get(source.how) ?? new Map<string, RandomSource>();
  for (const key of source.keys) table.set(key, source);
  BY_HOW.set(source.how, table);
}

/** The random source a call, `new` or read evaluates, given the value of what it calls, constructs or reads. */
export function matchRandomSource(node: ts.Node, value: SymbolicValue): RandomSource | undefined {
  if (ts.isCallExpression(node)) {
    if (value.kind === "call" && value.path.length === 0) {
      const factory = valueKey(value.callee);
      return factory === undefined ? undefined : BY_HOW.get("factory")!.get(factory);
    }
    const key = valueKey(value);
    const source = key === undefined ? undefined : BY_HOW.get("call")!.get(key);
    if (!source) return importedGeneratorDraw(value);
    return source.onlyWithoutArguments && node.arguments.length > 0 ? undefined : source;
  }
  const key = valueKey(value);
  if (key === undefined) return undefined;
  if (ts.isNewExpression(node)) {
    const source = BY_HOW.get("new")!.get(key);
    return source?.onlyWithoutArguments && (node.arguments?.length ?? 0) > 0 ? undefined : source;
  }
  return BY_HOW.get("read")!.get(key);
}

const importedGeneratorDraws = new Map<string, RandomSource>();

/** `faker.string.uuid()`: a draw from a generator created on import, as a random source named by the call. */
function importedGeneratorDraw(value: SymbolicValue): RandomSource | undefined {
  const use = importedGeneratorUse(value);
  if (use?.kind !== "draw") return undefined;
  const key = `${use.instance} ${use.text}`;
  let source = importedGeneratorDraws.get(key);
  if (!source) {
    source = { label: `${use.text}()`, kind: "random", how: "call", keys: [], importedInstance: use.instance, source: use.generator.source };
    importedGeneratorDraws.set(key, source);
  }
  return source;
}

/** The entropy pool a call draws from, if any. */
export function poolOf(call: ts.Node, source: RandomSource | undefined): PoolId | undefined {
  return source?.pool && (ts.isCallExpression(call) || ts.isNewExpression(call)) ? source.pool(call) : undefined;
}

/** Names that say a value is used as an identity (instance id, worker id, node name), for host/pid sources. */
export const IDENTITY_NAME = /(^id$|Id$|ID$|_id$|identity|instance|worker|node|owner|client|unique|uid|name$)/i;

/** Last names of every read source (`pid`), to skip reads that cannot be one without evaluating them. */
const RANDOM_READ_NAMES: ReadonlySet<string> = new Set(
  RANDOM_SOURCES.filter((source) => source.how === "read").flatMap((source) => source.keys.map((key) => key.split(/[.:]/).pop() ?? "")),
);

/** The random source an init call (`callee` known) or an init read (`node` evaluated in `file`) evaluates. */
export function randomSourceOf(event: { node: ts.Node; callee: SymbolicValue } | { node: ts.PropertyAccessExpression; file: ModuleFacts }): RandomSource | undefined {
  if ("callee" in event) return matchRandomSource(event.node, event.callee);
  if (!RANDOM_READ_NAMES.has(event.node.name.text)) return undefined;
  return matchRandomSource(event.node, evaluate(event.node, event.file));
}

/** Last names of every call (or `new`) source, to skip calls that cannot be one without evaluating them. */
function lastNames(how: RandomSource["how"]): ReadonlySet<string> {
  return new Set(RANDOM_SOURCES.filter((source) => source.how === how).flatMap((source) => source.keys.map((key) => key.split(/[.:]/).filter(Boolean).pop() ?? "")));
}
const RANDOM_CALL_NAMES = lastNames("call");
const RANDOM_NEW_NAMES = lastNames("new");

/** The random source a call or `new` of the linted file draws from, after a syntactic test of its callee's name. */
export function randomSourceOfCall(
  call: ts.CallExpression | ts.NewExpression,
  analysis: {
    mayCallOneOf(node: ts.CallExpression | ts.NewExpression, lastNames: ReadonlySet<string>): boolean;
    calleeOf(node: ts.CallExpression | ts.NewExpression): SymbolicValue;
  },
): RandomSource | undefined {
  return analysis.mayCallOneOf(call, ts.isNewExpression(call) ? RANDOM_NEW_NAMES : RANDOM_CALL_NAMES) ? matchRandomSource(call, analysis.calleeOf(call)) : undefined;
}

/**
 * The state a discarded fill writes into (`randomFillSync(noncePrefix)` with a module-level buffer,
 * `getRandomValues(this.key)` in a constructor): the name it is kept under, or undefined when the buffer is a local
 * or something this file cannot place.
 */
export function filledState(call: ts.Node, source: RandomSource, file: ModuleFacts): string | undefined {
  if (source.fills === undefined || !ts.isCallExpression(call)) return undefined;
  const argument = call.arguments[source.fills];
  if (!argument) return undefined;
  let root = skipTransparent(argument);
  let name: string | undefined;
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) {
    name ??= ts.isPropertyAccessExpression(root) ? root.name.text : undefined;
    root = skipTransparent(root.expression);
  }
  if (root.kind === ts.SyntaxKind.ThisKeyword) return name;
  if (!ts.isIdentifier(root)) return undefined;
  const declaration = file.scopes.lookup(root);
  if (declaration?.kind !== "variable" || enclosingFunction(declaration.node)) return undefined;
  return name ?? root.text;
}
