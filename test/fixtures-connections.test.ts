import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, filesUnder, testFixtureTable, type Finding } from "./fixture-table.js";

const ROOT = path.join(FIXTURES, "connections");

const INIT = "init-connection";
const PORT = "fixed-local-port";

/**
 * Every finding expected in fixtures/connections/invalid, worked out from the code (KNOWLEDGE §4), not from output.
 * Columns point at the call or `new` that opens the socket, at the helper call that leads there, or at the
 * `localPort` option / bound port.
 */
const INVALID: Record<string, Finding[]> = {
  "pg-client.mjs": [[INIT, 5, 7]], // await client.connect()
  "grpc.ts": [
    [INIT, 12, 1, "pricing.waitForReady() opens the gRPC client connection"], // a generated client from loadPackageDefinition
    [INIT, 17, 1, "inventory.getChannel().getConnectivityState(true) opens the gRPC client connection"], // a client from makeGenericClientConstructor in lib/
    [INIT, 20, 1, "gRPC Channel"], // audit.getConnectivityState(true)
  ],
  "pg-pool-warmup.ts": [[INIT, 6, 7]], // await pool.query("select 1")
  "postgres-js.ts": [[INIT, 4, 29]], // await sql`select version()`
  "mysql.cjs": [[INIT, 9, 1]], // connection.connect()
  "mysql2-promise.ts": [[INIT, 3, 26]], // await mysql.createConnection({...})
  "mongodb.ts": [[INIT, 4, 7]], // await client.connect()
  "mongoose.cjs": [[INIT, 5, 1]], // mongoose.connect(uri)
  "ioredis.ts": [
    [INIT, 4, 22], // export const redis = new Redis(url)
    [INIT, 7, 16], // storeClient: new Redis({...}) inside new RateLimiterRedis({...})
  ],
  "redis.mjs": [[INIT, 3, 22]], // createClient(...).on(...).connect()
  "valkey-glide.ts": [[INIT, 3, 22]], // await GlideClient.createClient({...})
  "knex.cjs": [[INIT, 8, 1]], // knex.raw("select 1").then(...)
  "sequelize.ts": [[INIT, 6, 7]], // await sequelize.authenticate()
  "prisma.ts": [[INIT, 4, 7]], // await prisma.$connect()
  "typeorm.ts": [[INIT, 4, 7]], // await AppDataSource.initialize(), DataSource from ../lib/data-source
  "drizzle.ts": [[INIT, 5, 7]], // await db.execute(sql`select 1`)
  "net-socket.cjs": [
    [INIT, 4, 16], // net.connect({...})
    [PORT, 4, 74], // localPort: 40100
  ],
  "tls-ticker.mjs": [[INIT, 3, 16]], // tls.connect({...})
  "dgram-statsd.ts": [
    [INIT, 5, 1], // statsd.bind(8125); the connect() on the next line uses the same socket: not reported again
    [PORT, 5, 13], // 8125
  ],
  "https-agent.ts": [[PORT, 4, 50]], // localPort: 9443 on an https.Agent
  "undici.ts": [[INIT, 6, 7]], // await api.request({...})
  "websocket.mjs": [
    [INIT, 4, 14], // new WebSocket(url) from ws
    [INIT, 7, 16], // new globalThis.WebSocket(url)
  ],
  "socket-io.ts": [[INIT, 3, 16]], // io(url, { transports })
  "amqplib.cjs": [[INIT, 3, 24]], // amqp.connect(url).then(...)
  "kafkajs.ts": [[INIT, 5, 7]], // await producer.connect()
  "nats.ts": [[INIT, 3, 18]], // await connect({...})
  "mqtt.cjs": [[INIT, 3, 16]], // mqtt.connect(url, {...})
  "aws-iot.cjs": [[INIT, 3, 16]], // awsIot.device({...})
  "elasticsearch.ts": [[INIT, 4, 20]], // await es.info()
  "helpers.ts": [
    [INIT, 4, 7], // await init(): client.connect() in ../lib/db.ts, reached through export *
    [INIT, 5, 22], // createCache(): new Redis() in ../lib/cache.ts
  ],
  "bullmq.ts": [
    [INIT, 6, 27], // new Queue("email", { connection })
    [INIT, 7, 16], // new QueueEvents("email", { connection })
  ],
  "search-and-graph.ts": [
    [INIT, 6, 16], // new OpenSearch({ sniffOnStart: true })
    [INIT, 9, 7], // await cql.connect()
    [INIT, 12, 7], // await graph.verifyConnectivity()
  ],
  "realtime.mjs": [
    [INIT, 6, 14], // new Ably.Realtime({ key })
    [INIT, 7, 16], // new Pusher(key, { cluster })
    [INIT, 10, 1], // inventory.waitForReady(…)
    [INIT, 12, 23], // await couchbase.connect(…)
  ],
  "neon.ts": [[INIT, 4, 7]], // await client.connect(); the Pool stays lazy
  "redis-url-helper.ts": [
    [INIT, 19, 22], // new Redis(buildUrl(config)): the helper returns a string on every path
    [INIT, 20, 25], // new Redis(sessionsUrl(config)): its return type is string
  ],
  "nest-bootstrap.ts": [
    [INIT, 13, 22], // await bootstrap(): NestFactory.create builds CacheService, whose field is new Redis(url)
    [INIT, 13, 22], // and app.init() runs PrismaService.onModuleInit: this.$connect()
  ],
  "fastify-app.ts": [
    [INIT, 10, 1], // app.register(fastifyRedis, …), loaded by await app.ready()
    [INIT, 11, 1], // app.register(fastifyMongo, …)
    [INIT, 12, 1], // app.register(fp(async (instance) => { await db.connect() }))
  ],
  "class-and-blocks.ts": [
    [INIT, 5, 19], // static shared = new Redis(url)
    [INIT, 16, 11], // await store.warm() inside if/try: this.mongo.db().command()
  ],
};

