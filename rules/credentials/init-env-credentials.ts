import { ts } from "#typescript";
import type { Via } from "../../src/analysis/init-phase.js";
import type { ModuleFacts } from "../../src/analysis/modules.js";
import { keptPastInit } from "../../src/analysis/retention.js";
import { createRule } from "../../src/engine/rule.js";
import { AWS_CREDENTIAL_ENV_VARS, awsCredentialEnvRead, isProcessEnv, matchEnvCredentialProvider } from "../../src/knowledge/credential-apis.js";
import { CREDENTIAL_TRIGGERS } from "../../src/knowledge/triggers.js";

/**
 * Flags AWS credentials taken from the environment at init and kept. Under SnapStart the runtime supplies
 * credentials through AWS_CONTAINER_CREDENTIALS_FULL_URI and leaves AWS_SESSION_TOKEN unset (KNOWLEDGE §3); any
 * temporary keys captured before the snapshot expire while the clone still holds them.
 */
export default createRule({
  id: "credentials/init-env-credentials",
  description: "AWS credentials read from the environment at init are missing or expired after restore; let the SDK resolve them.",
  defaultLevel: "error",
  triggers: CREDENTIAL_TRIGGERS,
  messages: {
    variable:
      "process.env.{{name}} is read at init{{via}} and kept: temporary AWS keys in the snapshot expire, and under SnapStart the runtime does not set them (it serves credentials from AWS_CONTAINER_CREDENTIALS_FULL_URI). Drop the explicit credentials and let the SDK's default provider chain resolve them.",
    variables:
      "process.env.{{names}} are read at init{{via}} and kept: temporary AWS keys in the snapshot expire, and under SnapStart the runtime does not set them (it serves credentials from AWS_CONTAINER_CREDENTIALS_FULL_URI). Drop the explicit credentials and let the SDK's default provider chain resolve them.",
    provider:
      "{{provider}} at init{{via}} pins the client to credentials from environment variables, which SnapStart does not set after restore (it serves credentials from AWS_CONTAINER_CREDENTIALS_FULL_URI). Drop the credentials option and let the SDK's default provider chain resolve them.",
  },
  create(context) {
    const { analysis } = context;
    return {
      onFileEnd() {
        const reported = new Set<string>();
        const report = (event: { node: ts.Node; file: ModuleFacts; site: ts.Node; via?: Via }, reportAt: ts.Node, messageId: "variable" | "variables" | "provider", label: string) => {
          // One finding per place: a helper reading all three variables is reported once, at the call.
          const key = String(reportAt.pos);
          if (reported.has(key) || !keptPastInit(event, analysis.facts)) return;
          reported.add(key);
          const via = analysis.describeVia(event);
          const data: Record<string, string> = { [messageId === "provider" ? "provider" : messageId === "variables" ? "names" : "name"]: label, via };
          context.report({ node: reportAt, messageId, data });
        };
        for (const read of analysis.initReads) {
          const name = awsCredentialEnvRead(read.node, read.file);
          if (name) {
            report(read, read.via ? read.site : read.node, "variable", name);
            continue;
          }
          if (!isProcessEnv(read.node, read.file)) continue;
          // `process.env["AWS_SESSION_TOKEN"]` and `const { AWS_ACCESS_KEY_ID } = process.env`.
          const parent = read.node.parent;
          const element = awsCredentialEnvRead(parent, read.file);
          if (element) report({ ...read, node: parent }, read.via ? read.site : parent, "variable", element);
          // One destructuring is one finding, naming every credential it takes.
          const bindings = destructuredCredentials(read.node).filter((binding) => keptPastInit({ ...read, node: binding.name }, analysis.facts));
          if (bindings.length === 1) report({ ...read, node: bindings[0]!.name }, read.via ? read.site : bindings[0]!.node, "variable", bindings[0]!.variable);
          else if (bindings.length > 1) {
            const pattern = bindings[0]!.node.parent;
            report({ ...read, node: bindings[0]!.name }, read.via ? read.site : pattern, "variables", joinAnd(bindings.map((binding) => binding.variable)));
          }
        }
        for (const event of analysis.initCalls) {
          const provider = matchEnvCredentialProvider(event);
          if (provider) {
            report(event, event.site, "provider", provider);
            continue;
          }
          // `process.env.AWS_ACCESS_KEY_ID.trim()`: the read is the receiver of a call, so not listed as a read.
          const callee = event.node.expression;
          if (ts.isPropertyAccessExpression(callee)) {
            const name = awsCredentialEnvRead(callee.expression, event.file);
            if (name) report(event, event.via ? event.site : callee.expression, "variable", name);
          }
        }
      },
    };
  },
});

/** `const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: secret } = process.env`: the credential bindings. */
function destructuredCredentials(env: ts.Expression): { node: ts.BindingElement; name: ts.Identifier; variable: string }[] {
  let node: ts.Node = env;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent)) node = node.parent;
  const declaration = node.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.initializer !== node || !ts.isObjectBindingPattern(declaration.name)) return [];
  const found: { node: ts.BindingElement; name: ts.Identifier; variable: string }[] = [];
  for (const element of declaration.name.elements) {
    const key = element.propertyName ?? element.name;
    const variable = ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : undefined;
    if (variable && AWS_CREDENTIAL_ENV_VARS.has(variable) && ts.isIdentifier(element.name)) {
      found.push({ node: element, name: element.name, variable });
    }
  }
  return found;
}

function joinAnd(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
