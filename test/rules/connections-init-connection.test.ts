import rule from "../../rules/connections/init-connection.js";
import { testRule } from "../rule-tester.js";

const handler = `export const handler = async () => ({ statusCode: 200 });`;

testRule(rule, {
  valid: [
    // pg: a Pool is lazy; a Client connected inside the handler.
    `import { Pool } from "pg";\nconst pool = new Pool();\nexport const handler = async () => (await pool.query("select 1")).rows;`,
    `import pg from "pg";\nexport const handler = async () => {\n  const client = new pg.Client();\n  await client.connect();\n  try { return await client.query("select now()"); } finally { await client.end(); }\n};`,
    // pg: connected in a lazy getter.
    `import { Client } from "pg";\nlet client: Client | undefined;\nasync function db() {\n  if (!client) { client = new Client(); await client.connect(); }\n  return client;\n}\nexport const handler = async () => (await db()).query("select 1");`,
    // pg-pool
    `import Pool from "pg-pool";\nconst pool = new Pool({ max: 1 });\nexport const handler = async () => pool.query("select 1");`,
    // postgres.js: lazy; a query only built at init is not run.
    `import postgres from "postgres";\nconst sql = postgres(process.env.DATABASE_URL!);\nexport const handler = async () => sql\`select 1\`;`,
    // mysql: createConnection alone, and a pool.
    `const mysql = require("mysql");\nconst connection = mysql.createConnection({ host: "db" });\nexports.handler = (event, ctx, cb) => connection.query("select 1", cb);`,
    { code: `const mysql = require("mysql");\nconst pool = mysql.createPool({ connectionLimit: 2 });\nmodule.exports.handler = async () => new Promise((ok) => pool.query("select 1", ok));`, filename: "src/index.cjs" },
    // mysql2: pools are lazy (callback and promise APIs).
    `import mysql from "mysql2";\nconst pool = mysql.createPool({ uri: process.env.DATABASE_URL }).promise();\nexport const handler = async () => pool.query("select 1");`,
    `import { createPool } from "mysql2/promise";\nconst pool = createPool(process.env.DATABASE_URL!);\nexport const handler = async () => pool.execute("select 1");`,
    // mongodb: constructed, used in the handler.
    `import { MongoClient } from "mongodb";\nconst client = new MongoClient(process.env.MONGO_URI!);\nconst users = client.db("app").collection("users");\nexport const handler = async () => users.findOne({});`,
    // mongoose: createConnection() without a uri does not connect; models at init are fine.
    `import mongoose from "mongoose";\nconst conn = mongoose.createConnection();\nconst User = conn.model("User", new mongoose.Schema({ name: String }));\nexport const handler = async () => { await conn.openUri(process.env.MONGO_URI!); return User.find(); };`,
    // ioredis: lazyConnect, directly and through a constant.
    `import Redis from "ioredis";\nconst redis = new Redis({ lazyConnect: true });\nredis.on("error", console.error);\nexport const handler = async () => redis.get("k");`,
    `import { Redis } from "ioredis";\nconst options = { host: "cache", lazyConnect: true };\nconst redis = new Redis(options);\nexport const handler = async () => redis.get("k");`,
    `import Redis from "ioredis";\nconst cluster = new Redis.Cluster([{ host: "cache" }], { lazyConnect: true });\nexport const handler = async () => cluster.get("k");`,
    // ioredis: options that cannot be read are not assumed eager.
    `import Redis from "ioredis";\nimport { settings } from "./settings";\nconst redis = new Redis({ ...settings.redis });\nexport const handler = async () => redis.get("k");`,
    // ioredis: created in the handler.
    `import Redis from "ioredis";\nexport const handler = async () => { const redis = new Redis(); try { return await redis.get("k"); } finally { redis.disconnect(); } };`,
    // redis v4: createClient() alone does not connect.
    `import { createClient } from "redis";\nconst client = createClient({ url: process.env.REDIS_URL });\nlet ready: Promise<unknown> | undefined;\nexport const handler = async () => { ready ??= client.connect(); await ready; return client.get("k"); };`,
    // @upstash/redis is HTTP: even a warm-up at init opens no socket.
    `import { Redis } from "@upstash/redis";\nconst redis = Redis.fromEnv();\nawait redis.ping();\nexport const handler = async () => redis.get("k");`,
    `import { Redis } from "@upstash/redis/cloudflare";\nconst redis = new Redis({ url: "https://x.upstash.io", token: "t" });\nawait redis.set("warm", 1);`,
    // valkey-glide: lazyConnect.
    `import { GlideClient } from "@valkey/valkey-glide";\nconst client = await GlideClient.createClient({ addresses: [{ host: "cache" }], lazyConnect: true });\nexport const handler = async () => client.get("k");`,
    // knex: builders not awaited at init run nothing.
    `import knex from "knex";\nconst db = knex({ client: "pg", connection: process.env.DATABASE_URL });\nconst now = db.raw("now()");\nconst users = () => db("users");\nexport const handler = async () => users().where({ created_at: now });`,
    // sequelize: constructed and defined at init, queried in the handler.
    `import { Sequelize, DataTypes } from "sequelize";\nconst sequelize = new Sequelize(process.env.DATABASE_URL!);\nconst User = sequelize.define("User", { name: DataTypes.STRING });\nexport const handler = async () => User.findAll();`,
    // prisma: lazy; a query built but not awaited at init.
    `import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\nconst activeUsers = prisma.user.findMany({ where: { active: true } });\nexport const handler = async () => prisma.user.count();`,
    // typeorm: initialize() in the handler.
    `import { DataSource } from "typeorm";\nexport const AppDataSource = new DataSource({ type: "postgres", url: process.env.DATABASE_URL });\nexport const handler = async () => { if (!AppDataSource.isInitialized) await AppDataSource.initialize(); return AppDataSource.query("select 1"); };`,
    // drizzle: the db is lazy; neon-http never holds a socket.
    `import { drizzle } from "drizzle-orm/node-postgres";\nimport { sql } from "drizzle-orm";\nconst db = drizzle(process.env.DATABASE_URL!);\nexport const handler = async () => db.execute(sql\`select 1\`);`,
    `import { drizzle } from "drizzle-orm/neon-http";\nimport { sql } from "drizzle-orm";\nconst db = drizzle(process.env.DATABASE_URL!);\nawait db.execute(sql\`select 1\`);`,
    // net/tls/dgram: sockets created in the handler, or an unconnected UDP socket.
    `import net from "node:net";\nexport const handler = async () => new Promise((ok) => { const s = net.connect(6379, "cache", () => { s.end(); ok(1); }); });`,
    `import tls from "tls";\nexport async function handler() { const socket = tls.connect({ host: "api", port: 443 }); socket.end(); }`,
    `import dgram from "dgram";\nconst socket = dgram.createSocket("udp4");\nexport const handler = async () => socket.send("metric:1|c", 8125, "statsd");`,
    // http(s)/undici agents: sockets only per request.
    `import https from "https";\nconst agent = new https.Agent({ keepAlive: true });\nexport const handler = async () => new Promise((ok) => https.get("https://api.example.com", { agent }, ok));`,
    `import { Pool } from "undici";\nconst pool = new Pool("https://api.example.com", { connections: 4 });\nexport const handler = async () => (await pool.request({ path: "/", method: "GET" })).body.text();`,
    // A one-off request at init keeps no client of yours.
    `import { request } from "undici";\nconst config = await (await request("https://config.example.com")).body.json();\nexport const handler = async () => config;`,
    // ws and the global WebSocket in the handler.
    `import WebSocket from "ws";\nexport const handler = async () => { const ws = new WebSocket("wss://feed.example.com"); ws.close(); };`,
    `export const handler = async () => { const ws = new WebSocket("wss://feed.example.com"); ws.close(); };`,
    // socket.io-client with autoConnect: false.
    `import { io } from "socket.io-client";\nconst socket = io("https://rt.example.com", { autoConnect: false });\nexport const handler = async () => { socket.connect(); socket.emit("ping"); };`,
    // amqplib, nats, mqtt connected in the handler.
    `import amqp from "amqplib";\nlet connection: Awaited<ReturnType<typeof amqp.connect>> | undefined;\nexport const handler = async () => { connection ??= await amqp.connect(process.env.AMQP_URL!); };`,
    `import { connect } from "nats";\nexport const handler = async () => { const nc = await connect({ servers: "nats:4222" }); await nc.drain(); };`,
    `import mqtt from "mqtt";\nconst client = mqtt.connect("mqtt://broker", { manualConnect: true });\nexport const handler = async () => { client.connect(); };`,
    // kafkajs: new Kafka() and producer() do not connect.
    `import { Kafka } from "kafkajs";\nconst kafka = new Kafka({ brokers: ["kafka:9092"] });\nconst producer = kafka.producer();\nexport const handler = async () => { await producer.connect(); await producer.send({ topic: "t", messages: [] }); };`,
    // aws-iot-device-sdk in the handler.
    `const awsIot = require("aws-iot-device-sdk");\nexports.handler = async () => { const device = awsIot.device({ host: "x-ats.iot.amazonaws.com" }); device.end(); };`,
    // Elasticsearch: constructed at init, used in the handler.
    `import { Client } from "@elastic/elasticsearch";\nconst es = new Client({ node: "https://search:9200" });\nexport const handler = async () => es.search({ index: "docs" });`,
    // Calls that send nothing: diagnostics, command definitions, pipelines, cursors not iterated.
    `import { Client } from "@elastic/elasticsearch";\nconst es = new Client({ node: "https://search:9200" });\nes.diagnostic.on("response", () => {});\nexport const handler = async () => es.search({ index: "docs" });`,
    `import Redis from "ioredis";\nconst redis = new Redis({ lazyConnect: true });\nredis.defineCommand("incrCap", { numberOfKeys: 1, lua: "return 1" });\nconst pipeline = redis.pipeline().incr("hits");\nexport const handler = async () => pipeline.exec();`,
    `import { MongoClient } from "mongodb";\nconst client = new MongoClient(process.env.MONGO_URI!);\nconst recent = () => client.db("app").collection("events").find().sort({ at: -1 }).limit(10);\nconst cursor = client.db("app").collection("users").find({ active: true });\nexport const handler = async () => [await cursor.toArray(), await recent().toArray()];`,
    // AWS SDK v3: never a finding, even used at init.
    `import { DynamoDBClient, DescribeTableCommand } from "@aws-sdk/client-dynamodb";\nconst ddb = new DynamoDBClient({});\nawait ddb.send(new DescribeTableCommand({ TableName: "t" }));\n${handler}`,
    // Restore hook: reconnect there.
    `import v8 from "node:v8";\nimport Redis from "ioredis";\nconst redis = new Redis();\nv8.startupSnapshot.addSerializeCallback(() => redis.disconnect());\nv8.startupSnapshot.addDeserializeCallback(() => redis.connect());`,
    `import v8 from "node:v8";\nimport Redis from "ioredis";\nlet redis = new Redis();\nv8.startupSnapshot.addDeserializeCallback(() => { redis = new Redis(); });\nexport const get = (k: string) => redis.get(k);`,
    `import v8 from "v8";\nimport mongoose from "mongoose";\nawait mongoose.connect(process.env.MONGO_URI!);\nv8.startupSnapshot.addDeserializeCallback(() => mongoose.connect(process.env.MONGO_URI!));`,
    // A user-declared restore hook.
    {
      code: `import { Client } from "pg";\nimport { onRestore } from "./runtime";\nconst client = new Client();\nawait client.connect();\nonRestore(async () => { await client.end(); });`,
      restoreHooks: ["onRestore"],
    },
    // Closed before the snapshot: a one-off migration at init.
    `import { Client } from "pg";\nconst client = new Client();\nawait client.connect();\nawait client.query("create table if not exists t (id int)");\nawait client.end();`,
    // A lazy getter on a class.
    `import Redis from "ioredis";\nclass Cache { #redis?: Redis; get redis() { return (this.#redis ??= new Redis()); } }\nexport const cache = new Cache();`,
    // A function defined but not called at init; a route handler.
    `import { Client } from "pg";\nexport async function connectDb() { const c = new Client(); await c.connect(); return c; }`,
    `import express from "express";\nimport Redis from "ioredis";\nconst app = express();\napp.get("/", async (req, res) => { const r = new Redis(); res.send(await r.get("k")); });`,
    // A shadowed name is not the library.
    `import { Redis } from "ioredis";\nfunction make(Redis: new () => object) { return new Redis(); }\nexport const made = make(class {});`,
    // User config: a module declared lazy.
    { code: `import Redis from "ioredis";\nexport const redis = new Redis();`, connections: { ioredis: { exports: [""], how: "new", connects: "lazy" } } },
    {
      name: "gRPC: clients and channels stay idle until the first call; getConnectivityState(false) only reads the state",
      code: [
        `import * as grpc from "@grpc/grpc-js";`,
        `const proto = grpc.loadPackageDefinition({}).shop as grpc.GrpcObject;`,
        `const Orders = proto.Orders as grpc.ServiceClientConstructor;`,
        `const orders = new Orders("orders:50051", grpc.credentials.createInsecure());`,
        `const Generic = grpc.makeGenericClientConstructor({}, "Generic");`,
        `const generic = new Generic("generic:50051", grpc.credentials.createInsecure());`,
        `const channel = new grpc.Channel("audit:50051", grpc.credentials.createInsecure(), {});`,
        `const TRY_TO_CONNECT = false;`,
        `console.log(orders.getChannel().getConnectivityState(false), channel.getConnectivityState(TRY_TO_CONNECT), generic.getChannel().getTarget());`,
        `export const handler = async () => new Promise((resolve) => orders.waitForReady(Date.now() + 1000, resolve));`,
      ].join("\n"),
    },
  ],
  invalid: [
    {
      name: "gRPC: waitForReady() on a generated client, getConnectivityState(true) on its channel or a Channel, and a warm-up RPC",
      code: [
        `import * as grpc from "@grpc/grpc-js";`,
        `const proto = grpc.loadPackageDefinition({}).shop as grpc.GrpcObject;`,
        `const orders = new (proto.Orders as grpc.ServiceClientConstructor)("orders:50051", grpc.credentials.createInsecure());`,
        `orders.waitForReady(Date.now() + 1000, () => {});`,
        `const Generic = grpc.makeGenericClientConstructor({}, "Generic");`,
        `const generic = new Generic("generic:50051", grpc.credentials.createInsecure());`,
        `generic.getChannel().getConnectivityState(true);`,
        `const channel = new grpc.Channel("audit:50051", grpc.credentials.createInsecure(), {});`,
        `const TRY_TO_CONNECT = true;`,
        `channel.getConnectivityState(TRY_TO_CONNECT);`,
        `const prices = new (proto.Prices as grpc.ServiceClientConstructor)("prices:50051", grpc.credentials.createInsecure());`,
        `prices.ping({}, () => {});`,
        handler,
      ].join("\n"),
      errors: [
        { messageId: "connect", line: 4, column: 1, messageIncludes: "gRPC client" },
        { messageId: "connect", line: 7, column: 1, messageIncludes: "gRPC client" },
        { messageId: "connect", line: 10, column: 1, messageIncludes: "gRPC Channel" },
        { messageId: "firstUse", line: 12, column: 1, messageIncludes: "gRPC client" },
      ],
    },
    {
      name: "pg Client connected at init",
      code: `import { Client } from "pg";\nconst client = new Client({ connectionString: process.env.DATABASE_URL });\nawait client.connect();\nexport const handler = async () => client.query("select 1");`,
      errors: [{ messageId: "connect", line: 3, column: 7, messageIncludes: "client.connect() opens the pg Client connection at init" }],
    },
    {
      name: "pg Pool warmed at init",
      code: `import pg from "pg";\nconst pool = new pg.Pool();\nawait pool.query("select 1");`,
      errors: [{ messageId: "firstUse", line: 3, column: 7, messageIncludes: "pool.query() is the first use of pg Pool" }],
    },
    {
      name: "a client used several times at init is reported once, at its first use",
      code: `const { Pool } = require("pg");\nconst pool = new Pool();\npool.connect().then((c) => c.release());\n(async () => { const c = await pool.connect(); await c.query("select 1"); })();`,
      filename: "src/index.js",
      errors: [{ messageId: "firstUse", line: 3, column: 1 }],
    },
    {
      name: "a checked-out client queried: the check-out is the event",
      code: `import { Pool } from "pg";\nconst pool = new Pool();\nconst rows = (await (await pool.connect()).query("select 1")).rows;`,
      errors: [{ messageId: "firstUse", line: 3, column: 28 }],
    },
    {
      name: "postgres.js query awaited at init",
      code: `import postgres from "postgres";\nconst sql = postgres(process.env.DATABASE_URL!);\nconst analytics = postgres(process.env.ANALYTICS_URL!);\nawait sql\`select 1\`;\nconst [row] = await analytics.unsafe("select 2");`,
      errors: [
        { messageId: "firstUse", line: 4, column: 7, messageIncludes: "sql`…` is the first use of postgres.js sql" },
        { messageId: "firstUse", line: 5, column: 21 },
      ],
    },
    {
      name: "mysql createConnection + connect / first query",
      code: `var mysql = require("mysql");\nvar a = mysql.createConnection({ host: "db" });\na.connect();\nvar b = mysql.createConnection({ host: "db" });\nb.query("select 1", function () {});`,
      filename: "src/index.js",
      errors: [
        { messageId: "connect", line: 3, column: 1 },
        { messageId: "firstUse", line: 5, column: 1 },
      ],
    },
    {
      name: "mysql connect then query on the same connection: one finding",
      code: `const mysql = require("mysql");\nconst connection = mysql.createConnection({ host: "db" });\nconnection.connect();\nconnection.query("select 1", () => {});`,
      filename: "src/index.cjs",
      errors: [{ messageId: "connect", line: 3, column: 1 }],
    },
    {
      name: "mysql pool queried at init",
      code: `import mysql from "mysql";\nconst pool = mysql.createPool({ host: "db" });\npool.getConnection((err, conn) => conn.release());`,
      errors: [{ messageId: "firstUse", line: 3, column: 1 }],
    },
    {
      name: "mysql2 createConnection is eager (callback and promise APIs)",
      code: `import mysql from "mysql2";\nimport * as mysqlp from "mysql2/promise";\nexport const conn = mysql.createConnection({ host: "db" });\nexport const conn2 = await mysqlp.createConnection(process.env.DATABASE_URL!);`,
      errors: [
        { messageId: "eager", line: 3, column: 21, messageIncludes: "mysql2 createConnection() connects as soon as it is called" },
        { messageId: "eager", line: 4, column: 28 },
      ],
    },
    {
      name: "mysql2/promise pool warmed at init",
      code: `import { createPool } from "mysql2/promise";\nconst pool = createPool({ uri: process.env.DATABASE_URL });\nawait pool.query("select 1");`,
      errors: [{ messageId: "firstUse", line: 3, column: 7 }],
    },
    {
      name: "mongodb: connect(), static connect and a first operation",
      code: [
        `import { MongoClient } from "mongodb";`,
        `const a = new MongoClient(process.env.MONGO_URI!);`,
        `await a.connect();`,
        `const b = await MongoClient.connect(process.env.MONGO_URI!);`,
        `const c = new MongoClient(process.env.MONGO_URI!);`,
        `await c.db("admin").command({ ping: 1 });`,
      ].join("\n"),
      errors: [
        { messageId: "connect", line: 3, column: 7 },
        { messageId: "eager", line: 4, column: 17 },
        { messageId: "firstUse", line: 6, column: 7 },
      ],
    },
    {
      name: "mongoose connect and createConnection(uri)",
      code: `const mongoose = require("mongoose");\nmongoose.connect(process.env.MONGO_URI);\nconst conn = mongoose.createConnection(process.env.MONGO_URI);`,
      filename: "src/index.cjs",
      errors: [
        { messageId: "eager", line: 2, column: 1 },
        { messageId: "eager", line: 3, column: 14 },
      ],
    },
    {
      name: "ioredis eager, Cluster, and nested in another constructor's arguments",
      code: [
        `import Redis, { Cluster } from "ioredis";`,
        `import { RateLimiter } from "./limiter";`,
        `export const redis = new Redis(process.env.REDIS_URL!);`,
        `export const cluster = new Cluster([{ host: "cache", port: 6379 }]);`,
        `export const limiter = new RateLimiter({ db: new Redis({ host: "cache" }) });`,
      ].join("\n"),
      errors: [
        { messageId: "eager", line: 3, column: 22, messageIncludes: "ioredis Redis" },
        { messageId: "eager", line: 4, column: 24, messageIncludes: "ioredis Cluster" },
        { messageId: "eager", line: 5, column: 46 },
      ],
    },
    {
      name: "ioredis lazyConnect warmed at init",
      code: `import Redis from "ioredis";\nconst redis = new Redis({ lazyConnect: true });\nawait redis.ping();`,
      errors: [{ messageId: "firstUse", line: 3, column: 7 }],
    },
    {
      name: "ioredis: a pipeline queues, exec() sends",
      code: `import Redis from "ioredis";\nconst redis = new Redis({ lazyConnect: true });\nconst queued = redis.multi().set("boot", "1");\nawait queued.exec();`,
      errors: [{ messageId: "firstUse", line: 4, column: 7, messageIncludes: "queued.exec()" }],
    },
    {
      name: "ioredis with unreadable options, then used at init",
      code: `import Redis from "ioredis";\nimport { options } from "./config";\nconst redis = new Redis(options);\nawait redis.get("warm");`,
      errors: [{ messageId: "firstUse", line: 4, column: 7 }],
    },
    {
      name: "redis v4 connect, directly and chained",
      code: `import { createClient } from "redis";\nconst client = createClient();\nawait client.connect();\nexport const other = await createClient({ url: process.env.REDIS_URL }).connect();`,
      errors: [
        { messageId: "connect", line: 3, column: 7 },
        { messageId: "connect", line: 4, column: 28 },
      ],
    },
    {
      name: "valkey-glide createClient connects",
      code: `import { GlideClient, GlideClusterClient } from "@valkey/valkey-glide";\nexport const client = await GlideClient.createClient({ addresses: [{ host: "cache" }] });\nexport const cluster = await GlideClusterClient.createClient({ addresses: [{ host: "cache" }] });`,
      errors: [
        { messageId: "eager", line: 2, column: 29 },
        { messageId: "eager", line: 3, column: 30 },
      ],
    },
    {
      name: "knex raw and builder awaited at init",
      code: `import knex from "knex";\nconst db = knex({ client: "pg", connection: process.env.DATABASE_URL });\nconst reports = knex({ client: "pg", connection: process.env.REPORTS_URL });\nawait db.raw("select 1");\nexport const admins = await reports("users").where({ role: "admin" });`,
      errors: [
        { messageId: "firstUse", line: 4, column: 7 },
        { messageId: "firstUse", line: 5, column: 29 },
      ],
    },
    {
      name: "sequelize authenticate and sync at init",
      code: `import { Sequelize } from "sequelize";\nconst sequelize = new Sequelize(process.env.DATABASE_URL!);\nawait sequelize.authenticate();\nnew Sequelize(process.env.AUDIT_URL!).define("Event", {}).sync();`,
      errors: [
        { messageId: "firstUse", line: 3, column: 7 },
        { messageId: "firstUse", line: 4, column: 1 },
      ],
    },
    {
      name: "prisma $connect and an awaited query",
      code: [
        `import { PrismaClient } from "@prisma/client";`,
        `const prisma = new PrismaClient();`,
        `const replica = new PrismaClient();`,
        `const audit = new PrismaClient();`,
        `await prisma.$connect();`,
        `const flags = await replica.flag.findMany();`,
        `audit.$queryRaw\`select 1\`.then(() => {});`,
      ].join("\n"),
      errors: [
        { messageId: "connect", line: 5, column: 7 },
        { messageId: "firstUse", line: 6, column: 21 },
        { messageId: "firstUse", line: 7, column: 1 },
      ],
    },
    {
      name: "typeorm DataSource initialized at init, across files",
      code: `import { AppDataSource } from "./data-source";\nawait AppDataSource.initialize();`,
      files: { "data-source.ts": `import { DataSource } from "typeorm";\nexport const AppDataSource = new DataSource({ type: "postgres" });\n` },
      errors: [{ messageId: "connect", line: 2, column: 7, messageIncludes: "TypeORM DataSource" }],
    },
    {
      name: "drizzle query awaited at init",
      code: `import { drizzle } from "drizzle-orm/node-postgres";\nimport { users } from "./schema";\nconst db = drizzle(process.env.DATABASE_URL!);\nexport const seeded = await db.select().from(users).limit(1);`,
      errors: [{ messageId: "firstUse", line: 4, column: 29 }],
    },
    {
      name: "net, tls and dgram sockets at init",
      code: [
        `import net from "node:net";`,
        `import tls from "node:tls";`,
        `import dgram from "node:dgram";`,
        `const a = net.createConnection({ host: "cache", port: 6379 });`,
        `const b = tls.connect(443, "api.example.com");`,
        `const c = new net.Socket();`,
        `c.connect(5432, "db");`,
        `const d = dgram.createSocket("udp4");`,
        `d.connect(8125, "statsd");`,
      ].join("\n"),
      errors: [
        { messageId: "eager", line: 4, column: 11 },
        { messageId: "eager", line: 5, column: 11 },
        { messageId: "connect", line: 7, column: 1 },
        { messageId: "connect", line: 9, column: 1 },
      ],
    },
    {
      name: "undici pool used at init",
      code: `import { Pool } from "undici";\nconst pool = new Pool("https://api.example.com");\nconst { body } = await pool.request({ path: "/health", method: "GET" });`,
      errors: [{ messageId: "firstUse", line: 3, column: 24 }],
    },
    {
      name: "ws and the global WebSocket",
      code: `import WebSocket from "ws";\nexport const feed = new WebSocket("wss://feed.example.com");\nexport const live = new globalThis.WebSocket("wss://live.example.com");`,
      errors: [
        { messageId: "eager", line: 2, column: 21, messageIncludes: "ws WebSocket" },
        { messageId: "eager", line: 3, column: 21 },
      ],
    },
    {
      name: "socket.io-client io() and a manual connect at init",
      code: `import { io } from "socket.io-client";\nexport const a = io("https://rt.example.com");\nconst b = io("https://rt.example.com", { autoConnect: false });\nb.connect();`,
      errors: [
        { messageId: "eager", line: 2, column: 18 },
        { messageId: "connect", line: 4, column: 1 },
      ],
    },
    {
      name: "amqplib, nats, mqtt, aws-iot-device-sdk connect at init",
      code: [
        `import amqp from "amqplib";`,
        `import { connect } from "nats";`,
        `import mqtt from "mqtt";`,
        `import awsIot from "aws-iot-device-sdk";`,
        `export const rabbit = await amqp.connect(process.env.AMQP_URL!);`,
        `export const nc = await connect({ servers: "nats:4222" });`,
        `export const broker = mqtt.connect("mqtt://broker");`,
        `export const device = awsIot.device({ host: "x-ats.iot.us-east-1.amazonaws.com" });`,
      ].join("\n"),
      errors: [
        { messageId: "eager", line: 5, column: 29 },
        { messageId: "eager", line: 6, column: 25 },
        { messageId: "eager", line: 7, column: 23 },
        { messageId: "eager", line: 8, column: 23 },
      ],
    },
    {
      name: "kafkajs producer connected at init",
      code: `const { Kafka } = require("kafkajs");\nconst producer = new Kafka({ brokers: ["kafka:9092"] }).producer();\nconst ready = producer.connect();\nmodule.exports = { producer, ready };`,
      filename: "src/index.cjs",
      errors: [{ messageId: "connect", line: 3, column: 15 }],
    },
    {
      name: "Elasticsearch ping at init",
      code: `import { Client } from "@elastic/elasticsearch";\nconst es = new Client({ node: "https://search:9200" });\nawait es.ping();`,
      errors: [{ messageId: "firstUse", line: 3, column: 7 }],
    },
    {
      name: "a helper in another file reached through export *",
      code: `import { init } from "./lib";\nawait init();\nexport const handler = async () => ({});`,
      files: {
        "lib/index.ts": `export * from "./db";`,
        "lib/db.ts": `import { Client } from "pg";\nexport const client = new Client();\nexport async function init() {\n  await client.connect();\n}\n`,
      },
      errors: [{ messageId: "connect", line: 2, column: 7, messageIncludes: "via init() in lib/db.ts:4" }],
    },
    {
      name: "inside top-level blocks, a class field and a static block",
      code: [
        `import Redis from "ioredis";`,
        `import { Pool } from "pg";`,
        `if (process.env.CACHE) {`,
        `  try { globalThis.cache = new Redis(); } catch {}`,
        `}`,
        `class Repo {`,
        `  pool = new Pool();`,
        `  static shared: Redis;`,
        `  static { Repo.shared = new Redis(); }`,
        `  async warm() { await this.pool.query("select 1"); }`,
        `}`,
        `export const repo = new Repo();`,
        `await repo.warm();`,
      ].join("\n"),
      errors: [
        { messageId: "eager", line: 4, column: 28 },
        { messageId: "eager", line: 9, column: 26 },
        { messageId: "firstUse", line: 13, column: 7, messageIncludes: "via Repo.warm() at line 10" },
      ],
    },
    {
      name: "an un-awaited async init and a .then continuation",
      code: `import { createClient } from "redis";\nconst client = createClient();\nconst subscriber = createClient();\nasync function start() { await client.connect(); }\nstart();\nPromise.resolve().then(() => subscriber.connect());`,
      errors: [
        { messageId: "connect", line: 5, column: 1, messageIncludes: "via start() at line 4" },
        { messageId: "connect", line: 6, column: 30 },
      ],
    },
    {
      name: "user config adds a client",
      code: `import { Queue } from "@acme/queue";\nexport const queue = new Queue("jobs");`,
      connections: { "@acme/queue": { exports: ["Queue"], how: "new", connects: "on-construction", label: "Acme Queue" } },
      errors: [{ messageId: "eager", line: 2, column: 22, messageIncludes: "Acme Queue connects" }],
    },
  ],
});
