import { ts } from "#typescript";
import { describe, expect, it } from "vitest";
import { syntaxIndexOf } from "../../src/analysis/syntax-index.js";
import { parseSource } from "../../src/engine/parse.js";
import { walk } from "../../src/engine/walk.js";
import { analyse, find } from "./analysis-fixture.js";

const CODE = [
  "let token;",
  "const cache = new Map();",
  "export const id = make(wrap(1), new Date());",
  "function refresh() {",
  "  token = fetchToken();",
  "  (token as string) ??= other`x`;",
  "  const local = cache.get(1);",
  "  let inner; inner = 2;",
  "  return token;",
  "}",
].join("\n");

function parsed(code: string): ts.SourceFile {
  const outcome = parseSource("index.ts", code);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.sourceFile;
}

describe("the syntax index made while parsing", () => {
  const sourceFile = parsed(CODE);
  const index = syntaxIndexOf(sourceFile);
  const texts = (nodes: readonly ts.Node[]) => nodes.map((node) => node.getText(sourceFile));

  it("lists calls, new expressions and tagged templates in source order, outer before inner", () => {
    expect(texts(index.dispatched)).toEqual([
      "new Map()",
      "make(wrap(1), new Date())",
      "wrap(1)",
      "new Date()",
      "fetchToken()",
      "other`x`",
      "cache.get(1)",
    ]);
  });

  it("groups assignments to plain names by name, seeing through parentheses and assertions", () => {
    expect([...index.assignmentsByName.keys()]).toEqual(["token", "inner"]);
    expect(texts(index.assignmentsByName.get("token")!)).toEqual(["token = fetchToken()", "(token as string) ??= other`x`"]);
  });

  it("lists every mention of a top-level variable's name, and only those", () => {
    expect(texts(index.moduleVariableMentions)).toEqual(["token", "cache", "id", "token", "token", "cache", "token"]);
  });

  it("knows the names variables, destructuring and imports bind, and not those of functions, classes or parameters", () => {
    const bindings = syntaxIndexOf(
      parsed(
        [
          'import def, { a as alias, type T } from "m";',
          'import * as ns from "n";',
          'import eq = require("o");',
          "const { x, y: [z] } = obj;",
          "function fn(param) { var inner; }",
          "class C {}",
        ].join("\n"),
      ),
    ).importOrVariableNames;
    expect([...bindings].sort()).toEqual(["T", "alias", "def", "eq", "inner", "ns", "x", "z"].sort());
  });

  it("counts every node of the tree", () => {
    let count = 0;
    const visit = (node: ts.Node): void => {
      count++;
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    expect(index.nodeCount).toBe(count);
  });

  it("is made on first use, the same, for a tree parsed elsewhere", () => {
    const elsewhere = ts.createSourceFile("index.ts", CODE, ts.ScriptTarget.Latest, true);
    const late = syntaxIndexOf(elsewhere);
    expect(late.dispatched.map((node) => node.getText(elsewhere))).toEqual(texts(index.dispatched));
    expect(late.moduleVariableMentions.length).toBe(index.moduleVariableMentions.length);
    expect(late.nodeCount).toBe(index.nodeCount);
  });
});

describe("dispatch", () => {
  it("visits a kind the index does not list by walking the whole tree, in source order", () => {
    const sourceFile = parsed("const a = 1;\nfunction f() { return `${b}`; }\nconst c = [d];\n");
    const seen: string[] = [];
    const table = new Map([[ts.SyntaxKind.Identifier, [(node: ts.Node) => seen.push(node.getText(sourceFile))]]]);
    walk(sourceFile, table);
    expect(seen).toEqual(["a", "f", "b", "c", "d"]);
  });
});

describe("assignments to a variable", () => {
  it("are those to the declaration the name refers to, not to a shadowing one of the same name", () => {
    const analysis = analyse(
      ["let value = 1;", "function set() { value = 2; }", "function other() { let value = 3; value = 4; }", "let { a, b: [value2] } = o; value2 = 5;"].join("\n"),
    );
    const outer = find<ts.VariableDeclaration>(analysis, ts.SyntaxKind.VariableDeclaration, "value = 1");
    const inner = find<ts.VariableDeclaration>(analysis, ts.SyntaxKind.VariableDeclaration, "value = 3");
    const pattern = find<ts.VariableDeclaration>(analysis, ts.SyntaxKind.VariableDeclaration, "{ a, b: [value2] }");
    const assigned = (declaration: ts.VariableDeclaration) => analysis.facts.assignmentsTo(declaration).map((node) => node.getText());
    expect(assigned(outer)).toEqual(["2"]);
    expect(assigned(inner)).toEqual(["4"]);
    expect(assigned(pattern)).toEqual(["5"]);
  });
});

describe("the name test before evaluating a callee", () => {
  it("passes member calls by their last name, plain names that are in the list or bound to an import or variable, and other callees", () => {
    const analysis = analyse(
      [
        'import { v4 as id } from "uuid";',
        "function local() {}",
        "const alias = Math.random;",
        "id(); local(); alias(); Date(); other.random(); other.next(); table['random'](); make()();",
      ].join("\n"),
    );
    const calls = syntaxIndexOf(analysis.sourceFile).dispatched.filter(ts.isCallExpression);
    const passed = calls.filter((call) => analysis.mayCallOneOf(call, new Set(["v4", "random", "Date"]))).map((call) => call.getText());
    expect(passed).toEqual(["id()", "alias()", "Date()", "other.random()", "table['random']()", "make()()"]);
  });
});
