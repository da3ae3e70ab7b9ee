import { testFixtureTable, type Finding } from "./fixture-table.js";

/**
 * Every file under fixtures/uniqueness and what linting it with every rule (target lambda) must report. Files in
 * valid/ and lib/ report nothing: lib/ helpers only matter when something calls them at init.
 */
const EXPECTED: Record<string, Finding[]> = {
  // Static fields of a handler class (AWS's scanner catches these in Java).
  "invalid/handler-class-static.ts": [
    ["init-prng", 6, 33, "seedrandom()"],
    ["init-random", 7, 40, "crypto.randomUUID()"],
    ["init-random", 8, 42, "Math.random()"],
    ["init-random", 9, 39, "Date.now()"],
  ],
  // Instance field and constructor of a handler class built at init, and a wrapper holding a generator.
  "invalid/payment-handler.ts": [
    ["init-random", 28, 24, "via new PaymentHandler() at line 14"],
    ["init-random", 28, 24, "via new PaymentHandler() at line 18"],
    ["init-prng", 28, 43, "via new ProviderPicker() at line 6"],
  ],
  "invalid/sampling.js": [
    ["init-random", 3, 28],
    ["handler-math-random", 6, 36],
  ],
  // String concatenation with a UUID, a warm-up call, and draws from the warmed cache.
  "invalid/instance-id.cjs": [
    ["init-random", 4, 33, "uuid v4()"],
    ["entropy-pool", 9, 62, "(line 4)"],
    ["entropy-pool", 10, 21, "(line 4)"],
  ],
  // Helpers in another file that build a timestamped name and a host/process label.
  "invalid/export-job.ts": [
    ["init-random", 5, 17, "via buildRunName() in ../lib/names.ts:5"],
    ["init-random", 6, 20, "os.hostname()"],
    ["init-random", 6, 20, "process.pid"],
  ],
  // Helpers that return the clock or a UUID, and a serialize callback (Node's beforeCheckpoint).
  "invalid/server-settings.ts": [
    ["init-random", 14, 12, "via now() at line 6"],
    ["init-random", 15, 18, "via newSessionSecret() at line 10"],
    ["init-random", 22, 19, "crypto.randomBytes()"],
  ],
  "invalid/entropy-warmup.mjs": [
    ["init-random", 7, 21, "nanoid()"],
    ["entropy-pool", 10, 19, "(line 5)"],
    ["entropy-pool", 11, 17, "(line 6)"],
    ["entropy-pool", 12, 17, "(line 7)"],
    ["entropy-pool", 13, 19, "(line 5)"],
  ],
  // Hand-written generators seeded from the clock.
  "invalid/load-generator.ts": [
    ["init-prng", 13, 13, "XorShift32"],
    ["init-prng", 15, 5, "'seed'"],
  ],
  "invalid/shuffle-service.ts": [["init-prng", 3, 16, "via createSeededRandom() in ../lib/rng.ts:13"]],
  "invalid/prng-libraries.cjs": [
    ["init-prng", 6, 13, "seedrandom()"],
    ["init-prng", 7, 16, "new Chance()"],
    ["init-prng", 8, 16, "random-js engine"],
    ["init-prng", 9, 12, "new MersenneTwister()"],
  ],
  // The clock and Math.random here are the generator's seed: reported once, as the generator.
  "invalid/dice.ts": [["init-prng", 4, 13, "pure-rand"]],
  "invalid/worker-identity.ts": [
    ["init-random", 4, 23, "os.hostname()"],
    ["init-random", 4, 40, "process.pid"],
    ["init-random", 5, 23, "performance.now()"],
    ["init-random", 6, 23, "new Date()"],
  ],
  "invalid/deck-api.ts": [["handler-math-random", 9, 20, "shuffle() and createId() in this statement"]],
  "invalid/short-links.js": [
    ["handler-math-random", 7, 16, "nanoid/non-secure"],
    ["handler-math-random", 8, 19, "lodash"],
  ],
  // A sampling decision behind state that starts at 0 is drawn at init only when a rate is passed.
  "invalid/sampled-logger.ts": [
    ["init-random", 7, 16, "via new SamplingLogger() in ../lib/sampling-logger.ts:31"],
    ["init-random", 8, 16, "via new Tracer() in ../lib/sampling-logger.ts:46"],
  ],
  // ID generators with process state: an ObjectId drawn at init fixes the process-unique bytes for the handler's ids.
  "invalid/order-ids.ts": [
    ["init-random", 7, 21, "new ObjectId()"],
    ["init-random", 8, 25, "AWS.util.uuid.v4()"],
    ["entropy-pool", 11, 24, "new ObjectId() filled at init (line 7)"],
  ],
  "invalid/request-ids.js": [
    ["init-prng", 5, 23, "hyperid()"],
    ["init-random", 6, 18, "short-uuid generate()"],
    ["entropy-pool", 10, 42, "(line 6)"],
  ],
  // Clock libraries: "now" through dayjs, moment, luxon, Temporal, and a date-fns-tz conversion of new Date().
  "invalid/report-schedule.ts": [
    ["init-random", 11, 15, "dayjs()"],
    ["init-random", 12, 21, "moment.utc()"],
    ["init-random", 13, 20, "DateTime.now()"],
    ["init-random", 14, 19, "DateTime.utc()"],
    ["init-random", 15, 21, "Temporal.Now"],
    ["init-random", 16, 35, "new Date()"],
  ],
  "valid/order-ids.ts": [],
  // faker's default instance: created when imported at init, so an id drawn then is frozen, and so is every draw after.
  "invalid/demo-data.ts": [
    ["init-random", 8, 19, "faker.string.uuid() runs at init"],
    ["init-prng", 12, 17, "faker.string.nanoid() draws from 'faker', a generator that @faker-js/faker creates and seeds when it is imported, here at init (line 1)"],
  ],
  // The legacy faker package and a localized instance, each reported once, at its first draw.
  "invalid/mock-api.cjs": [
    ["init-prng", 6, 30, "faker.datatype.uuid() draws from 'faker', a generator that faker creates"],
    ["init-prng", 11, 34, "fakerDE.location.streetAddress() draws from 'fakerDE'"],
    ["init-prng", 15, 20, "new Faker() is created at init"],
  ],
  "valid/demo-data.ts": [],
  "valid/request-ids.js": [],
  "valid/report-schedule.ts": [],
  // Random bytes written into a module-level buffer and into fields of an object built at init.
  "invalid/sealed-tokens.ts": [
    ["init-random", 5, 1, "crypto.randomFillSync()"],
    ["init-random", 26, 16, "crypto.getRandomValues() runs at init (via new TokenSealer() at line 13)"],
  ],
  "valid/sealed-tokens.ts": [],
  // Init paths through a default parameter value, a getter, a setter and an Object.defineProperty getter.
  "invalid/tenant-context.ts": [
    ["init-random", 33, 22, "via createAuditLogger() at line 3"],
    ["init-random", 36, 49, "via the TenantContext.correlationId getter at line 13"],
    ["init-random", 37, 1, "via the TenantContext.region setter at line 17"],
    ["init-random", 38, 29, "via get() at line 29"],
  ],
  "valid/tenant-context.ts": [],
  "valid/cold-start-log.mjs": [],
  "valid/default-sampling.ts": [],
  "valid/constants.ts": [],
  "valid/handler-generates.ts": [],
  "valid/handler.cjs": [],
  "valid/lazy-init.ts": [],
  "valid/replay-fixtures.ts": [],
  "valid/restore-hook.ts": [],
  "valid/secure-random.ts": [],
  "valid/simulation.ts": [],
  "valid/timers-and-routes.js": [],
  "lib/names.ts": [],
  "lib/orders-db.ts": [],
  "lib/rng.ts": [],
  "lib/sampling-logger.ts": [],
};

testFixtureTable("uniqueness", EXPECTED);
