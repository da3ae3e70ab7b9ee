import { ts } from "#typescript";
import { CALL_STEP, constructionNode, isConsumedAsPromise, methodChain } from "../analysis/call-chains.js";
import type { FileAnalysis } from "../analysis/file-analysis.js";
import type { ModuleFacts } from "../analysis/modules.js";
import { literalValue, readOptionFromArguments } from "../analysis/options.js";
import { evaluate, resolveValue, type SymbolicValue } from "../analysis/values.js";
import { compileWildcard } from "../discovery/glob.js";

/**
 * When a client library opens its socket (KNOWLEDGE §4). What matters for a snapshot is whether a socket is open
 * when init ends, so each client API is described by when it connects:
 * - `on-construction`: creating it connects (`new Redis()`, `mysql2.createConnection()`), unless a `lazyWhen`
 *   condition holds (`lazyConnect: true`);
 * - `explicit`: only a `connectMethods` call connects (`pg.Client#connect`), or one of `useMethods` (mysql's
 *   `query` connects an unconnected connection);
 * - `lazy`: the first call to one of `useMethods` connects (`pg.Pool#query`), or to one of `queryMethods` once
 *   the returned query builder is awaited (knex, Prisma, drizzle, postgres.js run a query only on `.then`);
 * - `per-request`: a one-off request whose socket the caller does not keep as a client (`http.request`);
 * - `never`: no socket of its own (HTTP APIs such as `@upstash/redis`, AWS SDK v3 clients).
 */
export type Connects = "on-construction" | "explicit" | "lazy" | "per-request" | "never";
export const CONNECTS: readonly Connects[] = ["on-construction", "explicit", "lazy", "per-request", "never"];

/** A condition under which an `on-construction` client stays unconnected. */
export type LazyCondition = { option: string; equals: boolean | number | string } | { withoutArguments: true };

export type How = "new" | "call" | "new-or-call";
export const HOWS: readonly How[] = ["new", "call", "new-or-call"];

/** One client API: the shape users also write in `connections` config, minus `module` and `source`. */
export interface ClientSemantics {
  /**
   * Export paths, dot-separated: `""` is the module value itself (default, namespace or `require()`), `Pool`,
   * `MongoClient.connect` (a static method), `*` any export. A leading `default.` is ignored when matching.
   */
  exports?: readonly string[];
  /** `new X()`, `X()`, or either. */
  how?: How;
  /** How messages name the client: `ioredis Redis`, `mysql2 createConnection()`. */
  label?: string;
  connects: Connects;
  lazyWhen?: readonly LazyCondition[];
  /** For a `lazy` client: options that make creating it connect (`sniffOnStart: true`). */
  eagerWhen?: readonly LazyCondition[];
  /** Methods that open the connection (`connect`, `$connect`, `initialize`). */
  connectMethods?: readonly string[];
  /**
   * Methods whose call opens the connection of an unconnected client, `()` for calling the client itself. `*` is any
   * method called on the client directly (`redis.get()`), not on what another call returned (`redis.pipeline().incr()`
   * only queues); names listed explicitly also match further down a chain (`client.db().collection().findOne()`).
   */
  useMethods?: readonly string[];
  /** Methods that build a query which runs, and connects, only when awaited or `.then`-ed. `*` and `()` as above. */
  queryMethods?: readonly string[];
  /** Methods excluded from a `*` in `useMethods`/`queryMethods`. */
  notUseMethods?: readonly string[];
  /** Methods that close the connection: called at init (say in a serialize hook), nothing is open at snapshot time. */
  closeMethods?: readonly string[];
  /** Options that bind the outbound socket to a local port (`localPort`). */
  localPortOptions?: readonly string[];
  /** Methods that bind the socket to a local port (`bind(5000)` on a dgram socket). */
  bindMethods?: readonly string[];
}

export interface ClientRow extends ClientSemantics {
  /** The package or built-in module (`node:` stripped); `globalThis` for globals; `*` matches any characters. */
  module: string;
  exports: readonly string[];
  how: How;
  label: string;
  /** Where the fact comes from: the package's docs or source file. */
  source: string;
}

/** Methods that never talk to the server, whatever the client: events, promise continuations, function plumbing. */
const NEVER_USE = new Set([
  "then",
  "catch",
  "finally",
  "on",
  "once",
  "off",
  "addListener",
  "removeListener",
  "removeAllListeners",
  "prependListener",
  "prependOnceListener",
  "emit",
  "listeners",
  "listenerCount",
  "rawListeners",
  "eventNames",
  "setMaxListeners",
  "getMaxListeners",
  "call",
  "apply",
  "bind",
  "toString",
  "valueOf",
]);

/** ioredis methods that are not Redis commands, so do not connect a waiting client (ioredis lib/Redis.ts sendCommand). */
const IOREDIS_NOT_COMMANDS = ["duplicate", "defineCommand", "pipeline", "multi", "createBuiltinCommand", "getBuiltinCommands", "setStatus", "nodes", "connect", "disconnect", "quit", "end"];

/** MongoDB driver operations that run a command on the server (collection, db, admin and cursor methods). */
const MONGODB_OPERATIONS = [
  "command",
  "ping",
  "findOne",
  "insertOne",
  "insertMany",
  "updateOne",
  "updateMany",
  "replaceOne",
  "deleteOne",
  "deleteMany",
  "findOneAndUpdate",
  "findOneAndDelete",
  "findOneAndReplace",
  "countDocuments",
  "estimatedDocumentCount",
  "distinct",
  "bulkWrite",
  "createIndex",
  "createIndexes",
  "dropIndex",
  "dropIndexes",
  "indexes",
  "indexExists",
  "createCollection",
  "dropCollection",
  "dropDatabase",
  "drop",
  "rename",
  "listDatabases",
  "serverStatus",
  "buildInfo",
  "toArray",
  "next",
  "hasNext",
  "tryNext",
  "forEach",
  "explain",
];

/** Sequelize instance and model methods that run a query (the model from `sequelize.define()`). */
const SEQUELIZE_QUERIES = [
  "authenticate",
  "sync",
  "query",
  "transaction",
  "drop",
  "truncate",
  "showAllSchemas",
  "databaseVersion",
  "findAll",
  "findOne",
  "findByPk",
  "findOrCreate",
  "findAndCountAll",
  "count",
  "create",
  "bulkCreate",
  "upsert",
  "update",
  "destroy",
  "max",
  "min",
  "sum",
  "increment",
  "decrement",
];

