import rule from "../../rules/credentials/init-secret-fetch.js";
import { testRule } from "../rule-tester.js";

const SM = `import { SecretsManagerClient, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";`;

testRule(rule, {
  valid: [
    {
      name: "client built at init with the default provider chain, used only in the handler",
      code: [
        SM,
        `const client = new SecretsManagerClient({});`,
        `export const handler = async () => {`,
        `  const out = await client.send(new GetSecretValueCommand({ SecretId: process.env.SECRET_ID }));`,
        `  return out.SecretString;`,
        `};`,
      ].join("\n"),
    },
    {
      name: "command built at init, sent in the handler",
      code: [
        SM,
        `const client = new SecretsManagerClient({});`,
        `const command = new GetSecretValueCommand({ SecretId: "db" });`,
        `export const handler = async () => (await client.send(command)).SecretString;`,
      ].join("\n"),
    },
    {
      name: "SSM GetParameter without decryption reads plain configuration",
      code: [
        `import { SSMClient, GetParameterCommand } from "@aws-sdk/client-ssm";`,
        `const ssm = new SSMClient({});`,
        `const { Parameter } = await ssm.send(new GetParameterCommand({ Name: "/app/table-name" }));`,
        `export const tableName = Parameter?.Value;`,
      ].join("\n"),
    },
    {
      name: "SSM GetParameter with WithDecryption: false",
      code: [
        `import { SSMClient, GetParameterCommand } from "@aws-sdk/client-ssm";`,
        `const input = { Name: "/app/flags", WithDecryption: false };`,
        `export const flags = await new SSMClient({}).send(new GetParameterCommand(input));`,
      ].join("\n"),
    },
    {
      name: "jwt.verify at init checks a token, it does not mint one",
      code: `import jwt from "jsonwebtoken";\nexport const claims = jwt.verify(process.env.BOOT_TOKEN!, process.env.PUBLIC_KEY!);`,
    },
    {
      name: "a credential provider handed to a v3 client refreshes itself",
      code: [
        `import { S3Client } from "@aws-sdk/client-s3";`,
        `import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";`,
        `export const s3 = new S3Client({ credentials: fromTemporaryCredentials({ params: { RoleArn: process.env.ROLE_ARN! } }) });`,
      ].join("\n"),
    },
    {
      name: "Powertools getSecret with maxAge inside the handler",
      code: [
        `import { getSecret } from "@aws-lambda-powertools/parameters/secrets";`,
        `export const handler = async () => {`,
        `  const apiKey = await getSecret("partner-api-key", { maxAge: 300 });`,
        `  return { statusCode: 200, body: String(apiKey) };`,
        `};`,
      ].join("\n"),
    },
    {
      name: "a warm-up at init whose result is thrown away",
      code: [SM, `const client = new SecretsManagerClient({});`, `await client.send(new GetSecretValueCommand({ SecretId: "probe" }));`].join("\n"),
    },
    {
      name: "a fetch in a restore hook runs after restore",
      code: [
        SM,
        `import v8 from "node:v8";`,
        `const client = new SecretsManagerClient({});`,
        `let secret: string | undefined;`,
        `v8.startupSnapshot.addDeserializeCallback(async () => {`,
        `  secret = (await client.send(new GetSecretValueCommand({ SecretId: "db" }))).SecretString;`,
        `});`,
        `export const handler = async () => secret;`,
      ].join("\n"),
    },
    {
      name: "a helper whose cache checks expiry, warmed at init",
      code: [
        SM,
        `const client = new SecretsManagerClient({});`,
        `let cached: { value: string; expiresAt: number } | undefined;`,
        `async function getDbPassword() {`,
        `  if (cached && cached.expiresAt > Date.now()) return cached.value;`,
        `  const out = await client.send(new GetSecretValueCommand({ SecretId: "db" }));`,
        `  cached = { value: out.SecretString!, expiresAt: Date.now() + 5 * 60_000 };`,
        `  return cached.value;`,
        `}`,
        `await getDbPassword();`,
        `export const handler = async () => getDbPassword();`,
      ].join("\n"),
    },
    {
      name: "an OAuth request in the handler",
      code: [
        `export const handler = async () => {`,
        `  const res = await fetch("https://auth.example.com/oauth2/token", { method: "POST", body: "grant_type=client_credentials" });`,
        `  return res.json();`,
        `};`,
      ].join("\n"),
    },
    {
      name: "an ordinary HTTP request at init is not a token request",
      code: `export const config = await (await fetch("https://config.example.com/app.json")).json();`,
    },
    {
      name: "a GET to a URL ending in /token is not an OAuth token request",
      code: `export const csrf = await (await fetch("https://app.example.com/api/csrf/token")).json();`,
    },
    {
      name: "a secret fetched at init and only logged",
      code: [SM, `const client = new SecretsManagerClient({});`, `console.log("rotation check", await client.send(new GetSecretValueCommand({ SecretId: "db" })));`].join("\n"),
    },
    {
      name: "a helper's result thrown away at init",
      code: [
        SM,
        `const client = new SecretsManagerClient({});`,
        `async function assertReadable(id: string) {`,
        `  const out = await client.send(new GetSecretValueCommand({ SecretId: id }));`,
        `  return out.SecretString !== undefined;`,
        `}`,
        `await assertReadable("prod/db");`,
      ].join("\n"),
    },
    {
      name: "the presence of a secret tested at init, not kept",
      code: [SM, `const client = new SecretsManagerClient({});`, `if (!(await client.send(new GetSecretValueCommand({ SecretId: "db" })))) throw new Error("missing");`].join("\n"),
    },
    {
      name: "an Infisical login at init on a client that a helper drops: no token outlives init",
      code: [
        `import { InfisicalSDK } from "@infisical/sdk";`,
        `async function canReachInfisical() {`,
        `  const probe = new InfisicalSDK();`,
        `  await probe.auth().universalAuth.login({ clientId: process.env.ID!, clientSecret: process.env.SECRET! });`,
        `  return true;`,
        `}`,
        `export const reachable = await canReachInfisical();`,
      ].join("\n"),
    },
    {
      name: "an Infisical login inside the handler",
      code: [
        `import { InfisicalSDK } from "@infisical/sdk";`,
        `const infisical = new InfisicalSDK();`,
        `export const handler = async () => {`,
        `  await infisical.auth().universalAuth.login({ clientId: process.env.ID!, clientSecret: process.env.SECRET! });`,
        `  return infisical.secrets().listSecrets({ environment: "prod", projectId: "p" });`,
        `};`,
      ].join("\n"),
    },
  ],
  invalid: [
    {
      name: "an Infisical login at init whose result is discarded: the module-level client keeps the token",
      code: [
        `import { InfisicalSDK } from "@infisical/sdk";`,
        `const infisical = new InfisicalSDK();`,
        `await infisical.auth().universalAuth.login({ clientId: process.env.ID!, clientSecret: process.env.SECRET! });`,
        `export const handler = async () => infisical.secrets().listSecrets({ environment: "prod", projectId: "p" });`,
      ].join("\n"),
      errors: [{ messageId: "keptByClient", line: 3, column: 7, messageIncludes: "Infisical login runs at init" }],
    },
    {
      name: "an Infisical login at init whose result is kept is an ordinary fetch",
      code: [
        `import { InfisicalSDK } from "@infisical/sdk";`,
        `export const client = await new InfisicalSDK().auth().universalAuth.login({ clientId: process.env.ID!, clientSecret: process.env.SECRET! });`,
      ].join("\n"),
      errors: [{ messageId: "fetched", line: 2, column: 29 }],
    },
    {
      name: "a command passed through a helper's parameter",
      code: [
        SM,
        `const client = new SecretsManagerClient({});`,
        `async function sendIt(command) {`,
        `  return client.send(command);`,
        `}`,
        `export const secret = await sendIt(new GetSecretValueCommand({ SecretId: "db" }));`,
      ].join("\n"),
      errors: [{ messageId: "fetched", line: 6, column: 29, messageIncludes: "via sendIt()" }],
    },
    {
      name: "v3 GetSecretValueCommand awaited at top level (ESM)",
      code: [
        SM,
        `const client = new SecretsManagerClient({});`,
        `const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: "prod/db" }));`,
        `export const dbPassword = JSON.parse(SecretString!).password;`,
      ].join("\n"),
      errors: [{ messageId: "fetched", line: 3, column: 32, messageIncludes: "Secrets Manager GetSecretValue" }],
    },
    {
      name: "command object followed from where it is built to where it is sent",
      code: [
        SM,
        `const client = new SecretsManagerClient({ region: "eu-west-1" });`,
        `const command = new GetSecretValueCommand({ SecretId: "stripe" });`,
        `const secret = await client.send(command);`,
        `export const handler = async () => secret.SecretString;`,
      ].join("\n"),
      errors: [{ messageId: "fetched", line: 4, column: 22 }],
    },
    {
      name: "a promise started at init and awaited in the handler",
      code: [
        SM,
        `const client = new SecretsManagerClient({});`,
        `const secretPromise = client.send(new GetSecretValueCommand({ SecretId: "api" }));`,
        `export const handler = async () => (await secretPromise).SecretString;`,
      ].join("\n"),
      errors: [{ messageId: "fetched", line: 3, column: 23 }],
    },
    {
      name: "CommonJS require and a .then continuation",
      filename: "src/index.js",
      code: [
        `const { SecretsManagerClient, GetSecretValueCommand } = require("@aws-sdk/client-secrets-manager");`,
        `const client = new SecretsManagerClient({});`,
        `let apiKey;`,
        `client.send(new GetSecretValueCommand({ SecretId: "api" })).then((out) => { apiKey = out.SecretString; });`,
        `exports.handler = async () => apiKey;`,
      ].join("\n"),
      errors: [{ messageId: "fetched", line: 4, column: 1 }],
    },
    {
      name: "v3 aggregated client",
      code: [
        `import { SecretsManager } from "@aws-sdk/client-secrets-manager";`,
        `export const secret = await new SecretsManager({}).getSecretValue({ SecretId: "x" });`,
      ].join("\n"),
      errors: [{ messageId: "fetched", line: 2, column: 29 }],
    },
    {
      name: "SDK v2 with .promise() (CommonJS)",
      filename: "src/handler.js",
      code: [
        `const AWS = require("aws-sdk");`,
        `const secretsManager = new AWS.SecretsManager({ region: "us-east-1" });`,
        `const secretPromise = secretsManager.getSecretValue({ SecretId: "db" }).promise();`,
        `module.exports.handler = async () => (await secretPromise).SecretString;`,
      ].join("\n"),
      errors: [{ messageId: "fetched", line: 3, column: 23 }],
    },
    {
      name: "SDK v2 with a callback that stores the secret",
      filename: "src/handler.js",
      code: [
        `const SecretsManager = require("aws-sdk/clients/secretsmanager");`,
        `let secret;`,
        `new SecretsManager().getSecretValue({ SecretId: "db" }, (err, data) => { secret = data.SecretString; });`,
        `module.exports.handler = async () => secret;`,
      ].join("\n"),
      errors: [{ messageId: "fetched", line: 3, column: 1 }],
    },
    {
      name: "SSM GetParameterCommand with decryption, input held in a const",
      code: [
        `import { SSMClient, GetParameterCommand } from "@aws-sdk/client-ssm";`,
        `const ssm = new SSMClient({});`,
        `const input = { Name: "/prod/stripe-key", WithDecryption: true };`,
        `export const stripeKey = await ssm.send(new GetParameterCommand(input));`,
      ].join("\n"),
      errors: [{ messageId: "fetched", line: 4, column: 32, messageIncludes: "SSM GetParameter with decryption" }],
    },
    {
      name: "SSM GetParametersCommand and SDK v2 getParameter with decryption",
      code: [
        `import { SSMClient, GetParametersCommand } from "@aws-sdk/client-ssm";`,
        `import AWS from "aws-sdk";`,
        `export const params = await new SSMClient({}).send(new GetParametersCommand({ Names: ["/a", "/b"], WithDecryption: true }));`,
        `export const legacy = await new AWS.SSM().getParameter({ Name: "/c", WithDecryption: true }).promise();`,
      ].join("\n"),
      errors: [
        { messageId: "fetched", line: 3, column: 29 },
        { messageId: "fetched", line: 4, column: 29 },
      ],
    },
    {
      name: "STS AssumeRole and GetSessionToken",
      code: [
        `import { STSClient, AssumeRoleCommand, GetSessionTokenCommand } from "@aws-sdk/client-sts";`,
        `const sts = new STSClient({});`,
        `const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: process.env.ROLE_ARN, RoleSessionName: "worker" }));`,
        `export const session = sts.send(new GetSessionTokenCommand({}));`,
        `export { Credentials };`,
      ].join("\n"),
      errors: [
        { messageId: "fetched", line: 3, column: 31, messageIncludes: "temporary credentials" },
        { messageId: "fetched", line: 4, column: 24 },
      ],
    },
    {
      name: "STS AssumeRoleWithWebIdentity through SDK v2",
      filename: "src/index.cjs",
      code: [
        `const { STS } = require("aws-sdk");`,
        `const assumed = new STS().assumeRoleWithWebIdentity({ RoleArn: "r", RoleSessionName: "s", WebIdentityToken: "t" }).promise();`,
        `module.exports = { assumed };`,
      ].join("\n"),
      errors: [{ messageId: "fetched", line: 2, column: 17 }],
    },
    {
      name: "Cognito InitiateAuth",
      code: [
        `import { CognitoIdentityProviderClient, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";`,
        `const cognito = new CognitoIdentityProviderClient({});`,
        `const auth = await cognito.send(`,
        `  new InitiateAuthCommand({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: "c", AuthParameters: { USERNAME: "svc", PASSWORD: "p" } }),`,
        `);`,
        `export const idToken = auth.AuthenticationResult?.IdToken;`,
      ].join("\n"),
      errors: [{ messageId: "fetched", line: 3, column: 20, messageIncludes: "Cognito tokens" }],
    },
    {
      name: "OAuth client-credentials with fetch and URLSearchParams",
      code: [
        `const res = await fetch(process.env.AUTH_URL!, {`,
        `  method: "POST",`,
        `  body: new URLSearchParams({ grant_type: "client_credentials", client_id: "id", client_secret: "s" }),`,
        `});`,
        `const { access_token } = await res.json();`,
        `export const handler = async () => fetch("https://api.example.com/orders", { headers: { authorization: \`Bearer \${access_token}\` } });`,
      ].join("\n"),
      errors: [{ messageId: "fetched", line: 1, column: 19, messageIncludes: "OAuth" }],
    },
    {
      name: "OAuth with axios to a token endpoint held in a const",
      code: [
        `import axios from "axios";`,
        `const TOKEN_URL = \`https://\${process.env.COGNITO_DOMAIN}/oauth2/token\`;`,
        `export const tokenResponse = axios.post(TOKEN_URL, "grant_type=client_credentials&scope=orders/read");`,
      ].join("\n"),
      errors: [{ messageId: "fetched", line: 3, column: 30 }],
    },
    {
      name: "a POST to an OAuth token endpoint, the grant appended out of sight",
      code: [
        `const form = new URLSearchParams();`,
        `form.append("client_id", process.env.CLIENT_ID!);`,
        `export const tokenPromise = fetch("https://login.microsoftonline.com/tenant/oauth2/v2.0/token", { method: "POST", body: form });`,
      ].join("\n"),
      errors: [{ messageId: "fetched", line: 3, column: 29 }],
    },
    {
      name: "Promise.all with one decrypted parameter",
      code: [
        `import { SSMClient, GetParameterCommand } from "@aws-sdk/client-ssm";`,
        `const ssm = new SSMClient({});`,
        `export const [apiKey, region] = await Promise.all([`,
        `  ssm.send(new GetParameterCommand({ Name: "/api-key", WithDecryption: true })),`,
        `  ssm.send(new GetParameterCommand({ Name: "/region" })),`,
        `]);`,
      ].join("\n"),
      errors: [{ messageId: "fetched", line: 4, column: 3 }],
    },
    {
      name: "OAuth with an axios instance and with got",
      code: [
        `import axios from "axios";`,
        `import got from "got";`,
        `const auth = axios.create({ baseURL: "https://login.example.com" });`,
        `export const a = await auth.post("/oauth/token", { grant_type: "client_credentials" });`,
        `export const b = await got.post("https://idp.example.com/token", { form: { grant_type: "client_credentials" } }).json();`,
      ].join("\n"),
      errors: [
        { messageId: "fetched", line: 4, column: 24 },
        { messageId: "fetched", line: 5, column: 24 },
      ],
    },
    {
      name: "jwt.sign at init, default and named imports",
      code: [
        `import jwt from "jsonwebtoken";`,
        `import { sign } from "jsonwebtoken";`,
        `export const serviceToken = jwt.sign({ sub: "billing" }, process.env.JWT_KEY!, { expiresIn: "1h" });`,
        `export const other = sign({ sub: "audit" }, process.env.JWT_KEY!);`,
      ].join("\n"),
      errors: [
        { messageId: "signed", line: 3, column: 29, messageIncludes: "jwt.sign()" },
        { messageId: "signed", line: 4, column: 22 },
      ],
    },
    {
      name: "jose SignJWT builder",
      code: [
        `import { SignJWT } from "jose";`,
        `const key = new TextEncoder().encode(process.env.JWT_SECRET);`,
        `export const token = await new SignJWT({ sub: "svc" }).setProtectedHeader({ alg: "HS256" }).setExpirationTime("2h").sign(key);`,
      ].join("\n"),
      errors: [{ messageId: "signed", line: 3, column: 28 }],
    },
    {
      name: "presigned URL (v3 presigner and v2 S3)",
      code: [
        `import { S3Client, GetObjectCommand } from "@aws-sdk/client-s3";`,
        `import { getSignedUrl } from "@aws-sdk/s3-request-presigner";`,
        `import AWS from "aws-sdk";`,
        `const s3 = new S3Client({});`,
        `export const reportUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: "b", Key: "k" }), { expiresIn: 3600 });`,
        `export const legacyUrl = new AWS.S3().getSignedUrl("getObject", { Bucket: "b", Key: "k" });`,
      ].join("\n"),
      errors: [
        { messageId: "fetched", line: 5, column: 32, messageIncludes: "presigned URL" },
        { messageId: "fetched", line: 6, column: 26 },
      ],
    },
    {
      name: "fromTemporaryCredentials resolved at init",
      code: [
        `import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";`,
        `const provider = fromTemporaryCredentials({ params: { RoleArn: process.env.ROLE_ARN! } });`,
        `export const credentials = await provider();`,
      ].join("\n"),
      errors: [{ messageId: "fetched", line: 3, column: 34, messageIncludes: "fromTemporaryCredentials()" }],
    },
    {
      name: "RDS IAM auth token and Powertools getSecret at init",
      code: [
        `import { Signer } from "@aws-sdk/rds-signer";`,
        `import { getSecret } from "@aws-lambda-powertools/parameters/secrets";`,
        `export const dbToken = new Signer({ hostname: "db", port: 5432, username: "app" }).getAuthToken();`,
        `export const apiKey = await getSecret("partner", { maxAge: 300 });`,
      ].join("\n"),
      errors: [
        { messageId: "fetched", line: 3, column: 24 },
        { messageId: "fetched", line: 4, column: 29 },
      ],
    },
    {
      name: "a fetch in a class constructed at init",
      code: [
        `import { SSMClient, GetParameterCommand } from "@aws-sdk/client-ssm";`,
        `class Settings {`,
        `  private readonly ssm = new SSMClient({});`,
        `  readonly apiKey = this.ssm.send(new GetParameterCommand({ Name: "/api-key", WithDecryption: true }));`,
        `}`,
        `export const settings = new Settings();`,
      ].join("\n"),
      errors: [{ messageId: "fetched", line: 6, column: 25, messageIncludes: "via new Settings()" }],
    },
    {
      name: "helper in another file, its result kept",
      code: [`import { loadSecret } from "./lib/secrets";`, `const dbSecret = await loadSecret("prod/db");`, `export const handler = async () => dbSecret;`].join("\n"),
      files: {
        "lib/secrets.ts": [
          SM,
          `const client = new SecretsManagerClient({});`,
          `export async function loadSecret(id: string) {`,
          `  const out = await client.send(new GetSecretValueCommand({ SecretId: id }));`,
          `  return JSON.parse(out.SecretString!);`,
          `}`,
        ].join("\n"),
      },
      errors: [{ messageId: "fetched", line: 2, column: 24, messageIncludes: "via loadSecret() in lib/secrets.ts:4" }],
    },
    {
      name: "helper in another file stores the secret in its module state",
      filename: "src/index.js",
      code: [`const { warmSecrets } = require("./lib/warm");`, `warmSecrets();`, `exports.handler = async () => require("./lib/warm").current();`].join("\n"),
      files: {
        "lib/warm.js": [
          `const { SSMClient, GetParameterCommand } = require("@aws-sdk/client-ssm");`,
          `const ssm = new SSMClient({});`,
          `let value;`,
          `async function warmSecrets() {`,
          `  const res = await ssm.send(new GetParameterCommand({ Name: "/key", WithDecryption: true }));`,
          `  value = res.Parameter.Value;`,
          `}`,
          `module.exports = { warmSecrets, current: () => value };`,
        ].join("\n"),
      },
      errors: [{ messageId: "fetched", line: 2, column: 1, messageIncludes: "via warmSecrets() in lib/warm.js:5" }],
    },
  ],
});
