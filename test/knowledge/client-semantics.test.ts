import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderConnectionsTable } from "../../src/knowledge/client-semantics-doc.js";
import {
  CLIENT_SEMANTICS,
  CONNECTS,
  HOWS,
  clientTable,
  userRows,
  validateConnectionsConfig,
} from "../../src/knowledge/client-semantics.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

describe("CLIENT_SEMANTICS", () => {
  it("cites a source and a label for every row", () => {
    for (const row of CLIENT_SEMANTICS) {
      expect(row.source.length, `${row.module} ${row.exports.join(",")}`).toBeGreaterThan(10);
      expect(row.label.length).toBeGreaterThan(0);
      expect(CONNECTS).toContain(row.connects);
      expect(HOWS).toContain(row.how);
    }
  });

  it("has rows the config validator accepts (users write the same shape)", () => {
    for (const { module, source: _source, ...row } of CLIENT_SEMANTICS) {
      expect(validateConnectionsConfig({ [module]: row })).toEqual([]);
    }
  });

  it("covers every library the issue and KNOWLEDGE §4 name", () => {
    const modules = new Set(CLIENT_SEMANTICS.map((row) => row.module));
    for (const module of [
      "pg",
      "postgres",
      "mysql",
      "mysql2",
      "mysql2/promise",
      "mongodb",
      "mongoose",
      "ioredis",
      "redis",
      "@upstash/redis",
      "@valkey/valkey-glide",
      "knex",
      "sequelize",
      "@prisma/client",
      "typeorm",
      "drizzle-orm/node-postgres",
      "net",
      "tls",
      "dgram",
      "http",
      "https",
      "undici",
      "ws",
      "globalThis",
      "socket.io-client",
      "amqplib",
      "kafkajs",
      "nats",
      "mqtt",
      "aws-iot-device-sdk",
      "@elastic/elasticsearch",
      "@aws-sdk/*",
    ]) {
      expect(modules.has(module), module).toBe(true);
    }
  });

  it("finds rows by module, export and how, ignoring a leading default", () => {
    const table = clientTable({});
    expect(table.rowFor({ kind: "module", module: "ioredis", path: [] }, "new")?.label).toBe("ioredis Redis");
    expect(table.rowFor({ kind: "module", module: "ioredis", path: ["default"] }, "new")?.label).toBe("ioredis Redis");
    expect(table.rowFor({ kind: "module", module: "ioredis", path: ["default", "Cluster"] }, "new")?.label).toBe("ioredis Cluster");
    expect(table.rowFor({ kind: "module", module: "ioredis", path: [] }, "call")).toBeUndefined();
    expect(table.rowFor({ kind: "module", module: "mongodb", path: ["MongoClient", "connect"] }, "call")?.connects).toBe("on-construction");
    expect(table.rowFor({ kind: "module", module: "@aws-sdk/client-s3", path: ["S3Client"] }, "new")?.connects).toBe("never");
    expect(table.rowFor({ kind: "module", module: "@upstash/redis/cloudflare", path: ["Redis"] }, "new")?.connects).toBe("never");
    expect(table.rowFor({ kind: "module", module: "../generated/prisma", path: ["PrismaClient"] }, "new")?.label).toBe("PrismaClient");
    expect(table.rowFor({ kind: "global", path: ["WebSocket"] }, "new")?.label).toBe("WebSocket");
    expect(table.rowFor({ kind: "module", module: "pg", path: ["types"] }, "call")).toBeUndefined();
  });

  it("puts user rows over the built-in ones", () => {
    const connections = { ioredis: { exports: [""], how: "new", connects: "lazy", label: "our redis" } };
    const table = clientTable(connections);
    expect(table.rowFor({ kind: "module", module: "ioredis", path: [] }, "new")?.label).toBe("our redis");
    // Other built-in rows are still there.
    expect(table.rowFor({ kind: "module", module: "ioredis", path: ["Cluster"] }, "new")?.label).toBe("ioredis Cluster");
    expect(clientTable(connections)).toBe(table);
  });

  it("names the member calls that can create, bind or connect a client with a fixed local port", () => {
    const names = clientTable({}).localPortCallNames!;
    for (const name of ["connect", "createConnection", "createSocket", "bind", "Socket", "get", "default"]) expect(names.has(name), name).toBe(true);
    for (const name of ["query", "send", "S3Client", "then"]) expect(names.has(name), name).toBe(false);
    // A user row that binds and accepts any export makes every member call a candidate.
    expect(clientTable({ "my-udp": { exports: ["*"], how: "call", connects: "on-construction", bindMethods: ["listen"] } }).localPortCallNames).toBeUndefined();
    expect(clientTable({ "my-udp": { exports: ["open"], how: "call", connects: "on-construction", bindMethods: ["listen"] } }).localPortCallNames!.has("listen")).toBe(true);
  });

  it("fills defaults for user rows and strips node:", () => {
    expect(userRows({ "node:net": { connects: "never" } })).toEqual([
      { connects: "never", module: "net", exports: [""], how: "new-or-call", label: "net", source: "user configuration (connections)" },
    ]);
    expect(userRows({ x: [{ exports: ["A"], connects: "lazy" }, { connects: "bogus" }] }).map((row) => row.label)).toEqual(["x A"]);
  });
});

