import path from "node:path";
import { ts } from "#typescript";
import type { ModuleFacts } from "../analysis/modules.js";
import { constantInitializer, literalValue } from "../analysis/options.js";
import { skipTransparent } from "../analysis/syntax.js";
import { evaluate, valueKey } from "../analysis/values.js";

/**
 * Path functions an infrastructure app builds asset paths with, evaluated as Node.js would. Source: Node.js docs,
 * "Path" (join, resolve, dirname) and "URL" (fileURLToPath).
 */
const PATH_FUNCTIONS: Record<string, (args: string[], cwd: string) => string | undefined> = {
  "path:join": (args) => path.join(...args),
  "path:resolve": (args, cwd) => path.resolve(cwd, ...args),
  "path:posix.join": (args) => path.join(...args),
  "path:posix.resolve": (args, cwd) => path.resolve(cwd, ...args),
  "path:dirname": (args) => (args.length === 1 ? path.dirname(args[0]!) : undefined),
  "url:fileURLToPath": (args) => (args.length === 1 && args[0]!.startsWith("file://") ? decodeURIComponent(new URL(args[0]!).pathname) : undefined),
};

const MAX_DEPTH = 12;

/**
 * The string a path expression of an infrastructure app evaluates to, when static reading can tell: literals,
 * constants, templates, `+`, `__dirname`/`__filename`, `import.meta.dirname`/`filename`/`url`, `new URL(x, base)`,
 * and the path functions above. `cwd` is the folder the app runs in (relative paths resolve against it).
 */
export function staticString(expression: ts.Expression, facts: ModuleFacts, cwd: string, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = skipTransparent(expression);
  const literal = literalValue(node, facts);
  if (typeof literal === "string") return literal;
  const next = (inner: ts.Expression) => staticString(inner, facts, cwd, depth + 1);
  if (ts.isIdentifier(node)) {
    if (facts.scopes.isGlobal(node)) {
      if (node.text === "__dirname") return path.dirname(facts.filePath);
      if (node.text === "__filename") return facts.filePath;
      return undefined;
    }
    const initializer = constantInitializer(node, facts);
    return initializer ? next(initializer) : undefined;
  }
  if (ts.isPropertyAccessExpression(node) && ts.isMetaProperty(node.expression) && node.expression.keywordToken === ts.SyntaxKind.ImportKeyword) {
    if (node.name.text === "dirname") return path.dirname(facts.filePath);
    if (node.name.text === "filename") return facts.filePath;
    if (node.name.text === "url") return new URL(`file://${facts.filePath}`).href;
    return undefined;
  }
  if (ts.isTemplateExpression(node)) {
    let text = node.head.text;
    for (const span of node.templateSpans) {
      const value = next(span.expression);
      if (value === undefined) return undefined;
      text += value + span.literal.text;
    }
    return text;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = next(node.left);
    const right = left === undefined ? undefined : next(node.right);
    return left === undefined || right === undefined ? undefined : left + right;
  }
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "URL" && facts.scopes.isGlobal(node.expression)) {
    const [relative, base] = (node.arguments ?? []).map(next);
    if (relative === undefined || base === undefined) return undefined;
    try {
      return new URL(relative, base).href;
    } catch {
      return undefined;
    }
  }
  if (ts.isCallExpression(node)) {
    const key = valueKey(evaluate(node.expression, facts));
    const apply = key === undefined ? undefined : PATH_FUNCTIONS[key];
    if (!apply) return undefined;
    const args: string[] = [];
    for (const argument of node.arguments) {
      const value = next(argument);
      if (value === undefined) return undefined;
      args.push(value);
    }
    return apply(args, cwd);
  }
  return undefined;
}
