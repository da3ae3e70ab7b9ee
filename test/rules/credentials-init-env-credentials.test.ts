import rule from "../../rules/credentials/init-env-credentials.js";
import { testRule } from "../rule-tester.js";

testRule(rule, {
  valid: [
    {
      name: "a static API key from the environment",
      code: `export const apiKey = process.env.PARTNER_API_KEY;\nexport const headers = { "x-api-key": apiKey };`,
    },
    {
      name: "region and table name from the environment",
      code: [
        `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";`,
        `export const ddb = new DynamoDBClient({ region: process.env.AWS_REGION });`,
        `export const table = process.env.TABLE_NAME!;`,
      ].join("\n"),
    },
    {
      name: "credentials read inside the handler",
      code: [
        `import { S3Client } from "@aws-sdk/client-s3";`,
        `export const handler = async () => {`,
        `  const s3 = new S3Client({ credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID!, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY! } });`,
        `  return s3.config.region();`,
        `};`,
      ].join("\n"),
    },
    {
      name: "presence checked and logged at init, never kept",
      code: [
        `if (!process.env.AWS_ACCESS_KEY_ID) console.warn("no static keys, using the default chain");`,
        `console.log("session token present:", Boolean(process.env.AWS_SESSION_TOKEN));`,
        `export const usesStaticKeys = process.env.AWS_ACCESS_KEY_ID !== undefined;`,
      ].join("\n"),
    },
    {
      name: "fromEnv() built lazily in the handler",
      code: [
        `import { S3Client } from "@aws-sdk/client-s3";`,
        `import { fromEnv } from "@aws-sdk/credential-providers";`,
        `let s3: S3Client | undefined;`,
        `export const handler = async () => {`,
        `  s3 ??= new S3Client({ credentials: fromEnv() });`,
        `  return s3;`,
        `};`,
      ].join("\n"),
    },
    {
      name: "an SDK client with the default provider chain",
      code: `import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";\nexport const client = new SecretsManagerClient({});`,
    },
  ],
  invalid: [
    {
      name: "static credentials for a v3 client",
      code: [
        `import { S3Client } from "@aws-sdk/client-s3";`,
        `export const s3 = new S3Client({`,
        `  credentials: {`,
        `    accessKeyId: process.env.AWS_ACCESS_KEY_ID!,`,
        `    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY!,`,
        `    sessionToken: process.env.AWS_SESSION_TOKEN,`,
        `  },`,
        `});`,
      ].join("\n"),
      errors: [
        { messageId: "variable", line: 4, column: 18, messageIncludes: "process.env.AWS_ACCESS_KEY_ID" },
        { messageId: "variable", line: 5, column: 22 },
        { messageId: "variable", line: 6, column: 19 },
      ],
    },
    {
      name: "destructured from process.env, and element access",
      code: [
        `const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: secretKey } = process.env;`,
        `const token = process.env["AWS_SESSION_TOKEN"];`,
        `export const creds = { AWS_ACCESS_KEY_ID, secretKey, token };`,
      ].join("\n"),
      errors: [
        { messageId: "variables", line: 1, column: 7, messageIncludes: "process.env.AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are read" },
        { messageId: "variable", line: 2, column: 15 },
      ],
    },
    {
      name: "a method called on the value",
      code: `export const accessKey = process.env.AWS_ACCESS_KEY_ID?.trim();`,
      errors: [{ messageId: "variable", line: 1, column: 26 }],
    },
    {
      name: "SDK v2 global config (CommonJS)",
      filename: "src/handler.js",
      code: [
        `const AWS = require("aws-sdk");`,
        `AWS.config.update({ accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY });`,
        `exports.handler = async () => new AWS.S3().listBuckets().promise();`,
      ].join("\n"),
      errors: [
        { messageId: "variable", line: 2, column: 34 },
        { messageId: "variable", line: 2, column: 82 },
      ],
    },
    {
      name: "fromEnv() and AWS.EnvironmentCredentials at init",
      code: [
        `import { S3Client } from "@aws-sdk/client-s3";`,
        `import { fromEnv } from "@aws-sdk/credential-providers";`,
        `import AWS from "aws-sdk";`,
        `export const s3 = new S3Client({ credentials: fromEnv() });`,
        `AWS.config.credentials = new AWS.EnvironmentCredentials("AWS");`,
      ].join("\n"),
      errors: [
        { messageId: "provider", line: 4, column: 47, messageIncludes: "fromEnv()" },
        { messageId: "provider", line: 5, column: 26 },
      ],
    },
    {
      name: "helper in another file builds the client",
      code: `import { makeS3 } from "./lib/aws";\nexport const s3 = makeS3();`,
      files: {
        "lib/aws.ts": [
          `import { S3Client } from "@aws-sdk/client-s3";`,
          `export function makeS3() {`,
          `  return new S3Client({`,
          `    credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID!, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY! },`,
          `  });`,
          `}`,
        ].join("\n"),
      },
      errors: [{ messageId: "variable", line: 2, column: 19, messageIncludes: "via makeS3() in lib/aws.ts:4" }],
    },
  ],
});