/**
 * Elasticsearch API calls, top-level and namespaced (`es.indices.create()`, `es.cluster.health()`, `es.helpers.bulk()`).
 * A list rather than `*`: the client also exposes setup objects (`connectionPool`, `diagnostic`) whose methods send nothing.
 */
const ELASTICSEARCH_REQUESTS = [
  "ping",
  "info",
  "search",
  "msearch",
  "count",
  "get",
  "mget",
  "exists",
  "index",
  "create",
  "update",
  "delete",
  "bulk",
  "updateByQuery",
  "deleteByQuery",
  "reindex",
  "scroll",
  "openPointInTime",
  "health",
  "refresh",
  "putMapping",
  "putSettings",
  "putIndexTemplate",
  "putPipeline",
  "query",
];

const UNDICI_REQUESTS = ["request", "stream", "pipeline", "connect", "upgrade", "dispatch"];

const ioredis = {
  how: "new",
  connects: "on-construction",
  lazyWhen: [{ option: "lazyConnect", equals: true }],
  connectMethods: ["connect"],
  // `exec` sends what a pipeline or multi() queued.
  useMethods: ["*", "exec"],
  notUseMethods: IOREDIS_NOT_COMMANDS,
  closeMethods: ["quit", "disconnect", "end"],
} as const;

const nodeRedis = {
  exports: ["createClient", "createCluster"],
  how: "call",
  label: "redis createClient()",
  connects: "explicit",
  connectMethods: ["connect"],
  closeMethods: ["quit", "disconnect", "close", "destroy"],
  source: "node-redis v4+ README: a client connects on client.connect(); commands on an unconnected client reject (ClientClosedError)",
} as const;

const upstash = {
  exports: ["Redis", "Redis.fromEnv"],
  how: "new-or-call",
  label: "@upstash/redis Redis",
  connects: "never",
  source: "@upstash/redis README: a connectionless client over HTTP (REST API)",
} as const;

const drizzleSql = {
  exports: ["drizzle"],
  how: "call",
  connects: "lazy",
  useMethods: ["transaction"],
  queryMethods: ["*"],
  notUseMethods: ["$with", "with", "$client"],
} as const;

const drizzleHttp = { exports: ["drizzle"], how: "call", connects: "never" } as const;

const mysqlPool = {
  how: "call",
  connects: "lazy",
  useMethods: ["query", "execute", "getConnection"],
  closeMethods: ["end"],
} as const;

const mysql2Eager = { how: "call", connects: "on-construction", closeMethods: ["end", "destroy"] } as const;

const prisma = {
  exports: ["PrismaClient"],
  how: "new",
  label: "PrismaClient",
  connects: "lazy",
  connectMethods: ["$connect"],
  useMethods: ["$transaction", "$runCommandRaw"],
  queryMethods: ["*"],
  notUseMethods: ["$on", "$use", "$extends", "$disconnect", "$connect"],
  closeMethods: ["$disconnect"],
  source: "Prisma docs, Connection management: $connect() is optional, the first query connects; queries are PrismaPromises that run only when awaited or .then() is called",
} as const;

const sequelize = {
  exports: ["", "Sequelize"],
  how: "new",
  label: "Sequelize",
  connects: "lazy",
  useMethods: SEQUELIZE_QUERIES,
  closeMethods: ["close"],
  source: "Sequelize docs, Getting Started: new Sequelize() connects on authenticate() or the first query (connection pool)",
} as const;

const amqp = {
  exports: ["connect"],
  how: "call",
  label: "amqplib connect()",
  connects: "on-construction",
  closeMethods: ["close"],
  source: "amqplib API docs: connect([url]) opens the connection",
} as const;

const nats = {
  exports: ["connect"],
  how: "call",
  label: "nats connect()",
  connects: "on-construction",
  closeMethods: ["close", "drain"],
  source: "nats.js README: connect() resolves once connected to the server",
} as const;

const mqtt = {
  how: "call",
  connects: "on-construction",
  lazyWhen: [{ option: "manualConnect", equals: true }],
  connectMethods: ["connect"],
  closeMethods: ["end", "endAsync"],
  source: "MQTT.js src/lib/client.ts: the MqttClient constructor connects unless manualConnect",
} as const;

const glide = {
  how: "call",
  connects: "on-construction",
  lazyWhen: [{ option: "lazyConnect", equals: true }],
  useMethods: ["*"],
  notUseMethods: ["close"],
  closeMethods: ["close"],
  source: "Valkey GLIDE docs, Lazy Connect: createClient() connects unless lazyConnect, then the first command connects",
} as const;

const elasticsearch = {
  exports: ["Client"],
  how: "new",
  connects: "lazy",
  eagerWhen: [{ option: "sniffOnStart", equals: true }],
  useMethods: ELASTICSEARCH_REQUESTS,
  closeMethods: ["close"],
} as const;

/** A BullMQ class: its constructor creates (or connects) an ioredis client and waits for it (no lazy option). */
const bullmq = {
  how: "new",
  connects: "on-construction",
  closeMethods: ["close", "disconnect"],
  source: "bullmq src/classes/redis-connection.ts: the constructor starts init(), which creates the ioredis client (or connects the one passed) and waits until it is ready; src/classes/queue-base.ts",
} as const;

const ablyRealtime = {
  how: "new",
  connects: "on-construction",
  lazyWhen: [{ option: "autoConnect", equals: false }],
  connectMethods: ["connect"],
  closeMethods: ["close"],
  source: "Ably client options docs: autoConnect (default true) connects the Realtime client as soon as it is created; connection.connect()",
} as const;

const neonPool = {
  exports: ["Pool"],
  how: "new",
  label: "@neondatabase/serverless Pool",
  connects: "lazy",
  useMethods: ["query", "connect"],
  closeMethods: ["end"],
  source: "@neondatabase/serverless README: Pool and Client follow node-postgres over a WebSocket; the pool connects on the first query",
} as const;

/** The built-in table. Users extend it with `connections` in config; their rows win. */
/**
 * @grpc/grpc-js clients: constructing one opens nothing; an RPC, waitForReady() (which calls
 * getConnectivityState(true) on the channel) or getChannel().getConnectivityState(true) starts connecting.
 */
