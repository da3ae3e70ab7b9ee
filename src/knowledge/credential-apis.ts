import { ts } from "#typescript";
import type { ModuleFacts } from "../analysis/modules.js";
import { accessedName, isFunctionLike, nameWords, propertyNameText, pushChildren, skipAwait, skipTransparent, type FunctionLike } from "../analysis/syntax.js";
import { literalValue, readOption } from "../analysis/options.js";
import { evaluate, resolveValue, valueKey, type SymbolicValue } from "../analysis/values.js";

/**
 * APIs that return a secret, a token or temporary credentials, all of which expire or are rotated (KNOWLEDGE §3).
 * Keys name what is called, as in random-sources.ts: `module:export.path` (`jsonwebtoken:sign`) or a global.
 *
 * `how` says what a key names and which call fetches:
 * - `command`: an AWS SDK v3 command class; the fetch is `client.send(new Command(input))`.
 * - `method`: a client class; the fetch is `new Client().method(input)` (SDK v3 aggregated clients, SDK v2).
 * - `call`: a function; the fetch is calling it.
 * - `provider`: a function returning a credential provider; the fetch is calling the provider it returned.
 * - `builder`: a class whose instance, after chained setters, fetches with `method` (`new SignJWT(…).sign(key)`).
 * - `http`: an HTTP client; the fetch is a request to an OAuth token endpoint or with the client-credentials grant.
 * - `result`: a function whose result fetches with `methods` (`admin.credential.cert(sa).getAccessToken()`,
 *   `require("node-vault")(options).read(path)`).
 *
 * `methods` may name a path below the client (`secrets.list` for `sdk.secrets.list(…)`).
 */
export interface CredentialApi {
  label: string;
  /** What goes stale, for messages: "the secret value", "the temporary credentials". */
  stale: string;
  how: "command" | "method" | "call" | "provider" | "builder" | "http" | "result";
  keys: readonly string[];
  /** For `method`, `builder` and `result`: the methods that fetch. */
  methods?: readonly string[];
  /** Made in the process (a JWT signed with a local key), not fetched: the remedy is to sign one per invocation. */
  signedLocally?: true;
  /**
   * The client stores what it fetched and sends it with its later requests (a login that sets the client's token):
   * the fetch is kept as long as the client is, whatever happens to its result.
   */
  keptByClient?: true;
  /** Only a fetch when its input says so (SSM returns a secret only with decryption). */
  when?: (input: CallInput) => boolean;
  source: string;
}

/** The request a fetch sends: the command's or the method's input object, and the call's arguments. */
export interface CallInput {
  /** The input object expression: `new Command(input)`, `client.method(input)`, the function's first argument. */
  input: ts.Expression | undefined;
  args: readonly ts.Expression[];
  file: ModuleFacts;
  /** The method called, for `client.method(…)`. */
  method?: string | undefined;
}

const AWS_SECRETS = "AWS Secrets Manager API reference (GetSecretValue); @aws-sdk/client-secrets-manager";
const AWS_SSM = "AWS Systems Manager API reference (GetParameter, WithDecryption); @aws-sdk/client-ssm";
const AWS_STS = "AWS STS API reference (temporary security credentials expire); @aws-sdk/client-sts";
const AWS_COGNITO = "Amazon Cognito API reference (InitiateAuth returns tokens that expire); @aws-sdk/client-cognito-identity-provider";
const AWS_SDK_V2 = "AWS SDK for JavaScript v2 (aws-sdk) service clients";
const POWERTOOLS = "Powertools for AWS Lambda (TypeScript) Parameters utility (@aws-lambda-powertools/parameters)";

/** v2 service clients are reachable as `AWS.Service` and `aws-sdk/clients/service`. */
function v2Client(name: string, file: string): string[] {
  return [`aws-sdk:${name}`, `aws-sdk/clients/${file}:`, `aws-sdk/clients/${file}:default`];
}

/** `WithDecryption: true` (SDK) or `decrypt: true` (Powertools) in a static object literal. */
function decrypts(option: "WithDecryption" | "decrypt", position: "input" | 1): (input: CallInput) => boolean {
  return ({ input, args, file }) => {
    const object = position === "input" ? input : args[position];
    return object !== undefined && staticProperty(object, option, file)?.kind === ts.SyntaxKind.TrueKeyword;
  };
}

/**
 * Middy's fetch middlewares fetch as soon as they are created (at init, where `middy(handler).use(…)` runs) unless
 * `disablePrefetch: true`, `cacheExpiry: 0` or `awsClientAssumeRole` is set; with the default `cacheExpiry: -1` the
 * prefetched value is never fetched again. A positive `cacheExpiry` refetches after restore once expired.
 */
