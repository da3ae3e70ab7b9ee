import { ts } from "#typescript";
import type { FileAnalysis } from "../../src/analysis/file-analysis.js";
import { calleeText, valueParent } from "../../src/analysis/syntax.js";
import { createRule } from "../../src/engine/rule.js";
import {
  classifyInitCall,
  clientTable,
  factsResolver,
  lastMethodOf,
  isCloseMethod,
  isReconnectMethod,
  type ClientRow,
  type ClientTable,
  type ConnectionEvent,
  type FactsResolver,
} from "../../src/knowledge/client-semantics.js";
import { CONNECTION_TRIGGERS } from "../../src/knowledge/triggers.js";

/**
 * Flags a connection opened before the snapshot: a client that connects when created, an explicit connect call,
 * or the first use of a lazy client, evaluated at init (KNOWLEDGE §4). Library semantics come from the client table.
 */
export default createRule({
  id: "connections/init-connection",
  description: "A socket opened at init is frozen into the snapshot: after restore it is dead, or shared by every clone.",
  defaultLevel: "error",
  triggers: CONNECTION_TRIGGERS,
  messages: {
    eager:
      "{{client}} connects as soon as it is {{made}}, and this runs at init{{via}}: its socket is open in the snapshot, dead or shared by every clone after restore. Create the client lazily in the handler (client ??= …), or reconnect it in a restore hook.",
    connect:
      "{{call}} opens the {{client}} connection at init{{via}}: its socket is open in the snapshot, dead or shared by every clone after restore. Connect lazily in the handler (client ??= await connect()), or reconnect in a restore hook.",
    firstUse:
      "{{call}} is the first use of {{client}}, which connects on first use, and it runs at init{{via}}: the socket it opens is in the snapshot, dead or shared by every clone after restore. Make the first call in the handler, or reconnect in a restore hook.",
  },
  create(context) {
    const { analysis } = context;
    const taggedTemplates: ts.TaggedTemplateExpression[] = [];
    const restoreHookCalls: ts.CallExpression[] = [];
    return {
      kinds: {
        [ts.SyntaxKind.TaggedTemplateExpression](node) {
          taggedTemplates.push(node as ts.TaggedTemplateExpression);
        },
        [ts.SyntaxKind.CallExpression](node) {
          restoreHookCalls.push(node as ts.CallExpression);
        },
      },
      onFileEnd() {
        const table = clientTable(analysis.config.connections);
        const files = factsResolver(analysis);
        const managed = managedClients(analysis, table, files, restoreHookCalls);
        const reported = new Set<string>();
        // A client opens its socket once: later uses of the same client at init add nothing.
        const reportedClients = new Set<ts.Node>();
        const report = (site: ts.Node, event: ConnectionEvent, node: ts.Node, via: string) => {
          if (isManaged(event, managed, analysis)) return;
          const key = `${site.pos}:${event.client.label}`;
          if (reported.has(key) || (event.construction && reportedClients.has(event.construction))) return;
          reported.add(key);
          if (event.construction) reportedClients.add(event.construction);
          const messageId = event.kind === "constructed-eager" ? "eager" : event.kind === "connect-call" ? "connect" : "firstUse";
          const made = ts.isNewExpression(node) ? "constructed" : "called";
          context.report({ node: site, messageId, data: { client: event.client.label, call: callText(node, event), via, made } });
        };
        for (const call of analysis.initCalls) {
          const event = classifyInitCall(call, table, files);
          if (event) report(call.site, event, call.node, analysis.describeVia(call));
        }
        // Tagged templates (postgres.js sql`…`, prisma.$queryRaw`…`) are not calls of initCalls: checked in this file.
        for (const tagged of taggedTemplates) {
          if (analysis.phaseOf(tagged) !== "init") continue;
          const event = classifyInitCall({ node: tagged, callee: analysis.valueOf(tagged.tag) }, table, files);
          if (event) report(tagged, event, tagged, "");
        }
      },
    };
  },
});

function callText(node: ts.Node, event: ConnectionEvent): string {
  if (ts.isTaggedTemplateExpression(node)) return `${node.tag.getText().replace(/\s+/g, "")}\`…\``;
  if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return node.getText();
  // A connect method that connects only with a given argument is shown with it: `getConnectivityState(true)`.
  const withArgument = event.kind === "connect-call" ? event.client.connectMethods?.find((entry) => entry.startsWith(`${event.method}(`)) : undefined;
  return withArgument ? calleeText(node).replace(/\(\)$/, withArgument.slice(withArgument.indexOf("("))) : calleeText(node);
}

interface Managed {
  /** Clients (by the call or `new` that created them) closed at init or touched in a restore hook. */
  constructions: Set<ts.Node>;
  /** Module-wide clients (`mongoose.connect()`) closed at init or connected in a restore hook. */
  rows: Set<ClientRow>;
}

/**
 * Clients the code already handles: closed before the snapshot (`addSerializeCallback(() => client.end())`), or
 * reconnected (or closed) in a restore hook. Their init connection is not a finding.
 */
function managedClients(analysis: FileAnalysis, table: ClientTable, files: FactsResolver, calls: readonly ts.CallExpression[]): Managed {
  const managed: Managed = { constructions: new Set(), rows: new Set() };
  for (const call of analysis.initCalls) {
    for (const row of table.functionRowsClosedBy(call.callee)) managed.rows.add(row);
    const behind = table.clientBehind(call.callee);
    const method = behind && lastMethodOf(behind.steps);
    if (behind?.construction && method && isCloseMethod(behind.client, method)) managed.constructions.add(behind.construction);
  }
  // Nothing runs in a restore hook unless init registers one: then no call needs its phase asked.
  for (const call of analysis.hasRestoreHooks ? calls : []) {
    if (analysis.phaseOf(call) !== "restore-hook") continue;
    const callee = analysis.calleeOf(call);
    const event = classifyInitCall({ node: call, callee }, table, files);
    if (event?.kind === "constructed-eager") managed.rows.add(event.client);
    const behind = table.clientBehind(callee);
    const method = behind && lastMethodOf(behind.steps);
    if (behind?.construction && method && isReconnectMethod(behind.client, method)) managed.constructions.add(behind.construction);
  }
  return managed;
}

function isManaged(event: ConnectionEvent, managed: Managed, analysis: FileAnalysis): boolean {
  const construction = event.construction;
  if (construction && managed.constructions.has(construction)) return true;
  if (!construction) return false;
  // A module-wide connection (`await mongoose.connect(uri)`, result not kept) reopened in a restore hook.
  if (managed.rows.has(event.client) && event.kind === "constructed-eager" && analysis.fateOf(construction).kind === "discarded") return true;
  return reassignedInRestoreHook(construction, analysis);
}

/** `let redis = new Redis()` at init, and `redis = new Redis()` in a restore hook: the hook replaces the client. */
function reassignedInRestoreHook(construction: ts.Node, analysis: FileAnalysis): boolean {
  if (construction.getSourceFile() !== analysis.sourceFile) return false;
  const { parent } = valueParent(construction);
  if (!ts.isVariableDeclaration(parent)) return false;
  return analysis.facts.assignmentsTo(parent).some((assigned) => analysis.phaseOf(assigned) === "restore-hook");
}
