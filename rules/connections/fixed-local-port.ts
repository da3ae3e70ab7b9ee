import { ts } from "#typescript";
import { literalValue, readOption, readOptionFromArguments } from "../../src/analysis/options.js";
import { skipTransparent } from "../../src/analysis/syntax.js";
import { createRule } from "../../src/engine/rule.js";
import { clientTable, lastMethodOf, type ClientRow } from "../../src/knowledge/client-semantics.js";
import { CONNECTION_TRIGGERS } from "../../src/knowledge/triggers.js";

/**
 * Flags an outbound socket bound to a fixed local port (`localPort: 5000`, `bind(5000)` on a UDP socket that then
 * connects out): every clone restored from the snapshot uses the same source port (KNOWLEDGE §4). Flagged wherever
 * it runs, since every clone runs the handler too.
 */
export default createRule({
  id: "connections/fixed-local-port",
  description: "An outbound socket bound to a fixed local port: every clone restored from the snapshot uses the same port.",
  defaultLevel: "error",
  triggers: CONNECTION_TRIGGERS,
  triggersInOwnText: true,
  messages: {
    localPort:
      "{{client}} binds its outbound socket to local port {{port}}: every clone restored from the snapshot connects from the same source port, so their connections collide. Remove {{option}} and let the OS pick an ephemeral port.",
    bind:
      "{{client}} is bound to local port {{port}} and then connects out: every clone restored from the snapshot sends from the same source port, so their traffic collides. Call bind() without a port (or with 0) so the OS picks one.",
  },
  create(context) {
    const { analysis } = context;
    const calls: (ts.CallExpression | ts.NewExpression)[] = [];
    const collect = (node: ts.Node) => {
      calls.push(node as ts.CallExpression | ts.NewExpression);
    };
    return {
      kinds: { [ts.SyntaxKind.CallExpression]: collect, [ts.SyntaxKind.NewExpression]: collect },
      onFileEnd() {
        const table = clientTable(analysis.config.connections);
        const facts = analysis.facts;
        const reported = new Set<number>();
        const reportPort = (node: ts.Node, messageId: "localPort" | "bind", data: Record<string, string | number>) => {
          if (reported.has(node.pos)) return;
          reported.add(node.pos);
          context.report({ node, messageId, data });
        };
        const checkOptions = (client: ClientRow, args: readonly ts.Expression[]) => {
          for (const option of client.localPortOptions ?? []) {
            const reading = readOptionFromArguments(args, option, facts);
            if (reading.kind !== "set") continue;
            const port = literalValue(reading.value, reading.facts);
            if (typeof port === "number" && port > 0) reportPort(reading.property, "localPort", { client: client.label, port, option });
          }
        };
        const connected = new Set<ts.Node>();
        const binds: { client: ClientRow; construction: ts.Node; port: number; node: ts.Node }[] = [];
        const names = table.localPortCallNames;
        for (const call of calls) {
          if (names && !analysis.mayCallOneOf(call, names)) continue;
          const callee = analysis.calleeOf(call);
          const args = call.arguments ?? [];
          if (callee.kind === "module" || callee.kind === "global") {
            const client = table.rowFor(callee, ts.isNewExpression(call) ? "new" : "call");
            if (client) {
              checkOptions(client, args);
              continue;
            }
          }
          if (!ts.isCallExpression(call)) continue;
          const behind = table.clientBehind(callee);
          const method = behind && lastMethodOf(behind.steps);
          if (!behind || !method) continue;
          const { client, construction } = behind;
          if ((client.bindMethods ?? []).includes(method)) {
            const bound = fixedBindPort(args, facts);
            if (bound && construction) binds.push({ client, construction, ...bound });
          } else if ((client.connectMethods ?? []).includes(method)) {
            if (construction) connected.add(construction);
            checkOptions(client, args);
          }
        }
        // A bound UDP socket that never connects out is a listener: only a connecting one is an outbound client.
        for (const bind of binds) {
          if (connected.has(bind.construction)) reportPort(bind.node, "bind", { client: bind.client.label, port: bind.port });
        }
      },
    };
  },
});

/** `bind(5000)`, `bind(5000, "0.0.0.0")` or `bind({ port: 5000 })` with a fixed, non-zero port. */
function fixedBindPort(args: readonly ts.Expression[], facts: Parameters<typeof readOption>[2]): { port: number; node: ts.Node } | undefined {
  const first = args[0] && skipTransparent(args[0]);
  if (!first) return undefined;
  const direct = literalValue(first, facts);
  if (typeof direct === "number") return direct > 0 ? { port: direct, node: first } : undefined;
  const reading = readOption(first, "port", facts);
  if (reading.kind !== "set") return undefined;
  const port = literalValue(reading.value, reading.facts);
  return typeof port === "number" && port > 0 ? { port, node: reading.property } : undefined;
}