function prefetchesForever({ input, file }: CallInput): boolean {
  if (!input) return true;
  const read = (name: string) => readOption(input, name, file);
  const disable = read("disablePrefetch");
  const expiry = read("cacheExpiry");
  const assumeRole = read("awsClientAssumeRole");
  if ([disable, expiry, assumeRole].some((reading) => reading.kind === "unknown") || assumeRole.kind === "set") return false;
  if (disable.kind === "set" && literalValue(disable.value, disable.facts) !== false) return false;
  return expiry.kind !== "set" || isMinusOne(expiry.value);
}

function isMinusOne(expression: ts.Expression): boolean {
  const node = skipTransparent(expression);
  return ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand) && Number(node.operand.text) === 1;
}

const INFISICAL_CLIENTS = ["@infisical/sdk:InfisicalSDK", "@infisical/sdk:InfisicalClient", "infisical-node:", "infisical-node:InfisicalClient"];

const MIDDY = "middy packages/util/index.js canPrefetch() and the middleware's index.js (defaults disablePrefetch: false, cacheExpiry: -1)";

/** Middy middlewares that prefetch a credential when created. */
const MIDDY_PREFETCH: readonly CredentialApi[] = [
  ["secrets-manager", "the prefetched secret"],
  ["ssm", "the prefetched parameters"],
  ["sts", "the prefetched temporary credentials"],
  ["rds-signer", "the prefetched database auth token (valid 15 minutes)"],
  ["dsql-signer", "the prefetched database auth token"],
].map(([name, stale]) => ({
  label: `Middy ${name} middleware (prefetch)`,
  stale: stale!,
  how: "call" as const,
  keys: [`@middy/${name}:`, `@middy/${name}:default`],
  when: prefetchesForever,
  source: `${MIDDY.replace("the middleware's index.js", `packages/${name}/index.js`)}: fetched when created, cached with no expiry`,
}));