/** For each library: a fixture that flags it and one that accepts it (`undefined` where nothing can be flagged). */
const COVERAGE: Record<string, { module: string; flagged?: string; accepted: string }> = {
  "pg Client": { module: "pg", flagged: "invalid/pg-client.mjs", accepted: "valid/pg-lazy-client.mjs" },
  "pg Pool": { module: "pg", flagged: "invalid/pg-pool-warmup.ts", accepted: "valid/pg-pool.ts" },
  postgres: { module: "postgres", flagged: "invalid/postgres-js.ts", accepted: "valid/postgres-js.ts" },
  mysql: { module: "mysql", flagged: "invalid/mysql.cjs", accepted: "valid/mysql.cjs" },
  mysql2: { module: "mysql2", flagged: "invalid/mysql2-promise.ts", accepted: "valid/mysql2-pool.ts" },
  mongodb: { module: "mongodb", flagged: "invalid/mongodb.ts", accepted: "valid/mongodb.ts" },
  mongoose: { module: "mongoose", flagged: "invalid/mongoose.cjs", accepted: "valid/mongoose.cjs" },
  ioredis: { module: "ioredis", flagged: "invalid/ioredis.ts", accepted: "valid/ioredis-lazy.ts" },
  redis: { module: "redis", flagged: "invalid/redis.mjs", accepted: "valid/redis.mjs" },
  // An HTTP client: there is no socket to flag.
  "@upstash/redis": { module: "@upstash/redis", accepted: "valid/upstash.ts" },
  "@valkey/valkey-glide": { module: "@valkey/valkey-glide", flagged: "invalid/valkey-glide.ts", accepted: "valid/valkey-glide.ts" },
  knex: { module: "knex", flagged: "invalid/knex.cjs", accepted: "valid/knex.cjs" },
  sequelize: { module: "sequelize", flagged: "invalid/sequelize.ts", accepted: "valid/sequelize.ts" },
  "@prisma/client": { module: "@prisma/client", flagged: "invalid/prisma.ts", accepted: "valid/prisma.ts" },
  typeorm: { module: "../lib/data-source", flagged: "invalid/typeorm.ts", accepted: "valid/typeorm.ts" },
  "drizzle-orm": { module: "drizzle-orm/node-postgres", flagged: "invalid/drizzle.ts", accepted: "valid/drizzle.ts" },
  net: { module: "node:net", flagged: "invalid/net-socket.cjs", accepted: "valid/net-tls-dgram.ts" },
  tls: { module: "node:tls", flagged: "invalid/tls-ticker.mjs", accepted: "valid/net-tls-dgram.ts" },
  dgram: { module: "node:dgram", flagged: "invalid/dgram-statsd.ts", accepted: "valid/net-tls-dgram.ts" },
  "http(s) Agent": { module: "node:https", flagged: "invalid/https-agent.ts", accepted: "valid/http-agents.ts" },
  undici: { module: "undici", flagged: "invalid/undici.ts", accepted: "valid/http-agents.ts" },
  ws: { module: "ws", flagged: "invalid/websocket.mjs", accepted: "valid/websocket.mjs" },
  "socket.io-client": { module: "socket.io-client", flagged: "invalid/socket-io.ts", accepted: "valid/socket-io.ts" },
  amqplib: { module: "amqplib", flagged: "invalid/amqplib.cjs", accepted: "valid/amqplib.cjs" },
  kafkajs: { module: "kafkajs", flagged: "invalid/kafkajs.ts", accepted: "valid/kafkajs.ts" },
  nats: { module: "nats", flagged: "invalid/nats.ts", accepted: "valid/nats.ts" },
  mqtt: { module: "mqtt", flagged: "invalid/mqtt.cjs", accepted: "valid/mqtt.cjs" },
  "aws-iot-device-sdk": { module: "aws-iot-device-sdk", flagged: "invalid/aws-iot.cjs", accepted: "valid/aws-iot.cjs" },
  "@elastic/elasticsearch": { module: "@elastic/elasticsearch", flagged: "invalid/elasticsearch.ts", accepted: "valid/elasticsearch.ts" },
  bullmq: { module: "bullmq", flagged: "invalid/bullmq.ts", accepted: "valid/bullmq.ts" },
  "@opensearch-project/opensearch": { module: "@opensearch-project/opensearch", flagged: "invalid/search-and-graph.ts", accepted: "valid/search-and-graph.ts" },
  "cassandra-driver": { module: "cassandra-driver", flagged: "invalid/search-and-graph.ts", accepted: "valid/search-and-graph.ts" },
  "neo4j-driver": { module: "neo4j-driver", flagged: "invalid/search-and-graph.ts", accepted: "valid/search-and-graph.ts" },
  ably: { module: "ably", flagged: "invalid/realtime.mjs", accepted: "valid/realtime.mjs" },
  "@grpc/grpc-js": { module: "@grpc/grpc-js", flagged: "invalid/grpc.ts", accepted: "valid/grpc.ts" },
  "pusher-js": { module: "pusher-js", flagged: "invalid/realtime.mjs", accepted: "valid/realtime.mjs" },
  couchbase: { module: "couchbase", flagged: "invalid/realtime.mjs", accepted: "valid/realtime.mjs" },
  "@neondatabase/serverless": { module: "@neondatabase/serverless", flagged: "invalid/neon.ts", accepted: "valid/neon.ts" },
  "@fastify/redis": { module: "@fastify/redis", flagged: "invalid/fastify-app.ts", accepted: "valid/fastify-app.ts" },
  // A plugin holding a lazy pg Pool: nothing to flag even when loaded at init.
  "@fastify/postgres": { module: "@fastify/postgres", accepted: "valid/fastify-postgres-ready.ts" },
  // AWS SDK connections resume by themselves: never a finding.
  "AWS SDK v3": { module: "@aws-sdk/client-dynamodb", accepted: "valid/aws-sdk.ts" },
};

const files = filesUnder(ROOT);

testFixtureTable(
  "connections",
  Object.fromEntries(files.map((file) => [file, file.startsWith("invalid/") ? (INVALID[file.slice("invalid/".length)] ?? []) : []])),
);

describe("fixtures/connections coverage", () => {
  it("has an expectation for every invalid fixture, and a fixture for every expectation", () => {
    expect(files.filter((file) => file.startsWith("invalid/")).map((file) => file.slice("invalid/".length))).toEqual(Object.keys(INVALID).sort());
  });

  it("flags and accepts every library of the table", () => {
    for (const [library, { module, flagged, accepted }] of Object.entries(COVERAGE)) {
      for (const file of [flagged, accepted]) {
        if (!file) continue;
        const text = fs.readFileSync(path.join(ROOT, file), "utf8");
        expect(text.includes(`"${module}"`) || text.includes(`"${module}/`), `${library}: ${file} imports ${module}`).toBe(true);
      }
      if (flagged) expect(INVALID[flagged.slice("invalid/".length)]?.length ?? 0, `${library} flagged`).toBeGreaterThan(0);
      expect(files, `${library} accepted`).toContain(accepted);
      expect(accepted.startsWith("valid/")).toBe(true);
    }
  });
});
