import rule from "../../rules/connections/fixed-local-port.js";
import { testRule } from "../rule-tester.js";

testRule(rule, {
  valid: [
    // No local port, or port 0 (the OS picks one).
    `import net from "net";\nexport const handler = async () => net.connect({ host: "db", port: 5432 });`,
    `import net from "net";\nexport const handler = async () => net.connect({ host: "db", port: 5432, localPort: 0 });`,
    // A local address alone is not a port.
    `import tls from "tls";\nexport const handler = async () => tls.connect({ host: "api", port: 443, localAddress: "10.0.0.5" });`,
    // A port read at run time is not provably fixed.
    `import net from "net";\nexport const handler = async (event: { port: number }) => net.connect({ port: 5432, localPort: event.port });`,
    // A UDP listener binding its port is a server, not an outbound client.
    `import dgram from "dgram";\nconst server = dgram.createSocket("udp4");\nserver.on("message", (msg, rinfo) => server.send(msg, rinfo.port, rinfo.address));\nserver.bind(41234);`,
    // bind() without a port.
    `import dgram from "dgram";\nconst socket = dgram.createSocket("udp4");\nsocket.bind();\nsocket.connect(8125, "statsd");`,
    // `localPort` on something that is not a socket API.
    `const config = { localPort: 5000 };\nexport const port = config.localPort;`,
    `import { S3Client } from "@aws-sdk/client-s3";\nexport const s3 = new S3Client({ localPort: 5000 } as never);`,
    // http.Agent with keepAlive only.
    `import http from "http";\nexport const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });`,
    // undici has no localPort option of its own.
    `import { Agent } from "undici";\nexport const agent = new Agent({ connections: 4 });`,
    // The file's own function named like net's: not a socket API.
    `function connect(options: { localPort: number }) { return options; }\nexport const handler = async () => connect({ localPort: 5000 });`,
  ],
  invalid: [
    {
      name: "net.connect renamed on import, and taken from require by destructuring",
      code: `import { connect as open } from "node:net";\nconst { createConnection } = require("net");\nexport const a = () => open({ port: 1, localPort: 4000 });\nexport const b = () => createConnection({ port: 1, localPort: 4001 });`,
      errors: [
        { messageId: "localPort", line: 3, column: 40 },
        { messageId: "localPort", line: 4, column: 52 },
      ],
    },
    {
      name: "net.connect with a fixed localPort, in the handler",
      code: `import net from "node:net";\nexport const handler = async () => {\n  const socket = net.connect({ host: "db", port: 5432, localPort: 40000 });\n  socket.end();\n};`,
      errors: [{ messageId: "localPort", line: 3, column: 56, messageIncludes: "net.connect() binds its outbound socket to local port 40000" }],
    },
    {
      name: "localPort through a constant and an options variable",
      code: `const net = require("net");\nconst LOCAL_PORT = 5000;\nconst options = { port: 6379, host: "cache", localPort: LOCAL_PORT };\nmodule.exports.handler = async () => net.createConnection(options);`,
      filename: "src/index.cjs",
      errors: [{ messageId: "localPort", line: 3, column: 46 }],
    },
    {
      name: "tls.connect and net.Socket#connect",
      code: [
        `import tls from "tls";`,
        `import { Socket } from "net";`,
        `export const a = tls.connect({ host: "api", port: 443, localPort: 4443 });`,
        `const b = new Socket();`,
        `b.connect({ port: 5432, host: "db", localPort: 5433 });`,
      ].join("\n"),
      errors: [
        { messageId: "localPort", line: 3, column: 56 },
        { messageId: "localPort", line: 5, column: 37 },
      ],
    },
    {
      name: "http.request and https.Agent",
      code: `import http from "http";\nimport https from "https";\nexport const agent = new https.Agent({ keepAlive: true, localPort: 8443 });\nexport const ping = () => http.get({ host: "api", path: "/", localPort: 8080 });`,
      errors: [
        { messageId: "localPort", line: 3, column: 57, messageIncludes: "https.Agent" },
        { messageId: "localPort", line: 4, column: 62 },
      ],
    },
    {
      name: "a UDP client bound to a fixed port",
      code: `import dgram from "node:dgram";\nconst socket = dgram.createSocket("udp4");\nsocket.bind(5000);\nsocket.connect(8125, "statsd");`,
      errors: [{ messageId: "bind", line: 3, column: 13, messageIncludes: "dgram socket is bound to local port 5000" }],
    },
    {
      name: "bind with an options object",
      code: `const dgram = require("dgram");\nconst socket = dgram.createSocket({ type: "udp4" });\nsocket.bind({ port: 5001, exclusive: true }, () => socket.connect(514, "syslog"));`,
      filename: "src/index.js",
      errors: [{ messageId: "bind", line: 3, column: 15 }],
    },
    {
      name: "user config declares a local-port option",
      code: `import { Tunnel } from "@acme/tunnel";\nexport const tunnel = new Tunnel({ sourcePort: 7000 });`,
      connections: { "@acme/tunnel": { exports: ["Tunnel"], how: "new", connects: "explicit", localPortOptions: ["sourcePort"] } },
      errors: [{ messageId: "localPort", line: 2, column: 36 }],
    },
  ],
});