export const CREDENTIAL_APIS: readonly CredentialApi[] = [
  {
    label: "Secrets Manager GetSecretValue",
    stale: "the secret value",
    how: "command",
    keys: ["@aws-sdk/client-secrets-manager:GetSecretValueCommand", "@aws-sdk/client-secrets-manager:BatchGetSecretValueCommand"],
    source: AWS_SECRETS,
  },
  {
    label: "Secrets Manager getSecretValue()",
    stale: "the secret value",
    how: "method",
    keys: ["@aws-sdk/client-secrets-manager:SecretsManager", ...v2Client("SecretsManager", "secretsmanager")],
    methods: ["getSecretValue", "batchGetSecretValue"],
    source: `${AWS_SECRETS}; ${AWS_SDK_V2}`,
  },
  {
    label: "SSM GetParameter with decryption",
    stale: "the decrypted parameter",
    how: "command",
    keys: ["@aws-sdk/client-ssm:GetParameterCommand", "@aws-sdk/client-ssm:GetParametersCommand", "@aws-sdk/client-ssm:GetParametersByPathCommand"],
    when: decrypts("WithDecryption", "input"),
    source: AWS_SSM,
  },
  {
    label: "SSM getParameter() with decryption",
    stale: "the decrypted parameter",
    how: "method",
    keys: ["@aws-sdk/client-ssm:SSM", ...v2Client("SSM", "ssm")],
    methods: ["getParameter", "getParameters", "getParametersByPath"],
    when: decrypts("WithDecryption", "input"),
    source: `${AWS_SSM}; ${AWS_SDK_V2}`,
  },
  {
    label: "STS temporary credentials",
    stale: "the temporary credentials",
    how: "command",
    keys: [
      "@aws-sdk/client-sts:AssumeRoleCommand",
      "@aws-sdk/client-sts:AssumeRoleWithWebIdentityCommand",
      "@aws-sdk/client-sts:AssumeRoleWithSAMLCommand",
      "@aws-sdk/client-sts:GetSessionTokenCommand",
      "@aws-sdk/client-sts:GetFederationTokenCommand",
    ],
    source: AWS_STS,
  },
  {
    label: "STS temporary credentials",
    stale: "the temporary credentials",
    how: "method",
    keys: ["@aws-sdk/client-sts:STS", ...v2Client("STS", "sts")],
    methods: ["assumeRole", "assumeRoleWithWebIdentity", "assumeRoleWithSAML", "getSessionToken", "getFederationToken"],
    source: `${AWS_STS}; ${AWS_SDK_V2}`,
  },
  {
    label: "Cognito InitiateAuth",
    stale: "the Cognito tokens",
    how: "command",
    keys: ["@aws-sdk/client-cognito-identity-provider:InitiateAuthCommand", "@aws-sdk/client-cognito-identity-provider:AdminInitiateAuthCommand"],
    source: AWS_COGNITO,
  },
  {
    label: "Cognito initiateAuth()",
    stale: "the Cognito tokens",
    how: "method",
    keys: ["@aws-sdk/client-cognito-identity-provider:CognitoIdentityProvider", ...v2Client("CognitoIdentityServiceProvider", "cognitoidentityserviceprovider")],
    methods: ["initiateAuth", "adminInitiateAuth"],
    source: `${AWS_COGNITO}; ${AWS_SDK_V2}`,
  },
  {
    label: "Cognito GetCredentialsForIdentity",
    stale: "the temporary credentials",
    how: "command",
    keys: ["@aws-sdk/client-cognito-identity:GetCredentialsForIdentityCommand"],
    source: "Amazon Cognito Identity API reference (GetCredentialsForIdentity); @aws-sdk/client-cognito-identity",
  },
  {
    label: "ECR GetAuthorizationToken",
    stale: "the registry token (valid 12 hours)",
    how: "command",
    keys: ["@aws-sdk/client-ecr:GetAuthorizationTokenCommand"],
    source: "Amazon ECR API reference (GetAuthorizationToken: valid for 12 hours)",
  },
  {
    label: "RDS IAM auth token",
    stale: "the database auth token (valid 15 minutes)",
    how: "method",
    keys: ["@aws-sdk/rds-signer:Signer", "aws-sdk:RDS.Signer"],
    methods: ["getAuthToken"],
    source: "Amazon RDS docs, IAM database authentication (tokens have a lifetime of 15 minutes); @aws-sdk/rds-signer",
  },
  {
    label: "getSignedUrl()",
    stale: "the presigned URL",
    how: "call",
    keys: [
      "@aws-sdk/s3-request-presigner:getSignedUrl",
      "@aws-sdk/cloudfront-signer:getSignedUrl",
      "@aws-sdk/cloudfront-signer:getSignedCookies",
      "@aws-sdk/s3-presigned-post:createPresignedPost",
    ],
    source: "Amazon S3 docs, presigned URLs (expire after expiresIn); @aws-sdk/s3-request-presigner, @aws-sdk/cloudfront-signer",
  },
  {
    label: "S3 getSignedUrl()",
    stale: "the presigned URL",
    how: "method",
    keys: v2Client("S3", "s3"),
    methods: ["getSignedUrl", "getSignedUrlPromise", "createPresignedPost"],
    source: `Amazon S3 docs, presigned URLs; ${AWS_SDK_V2}`,
  },
  {
    label: "fromTemporaryCredentials()",
    stale: "the temporary credentials",
    // Handed to a v3 client as `credentials`, the provider is memoized with an expiry check and refreshes itself
    // (@aws-sdk/core resolveAwsSdkSigV4Config: memoizeIdentityProvider(..., isIdentityExpired)); calling it yourself
    // at init resolves one set of credentials and keeps it.
    how: "provider",
    keys: [
      "@aws-sdk/credential-providers:fromTemporaryCredentials",
      "@aws-sdk/credential-providers:fromNodeProviderChain",
      "@aws-sdk/credential-providers:fromContainerMetadata",
      "@aws-sdk/credential-providers:fromInstanceMetadata",
      "@aws-sdk/credential-providers:fromWebToken",
      "@aws-sdk/credential-providers:fromTokenFile",
      "@aws-sdk/credential-providers:fromCognitoIdentity",
      "@aws-sdk/credential-providers:fromCognitoIdentityPool",
      "@aws-sdk/credential-provider-node:defaultProvider",
    ],
    source: "@aws-sdk/credential-providers README; @aws-sdk/core resolveAwsSdkSigV4Config",
  },
  {
    label: "jwt.sign()",
    stale: "the signed JWT",
    how: "call",
    keys: ["jsonwebtoken:sign"],
    signedLocally: true,
    source: "jsonwebtoken README (exp, iat claims)",
  },
  {
    label: "new SignJWT().sign()",
    stale: "the signed JWT",
    how: "builder",
    keys: ["jose:SignJWT"],
    signedLocally: true,
    methods: ["sign"],
    source: "jose docs (SignJWT)",
  },
  {
    label: "Powertools getSecret()",
    stale: "the secret value",
    how: "call",
    keys: ["@aws-lambda-powertools/parameters/secrets:getSecret"],
    source: `${POWERTOOLS}: its maxAge cache refreshes, a copy kept in your variable does not`,
  },
  {
    label: "Powertools SecretsProvider.get()",
    stale: "the secret value",
    how: "method",
    keys: ["@aws-lambda-powertools/parameters/secrets:SecretsProvider"],
    methods: ["get"],
    source: POWERTOOLS,
  },
  {
    label: "Powertools getParameter() with decryption",
    stale: "the decrypted parameter",
    how: "call",
    keys: ["@aws-lambda-powertools/parameters/ssm:getParameter", "@aws-lambda-powertools/parameters/ssm:getParameters"],
    when: decrypts("decrypt", 1),
    source: POWERTOOLS,
  },
  {
    label: "OAuth client-credentials token (simple-oauth2)",
    stale: "the OAuth access token",
    how: "method",
    keys: ["simple-oauth2:ClientCredentials"],
    methods: ["getToken"],
    source: "simple-oauth2 README (ClientCredentials.getToken; tokens expire)",
  },
  {
    label: "Azure credential getToken()",
    stale: "the access token",
    how: "method",
    keys: ["@azure/identity:ClientSecretCredential", "@azure/identity:ClientCertificateCredential", "@azure/identity:DefaultAzureCredential", "@azure/identity:ManagedIdentityCredential"],
    methods: ["getToken"],
    source: "@azure/identity docs (AccessToken.expiresOnTimestamp)",
  },
  {
    label: "GoogleAuth getAccessToken()",
    stale: "the access token",
    // A builder: `auth.getAccessToken()` and `(await auth.getClient()).getAccessToken()` both fetch.
    how: "builder",
    keys: ["google-auth-library:GoogleAuth", "google-auth-library:JWT", "google-auth-library:OAuth2Client", "googleapis:google.auth.GoogleAuth", "googleapis:google.auth.JWT"],
    methods: ["getAccessToken", "authorize"],
    source: "google-auth-library README (access tokens expire after one hour; GoogleAuth#getClient, JWT#authorize)",
  },
  {
    label: "Azure Key Vault getSecret()",
    stale: "the secret value",
    how: "method",
    keys: ["@azure/keyvault-secrets:SecretClient"],
    methods: ["getSecret"],
    source: "@azure/keyvault-secrets README (SecretClient.getSecret; secrets rotate)",
  },
  {
    label: "Google Secret Manager accessSecretVersion()",
    stale: "the secret value",
    how: "method",
    keys: ["@google-cloud/secret-manager:SecretManagerServiceClient", "@google-cloud/secret-manager:v1.SecretManagerServiceClient"],
    methods: ["accessSecretVersion"],
    source: "@google-cloud/secret-manager README (SecretManagerServiceClient.accessSecretVersion)",
  },
  {
    label: "Firebase Admin credential getAccessToken()",
    stale: "the Google OAuth2 access token (valid one hour)",
    how: "result",
    keys: [
      ...["cert", "applicationDefault", "refreshToken"].flatMap((name) => [`firebase-admin:credential.${name}`, `firebase-admin/app:${name}`]),
    ],
    methods: ["getAccessToken"],
    source: "Firebase Admin SDK reference, Credential.getAccessToken (GoogleOAuthAccessToken.expires_in)",
  },
  {
    label: "HashiCorp Vault read or login (node-vault)",
    stale: "the Vault secret or token (leases and token TTLs expire)",
    how: "result",
    keys: ["node-vault:", "node-vault:default"],
    methods: ["read", "approleLogin", "kubernetesLogin", "awsIamLogin", "userpassLogin", "ldapLogin", "githubLogin", "tokenCreate"],
    source: "node-vault README and src/commands.js (read, approleLogin, …); Vault docs, Leases and token TTL",
  },
  {
    label: "GitHub App installation token (@octokit/auth-app)",
    stale: "the installation token (valid one hour)",
    how: "provider",
    keys: ["@octokit/auth-app:createAppAuth"],
    source: "@octokit/auth-app README (auth({ type: \"installation\" }) resolves a token that expires after one hour)",
  },
  {
    label: "ECR getAuthorizationToken()",
    stale: "the registry token (valid 12 hours)",
    how: "method",
    keys: ["@aws-sdk/client-ecr:ECR", ...v2Client("ECR", "ecr")],
    methods: ["getAuthorizationToken"],
    source: `Amazon ECR API reference (GetAuthorizationToken: valid for 12 hours); ${AWS_SDK_V2}`,
  },
  {
    label: "CodeArtifact GetAuthorizationToken",
    stale: "the CodeArtifact token (12 hours by default)",
    how: "command",
    keys: ["@aws-sdk/client-codeartifact:GetAuthorizationTokenCommand", "@aws-sdk/client-ecr-public:GetAuthorizationTokenCommand"],
    source: "AWS CodeArtifact API reference (GetAuthorizationToken: durationSeconds, default 12 hours); Amazon ECR Public API reference",
  },
  {
    label: "CodeArtifact getAuthorizationToken()",
    stale: "the CodeArtifact token (12 hours by default)",
    how: "method",
    keys: ["@aws-sdk/client-codeartifact:Codeartifact", ...v2Client("CodeArtifact", "codeartifact")],
    methods: ["getAuthorizationToken"],
    source: `AWS CodeArtifact API reference (GetAuthorizationToken); ${AWS_SDK_V2}`,
  },
  {
    label: "Doppler secrets fetch",
    stale: "the secret payload",
    how: "method",
    keys: ["@dopplerhq/node-sdk:", "@dopplerhq/node-sdk:DopplerSDK"],
    methods: ["secrets.list", "secrets.get", "secrets.download"],
    source: "@dopplerhq/node-sdk README (doppler.secrets.list / get / download)",
  },
  {
    label: "Infisical secrets fetch",
    stale: "the secret payload",
    // `client.secrets().listSecrets(…)`.
    how: "builder",
    keys: INFISICAL_CLIENTS,
    methods: ["listSecrets", "getSecret", "getAllSecrets"],
    source: "Infisical Node.js SDK docs (secrets().listSecrets, secrets().getSecret)",
  },
  {
    label: "Infisical login",
    stale: "the machine identity's access token",
    // `await client.auth().universalAuth.login(…)` returns the client itself: discarding it discards nothing.
    how: "builder",
    keys: INFISICAL_CLIENTS,
    methods: ["universalAuth.login", "universalAuth.renew", "awsIamAuth.login", "awsIamAuth.renew"],
    keptByClient: true,
    source:
      "@infisical/sdk 5.0.2 lib/cjs/index.js (src/custom/auth.ts, src/index.ts): AuthClient universalAuth.login() and awsIamAuth.login() fetch an access token and hand it to InfisicalSDK.authenticate(), which sets it as the API client's Authorization header (setAccessToken); nothing renews it on its own",
  },
  {
    label: "Auth0 client-credentials token",
    stale: "the Auth0 access token",
    how: "method",
    keys: ["auth0:AuthenticationClient"],
    methods: ["clientCredentialsGrant", "oauth.clientCredentialsGrant"],
    source: "node-auth0 docs (AuthenticationClient.oauth.clientCredentialsGrant in v4, clientCredentialsGrant in v2/v3; tokens expire)",
  },
  {
    label: "OAuth client-credentials request",
    stale: "the OAuth access token",
    how: "http",
    keys: [
      "fetch",
      "node-fetch:",
      "cross-fetch:",
      "undici:fetch",
      "undici:request",
      "axios:",
      "axios:post",
      "axios:request",
      "got:",
      "got:post",
      "ky:post",
      "superagent:post",
    ],
    when: requestsToken,
    source: "RFC 6749 §4.4 (client credentials grant, token endpoint, expires_in)",
  },
  ...MIDDY_PREFETCH,
];