const grpcClient = {
  connects: "lazy",
  connectMethods: ["waitForReady", "getConnectivityState(true)"],
  useMethods: ["*"],
  notUseMethods: ["getChannel", "close", "getConnectivityState", "watchConnectivityState", "getTarget"],
  closeMethods: ["close"],
  source:
    "@grpc/grpc-js src/client.ts (waitForReady() calls the channel's getConnectivityState(true); an RPC starts a call on the channel), src/internal-channel.ts (the channel starts IDLE; getConnectivityState(true) and a call exit idle and connect), src/make-client.ts (loadPackageDefinition and makeClientConstructor build Client subclasses)",
} as const;

export const CLIENT_SEMANTICS: readonly ClientRow[] = [
  { module: "pg", exports: ["Pool", "native.Pool"], how: "new", label: "pg Pool", connects: "lazy", useMethods: ["query", "connect"], closeMethods: ["end"], source: "node-postgres docs, Pooling: the pool opens a client on the first query or pool.connect()" },
  { module: "pg", exports: ["Client", "native.Client"], how: "new", label: "pg Client", connects: "explicit", connectMethods: ["connect"], closeMethods: ["end"], source: "node-postgres docs, Client: the socket opens on client.connect()" },
  { module: "pg-pool", exports: [""], how: "new", label: "pg-pool Pool", connects: "lazy", useMethods: ["query", "connect"], closeMethods: ["end"], source: "pg-pool README: clients are created on demand" },
  { module: "postgres", exports: [""], how: "call", label: "postgres.js sql", connects: "lazy", useMethods: ["begin", "reserve", "listen", "subscribe"], queryMethods: ["()", "unsafe", "file"], closeMethods: ["end", "close"], source: "postgres.js README (connections open on the first query); src/query.js (a query runs when .then() is called)" },
  { module: "mysql", exports: ["createConnection"], how: "call", label: "mysql createConnection()", connects: "explicit", connectMethods: ["connect"], useMethods: ["query", "ping", "statistics", "changeUser", "beginTransaction"], closeMethods: ["end", "destroy"], source: "mysqljs lib/Connection.js: connect(), and query/ping/changeUser/beginTransaction call _implyConnect()" },
  { module: "mysql", exports: ["createPool"], label: "mysql createPool()", ...mysqlPool, useMethods: ["query", "getConnection"], source: "mysqljs README, Pooling connections: connections are created lazily by the pool" },
  { module: "mysql", exports: ["createPoolCluster"], label: "mysql createPoolCluster()", ...mysqlPool, useMethods: ["query", "getConnection"], source: "mysqljs README, PoolCluster" },
  { module: "mysql2", exports: ["createConnection", "connect"], label: "mysql2 createConnection()", ...mysql2Eager, source: "node-mysql2 lib/base/connection.js: the constructor calls Net.connect; index.js: connect = createConnection" },
  { module: "mysql2", exports: ["createPool"], label: "mysql2 createPool()", ...mysqlPool, source: "node-mysql2 docs, Using connection pools: connections are created as needed" },
  { module: "mysql2", exports: ["createPoolCluster"], label: "mysql2 createPoolCluster()", ...mysqlPool, source: "node-mysql2 lib/pool_cluster.js" },
  { module: "mysql2/promise", exports: ["createConnection"], label: "mysql2/promise createConnection()", ...mysql2Eager, source: "node-mysql2 promise.js: createConnection wraps the eager core connection" },
  { module: "mysql2/promise", exports: ["createPool"], label: "mysql2/promise createPool()", ...mysqlPool, source: "node-mysql2 promise.js: createPool wraps the lazy core pool" },
  { module: "mysql2/promise", exports: ["createPoolCluster"], label: "mysql2/promise createPoolCluster()", ...mysqlPool, source: "node-mysql2 promise.js" },
  { module: "mongodb", exports: ["MongoClient"], how: "new", label: "MongoClient", connects: "lazy", connectMethods: ["connect"], useMethods: MONGODB_OPERATIONS, closeMethods: ["close"], source: "MongoDB Node driver 4.7+ (NODE-4192): the first operation connects the client; MongoClient#connect()" },
  { module: "mongodb", exports: ["MongoClient.connect"], how: "call", label: "MongoClient.connect()", connects: "on-construction", closeMethods: ["close"], source: "MongoDB Node driver API: MongoClient.connect(url) resolves to a connected client" },
  { module: "mongoose", exports: ["connect"], how: "call", label: "mongoose.connect()", connects: "on-construction", closeMethods: ["disconnect"], source: "Mongoose docs, Connections: mongoose.connect(uri)" },
  { module: "mongoose", exports: ["createConnection"], how: "call", label: "mongoose.createConnection()", connects: "on-construction", lazyWhen: [{ withoutArguments: true }], connectMethods: ["openUri"], closeMethods: ["close"], source: "Mongoose docs, Multiple connections: createConnection(uri) connects; without a uri, openUri() does" },
  { module: "mongoose", exports: ["connection.openUri"], how: "call", label: "mongoose.connection.openUri()", connects: "on-construction", closeMethods: ["close"], source: "Mongoose API: Connection.prototype.openUri()" },
  { module: "mongoose", exports: ["Mongoose"], how: "new", label: "new Mongoose()", connects: "explicit", connectMethods: ["connect"], closeMethods: ["disconnect"], source: "Mongoose API: Mongoose.prototype.connect()" },
  { module: "ioredis", exports: ["", "Redis"], label: "ioredis Redis", ...ioredis, source: "ioredis lib/Redis.ts: the constructor calls connect() unless lazyConnect; sendCommand() connects a waiting client" },
  { module: "ioredis", exports: ["Cluster"], label: "ioredis Cluster", ...ioredis, source: "ioredis lib/cluster/index.ts: the constructor connects unless lazyConnect" },
  { module: "redis", ...nodeRedis },
  { module: "@redis/client", ...nodeRedis, label: "@redis/client createClient()" },
  { module: "@upstash/redis", ...upstash },
  { module: "@upstash/redis/*", ...upstash },
  { module: "@valkey/valkey-glide", exports: ["GlideClient.createClient"], label: "GlideClient.createClient()", ...glide },
  { module: "@valkey/valkey-glide", exports: ["GlideClusterClient.createClient"], label: "GlideClusterClient.createClient()", ...glide },
  { module: "knex", exports: ["", "knex"], how: "call", label: "knex", connects: "lazy", useMethods: ["transaction"], queryMethods: ["*", "()"], notUseMethods: ["destroy", "initialize"], closeMethods: ["destroy"], source: "knex docs, Pooling (a connection is acquired per query) and Interfaces (builders are thenables that run on .then())" },
  { module: "sequelize", ...sequelize },
  { module: "@sequelize/core", ...sequelize },
  { module: "@prisma/client", ...prisma },
  { module: "*/generated/prisma", ...prisma },
  { module: "*/generated/prisma/client", ...prisma },
  { module: "typeorm", exports: ["DataSource"], how: "new", label: "TypeORM DataSource", connects: "lazy", connectMethods: ["initialize", "connect"], closeMethods: ["destroy", "close"], source: "TypeORM docs, DataSource: initialize() opens the connection pool" },
  { module: "typeorm", exports: ["createConnection", "createConnections"], how: "call", label: "TypeORM createConnection()", connects: "on-construction", closeMethods: ["close"], source: "TypeORM 0.2 docs, Connection: createConnection() connects" },
  { module: "drizzle-orm/node-postgres", ...drizzleSql, label: "drizzle (node-postgres)", source: "drizzle-orm src/node-postgres/driver.ts: a URL creates a pg Pool; queries are QueryPromise thenables" },
  { module: "drizzle-orm/postgres-js", ...drizzleSql, label: "drizzle (postgres-js)", source: "drizzle-orm src/postgres-js/driver.ts: wraps postgres(), lazy" },
  { module: "drizzle-orm/mysql2", ...drizzleSql, label: "drizzle (mysql2)", source: "drizzle-orm src/mysql2/driver.ts: a URL or config creates createPool()" },
  { module: "drizzle-orm/neon-serverless", ...drizzleSql, label: "drizzle (neon-serverless)", source: "drizzle-orm src/neon-serverless/driver.ts: a WebSocket pool" },
  { module: "drizzle-orm/neon-http", ...drizzleHttp, label: "drizzle (neon-http)", source: "drizzle-orm src/neon-http: one HTTP request per query" },
  { module: "drizzle-orm/aws-data-api/pg", ...drizzleHttp, label: "drizzle (aws-data-api)", source: "drizzle-orm src/aws-data-api: RDS Data API over the AWS SDK" },
  { module: "drizzle-orm/planetscale-serverless", ...drizzleHttp, label: "drizzle (planetscale-serverless)", source: "drizzle-orm src/planetscale-serverless: HTTP" },
  { module: "drizzle-orm/better-sqlite3", ...drizzleHttp, label: "drizzle (better-sqlite3)", source: "drizzle-orm src/better-sqlite3: a local file, no socket" },
  { module: "net", exports: ["connect", "createConnection"], how: "call", label: "net.connect()", connects: "on-construction", localPortOptions: ["localPort"], closeMethods: ["end", "destroy", "destroySoon"], source: "Node.js net docs: net.connect() returns a socket that is already connecting (options.localPort)" },
  { module: "net", exports: ["Socket", "Stream"], how: "new", label: "net.Socket", connects: "explicit", connectMethods: ["connect"], localPortOptions: ["localPort"], closeMethods: ["end", "destroy", "destroySoon"], source: "Node.js net docs: socket.connect(options) (options.localPort)" },
  { module: "tls", exports: ["connect"], how: "call", label: "tls.connect()", connects: "on-construction", localPortOptions: ["localPort"], closeMethods: ["end", "destroy"], source: "Node.js tls docs: tls.connect() (socket options as for net.connect)" },
  { module: "dgram", exports: ["createSocket"], how: "call", label: "dgram socket", connects: "explicit", connectMethods: ["connect", "bind"], bindMethods: ["bind"], closeMethods: ["close", "disconnect"], source: "Node.js dgram docs: socket.bind(), socket.connect()" },
  { module: "http", exports: ["Agent"], how: "new", label: "http.Agent", connects: "lazy", localPortOptions: ["localPort"], closeMethods: ["destroy"], source: "Node.js http docs, Agent: sockets are created per request" },
  { module: "https", exports: ["Agent"], how: "new", label: "https.Agent", connects: "lazy", localPortOptions: ["localPort"], closeMethods: ["destroy"], source: "Node.js https docs, Agent" },
  { module: "http", exports: ["request", "get"], how: "call", label: "http.request()", connects: "per-request", localPortOptions: ["localPort"], source: "Node.js http docs: http.request(options) (options.localPort)" },
  { module: "https", exports: ["request", "get"], how: "call", label: "https.request()", connects: "per-request", localPortOptions: ["localPort"], source: "Node.js https docs: https.request(options)" },
  { module: "undici", exports: ["Client", "Pool", "BalancedPool", "Agent"], how: "new", label: "undici dispatcher", connects: "lazy", useMethods: UNDICI_REQUESTS, closeMethods: ["close", "destroy"], source: "undici docs, Client/Pool/Agent: a connection opens on the first dispatched request and is kept alive" },
  { module: "undici", exports: ["request", "fetch", "stream", "pipeline", "connect", "upgrade"], how: "call", label: "undici request()", connects: "per-request", source: "undici docs: module-level calls use the global dispatcher" },
  { module: "globalThis", exports: ["fetch"], how: "call", label: "fetch()", connects: "per-request", source: "Node.js docs, fetch (undici's global dispatcher)" },
  { module: "ws", exports: ["", "WebSocket"], how: "new", label: "ws WebSocket", connects: "on-construction", closeMethods: ["close", "terminate"], source: "ws docs, new WebSocket(address): the handshake starts in the constructor" },
  { module: "globalThis", exports: ["WebSocket"], how: "new", label: "WebSocket", connects: "on-construction", closeMethods: ["close"], source: "WHATWG WebSockets standard: the constructor establishes the connection (Node.js 22+ global)" },
  { module: "socket.io-client", exports: ["", "io", "connect"], how: "call", label: "socket.io-client io()", connects: "on-construction", lazyWhen: [{ option: "autoConnect", equals: false }], connectMethods: ["connect", "open"], closeMethods: ["disconnect", "close"], source: "socket.io-client docs, options: autoConnect (default true); socket.connect()" },
  { module: "socket.io-client", exports: ["Manager"], how: "new", label: "socket.io-client Manager", connects: "on-construction", lazyWhen: [{ option: "autoConnect", equals: false }], connectMethods: ["open", "connect"], closeMethods: ["disconnect", "close"], source: "socket.io-client docs, Manager: autoConnect" },
  { module: "amqplib", ...amqp },
  { module: "amqplib/callback_api", ...amqp, label: "amqplib/callback_api connect()" },
  { module: "amqp-connection-manager", ...amqp, label: "amqp-connection-manager connect()", source: "amqp-connection-manager README: connect(urls) connects and keeps reconnecting" },
  { module: "kafkajs", exports: ["Kafka"], how: "new", label: "KafkaJS", connects: "lazy", connectMethods: ["connect"], closeMethods: ["disconnect"], source: "KafkaJS docs: new Kafka() holds config; producer()/consumer()/admin() connect on connect()" },
  { module: "nats", ...nats },
  { module: "@nats-io/transport-node", ...nats, label: "@nats-io/transport-node connect()" },
  { module: "mqtt", exports: ["connect", "connectAsync"], label: "mqtt.connect()", ...mqtt },
  { module: "mqtt", exports: ["MqttClient"], label: "mqtt MqttClient", ...mqtt, how: "new" },
  { module: "aws-iot-device-sdk", exports: ["device", "thingShadow", "jobs"], how: "new-or-call", label: "aws-iot-device-sdk device", connects: "on-construction", closeMethods: ["end"], source: "aws-iot-device-sdk README: device wraps an mqtt.js client that connects on creation" },
  { module: "aws-iot-device-sdk-v2", exports: ["mqtt.MqttClient"], how: "new", label: "aws-iot-device-sdk-v2 MqttClient", connects: "lazy", connectMethods: ["connect"], closeMethods: ["disconnect"], source: "aws-iot-device-sdk-v2 docs: new_connection(config) then connection.connect()" },
  { module: "aws-iot-device-sdk-v2", exports: ["mqtt5.Mqtt5Client"], how: "new", label: "aws-iot-device-sdk-v2 Mqtt5Client", connects: "explicit", connectMethods: ["start"], closeMethods: ["stop", "close"], source: "aws-iot-device-sdk-v2 docs: Mqtt5Client.start()" },
  { module: "@elastic/elasticsearch", ...elasticsearch, label: "Elasticsearch Client", source: "Elasticsearch JavaScript client docs: connections are opened per request and kept alive in the pool; sniffOnStart: true sniffs the cluster when the client is created" },
  { module: "@opensearch-project/opensearch", ...elasticsearch, label: "OpenSearch Client", source: "opensearch-js lib/Transport.js: sniffOnStart sniffs from the constructor; otherwise connections open per request" },
  { module: "bullmq", exports: ["Queue"], label: "BullMQ Queue", ...bullmq },
  { module: "bullmq", exports: ["Worker"], label: "BullMQ Worker", ...bullmq },
  { module: "bullmq", exports: ["QueueEvents"], label: "BullMQ QueueEvents", ...bullmq },
  { module: "bullmq", exports: ["FlowProducer"], label: "BullMQ FlowProducer", ...bullmq },
  {
    module: "@grpc/grpc-js",
    // Generated clients: classes read from loadPackageDefinition(…) or made by makeGenericClientConstructor(…).
    exports: ["Client", "loadPackageDefinition().*", "makeGenericClientConstructor()", "makeClientConstructor()"],
    how: "new",
    label: "gRPC client",
    ...grpcClient,
  },
  {
    module: "@grpc/grpc-js",
    exports: ["Channel"],
    how: "new",
    label: "gRPC Channel",
    connects: "lazy",
    connectMethods: ["getConnectivityState(true)"],
    closeMethods: ["close"],
    source: "@grpc/grpc-js src/channel.ts, src/internal-channel.ts: a channel starts IDLE; getConnectivityState(true) calls exitIdle(), which starts connecting, and getConnectivityState(false) only reads the state",
  },
  { module: "cassandra-driver", exports: ["Client"], how: "new", label: "cassandra-driver Client", connects: "lazy", connectMethods: ["connect"], useMethods: ["execute", "batch", "eachRow", "stream"], closeMethods: ["shutdown"], source: "cassandra-driver lib/client.js: connect(), and execute()/batch()/eachRow()/stream() connect an unconnected client" },
  { module: "neo4j-driver", exports: ["driver"], how: "call", label: "neo4j driver", connects: "lazy", useMethods: ["verifyConnectivity", "verifyAuthentication", "getServerInfo", "executeQuery", "supportsMultiDb", "run", "executeRead", "executeWrite", "readTransaction", "writeTransaction"], closeMethods: ["close"], source: "Neo4j JavaScript driver manual: creating a driver opens no connection; verifyConnectivity() and the first query do" },
  { module: "ably", exports: ["Realtime", "Realtime.Promise"], label: "Ably Realtime", ...ablyRealtime },
  { module: "ably/promises", exports: ["Realtime"], label: "Ably Realtime", ...ablyRealtime },
  { module: "ably", exports: ["Rest", "Rest.Promise"], how: "new", label: "Ably Rest", connects: "never", source: "Ably REST client docs: stateless HTTP requests" },
  { module: "pusher-js", exports: ["", "Pusher"], how: "new", label: "pusher-js Pusher", connects: "on-construction", connectMethods: ["connect"], closeMethods: ["disconnect"], source: "pusher-js src/core/pusher.ts: the constructor calls connect() once the runtime is ready (always in Node.js)" },
  { module: "pusher", exports: [""], how: "new", label: "Pusher (server)", connects: "never", source: "pusher-http-node README: the server library sends HTTP requests to the Channels API" },
  { module: "couchbase", exports: ["connect", "Cluster.connect"], how: "call", label: "couchbase.connect()", connects: "on-construction", closeMethods: ["close"], source: "Couchbase Node.js SDK docs, Managing connections: connect() resolves to a connected Cluster" },
  { module: "@fastify/redis", exports: [""], how: "call", label: "@fastify/redis plugin (loaded at init)", connects: "on-construction", source: "@fastify/redis index.js: the plugin creates an ioredis client and waits for its ready event before the application is ready" },
  { module: "@fastify/mongodb", exports: [""], how: "call", label: "@fastify/mongodb plugin (loaded at init)", connects: "on-construction", source: "@fastify/mongodb index.js: the plugin calls MongoClient.connect(url) unless given a client" },
  { module: "@fastify/postgres", exports: [""], how: "call", label: "@fastify/postgres plugin", connects: "lazy", source: "@fastify/postgres index.js: the plugin creates a pg Pool, which connects on the first query" },
  { module: "@neondatabase/serverless", ...neonPool },
  { module: "@neondatabase/serverless", exports: ["Client"], how: "new", label: "@neondatabase/serverless Client", connects: "explicit", connectMethods: ["connect"], closeMethods: ["end"], source: "@neondatabase/serverless README: a Client opens its WebSocket on client.connect()" },
  { module: "@neondatabase/serverless", exports: ["neon"], how: "call", label: "@neondatabase/serverless neon()", connects: "never", source: "@neondatabase/serverless README: neon() sends each query as one HTTP request" },
  { module: "@aws-sdk/*", exports: ["*"], how: "new-or-call", label: "AWS SDK v3 client", connects: "never", source: "KNOWLEDGE §4; AWS SnapStart docs: AWS SDK connections resume by themselves after restore" },
];

