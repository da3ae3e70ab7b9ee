import path from "node:path";
import { ts } from "#typescript";
import { ModuleIndex, type ModuleFacts } from "../analysis/modules.js";
import { readOption } from "../analysis/options.js";
import { syntaxIndexOf } from "../analysis/syntax-index.js";
import { evaluate, valueKey, type SymbolicValue } from "../analysis/values.js";
import { relativeSpecifiers } from "../engine/relevance.js";
import { imageProcess } from "./containers.js";
import type { DescriptorLocation } from "./model.js";
import { draft, reportUnparsable, isNodeRuntime, type FunctionDraft, type ReadContext } from "./reading.js";
import { staticString } from "./static-paths.js";

/**
 * SST v3 components that run a Lambda function, and where their handler is. Sources: SST docs, Components:
 * `sst.aws.Function` (`handler`: `file.export` relative to the app root, `runtime` default nodejs20.x),
 * `sst.aws.Cron` (`function`: a handler or Function props; `job` in earlier versions), `ApiGatewayV2`/`ApiGatewayV1`/
 * `ApiGatewayWebSocket` `.route(route, handler | props)`, and the `.subscribe(...)` of `Queue`, `SnsTopic`, `Bus`,
 * `Bucket`, `Dynamo` and `KinesisStream` (the subscriber: a handler or props; some take a name first).
 */
const FUNCTION_COMPONENTS: Record<string, string[]> = { "sst.aws.Function": [""], "sst.aws.Cron": ["function", "job"] };
const ROUTED_COMPONENTS = new Set(["sst.aws.ApiGatewayV2", "sst.aws.ApiGatewayV1", "sst.aws.ApiGatewayWebSocket"]);
const SUBSCRIBED_COMPONENTS = new Set(["sst.aws.Queue", "sst.aws.SnsTopic", "sst.aws.Bus", "sst.aws.Bucket", "sst.aws.Dynamo", "sst.aws.KinesisStream"]);
/**
 * Containers on ECS, long-lived and never snapshotted. Source: SST docs, `sst.aws.Service` and `Cluster.addService`
 * (`image`: a context folder or `{ context, dockerfile }`, default the app root and its Dockerfile).
 */
const SERVICE_COMPONENT = "sst.aws.Service";
const CLUSTER_COMPONENT = "sst.aws.Cluster";
/** Files of an SST app followed through its relative imports (`await import("./infra/api")` included). */
const MAX_APP_FILES = 200;

function globalName(value: SymbolicValue): string | undefined {
  return value.kind === "global" ? valueKey(value) : undefined;
}

/** The functions and services an sst.config.ts builds. */
export function readSst(file: string, context: ReadContext): FunctionDraft[] {
  const appDir = path.dirname(file);
  const index = new ModuleIndex(appDir);
  const drafts: FunctionDraft[] = [];
  const seen = new Set([file]);
  const queue = [file];
  for (let head = 0; head < queue.length && head < MAX_APP_FILES; head++) {
    const facts = index.load(queue[head]);
    if (!facts) {
      if (head === 0) reportUnparsable(file, context);
      continue;
    }
    for (const node of syntaxIndexOf(facts.sourceFile).dispatched) {
      if (ts.isNewExpression(node)) drafts.push(...fromComponent(node, facts, appDir, context));
      else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) drafts.push(...fromMethod(node, node.expression, facts, appDir, context));
    }
    for (const specifier of relativeSpecifiers(facts.sourceFile.text)) {
      const imported = index.resolveFrom(facts.filePath, specifier);
      if (imported && !seen.has(imported)) {
        seen.add(imported);
        queue.push(imported);
      }
    }
  }
  return drafts;
}

function locationOf(node: ts.Node, facts: ModuleFacts): DescriptorLocation {
  const at = facts.sourceFile.getLineAndCharacterOfPosition(node.getStart(facts.sourceFile));
  return { file: facts.filePath, line: at.line + 1, column: at.character + 1 };
}

function fromComponent(node: ts.NewExpression, facts: ModuleFacts, appDir: string, context: ReadContext): FunctionDraft[] {
  const component = globalName(evaluate(node.expression, facts));
  if (!component) return [];
  const [idArgument, props] = node.arguments ?? [];
  const name = (idArgument && staticString(idArgument, facts, appDir)) ?? component;
  if (component === SERVICE_COMPONENT) return [service(name, node, props, facts, appDir, context)];
  const keys = FUNCTION_COMPONENTS[component];
  if (!keys || !props) return [];
  for (const key of keys) {
    const value = key === "" ? props : readSet(props, key, facts);
    if (value) return functionFrom(name, value, node, facts, appDir, context);
  }
  return [];
}