/** HTTP clients made by a factory: `axios.create()`, `got.extend()`, `ky.create()`; their request methods. */
const HTTP_CLIENT_FACTORIES = new Set(["axios:create", "got:extend", "ky:create", "ky:extend"]);
const HTTP_REQUEST_METHODS = new Set(["post", "request", "fetch"]);

/** AWS credentials the runtime puts in the environment (KNOWLEDGE §3). */
export const AWS_CREDENTIAL_ENV_VARS: ReadonlySet<string> = new Set(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]);

/**
 * Credential providers that read those variables. Source: @aws-sdk/credential-providers (fromEnv),
 * aws-sdk v2 AWS.EnvironmentCredentials.
 */
export const ENV_CREDENTIAL_PROVIDERS: readonly { label: string; how: "call" | "new"; keys: readonly string[] }[] = [
  { label: "fromEnv()", how: "call", keys: ["@aws-sdk/credential-providers:fromEnv", "@aws-sdk/credential-provider-env:fromEnv"] },
  { label: "new AWS.EnvironmentCredentials()", how: "new", keys: ["aws-sdk:EnvironmentCredentials"] },
];

const BY_HOW = new Map<CredentialApi["how"], Map<string, CredentialApi[]>>();
for (const api of CREDENTIAL_APIS) {
  const table = BY_HOW.get(api.how) ?? new Map<string, CredentialApi[]>();
  for (const key of api.keys) table.set(key, [...(table.get(key) ?? []), api]);
  BY_HOW.set(api.how, table);
}