/** What a client's call does to its connection. */
export type ConnectionEventKind = "constructed-eager" | "connect-call" | "first-use";

export interface ConnectionEvent {
  kind: ConnectionEventKind;
  client: ClientRow;
  /** The call or `new` that creates the client (the root of a method chain). */
  construction: ts.NewExpression | ts.CallExpression | undefined;
  /** The method called, for connect calls and first uses (`query`, `()` for calling the client itself). */
  method?: string;
}

/** A client value found behind a method chain. */
export interface ClientBehind {
  client: ClientRow;
  construction: ts.NewExpression | ts.CallExpression | undefined;
  /** Member reads and calls after the construction (see `methodChain`). */
  steps: string[];
}

/** The table in force: user rows first, then the built-in rows. */
export class ClientTable {
  private readonly exact = new Map<string, ClientRow[]>();
  private readonly patterns: { matches: (module: string) => boolean; row: ClientRow }[] = [];
  private readonly rank = new Map<ClientRow, number>();
  private portNames: ReadonlySet<string> | undefined | null = null;

  constructor(readonly rows: readonly ClientRow[]) {
    rows.forEach((row, index) => this.rank.set(row, index));
    for (const row of rows) {
      if (row.module.includes("*")) {
        this.patterns.push({ matches: compileWildcard(row.module), row });
      } else {
        const list = this.exact.get(row.module) ?? [];
        list.push(row);
        this.exact.set(row.module, list);
      }
    }
  }