function fromMethod(node: ts.CallExpression, callee: ts.PropertyAccessExpression, facts: ModuleFacts, appDir: string, context: ReadContext): FunctionDraft[] {
  const method = callee.name.text;
  if (method !== "route" && method !== "subscribe" && method !== "addService") return [];
  const receiver = evaluate(callee.expression, facts);
  const component = receiver.kind === "instance" && receiver.path.length === 0 ? globalName(receiver.ctor) : undefined;
  if (!component) return [];
  const receiverName = receiver.kind === "instance" && receiver.node?.arguments?.[0] ? (staticString(receiver.node.arguments[0], facts, appDir) ?? component) : component;
  const args = node.arguments;
  if (method === "addService" && component === CLUSTER_COMPONENT) {
    const name = (args[0] && staticString(args[0], facts, appDir)) ?? "service";
    return [service(name, node, args[1], facts, appDir, context)];
  }
  if (method === "route" && ROUTED_COMPONENTS.has(component) && args[1]) {
    return functionFrom(`${receiverName} ${(args[0] && staticString(args[0], facts, appDir)) ?? "route"}`, args[1], node, facts, appDir, context);
  }
  if (method === "subscribe" && SUBSCRIBED_COMPONENTS.has(component)) {
    // `subscribe(handler, args)` or `subscribe(name, handler, args)`: the subscriber is the first handler-like argument.
    const subscriber = args.find((arg) => {
      const text = staticString(arg, facts, appDir);
      return text !== undefined ? text.includes(".") : ts.isObjectLiteralExpression(arg) && readSet(arg, "handler", facts) !== undefined;
    });
    if (subscriber) return functionFrom(`${receiverName} subscriber`, subscriber, node, facts, appDir, context);
  }
  return [];
}

function readSet(props: ts.Expression, key: string, facts: ModuleFacts): ts.Expression | undefined {
  const reading = readOption(props, key, facts);
  return reading.kind === "set" ? reading.value : undefined;
}

/** A function from a handler string (`src/api.handler`) or Function props (`{ handler, runtime }`). */
function functionFrom(name: string, value: ts.Expression, declaration: ts.Node, facts: ModuleFacts, appDir: string, context: ReadContext): FunctionDraft[] {
  const props = ts.isObjectLiteralExpression(value) ? value : undefined;
  const handlerNode = props ? readSet(props, "handler", facts) : value;
  const runtimeNode = props ? readSet(props, "runtime", facts) : undefined;
  const runtime = (runtimeNode && staticString(runtimeNode, facts, appDir)) ?? "nodejs20.x";
  const source = locationOf(declaration, facts);
  const common = { name, descriptorKind: "sst" as const, source, projectRoot: appDir };
  if (!isNodeRuntime(runtime)) return [draft({ ...common, entry: undefined, handler: undefined, runtime, javascript: false })];
  const handler = handlerNode ? staticString(handlerNode, facts, appDir) : undefined;
  if (handler === undefined) {
    context.problem(facts.filePath, handlerNode ? locationOf(handlerNode, facts) : source, `cannot tell the handler of ${name} statically; declare the function in the snapcheck config (functions)`);
    return [draft({ ...common, entry: undefined, handler: undefined, runtime })];
  }
  const { entry, exportName } = context.handlerEntry(handler, appDir, appDir, locationOf(handlerNode!, facts));
  return [draft({ ...common, entry, handler: exportName, runtime })];
}

/**
 * A container service: its project is the folder its image is built from, which a long-lived process serves (so
 * it is never snapshotted, whether or not its entry can be told).
 */
function service(name: string, declaration: ts.Node, props: ts.Expression | undefined, facts: ModuleFacts, appDir: string, context: ReadContext): FunctionDraft {
  const source = locationOf(declaration, facts);
  const common = { name, descriptorKind: "sst" as const, source, handler: undefined, packageType: "image" as const, longLived: true, lambda: false };
  const image = props ? readSet(props, "image", facts) : undefined;
  // A registry image (`image: "nginx:latest"`) is not built from the project: it serves none of its code.
  const imageText = image ? staticString(image, facts, appDir) : undefined;
  if (imageText !== undefined && !imageText.startsWith(".")) return draft({ ...common, projectRoot: appDir, entry: undefined, runtime: undefined, javascript: false });
  const contextNode = image && ts.isObjectLiteralExpression(image) ? readSet(image, "context", facts) : undefined;
  const dockerfileNode = image && ts.isObjectLiteralExpression(image) ? readSet(image, "dockerfile", facts) : undefined;
  const dockerContext = path.resolve(appDir, imageText ?? (contextNode && staticString(contextNode, facts, appDir)) ?? ".");
  const dockerfile = path.resolve(dockerContext, (dockerfileNode && staticString(dockerfileNode, facts, appDir)) ?? "Dockerfile");
  const built = context.image(dockerfile, dockerContext, source);
  const process = built ? imageProcess(built, context) : undefined;
  if (process?.kind === "program") return draft({ ...common, projectRoot: dockerContext, entry: process.entry, runtime: process.runtime });
  // Another language's server is not listed; a service whose Dockerfile is missing (a problem, reported) is.
  return draft({ ...common, projectRoot: dockerContext, entry: undefined, runtime: undefined, javascript: process?.kind !== "other" });
}
