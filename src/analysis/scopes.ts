import { ts } from "#typescript";
import { FUNCTION_KINDS, isFunctionLike, normalizeModuleName, propertyNameText, pushChildren, type ClassLike, type FunctionLike } from "./syntax.js";

/** What a name is bound to where it is used. */
export type Declaration =
  | {
      kind: "import";
      /** Module specifier, `node:` stripped. */
      module: string;
      /** Export path read from the module; `[]` for a namespace or default import (both read as the module's value). */
      path: string[];
      typeOnly: boolean;
      node: ts.Node;
    }
  | {
      kind: "variable";
      node: ts.VariableDeclaration;
      name: ts.Identifier;
      /** Property path from the initializer to this name in a destructuring pattern; undefined when not static. */
      bindingPath: string[] | undefined;
      constant: boolean;
    }
  | { kind: "function"; node: ts.FunctionDeclaration }
  | { kind: "class"; node: ClassLike }
  | { kind: "parameter"; node: ts.ParameterDeclaration; fn: FunctionLike; index: number; bindingPath: string[] | undefined }
  | { kind: "other"; node: ts.Node };

type ScopeTable = Map<string, Declaration>;

/** Resolves identifiers to their declarations, honouring block scope, hoisting and shadowing. One per file. */
export class Scopes {
  private readonly tables = new Map<ts.Node, ScopeTable>();

  /** The declaration `identifier` refers to, or undefined for a global (or an unbound name). */
  lookup(identifier: ts.Identifier): Declaration | undefined {
    const name = identifier.text;
    for (let scope: ts.Node | undefined = identifier.parent; scope; scope = scope.parent) {
      if (!isScope(scope)) continue;
      const found = this.table(scope).get(name);
      if (found) return found;
    }
    return undefined;
  }

  /** Whether the name is unbound at this point, so it refers to the global of that name. */
  isGlobal(identifier: ts.Identifier): boolean {
    return this.lookup(identifier) === undefined;
  }

  private table(scope: ts.Node): ScopeTable {
    let table = this.tables.get(scope);
    if (!table) {
      table = buildTable(scope);
      this.tables.set(scope, table);
    }
    return table;
  }
}

const SCOPE_KINDS: ReadonlySet<ts.SyntaxKind> = new Set([
  ...FUNCTION_KINDS,
  ts.SyntaxKind.SourceFile,
  ts.SyntaxKind.Block,
  ts.SyntaxKind.ModuleBlock,
  ts.SyntaxKind.CaseBlock,
  ts.SyntaxKind.ForStatement,
  ts.SyntaxKind.ForInStatement,
  ts.SyntaxKind.ForOfStatement,
  ts.SyntaxKind.CatchClause,
  ts.SyntaxKind.ClassExpression,
]);

/** Lookups walk every ancestor of every name: a set lookup keeps that cheap. */
function isScope(node: ts.Node): boolean {
  return SCOPE_KINDS.has(node.kind);
}

function buildTable(scope: ts.Node): ScopeTable {
  const table: ScopeTable = new Map();
  const add = (name: string, declaration: Declaration) => {
    if (!table.has(name)) table.set(name, declaration);
  };
  if (ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope)) {
    addStatements(scope.statements, add);
  } else if (ts.isCaseBlock(scope)) {
    for (const clause of scope.clauses) addStatements(clause.statements, add);
  } else if (isFunctionLike(scope)) {
    scope.parameters.forEach((parameter, index) =>
      addBindingNames(parameter.name, [], (name, _node, path) =>
        add(name, { kind: "parameter", node: parameter, fn: scope, index, bindingPath: path }),
      ),
    );
    if (ts.isFunctionExpression(scope) && scope.name) add(scope.name.text, { kind: "other", node: scope });
    if (scope.body && ts.isBlock(scope.body)) addHoistedVars(scope.body, add);
  } else if (ts.isForStatement(scope) || ts.isForInStatement(scope) || ts.isForOfStatement(scope)) {
    const initializer = scope.initializer;
    if (initializer && ts.isVariableDeclarationList(initializer)) addDeclarationList(initializer, add);
  } else if (ts.isCatchClause(scope)) {
    const variable = scope.variableDeclaration;
    if (variable) addBindingNames(variable.name, [], (name) => add(name, { kind: "other", node: variable }));
  } else if (ts.isClassExpression(scope) && scope.name) {
    add(scope.name.text, { kind: "class", node: scope });
  }
  if (ts.isSourceFile(scope)) addHoistedVars(scope, add);
  return table;
}