  /** The row describing what `how`-ing `value` creates: `new` of a class or a call of a function. */
  rowFor(value: SymbolicValue, how: "new" | "call"): ClientRow | undefined {
    const named = moduleAndExport(value);
    if (!named) return undefined;
    const exact = this.exact.get(named.module) ?? [];
    const patterned = this.patterns.filter((p) => p.matches(named.module)).map((p) => p.row);
    // User rows come first in `rows`; keep that order across exact and pattern matches.
    const candidates = patterned.length === 0 ? exact : [...exact, ...patterned].sort((a, b) => this.rank.get(a)! - this.rank.get(b)!);
    return candidates.find((row) => (row.how === how || row.how === "new-or-call") && row.exports.some((name) => exportMatches(name, named.exportPath)));
  }

  /**
   * Rows whose client is module-wide (`mongoose.connect()`) and that a call of `value` closes
   * (`mongoose.disconnect()`): closeMethods of a function row name its sibling exports.
   */
  functionRowsClosedBy(value: SymbolicValue): ClientRow[] {
    const named = moduleAndExport(value);
    if (!named || value.kind !== "module" || value.path.length === 0) return [];
    const name = value.path[value.path.length - 1]!;
    return (this.exact.get(named.module) ?? []).filter((row) => row.how === "call" && isCloseMethod(row, name));
  }

