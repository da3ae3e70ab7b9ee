// ESLint's nearest equivalent of snapcheck, for `npm run bench`: `no-restricted-syntax` selectors for the same
// module-scope hazards. The selectors only see syntax (no bindings, no call graph), so they both miss and
// over-report; they exist to cost ESLint a comparable amount of work, not to match snapcheck's findings.
import tsParser from "@typescript-eslint/parser";

// At init: a top-level declaration or statement, a top-level export, or a static class member.
const AT_INIT = [
  "Program > VariableDeclaration",
  "Program > ExportNamedDeclaration > VariableDeclaration",
  "Program > ExpressionStatement",
  "PropertyDefinition[static=true]",
  "StaticBlock",
];

const RANDOM_MEMBERS = "/^(random|randomUUID|randomBytes|randomInt|randomFillSync|getRandomValues)$/";
const RANDOM_CALLS = "/^(randomUUID|randomBytes|randomInt|uuid|v1|v4|v6|v7|uuidv4|nanoid|cuid|createId|ulid|seedrandom)$/";
const CREDENTIAL_COMMANDS =
  "/^(GetSecretValueCommand|GetParameterCommand|GetParametersCommand|AssumeRoleCommand|AssumeRoleWithWebIdentityCommand|GetSessionTokenCommand|InitiateAuthCommand)$/";
const EAGER_CLIENTS = "/^(Redis|Cluster|WebSocket|Client|Chance|MersenneTwister)$/";

const atInit = (what, message) => AT_INIT.map((scope) => ({ selector: `${scope} ${what}`, message }));

const restricted = [
  // uniqueness
  ...atInit(`CallExpression[callee.property.name=${RANDOM_MEMBERS}]`, "random value drawn at init"),
  ...atInit(`CallExpression[callee.name=${RANDOM_CALLS}]`, "random value or PRNG created at init"),
  ...atInit("CallExpression[callee.object.name='Date'][callee.property.name='now']", "clock read at init"),
  ...atInit("NewExpression[callee.name='Date']", "clock read at init"),
  ...atInit("CallExpression[callee.object.name='performance'][callee.property.name='now']", "clock read at init"),
  ...atInit("CallExpression[callee.object.name='process'][callee.property.name='hrtime']", "clock read at init"),
  ...atInit("CallExpression[callee.property.name='hostname']", "host identity read at init"),
  // Under the lambda target Math.random is unsafe in the handler too.
  {
    selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
    message: "Math.random repeats across restored clones",
  },
  // credentials
  ...atInit(`NewExpression[callee.name=${CREDENTIAL_COMMANDS}]`, "credential fetched at init"),
  ...atInit("CallExpression[callee.object.name='jwt'][callee.property.name='sign']", "token signed at init"),
  ...atInit("CallExpression[callee.name=/^(getSignedUrl|fromEnv|fromTemporaryCredentials)$/]", "credential kept from init"),
  ...atInit(
    "MemberExpression[object.object.name='process'][object.property.name='env'][property.name=/^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN)$/]",
    "AWS credential read from the environment at init",
  ),
  // connections
  ...atInit("AwaitExpression CallExpression[callee.property.name=/^(connect|\\$connect|authenticate|sync|initialize|query)$/]", "socket opened at init"),
  ...atInit("CallExpression[callee.property.name=/^(connect|createConnection|createClient)$/]", "socket opened at init"),
  ...atInit(`NewExpression[callee.name=${EAGER_CLIENTS}]`, "eager client created at init"),
  ...atInit("CallExpression[callee.name='io']", "socket opened at init"),
];

const rules = { "no-restricted-syntax": ["error", ...restricted] };

export default [
  {
    linterOptions: { reportUnusedDisableDirectives: "off" },
  },
  {
    files: ["**/*.{ts,tsx,mts,cts,js,jsx,mjs}"],
    ignores: ["**/*.d.ts", "**/*.d.mts", "**/*.d.cts"],
    languageOptions: { parser: tsParser, sourceType: "module" },
    rules,
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { parser: tsParser, sourceType: "commonjs" },
    rules,
  },
];
