import { readSmallFile } from "./regular-file.js";
import { ts } from "#typescript";
import { createSourceFile } from "../engine/parse.js";

/** What turns a specifier into a project file (`ModuleIndex` and `ModuleResolver` both do). */
export interface ImportResolver {
  resolve(from: string, specifier: string): string | undefined;
}

/** An import a file makes at init, and the project file it names (undefined: a package, a built-in, nothing). */
export interface InitImport {
  specifier: string;
  resolved: string | undefined;
}

/**
 * The specifiers a module loads while it is evaluated: static imports and re-exports (not type-only ones, which
 * the compiler erases), `import x = require()`, and `require()`/`import()` calls outside any function body. A
 * dynamic import inside a handler loads its module on the first invocation, after the snapshot: not init code.
 */
export function initImportSpecifiers(filePath: string, text: string): string[] {
  let sourceFile: ts.SourceFile;
  try {
    sourceFile = createSourceFile(filePath, text);
  } catch {
    // Nesting too deep for the parser: the file is reported as unparseable when it is linted.
    return [];
  }
  const specifiers: string[] = [];
  // Iterative: a deeply nested file must not overflow the stack.
  const stack: ts.Node[] = [...sourceFile.statements].reverse();
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (ts.isImportDeclaration(node)) {
      if (ts.isStringLiteral(node.moduleSpecifier) && !isTypeOnlyImport(node)) specifiers.push(node.moduleSpecifier.text);
      continue;
    }
    if (ts.isExportDeclaration(node)) {
      if (node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && !node.isTypeOnly) specifiers.push(node.moduleSpecifier.text);
      continue;
    }
    if (ts.isImportEqualsDeclaration(node)) {
      const reference = node.moduleReference;
      if (!node.isTypeOnly && ts.isExternalModuleReference(reference) && ts.isStringLiteralLike(reference.expression)) {
        specifiers.push(reference.expression.text);
      }
      continue;
    }
    if (ts.isFunctionLike(node) || ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) continue;
    if (ts.isCallExpression(node)) {
      const loaded = loadedSpecifier(node);
      if (loaded !== undefined) specifiers.push(loaded);
    }
    const children: ts.Node[] = [];
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return specifiers;
}

/** `import type …`, or `import { type A, type B }` with nothing else: erased by the compiler. */
function isTypeOnlyImport(declaration: ts.ImportDeclaration): boolean {
  const clause = declaration.importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return !clause.name && bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((element) => element.isTypeOnly);
}

/** The specifier of `require("x")` or `import("x")`. */
function loadedSpecifier(call: ts.CallExpression): string | undefined {
  const isLoader =
    call.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(call.expression) && call.expression.text === "require");
  const argument = call.arguments[0];
  return isLoader && argument && ts.isStringLiteralLike(argument) ? argument.text : undefined;
}

/**
 * Which project files a module loads at init, and so which files an entry point's init reaches. Each file is read
 * and parsed once; `seeds` lets `--cache` hand in what an earlier run read from files unchanged since, which are
 * then neither read nor parsed.
 */
export class ModuleGraph {
  private readonly importsByFile = new Map<string, readonly InitImport[]>();

  constructor(
    private readonly resolver: ImportResolver,
    private readonly seeds: ReadonlyMap<string, readonly InitImport[]> = new Map(),
  ) {}

  /** The imports `filePath` makes at init, resolved. */
  importsOf(filePath: string): readonly InitImport[] {
    let imports = this.importsByFile.get(filePath);
    if (!imports) {
      imports =
        this.seeds.get(filePath) ??
        initImportSpecifiers(filePath, readSmallFile(filePath)).map((specifier) => ({
          specifier,
          resolved: this.resolver.resolve(filePath, specifier),
        }));
      this.importsByFile.set(filePath, imports);
    }
    return imports;
  }

  /** The project file `specifier` names from `filePath`, without parsing anything. */
  resolve(filePath: string, specifier: string): string | undefined {
    return this.resolver.resolve(filePath, specifier);
  }

  /** The files read so far, with their imports: what `--cache` keeps. */
  knownFiles(): IterableIterator<[string, readonly InitImport[]]> {
    return this.importsByFile.entries();
  }

  /** The entries and every project file their init loads, directly or through other files. */
  reachableFrom(entries: string | readonly string[]): Set<string> {
    const reached = new Set<string>(typeof entries === "string" ? [entries] : entries);
    const queue = [...reached];
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      for (const { resolved } of this.importsOf(file)) {
        if (resolved === undefined || reached.has(resolved)) continue;
        reached.add(resolved);
        queue.push(resolved);
      }
    }
    return reached;
  }
}
