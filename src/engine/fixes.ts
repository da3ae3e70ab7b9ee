import type { ts } from "#typescript";
import type { TextEdit } from "../results.js";

/** Builders for `TextEdit`s, so rules never compute offsets by hand. */
export function replaceNode(node: ts.Node, text: string): TextEdit {
  return { range: [node.getStart(), node.getEnd()], text };
}

export function insertAfter(node: ts.Node, text: string): TextEdit {
  return { range: [node.getEnd(), node.getEnd()], text };
}

export function insertBefore(node: ts.Node, text: string): TextEdit {
  return { range: [node.getStart(), node.getStart()], text };
}

/**
 * Applies non-overlapping edits to a text, as ESLint does: sorted by position, and an edit overlapping one
 * already applied is skipped (a later run picks it up). Returns the new text and the edits applied.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; applied: TextEdit[] } {
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  const applied: TextEdit[] = [];
  let output = "";
  let cursor = 0;
  for (const edit of sorted) {
    const [start, end] = edit.range;
    if (start < cursor || start > end || end > text.length) continue;
    output += text.slice(cursor, start) + edit.text;
    cursor = end;
    applied.push(edit);
  }
  return { text: output + text.slice(cursor), applied };
}