function rowsFor(how: CredentialApi["how"], key: string | undefined): CredentialApi[] {
  return key === undefined ? [] : (BY_HOW.get(how)?.get(key) ?? []);
}

/** A call or `new` as the analyses describe it: what it calls, and the file it is in. */
export interface CallEvent {
  node: ts.CallExpression | ts.NewExpression;
  callee: SymbolicValue;
  file: ModuleFacts;
  /** Sees through a helper's parameters to the caller's argument (init calls have it). */
  argumentValue?: (index: number) => SymbolicValue;
}

/**
 * The credential API a call fetches from, if any. The callee is taken as evaluated (init calls carry it); a
 * command object is followed from where it is built (`const cmd = new GetSecretValueCommand(…)`) to `send(cmd)`.
 */
export function matchCredentialFetch(event: CallEvent): CredentialApi | undefined {
  const { node, file } = event;
  if (!ts.isCallExpression(node)) return undefined;
  const callee = event.callee;
  const args = node.arguments;
  const method = calledMethod(node);
  const accept = (rows: CredentialApi[], input: ts.Expression | undefined) => rows.find((row) => !row.when || row.when({ input, args, file, method }));

  // `client.send(command)`: the command says what is fetched, whatever the client is.
  if (method === "send" && args[0]) {
    const command = event.argumentValue ? event.argumentValue(0) : resolveValue(evaluate(args[0], file));
    if (command.kind === "instance" && command.path.length === 0) {
      const found = accept(rowsFor("command", valueKey(command.ctor)), command.node?.arguments?.[0]);
      if (found) return found;
    }
  }
  if (callee.kind === "instance" && callee.path.length > 0) {
    const ctor = valueKey(callee.ctor);
    const path = callee.path.join(".");
    const rows = [...rowsFor("method", ctor), ...rowsFor("builder", ctor)].filter((row) => row.methods?.includes(path));
    const found = accept(rows, args[0]);
    if (found) return found;
  }
  if (callee.kind === "call" && callee.path.length === 0) {
    const found = accept(rowsFor("provider", valueKey(callee.callee)), args[0]);
    if (found) return found;
  }
  if (callee.kind === "call" && callee.path.length > 0) {
    const path = callee.path.join(".");
    const found = matchBuilder(callee) ?? accept(rowsFor("result", valueKey(callee.callee)).filter((row) => row.methods?.includes(path)), args[0]);
    if (found) return found;
    // `axios.create({…}).post(url, body)`
    if (callee.path.length === 1 && HTTP_REQUEST_METHODS.has(path) && callee.callee.kind !== "unknown" && HTTP_CLIENT_FACTORIES.has(valueKey(callee.callee) ?? "")) {
      return accept(rowsFor("http", "fetch"), args[0]);
    }
  }
  const key = valueKey(callee);
  return accept(rowsFor("call", key), args[0]) ?? accept(rowsFor("http", key), args[0]);
}

