import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ts } from "#typescript";
import { afterAll } from "vitest";
import { FileAnalysis } from "../../src/analysis/file-analysis.js";
import { ModuleIndex } from "../../src/analysis/modules.js";
import { parseSource } from "../../src/engine/parse.js";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

/** Analyses `code` as `src/index.ts` of a temporary tree holding `files` (paths relative to `src/`). */
export function analyse(code: string, files: Record<string, string> = {}, restoreHooks: string[] = []): FileAnalysis {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "snapcheck-analysis-"));
  roots.push(root);
  const filePath = path.join(root, "src/index.ts");
  for (const [relative, text] of Object.entries({ ...files, "index.ts": code })) {
    const target = path.join(root, "src", relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  }
  const parsed = parseSource(filePath, code);
  if (!parsed.ok) throw new Error(parsed.message);
  const facts = new ModuleIndex(root).register(filePath, parsed.sourceFile);
  return new FileAnalysis(facts, { rules: {}, target: "lambda", restoreHooks, connections: {} });
}

/** The first node of `kind` whose text starts with `text`. */
export function find<T extends ts.Node>(analysis: FileAnalysis, kind: ts.SyntaxKind, text: string): T {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (node.kind === kind && node.getText(analysis.sourceFile).startsWith(text)) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(analysis.sourceFile);
  if (!found) throw new Error(`no ${ts.SyntaxKind[kind]} starting with ${text}`);
  return found as T;
}

export function call(analysis: FileAnalysis, text: string): ts.CallExpression {
  return find<ts.CallExpression>(analysis, ts.SyntaxKind.CallExpression, text);
}
