import { ts } from "#typescript";
import { skipTransparent } from "./syntax.js";

/** Kinds the engine lists for dispatch: what rules listen to. A rule listening to another kind costs a full walk. */
export const INDEXED_KINDS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.CallExpression,
  ts.SyntaxKind.NewExpression,
  ts.SyntaxKind.TaggedTemplateExpression,
]);

const ASSIGNMENT_OPERATORS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
]);

/** Declarations that bind a name to a value made elsewhere: variables, destructuring elements, imports. */
const BINDING_KINDS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.VariableDeclaration,
  ts.SyntaxKind.BindingElement,
  ts.SyntaxKind.ImportClause,
  ts.SyntaxKind.ImportSpecifier,
  ts.SyntaxKind.NamespaceImport,
  ts.SyntaxKind.ImportEqualsDeclaration,
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
  /** Every identifier spelled like a variable declared by a top-level `var`, `let` or `const`, in source order. */
  readonly moduleVariableMentions: ts.Identifier[] = [];
  /**
   * Names (`escapedText`) bound anywhere in the file by a variable, a destructuring element or an import: a plain
   * name spelled otherwise is a function, class or parameter of the file, or a global.
   */
  readonly importOrVariableNames = new Set<string>();

  addAssignment(assignment: ts.BinaryExpression): void {
    if (!ASSIGNMENT_OPERATORS.has(assignment.operatorToken.kind)) return;
    const target = skipTransparent(assignment.left);
    if (!ts.isIdentifier(target)) return;
    const list = this.assignmentsByName.get(target.text);
    if (list) list.push(assignment);
    else this.assignmentsByName.set(target.text, [assignment]);
  }
}

/** Names declared by a file's top-level `var`, `let` and `const` statements, as the parser spells them. */
function moduleVariableNames(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name)) names.add(declaration.name.escapedText as string);
    }
  }
  return names;
}

const indexes = new WeakMap<ts.SourceFile, SyntaxIndex>();

/**
 * Links every node to its parent and indexes the tree, in one walk in source order; returns the first node found
 * deeper than `depthLimit`, if any (then the tree is left unindexed). Iterative, like every walk of a whole file.
 */
export function linkAndIndex(sourceFile: ts.SourceFile, depthLimit: number): ts.Node | undefined {
  const index = new SyntaxIndex();
  const variableNames = moduleVariableNames(sourceFile);
  const nodes: ts.Node[] = [sourceFile];
  const depths: number[] = [0];
  let parent: ts.Node = sourceFile;
  let childDepth = 0;
  const push = (child: ts.Node) => {
    (child as { parent: ts.Node }).parent = parent;
    nodes.push(child);
    depths.push(childDepth);
  };
  while (nodes.length > 0) {
    parent = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth > depthLimit) return parent;
    index.nodeCount++;
    const kind = parent.kind;
    if (INDEXED_KINDS.has(kind)) {
      index.dispatched.push(parent);
    } else if (kind === ts.SyntaxKind.Identifier) {
      if (variableNames.has((parent as ts.Identifier).escapedText as string)) index.moduleVariableMentions.push(parent as ts.Identifier);
    } else if (kind === ts.SyntaxKind.BinaryExpression) {
      index.addAssignment(parent as ts.BinaryExpression);
    } else if (BINDING_KINDS.has(kind)) {
      const name = (parent as ts.NamedDeclaration).name;
      if (name && name.kind === ts.SyntaxKind.Identifier) index.importOrVariableNames.add(name.escapedText as string);
    }
    const from = nodes.length;
    childDepth = depth + 1;
    ts.forEachChild(parent, push);
    // Siblings come off the stack first child first; their depths are all the same.
    for (let low = from, high = nodes.length - 1; low < high; low++, high--) {
      const first = nodes[low]!;
      nodes[low] = nodes[high]!;
      nodes[high] = first;
    }
  }
  indexes.set(sourceFile, index);
  return undefined;
}

/** The index of a tree: made when it was parsed, or now for a tree parsed elsewhere. */
export function syntaxIndexOf(sourceFile: ts.SourceFile): SyntaxIndex {
  if (!indexes.has(sourceFile)) linkAndIndex(sourceFile, Infinity);
  return indexes.get(sourceFile)!;
}