/** `new SignJWT(…).setX(…).setY(…).sign(key)`: a chain of setter calls rooted at a builder instance. */
function matchBuilder(callee: Extract<SymbolicValue, { kind: "call" }>): CredentialApi | undefined {
  const finalMethod = callee.path.join(".");
  let current: SymbolicValue = callee;
  for (let depth = 0; depth < 16 && current.kind === "call"; depth++) current = current.callee;
  if (current.kind !== "instance" || current.path.length !== 1) return undefined;
  return rowsFor("builder", valueKey(current.ctor)).find((row) => row.methods?.includes(finalMethod));
}

/** The `new Client()` a fetch goes through (`infisical.auth().universalAuth.login()` → `new InfisicalSDK()`), if known. */
export function fetchingClient(event: CallEvent): ts.NewExpression | undefined {
  let current: SymbolicValue = event.callee;
  for (let depth = 0; depth < 16 && current.kind === "call"; depth++) current = current.callee;
  return current.kind === "instance" ? current.node : undefined;
}

/** The credential provider a call or `new` makes from environment variables (`fromEnv()`). */
export function matchEnvCredentialProvider(event: CallEvent): string | undefined {
  const key = valueKey(event.callee);
  if (key === undefined) return undefined;
  const how = ts.isNewExpression(event.node) ? "new" : "call";
  return ENV_CREDENTIAL_PROVIDERS.find((provider) => provider.how === how && provider.keys.includes(key))?.label;
}

/** The method name of `a.b.method(…)`, syntactically. */
function calledMethod(call: ts.CallExpression): string | undefined {
  const callee = skipTransparent(call.expression);
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
}

/** The initializer of a property of a static object literal, written in place or held in a `const`. */
export function staticProperty(expression: ts.Expression, name: string, file: ModuleFacts): ts.Expression | undefined {
  const value = ts.isObjectLiteralExpression(skipTransparent(expression)) ? undefined : resolveValue(evaluate(expression, file));
  const object = value?.kind === "object" ? value.node : skipTransparent(expression);
  if (!ts.isObjectLiteralExpression(object)) return undefined;
  for (let i = object.properties.length - 1; i >= 0; i--) {
    const property = object.properties[i]!;
    if (ts.isSpreadAssignment(property)) return undefined;
    if (ts.isPropertyAssignment(property) && propertyNameText(property.name) === name) return skipTransparent(property.initializer);
  }
  return undefined;
}

/**
 * Where an OAuth access token is requested: a token endpoint under an OAuth path (`/oauth2/token`,
 * `/oauth2/v2.0/token`, `/oauth2/default/v1/token`, `/protocol/openid-connect/token`, `/connect/token`,
 * `/login/oauth/access_token`), or a body with `grant_type=client_credentials`.
 */
const TOKEN_ENDPOINT = /\/(oauth2?|openid-connect|connect)\/([\w.-]+\/)*(access_)?token\/?(\?|$)/i;
const TOKEN_ENDPOINT_NAME = /(token|oauth2?)_?(url|uri|endpoint)$/i;
const CLIENT_CREDENTIALS = /(^|[?&\s])grant_type=client_credentials\b|^client_credentials$/;

/**
 * An HTTP request for an OAuth token: one carrying the client-credentials grant, or a POST to a token endpoint
 * (a GET to a URL ending in `/token` is something else, a CSRF token say).
 */
function requestsToken({ args, file, method }: CallInput): boolean {
  if (args.some((argument) => textsIn(argument, file).some((text) => CLIENT_CREDENTIALS.test(text)))) return true;
  const url = args[0];
  if (!url || !isPost(method, args, file)) return false;
  const urlOption = staticProperty(url, "url", file);
  return [url, ...(urlOption ? [urlOption] : [])].some(
    (expression) => textsIn(expression, file).some((text) => TOKEN_ENDPOINT.test(text)) || namesIn(expression, file).some((name) => TOKEN_ENDPOINT_NAME.test(name)),
  );
}

