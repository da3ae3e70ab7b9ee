import { testFixtureTable, type Finding } from "./fixture-table.js";

/**
 * Every file under fixtures/credentials and what linting it with every rule (target lambda) must report. Files in
 * valid/ and lib/ report nothing: lib/ helpers only matter when something calls them at init.
 */
const EXPECTED: Record<string, Finding[]> = {
  // SDK v3, ESM: a command built once and sent at init, and a promise started at init and awaited in the handler.
  "invalid/orders-webhook.ts": [
    ["init-secret-fetch", 7, 43, "Secrets Manager GetSecretValue"],
    ["init-secret-fetch", 8, 23, "Secrets Manager GetSecretValue"],
  ],
  // SDK v2, CommonJS: `.promise()` held at init, and a callback that stores the secret.
  "invalid/legacy-ssm.js": [
    ["init-secret-fetch", 6, 27, "SSM getParameter() with decryption"],
    ["init-secret-fetch", 11, 1, "Secrets Manager getSecretValue()"],
  ],
  // Role credentials turned into static keys, and a provider called by hand.
  "invalid/partner-sync.ts": [
    ["init-secret-fetch", 6, 23, "STS temporary credentials"],
    ["init-secret-fetch", 19, 32, "fromTemporaryCredentials()"],
  ],
  "invalid/service-login.mjs": [["init-secret-fetch", 5, 40, "Cognito InitiateAuth"]],
  "invalid/inventory-client.ts": [["init-secret-fetch", 5, 29, "OAuth client-credentials request"]],
  "invalid/signed-links.ts": [
    ["init-secret-fetch", 7, 26, "getSignedUrl()"],
    ["init-secret-fetch", 10, 23, "jwt.sign()"],
  ],
  "invalid/ledger-handler.ts": [["init-secret-fetch", 3, 24, "via readDatabaseSecret() in ../lib/vault.ts:6"]],
  "invalid/static-aws-keys.ts": [
    ["init-env-credentials", 6, 16, "process.env.AWS_ACCESS_KEY_ID"],
    ["init-env-credentials", 7, 20, "process.env.AWS_SECRET_ACCESS_KEY"],
    ["init-env-credentials", 8, 17, "process.env.AWS_SESSION_TOKEN"],
    ["init-env-credentials", 12, 40, "fromEnv()"],
  ],
  "invalid/legacy-keys.cjs": [
    ["init-env-credentials", 3, 7, "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN are read at init"],
    ["init-env-credentials", 10, 40, "new AWS.EnvironmentCredentials()"],
  ],
  "invalid/crm-client.ts": [["token-cache-without-expiry", 3, 5, "'cachedToken' caches the OAuth access token that getAccessToken() reuses"]],
  "invalid/report-signer.js": [
    ["token-cache-without-expiry", 5, 5, "'signingKey' caches the secret value"],
    ["token-cache-without-expiry", 6, 7, "'tokensByAudience' caches the signed JWT"],
  ],
  // Other clouds' secret stores and Google access tokens (through getClient()).
  "invalid/multi-cloud-secrets.ts": [
    ["init-secret-fetch", 7, 26, "Azure Key Vault getSecret()"],
    ["init-secret-fetch", 10, 27, "Google Secret Manager accessSecretVersion()"],
    ["init-secret-fetch", 14, 24, "GoogleAuth getAccessToken()"],
  ],
  // Promises for platform tokens started at init (CommonJS) and awaited in the handler.
  "invalid/platform-tokens.cjs": [
    ["init-secret-fetch", 6, 23, "Firebase Admin credential getAccessToken()"],
    ["init-secret-fetch", 9, 15, "HashiCorp Vault"],
    ["init-secret-fetch", 10, 17, "HashiCorp Vault"],
    ["init-secret-fetch", 13, 22, "@octokit/auth-app"],
  ],
  "invalid/build-and-db-tokens.ts": [
    ["init-secret-fetch", 9, 23, "RDS IAM auth token"],
    ["init-secret-fetch", 12, 38, "CodeArtifact GetAuthorizationToken"],
    ["init-secret-fetch", 15, 28, "ECR getAuthorizationToken()"],
    ["init-secret-fetch", 18, 41, "Auth0 client-credentials token"],
    ["init-secret-fetch", 21, 30, "Doppler secrets fetch"],
    ["init-secret-fetch", 24, 7, "Infisical login"],
    ["init-secret-fetch", 25, 32, "Infisical secrets fetch"],
  ],
  // A login whose result is thrown away still leaves its access token on the client, which init keeps.
  "invalid/infisical-login.ts": [["init-secret-fetch", 7, 7, "the client keeps the machine identity's access token"]],
  "invalid/infisical-client.cjs": [["init-secret-fetch", 9, 24, "Infisical login runs at init (via connectInfisical()"]],
  // Middy fetch middlewares prefetch when created, at init, and keep the value with no expiry by default.
  "invalid/middy-prefetch.ts": [
    ["init-secret-fetch", 13, 8, "Middy secrets-manager middleware (prefetch)"],
    ["init-secret-fetch", 14, 8, "Middy ssm middleware (prefetch)"],
    ["init-secret-fetch", 15, 8, "Middy rds-signer middleware (prefetch)"],
  ],
  "valid/middy-prefetch.ts": [],
  "valid/build-and-db-tokens.ts": [],
  "valid/checkout.ts": [],
  "valid/multi-cloud-secrets.ts": [],
  "valid/platform-tokens.cjs": [],
  "valid/legacy-handler.cjs": [],
  "valid/infisical-login.ts": [],
  "valid/provider-chain.ts": [],
  "valid/restore-hook.ts": [],
  "valid/retry-on-unauthorized.ts": [],
  "valid/secret-in-handler.ts": [],
  "valid/settings-cache.js": [],
  "valid/tenant-tokens.ts": [],
  "valid/token-caches.ts": [],
  "valid/verify-callers.mjs": [],
  "lib/token-service.ts": [],
  "lib/vault.ts": [],
};

testFixtureTable("credentials", EXPECTED);