  /**
   * The last names a member call or `new` must have to create, bind or connect a client whose local port can be
   * fixed (`net.connect`, `socket.bind`); undefined when a row accepts any export. A plain name may be an alias and is
   * never filtered.
   */
  get localPortCallNames(): ReadonlySet<string> | undefined {
    if (this.portNames === null) {
      const rows = this.rows.filter((row) => row.localPortOptions?.length || row.bindMethods?.length);
      const exports = rows.flatMap((row) => row.exports.map((name) => name.split(".").pop()!));
      this.portNames = exports.includes("*")
        ? undefined
        : new Set([...exports, "default", ...rows.flatMap((row) => [...(row.bindMethods ?? []), ...(row.connectMethods ?? [])])]);
    }
    return this.portNames;
  }

  /** The client a chain of member reads and calls starts from. */
  clientBehind(value: SymbolicValue): ClientBehind | undefined {
    const { root, steps } = methodChain(value);
    const construction = constructionNode(root);
    let client: ClientRow | undefined;
    if (root.kind === "instance") client = this.rowFor(libraryBase(root.ctor), "new");
    else if (root.kind === "call") client = this.rowFor(root.callee, "call");
    return client ? { client, construction, steps } : undefined;
  }
}

/**
 * The library class a class of the tree extends, when it does (`class PrismaService extends PrismaClient`): its
 * instances connect as the library's do.
 */
function libraryBase(ctor: SymbolicValue): SymbolicValue {
  // A class exported by a file of the tree (a generated gRPC client) is looked up there.
  let current = ctor.kind === "export" ? resolveValue(ctor) : ctor;
  for (let depth = 0; depth < 8 && current.kind === "class"; depth++) {
    const heritage = current.node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    if (!heritage) return current;
    current = resolveValue(evaluate(heritage.expression, current.file));
  }
  return current;
}

/** `ioredis` + `Redis`; a leading `default` is dropped (`require("ioredis").default`, TypeScript's CJS interop). */
function moduleAndExport(value: SymbolicValue): { module: string; exportPath: string } | undefined {
  if (value.kind === "module") {
    const path = value.path[0] === "default" ? value.path.slice(1) : value.path;
    return { module: value.module, exportPath: path.join(".") };
  }
  // What a module function returned, and members of it: `loadPackageDefinition().helloworld.Greeter`.
  if (value.kind === "call" && value.callee.kind === "module") {
    const callee = moduleAndExport(value.callee);
    if (callee) return { module: callee.module, exportPath: [`${callee.exportPath}()`, ...value.path].join(".") };
  }
  if (value.kind === "global" && value.path.length > 0) return { module: "globalThis", exportPath: value.path.join(".") };
  return undefined;
}

/** `*` is any export; `loadPackageDefinition().*` any member of what the function returned. */
function exportMatches(name: string, exportPath: string): boolean {
  if (name === "*" || name === exportPath) return true;
  return name.endsWith(".*") && exportPath.startsWith(name.slice(0, -1));
}

const tables = new WeakMap<object, ClientTable>();
const BUILT_IN = new ClientTable(CLIENT_SEMANTICS);