describe("validateConnectionsConfig", () => {
  it("accepts nothing, an empty object and well-formed rows", () => {
    expect(validateConnectionsConfig(undefined)).toEqual([]);
    expect(validateConnectionsConfig({})).toEqual([]);
    expect(
      validateConnectionsConfig({
        "@acme/queue": { exports: ["Queue"], how: "new", connects: "on-construction", lazyWhen: [{ option: "autoStart", equals: false }] },
        "@acme/db": [{ connects: "explicit", connectMethods: ["open"] }, { exports: ["pool"], connects: "lazy", lazyWhen: [{ withoutArguments: true }] }],
      }),
    ).toEqual([]);
  });

  it("names the key path of every problem", () => {
    expect(validateConnectionsConfig([])).toEqual([expect.stringMatching(/^connections: expected an object/)]);
    expect(validateConnectionsConfig({ pg: "lazy" })).toEqual([expect.stringMatching(/^connections\["pg"\]: expected an object/)]);
    expect(validateConnectionsConfig({ pg: { how: "construct" } })).toEqual([
      'connections["pg"].connects: required, one of "on-construction", "explicit", "lazy", "per-request", "never"',
      'connections["pg"].how: expected one of "new", "call", "new-or-call"',
    ]);
    expect(validateConnectionsConfig({ pg: [{ connects: "lazy" }, { connects: "sometimes", exports: "Pool" }] })).toEqual([
      'connections["pg"][1].connects: expected one of "on-construction", "explicit", "lazy", "per-request", "never"',
      'connections["pg"][1].exports: expected an array of strings',
    ]);
    expect(validateConnectionsConfig({ x: { connects: "lazy", useMethods: ["query", 3], source: "me" } })).toEqual([
      'connections["x"].useMethods[1]: expected a string',
      expect.stringMatching(/^connections\["x"\]\.source: unknown key/),
    ]);
    expect(validateConnectionsConfig({ x: { connects: "on-construction", lazyWhen: [{ option: "lazy" }, { withoutArguments: false }, "no"] } })).toEqual([
      'connections["x"].lazyWhen[0].equals: expected a boolean, number or string',
      'connections["x"].lazyWhen[1].withoutArguments: expected true',
      'connections["x"].lazyWhen[2]: expected an object',
    ]);
    expect(validateConnectionsConfig({ "": { connects: "lazy" } })).toEqual(['connections[""]: the module name is empty']);
  });
});

describe("docs/connections-table.md", () => {
  it("is the rendering of the table", () => {
    const page = fs.readFileSync(path.join(root, "docs/connections-table.md"), "utf8");
    expect(page).toBe(renderConnectionsTable());
  });

  it("lists every row", () => {
    const rendered = renderConnectionsTable();
    for (const row of CLIENT_SEMANTICS) expect(rendered).toContain(row.source);
  });
});
