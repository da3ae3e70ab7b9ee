import { ts } from "#typescript";
import { pushChildrenInOrder, skipTransparent } from "./syntax.js";

/** Kinds the engine lists for dispatch: what rules listen to. A rule listening to another kind costs a full walk. */
export const INDEXED_KINDS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.CallExpression,
  ts.SyntaxKind.NewExpression,
  ts.SyntaxKind.TaggedTemplateExpression,
]);

export const ASSIGNMENT_OPERATORS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
]);

/**
 * What the one walk over a tree that links parents records for the analyses, so that none of them walks the whole
 * tree again: on a large file every extra walk costs as much as a tenth of its parse.
 */
export class SyntaxIndex {
  nodeCount = 0;
  /** Nodes of `INDEXED_KINDS`, in source order (depth first, parents before children). */
  readonly dispatched: ts.Node[] = [];
  /** Assignments (`x = …`, `x ??= …`) whose target is a plain name, by that name, in source order. */
  readonly assignmentsByName = new Map<string, ts.BinaryExpression[]>();
  /** Names declared by the file's top-level `var`, `let` and `const` statements. */
  private readonly moduleVariableNames = new Set<string>();
  /** Every identifier spelled like one of those names, declarations included, in source order. */
  readonly moduleVariableMentions: ts.Identifier[] = [];

  constructor(sourceFile: ts.SourceFile) {
    for (const statement of sourceFile.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) this.moduleVariableNames.add(declaration.name.text);
      }
    }
  }

  /** Records one node; called for every node of the tree in source order. */
  add(node: ts.Node): void {
    this.nodeCount++;
    if (INDEXED_KINDS.has(node.kind)) {
      this.dispatched.push(node);
    } else if (node.kind === ts.SyntaxKind.Identifier) {
      if (this.moduleVariableNames.size > 0 && this.moduleVariableNames.has((node as ts.Identifier).text)) {
        this.moduleVariableMentions.push(node as ts.Identifier);
      }
    } else if (node.kind === ts.SyntaxKind.BinaryExpression) {
      const assignment = node as ts.BinaryExpression;
      if (!ASSIGNMENT_OPERATORS.has(assignment.operatorToken.kind)) return;
      const target = skipTransparent(assignment.left);
      if (!ts.isIdentifier(target)) return;
      const list = this.assignmentsByName.get(target.text);
      if (list) list.push(assignment);
      else this.assignmentsByName.set(target.text, [assignment]);
    }
  }
}

const indexes = new WeakMap<ts.SourceFile, SyntaxIndex>();

/**
 * Links every node to its parent, indexes the tree, and returns the first node found deeper than `depthLimit`, if
 * any (then the tree is left unindexed). Iterative, like every walk of a whole file.
 */
export function linkAndIndex(sourceFile: ts.SourceFile, depthLimit: number): ts.Node | undefined {
  const index = new SyntaxIndex(sourceFile);
  const nodes: ts.Node[] = [sourceFile];
  const depths: number[] = [0];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth > depthLimit) return node;
    index.add(node);
    const from = nodes.length;
    pushChildrenInOrder(node, nodes);
    for (let i = from; i < nodes.length; i++) {
      (nodes[i] as { parent: ts.Node }).parent = node;
      depths.push(depth + 1);
    }
  }
  indexes.set(sourceFile, index);
  return undefined;
}

/** The index of a tree: made when it was parsed, or now for a tree parsed elsewhere with its parents set. */
export function syntaxIndexOf(sourceFile: ts.SourceFile): SyntaxIndex {
  let index = indexes.get(sourceFile);
  if (!index) {
    index = new SyntaxIndex(sourceFile);
    const stack: ts.Node[] = [sourceFile];
    while (stack.length > 0) {
      const node = stack.pop()!;
      index.add(node);
      pushChildrenInOrder(node, stack);
    }
    indexes.set(sourceFile, index);
  }
  return index;
}