/** The table for a config's `connections` (validated by `validateConnectionsConfig`; invalid rows are skipped). */
export function clientTable(connections: Record<string, unknown> | undefined): ClientTable {
  if (!connections || Object.keys(connections).length === 0) return BUILT_IN;
  let table = tables.get(connections);
  if (!table) {
    table = new ClientTable([...userRows(connections), ...CLIENT_SEMANTICS]);
    tables.set(connections, table);
  }
  return table;
}

/** The facts of the file a node is in: the linted file, or an imported one parsed during analysis. */
export interface FactsResolver {
  factsOf(node: ts.Node): ModuleFacts | undefined;
}

export function factsResolver(analysis: FileAnalysis): FactsResolver {
  return {
    factsOf(node) {
      const sourceFile = node.getSourceFile();
      if (sourceFile === analysis.sourceFile) return analysis.facts;
      const facts = analysis.facts.index.load(sourceFile.fileName);
      // A file evicted from the index and parsed again has other nodes: its scopes cannot answer for this one.
      return facts?.sourceFile === sourceFile ? facts : undefined;
    },
  };
}

export type Laziness = "eager" | "lazy" | "unknown";

/** Whether an `on-construction` client created by `node` stays unconnected, from its arguments. */
export function lazinessOf(client: ClientRow, node: ts.NewExpression | ts.CallExpression | undefined, files: FactsResolver): Laziness {
  if (client.connects !== "on-construction") {
    // Only an option known to be set makes a lazy client eager.
    return client.eagerWhen && conditionsHold(client.eagerWhen, node, files) === "yes" ? "eager" : "lazy";
  }
  if (!client.lazyWhen || client.lazyWhen.length === 0) return "eager";
  const lazy = conditionsHold(client.lazyWhen, node, files);
  return lazy === "yes" ? "lazy" : lazy === "no" ? "eager" : "unknown";
}

/** Whether any of the conditions holds for a creation's arguments: `unknown` when one cannot be read. */
function conditionsHold(conditions: readonly LazyCondition[], node: ts.NewExpression | ts.CallExpression | undefined, files: FactsResolver): "yes" | "no" | "unknown" {
  if (!node) return "unknown";
  const facts = files.factsOf(node);
  if (!facts) return "unknown";
  const args = node.arguments ?? [];
  let unknown = false;
  for (const condition of conditions) {
    if ("withoutArguments" in condition) {
      if (args.length === 0) return "yes";
      continue;
    }
    const reading = readOptionFromArguments(args, condition.option, facts);
    if (reading.kind === "unknown") unknown = true;
    if (reading.kind !== "set") continue;
    const value = literalValue(reading.value, reading.facts);
    if (value === undefined) unknown = true;
    else if (value === condition.equals) return "yes";
  }
  return unknown ? "unknown" : "no";
}

function matchesMethod(method: string, list: readonly string[] | undefined, client: ClientRow, anyMethod = true): boolean {
  if (!list) return false;
  if (list.includes(method)) return true;
  if (!anyMethod || method === CALL_STEP || !list.includes("*")) return false;
  return !NEVER_USE.has(method) && !(client.notUseMethods ?? []).includes(method);
}

/** The call's first argument as a literal, for connect methods written with one. */
type FirstArgument = () => boolean | number | string | undefined;

/**
 * Whether `entry` of a method list names `method`: `getConnectivityState(true)` names the method called with that
 * first argument only, `getConnectivityState` any call of it.
 */
function namesMethod(entry: string, method: string, firstArgument: FirstArgument | undefined): boolean {
  if (entry === method) return true;
  const open = entry.indexOf("(");
  if (open <= 0 || !entry.endsWith(")") || entry.slice(0, open) !== method || !firstArgument) return false;
  const written = entry.slice(open + 1, -1);
  const actual = firstArgument();
  return actual !== undefined && written === (typeof actual === "string" ? JSON.stringify(actual) : String(actual));
}

/**
 * Whether calling `method` opens the client's connection, whatever happens to the result. `direct`: called on the
 * client itself rather than on the result of another call, which is all a `*` in `useMethods` covers.
 * `firstArgument` reads the call's first argument, for entries that name one; an earlier call of a chain has none.
 */
function opensOnCall(method: string, client: ClientRow, direct: boolean, firstArgument?: FirstArgument): "connect-call" | "first-use" | undefined {
  if ((client.connectMethods ?? []).some((entry) => namesMethod(entry, method, firstArgument))) return "connect-call";
  if (matchesMethod(method, client.useMethods, client, direct)) return "first-use";
  return undefined;
}

/** The method a chain calls last, and the methods called before it (the first of them directly on the client). */
function calledMethods(steps: readonly string[]): { last: string; earlier: string[] } | undefined {
  const earlier: string[] = [];
  steps.forEach((step, index) => {
    if (step === CALL_STEP) earlier.push(index === 0 || steps[index - 1] === CALL_STEP ? CALL_STEP : steps[index - 1]!);
  });
  if (steps.length === 0) return { last: CALL_STEP, earlier };
  const last = steps[steps.length - 1]!;
  // Calling the result of a call (`make()()`) says nothing about the client.
  if (last === CALL_STEP) return undefined;
  return { last, earlier };
}

/**
 * What an init call does to a client's connection: creates an eager client, calls a connect method, or makes the
 * first use of a lazy one. `callee` is what `node` calls or constructs (`analysis.calleeOf`, `InitCall.callee`).
 */
export function classifyInitCall(
  call: { node: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression; callee: SymbolicValue },
  table: ClientTable,
  files: FactsResolver,
): ConnectionEvent | undefined {
  const { node, callee } = call;
  const created = ts.isNewExpression(node) ? libraryBase(callee) : callee;
  if (!ts.isTaggedTemplateExpression(node) && (created.kind === "module" || created.kind === "global")) {
    const client = table.rowFor(created, ts.isNewExpression(node) ? "new" : "call");
    if (client) return lazinessOf(client, node, files) === "eager" ? { kind: "constructed-eager", client, construction: node } : undefined;
  }
  if (ts.isNewExpression(node)) return undefined;
  const behind = table.clientBehind(callee);
  if (!behind) return undefined;
  const { client, construction, steps } = behind;
  if (client.connects === "never" || client.connects === "per-request") return undefined;
  const methods = calledMethods(steps);
  if (!methods) return undefined;
  // An earlier call of the chain already connected (`(await pool.connect()).query()`): that call is the event.
  if (methods.earlier.some((method, index) => opensOnCall(method, client, index === 0))) return undefined;
  const firstArgument = (): boolean | number | string | undefined => {
    const argument = ts.isCallExpression(node) ? node.arguments[0] : undefined;
    const facts = argument && files.factsOf(argument);
    return argument && facts ? literalValue(argument, facts) : undefined;
  };
  let kind = opensOnCall(methods.last, client, methods.earlier.length === 0, firstArgument);
  if (!kind && matchesMethod(methods.last, client.queryMethods, client) && isConsumedAsPromise(node)) kind = "first-use";
  if (!kind) return undefined;
  // An eager client connected when it was created: the construction is the event.
  if (lazinessOf(client, construction, files) === "eager") return undefined;
  return { kind, client, construction, method: methods.last };
}