type Add = (name: string, declaration: Declaration) => void;

function addStatements(statements: ts.NodeArray<ts.Statement>, add: Add): void {
  for (const statement of statements) {
    if (ts.isVariableStatement(statement)) addDeclarationList(statement.declarationList, add);
    else if (ts.isFunctionDeclaration(statement) && statement.name) add(statement.name.text, { kind: "function", node: statement });
    else if (ts.isClassDeclaration(statement) && statement.name) add(statement.name.text, { kind: "class", node: statement });
    else if (ts.isImportDeclaration(statement)) addImport(statement, add);
    else if (ts.isImportEqualsDeclaration(statement)) addImportEquals(statement, add);
    else if ((ts.isEnumDeclaration(statement) || ts.isModuleDeclaration(statement)) && ts.isIdentifier(statement.name)) {
      add(statement.name.text, { kind: "other", node: statement });
    }
  }
}

function addDeclarationList(list: ts.VariableDeclarationList, add: Add): void {
  const constant = (list.flags & ts.NodeFlags.Const) !== 0;
  for (const declaration of list.declarations) {
    addBindingNames(declaration.name, [], (name, identifier, bindingPath) =>
      add(name, { kind: "variable", node: declaration, name: identifier, bindingPath, constant }),
    );
  }
}

/** `var` declarations inside nested blocks belong to the enclosing function or file. */
function addHoistedVars(root: ts.Node, add: Add): void {
  const stack: ts.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isVariableDeclarationList(node)) {
      if ((node.flags & ts.NodeFlags.BlockScoped) === 0) addDeclarationList(node, add);
      continue;
    }
    if (node !== root && (isFunctionLike(node) || ts.isClassLike(node))) continue;
    if (ts.isExpression(node) && !ts.isVariableDeclarationList(node)) continue;
    pushChildren(node, stack);
  }
}

function addBindingNames(
  name: ts.BindingName,
  path: string[] | undefined,
  visit: (name: string, identifier: ts.Identifier, path: string[] | undefined) => void,
): void {
  if (ts.isIdentifier(name)) {
    visit(name.text, name, path);
    return;
  }
  if (ts.isObjectBindingPattern(name)) {
    for (const element of name.elements) {
      const key = element.dotDotDotToken ? undefined : propertyNameText(element.propertyName ?? (element.name as ts.Identifier));
      addBindingNames(element.name, path && key !== undefined ? [...path, key] : undefined, visit);
    }
    return;
  }
  name.elements.forEach((element, index) => {
    if (ts.isBindingElement(element)) {
      addBindingNames(element.name, path && !element.dotDotDotToken ? [...path, String(index)] : undefined, visit);
    }
  });
}

function addImport(statement: ts.ImportDeclaration, add: Add): void {
  if (!ts.isStringLiteral(statement.moduleSpecifier) || !statement.importClause) return;
  const module = normalizeModuleName(statement.moduleSpecifier.text);
  const clause = statement.importClause;
  const clauseTypeOnly = clause.isTypeOnly;
  if (clause.name) add(clause.name.text, { kind: "import", module, path: [], typeOnly: clauseTypeOnly, node: clause });
  const bindings = clause.namedBindings;
  if (!bindings) return;
  if (ts.isNamespaceImport(bindings)) {
    add(bindings.name.text, { kind: "import", module, path: [], typeOnly: clauseTypeOnly, node: bindings });
    return;
  }
  for (const element of bindings.elements) {
    const imported = (element.propertyName ?? element.name).text;
    add(element.name.text, {
      kind: "import",
      module,
      path: imported === "default" ? [] : [imported],
      typeOnly: clauseTypeOnly || element.isTypeOnly,
      node: element,
    });
  }
}

function addImportEquals(statement: ts.ImportEqualsDeclaration, add: Add): void {
  const reference = statement.moduleReference;
  if (ts.isExternalModuleReference(reference) && ts.isStringLiteral(reference.expression)) {
    add(statement.name.text, {
      kind: "import",
      module: normalizeModuleName(reference.expression.text),
      path: [],
      typeOnly: statement.isTypeOnly,
      node: statement,
    });
  }
}