/** `axios.post(…)`, or a `method: "POST"` option (`fetch(url, { method: "POST" })`, `axios({ method: "post" })`). */
function isPost(method: string | undefined, args: readonly ts.Expression[], file: ModuleFacts): boolean {
  if (method === "post") return true;
  return args.some((argument) => {
    const option = staticProperty(argument, "method", file);
    return !!option && ts.isStringLiteralLike(option) && option.text.toUpperCase() === "POST";
  });
}

/**
 * String fragments an expression is built from, following `const` names in the same file a few levels deep:
 * `fetch(TOKEN_URL)` with `const TOKEN_URL = \`${base}/oauth2/token\`` yields "/oauth2/token".
 */
function textsIn(root: ts.Expression, file: ModuleFacts, depth = 0): string[] {
  const texts: string[] = [];
  const stack: ts.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isFunctionLike(node)) continue;
    if (ts.isStringLiteralLike(node)) texts.push(node.text);
    else if (ts.isTemplateExpression(node)) {
      texts.push(node.head.text + node.templateSpans.map((span) => `\${}${span.literal.text}`).join(""));
      for (const span of node.templateSpans) texts.push(span.literal.text);
    } else if (ts.isIdentifier(node) && depth < 3) {
      const initializer = constInitializer(node, file);
      if (initializer) texts.push(...textsIn(initializer, file, depth + 1));
    }
    pushChildren(node, stack);
  }
  return texts;
}

/** Identifier and property names an expression reads (`process.env.TOKEN_URL` gives TOKEN_URL). */
function namesIn(root: ts.Expression, file: ModuleFacts): string[] {
  const node = skipAwait(root);
  if (ts.isIdentifier(node)) {
    const initializer = constInitializer(node, file);
    return [node.text, ...(initializer ? namesIn(initializer, file) : [])];
  }
  if (ts.isPropertyAccessExpression(node)) return [node.name.text];
  return [];
}

function constInitializer(identifier: ts.Identifier, file: ModuleFacts): ts.Expression | undefined {
  const declaration = file.scopes.lookup(identifier);
  if (declaration?.kind !== "variable" || declaration.bindingPath?.length !== 0) return undefined;
  if (!(declaration.node.parent.flags & ts.NodeFlags.Const)) return undefined;
  return declaration.node.initializer;
}

/** Words that say a value is a token, a secret or credentials (`accessToken`, `SecretString`, `Credentials`). */
export const CREDENTIAL_WORDS = new Set(["token", "tokens", "secret", "secrets", "credential", "credentials", "creds", "jwt", "bearer", "session"]);
/** A last word that makes the name a reference to one, not the value: `secretArn`, `tokenUrl`, `SecretsManagerClient`. */
const REFERENCE_WORDS = new Set([
  ...["id", "ids", "arn", "name", "names", "url", "uri", "path", "endpoint", "type", "kind", "header", "length", "count"],
  ...["expiry", "expires", "expiration", "ttl", "provider", "client", "manager", "store", "options", "config", "command"],
]);

/** Whether a name says token, secret or credential. Words are split at `_`, `-` and case changes. */
export function isCredentialName(name: string): boolean {
  const words = nameWords(name);
  return words.some((word) => CREDENTIAL_WORDS.has(word)) && !REFERENCE_WORDS.has(words.at(-1) ?? "");
}

/** Calls whose result carries their argument: `JSON.parse(secret.SecretString)`, `Buffer.from(token)`. */
const CARRYING_CALLEES = new Set(["JSON.parse", "String", "Buffer.from", "atob", "decodeURIComponent"]);
/** Database drivers open sessions (`driver.session()`, `client.startSession()`): connections, not credentials. */
const DATABASE_SESSION_CALL = /^(start)?session$/i;
const MAX_VALUE_DEPTH = 4;

/**
 * Whether a value is a token, secret or credentials, and what to call it: the result of a credential fetch
 * (directly, through a helper in this or another file, or through `JSON.parse` and member reads), or a value whose
 * name (`data.access_token`, `getAccessToken()`) or shape (`{ token, expiresAt }`) says so. Values read from the
 * environment and literals are static configuration, never credentials that expire.
 */