/** Whether `method` closes the client's connection. */
export function isCloseMethod(client: ClientRow, method: string): boolean {
  return (client.closeMethods ?? []).includes(method);
}

/** Whether calling `method` connects or closes the client: what a restore hook does to reconnect it. */
export function isReconnectMethod(client: ClientRow, method: string): boolean {
  return (client.connectMethods ?? []).includes(method) || isCloseMethod(client, method);
}

/** The last method a chain calls, or undefined when it does not end in a method call on the client. */
export function lastMethodOf(steps: readonly string[]): string | undefined {
  return calledMethods(steps)?.last;
}

// ---------------------------------------------------------------------------------------------------------------
// User rows from config: `connections: { "<module>": { … } | [{ … }, …] }`.

const ROW_KEYS: Record<keyof ClientSemantics, "strings" | "how" | "connects" | "string" | "lazyWhen"> = {
  exports: "strings",
  how: "how",
  label: "string",
  connects: "connects",
  lazyWhen: "lazyWhen",
  eagerWhen: "lazyWhen",
  connectMethods: "strings",
  useMethods: "strings",
  queryMethods: "strings",
  notUseMethods: "strings",
  closeMethods: "strings",
  localPortOptions: "strings",
  bindMethods: "strings",
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function rowProblems(row: unknown, at: string): string[] {
  if (!isRecord(row)) return [`${at}: expected an object describing the client, such as { "exports": ["Client"], "how": "new", "connects": "explicit", "connectMethods": ["connect"] }`];
  const problems: string[] = [];
  if (!("connects" in row)) problems.push(`${at}.connects: required, one of ${CONNECTS.map((c) => `"${c}"`).join(", ")}`);
  for (const [key, value] of Object.entries(row)) {
    // Own keys only: `toString` or `__proto__` would otherwise find Object.prototype's members.
    const kind = Object.hasOwn(ROW_KEYS, key) ? ROW_KEYS[key as keyof ClientSemantics] : undefined;
    const path = `${at}.${key}`;
    if (!kind) {
      problems.push(`${path}: unknown key; expected one of ${Object.keys(ROW_KEYS).join(", ")}`);
      continue;
    }
    if (kind === "strings") {
      if (!Array.isArray(value)) problems.push(`${path}: expected an array of strings`);
      else value.forEach((item, index) => typeof item !== "string" && problems.push(`${path}[${index}]: expected a string`));
    } else if (kind === "string") {
      if (typeof value !== "string") problems.push(`${path}: expected a string`);
    } else if (kind === "how") {
      if (!HOWS.includes(value as How)) problems.push(`${path}: expected one of ${HOWS.map((h) => `"${h}"`).join(", ")}`);
    } else if (kind === "connects") {
      if (!CONNECTS.includes(value as Connects)) problems.push(`${path}: expected one of ${CONNECTS.map((c) => `"${c}"`).join(", ")}`);
    } else if (!Array.isArray(value)) {
      problems.push(`${path}: expected an array of conditions such as { "option": "lazyConnect", "equals": true } or { "withoutArguments": true }`);
    } else {
      value.forEach((condition, index) => problems.push(...conditionProblems(condition, `${path}[${index}]`)));
    }
  }
  return problems;
}

function conditionProblems(condition: unknown, at: string): string[] {
  if (!isRecord(condition)) return [`${at}: expected an object`];
  if ("withoutArguments" in condition) {
    const extra = Object.keys(condition).filter((key) => key !== "withoutArguments");
    return [
      ...(condition.withoutArguments === true ? [] : [`${at}.withoutArguments: expected true`]),
      ...extra.map((key) => `${at}.${key}: unknown key next to withoutArguments`),
    ];
  }
  const problems: string[] = [];
  if (typeof condition.option !== "string") problems.push(`${at}.option: expected the option's name as a string`);
  if (!["boolean", "number", "string"].includes(typeof condition.equals)) problems.push(`${at}.equals: expected a boolean, number or string`);
  for (const key of Object.keys(condition)) if (key !== "option" && key !== "equals") problems.push(`${at}.${key}: unknown key; expected option and equals`);
  return problems;
}

/** Problems in a `connections` config value, each naming its key path (`connections["pg"].connects: …`). */
export function validateConnectionsConfig(value: unknown): string[] {
  if (value === undefined) return [];
  if (!isRecord(value)) return [`connections: expected an object keyed by module name, such as { "my-db": { "connects": "lazy" } }`];
  const problems: string[] = [];
  for (const [module, entry] of Object.entries(value)) {
    const at = `connections[${JSON.stringify(module)}]`;
    if (module.trim() === "") problems.push(`${at}: the module name is empty`);
    if (Array.isArray(entry)) entry.forEach((row, index) => problems.push(...rowProblems(row, `${at}[${index}]`)));
    else problems.push(...rowProblems(entry, at));
  }
  return problems;
}

/** Rows from a `connections` config; entries with problems are skipped (the config loader reports them). */
export function userRows(connections: Record<string, unknown>): ClientRow[] {
  const rows: ClientRow[] = [];
  for (const [specifier, entry] of Object.entries(connections)) {
    const module = specifier.startsWith("node:") ? specifier.slice(5) : specifier;
    const entries = Array.isArray(entry) ? entry : [entry];
    for (const semantics of entries) {
      if (rowProblems(semantics, "row").length > 0) continue;
      const row = semantics as ClientSemantics;
      const exports = row.exports ?? [""];
      rows.push({
        ...row,
        module,
        exports,
        how: row.how ?? "new-or-call",
        label: row.label ?? (exports[0] ? `${module} ${exports[0]}` : module),
        source: "user configuration (connections)",
      });
    }
  }
  return rows;
}
