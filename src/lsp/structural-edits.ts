import type { TextEdit } from "../results.js";

/**
 * Structural edits to one file's text made with ts-morph's manipulation API, which keeps the file's formatting
 * (indentation, trailing commas, one property per line or not). ts-morph bundles a second TypeScript compiler:
 * it is loaded only when an editor asks for a code action, never by a lint.
 */
type TsMorph = typeof import("ts-morph");

let tsMorph: Promise<TsMorph> | undefined;
let project: InstanceType<TsMorph["Project"]> | undefined;
let edits = 0;

export interface OptionToAdd {
  name: string;
  /** Source text of the value: `true`, `false`, `"x"`. */
  value: string;
  /** With no object literal among the arguments, add `{ name: value }` as a new last argument. */
  appendArgument: boolean;
}

/**
 * Adds an option to the object literal passed to the call or `new` spanning `[start, end)` of `text`, or appends
 * an options argument. Undefined when the node is not such a call, or the option is already written there.
 */
export async function addOptionToCall(filePath: string, text: string, start: number, end: number, option: OptionToAdd): Promise<TextEdit | undefined> {
  const { IndentationText, NewLineKind, Node, Project } = await (tsMorph ??= import("ts-morph"));
  project ??= new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true, noLib: true } });
  const indentation = indentationOf(text);
  project.manipulationSettings.set({
    indentationText: indentation === "\t" ? IndentationText.Tab : indentation === "    " ? IndentationText.FourSpaces : IndentationText.TwoSpaces,
    newLineKind: text.includes("\r\n") ? NewLineKind.CarriageReturnLineFeed : NewLineKind.LineFeed,
  });
  // The extension decides how the text parses (JSX, type annotations); the folder is irrelevant in memory.
  // A fresh name each time: ts-morph keeps wrapped nodes of a removed file, which would misplace the next edit.
  const sourceFile = project.createSourceFile(`/edit-${++edits}${extensionOf(filePath)}`, text);
  try {
    let node = sourceFile.getDescendantAtPos(start);
    while (node && !((Node.isCallExpression(node) || Node.isNewExpression(node)) && node.getStart() === start && node.getEnd() === end)) {
      node = node.getParent();
    }
    if (!node || !(Node.isCallExpression(node) || Node.isNewExpression(node))) return undefined;
    const literal = node.getArguments().findLast(Node.isObjectLiteralExpression);
    if (literal) {
      if (literal.getProperty(option.name)) return undefined;
      const last = literal.getProperties().at(-1);
      if (!literal.getText().includes("\n")) {
        // A one-line literal stays on one line (addPropertyAssignment would put each property on its own).
        if (last) sourceFile.insertText(last.getEnd(), `, ${option.name}: ${option.value}`);
        else literal.replaceWithText(`{ ${option.name}: ${option.value} }`);
      } else {
        // A literal that ends its last property with a comma gets one after the new property too.
        project.manipulationSettings.set({ useTrailingCommas: /,\s*}$/.test(literal.getText()) });
        literal.addPropertyAssignment({ name: option.name, initializer: option.value });
      }
    } else if (option.appendArgument) {
      node.addArgument(`{ ${option.name}: ${option.value} }`);
    } else {
      return undefined;
    }
    return minimalEdit(text, sourceFile.getFullText());
  } finally {
    project.removeSourceFile(sourceFile);
  }
}

/** The file's indentation step: a tab, or the smallest run of leading spaces (2 or 4). */
function indentationOf(text: string): string {
  let smallest = Infinity;
  for (const match of text.matchAll(/^([ \t]+)\S/gm)) {
    const leading = match[1]!;
    if (leading.startsWith("\t")) return "\t";
    smallest = Math.min(smallest, leading.length);
  }
  return smallest === 4 ? "    " : "  ";
}

function extensionOf(filePath: string): string {
  const match = /\.[cm]?[jt]sx?$/.exec(filePath);
  return match ? match[0] : ".ts";
}

/** One edit turning `before` into `after`: what lies between their common prefix and common suffix. */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let fromEnd = 0;
  while (fromEnd < shorter - start && before.charCodeAt(before.length - 1 - fromEnd) === after.charCodeAt(after.length - 1 - fromEnd)) fromEnd++;
  return { range: [start, before.length - fromEnd], text: after.slice(start, after.length - fromEnd) };
}