export function credentialValueOf(expression: ts.Expression, file: ModuleFacts, depth = 0): string | undefined {
  if (depth > MAX_VALUE_DEPTH) return undefined;
  const node = skipAwait(expression);
  if (isStaticConfiguration(node, file)) return undefined;
  // What the value was fetched from says more than its name: prefer it.
  const named = (name: string | undefined, inner: string | undefined) =>
    inner !== undefined && inner !== CACHED_CREDENTIAL ? inner : name !== undefined && isCredentialName(name) ? CACHED_CREDENTIAL : inner;
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    const callee = resolveValue(evaluate(skipTransparent(node.expression), file));
    const api = matchCredentialFetch({ node, callee, file });
    if (api) return api.stale;
    if (callee.kind === "function") {
      const inHelper = fetchedInBody(callee.node, callee.file, depth + 1);
      if (inHelper) return inHelper;
    }
    const key = valueKey(callee);
    if (key !== undefined && CARRYING_CALLEES.has(key) && node.arguments?.[0]) return credentialValueOf(node.arguments[0], file, depth + 1);
    const name = calledName(node);
    if (name !== undefined && DATABASE_SESSION_CALL.test(name)) return undefined;
    // `(await res.json())`, `res.data`: the receiver of a method may be the fetch.
    const receiver = skipTransparent(node.expression);
    return named(name, ts.isPropertyAccessExpression(receiver) ? credentialValueOf(receiver.expression, file, depth + 1) : undefined);
  }
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    return named(accessedName(node), credentialValueOf(node.expression, file, depth + 1));
  }
  if (ts.isIdentifier(node)) {
    const declaration = file.scopes.lookup(node);
    if (declaration?.kind !== "variable" || !declaration.node.initializer || !declaration.bindingPath) return named(node.text, undefined);
    if (isStaticConfiguration(declaration.node.initializer, file)) return undefined;
    const inner = named(declaration.bindingPath.at(-1), credentialValueOf(declaration.node.initializer, file, depth + 1));
    return named(node.text, inner);
  }
  if (ts.isObjectLiteralExpression(node)) {
    let generic: string | undefined;
    for (const property of node.properties) {
      const inner = ts.isPropertyAssignment(property) ? credentialValueOf(property.initializer, file, depth + 1) : undefined;
      const found = named(propertyNameText(property.name), inner);
      if (found !== undefined && found !== CACHED_CREDENTIAL) return found;
      generic ??= found;
    }
    return generic;
  }
  if (ts.isConditionalExpression(node)) return credentialValueOf(node.whenTrue, file, depth + 1) ?? credentialValueOf(node.whenFalse, file, depth + 1);
  if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    return credentialValueOf(node.left, file, depth + 1) ?? credentialValueOf(node.right, file, depth + 1);
  }
  return undefined;
}

const CACHED_CREDENTIAL = "a token or credential";

/** The first credential fetch a function body (or a helper it calls) makes. */
function fetchedInBody(fn: FunctionLike, file: ModuleFacts, depth: number): string | undefined {
  if (!fn.body || depth > MAX_VALUE_DEPTH) return undefined;
  const stack: ts.Node[] = [fn.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isCallExpression(node)) {
      const callee = resolveValue(evaluate(skipTransparent(node.expression), file));
      const api = matchCredentialFetch({ node, callee, file });
      if (api) return api.stale;
      if (callee.kind === "function" && callee.node !== fn) {
        const nested = fetchedInBody(callee.node, callee.file, depth + 1);
        if (nested) return nested;
      }
    }
    pushChildren(node, stack);
  }
  return undefined;
}

function calledName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = skipTransparent(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
}

/** `process.env.X` or a literal: configuration fixed for the process, not a credential that expires. */
function isStaticConfiguration(expression: ts.Expression, file: ModuleFacts): boolean {
  const node = skipTransparent(expression);
  if (ts.isStringLiteralLike(node) || ts.isNumericLiteral(node)) return true;
  if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    return isStaticConfiguration(node.left, file) && isStaticConfiguration(node.right, file);
  }
  return (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && isEnvironmentRead(node, file);
}

/** `process.env.X`: configuration fixed for the process, not a credential that expires. */
function isEnvironmentRead(node: ts.PropertyAccessExpression | ts.ElementAccessExpression, file: ModuleFacts): boolean {
  return isProcessEnv(node.expression, file);
}

/** The AWS credential variable a property read takes from the environment: `process.env.AWS_SESSION_TOKEN`. */
export function awsCredentialEnvRead(node: ts.Node, file: ModuleFacts): string | undefined {
  if (!ts.isPropertyAccessExpression(node) && !ts.isElementAccessExpression(node)) return undefined;
  const name = ts.isPropertyAccessExpression(node) ? node.name.text : accessedName(node);
  if (name === undefined || !AWS_CREDENTIAL_ENV_VARS.has(name)) return undefined;
  return isEnvironmentRead(node, file) ? name : undefined;
}

/**
 * Whether an expression is `process.env` itself. A member read is checked only when named `env`: every read at init
 * is asked, and an object holding `process.env` under another name is not followed.
 */
export function isProcessEnv(expression: ts.Expression, file: ModuleFacts): boolean {
  if (ts.isPropertyAccessExpression(expression) && expression.name.text !== "env") return false;
  const value = evaluate(expression, file);
  return (value.kind === "global" && value.path.join(".") === "process.env") || (value.kind === "module" && value.module === "process" && value.path.join(".") === "env");
}
