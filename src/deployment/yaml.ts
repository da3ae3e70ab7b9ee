import { createRequire } from "node:module";
import type { Document, Node, Tags } from "yaml";

/** The YAML library, loaded on the first descriptor that needs it: most runs and editor answers read no YAML. */
const requireHere = createRequire(import.meta.url);
let yamlLibrary: typeof import("yaml") | undefined;
function yaml(): typeof import("yaml") {
  return (yamlLibrary ??= requireHere("yaml") as typeof import("yaml"));
}

/**
 * CloudFormation's short-form intrinsic functions (`!Ref X`, `!GetAtt A.B`, `!Sub "..."`, ...). Each is read as the
 * long form it abbreviates (`{ Ref: X }`, `{ "Fn::GetAtt": [A, B] }`), so readers and rules see one shape whichever
 * form a template uses. Source: AWS CloudFormation User Guide, "Intrinsic function reference".
 */
const SHORT_FORM_FUNCTIONS = [
  "Ref", "GetAtt", "Sub", "Join", "Select", "Split", "If", "Equals", "Not", "And", "Or", "FindInMap", "Base64",
  "Cidr", "GetAZs", "ImportValue", "Condition", "Transform", "ToJsonString", "Length",
] as const;

function longFormName(name: string): string {
  return name === "Ref" || name === "Condition" ? name : `Fn::${name}`;
}

let tags: Tags | undefined;
const cloudFormationTags = (): Tags => (tags ??= SHORT_FORM_FUNCTIONS.flatMap((name) => {
  const key = longFormName(name);
  const wrap = (value: unknown) => ({
    [key]: name === "GetAtt" && typeof value === "string" ? splitGetAtt(value) : value,
  });
  return [
    { tag: `!${name}`, resolve: (value: string) => wrap(value) },
    { tag: `!${name}`, collection: "seq" as const, resolve: (seq: { toJSON(): unknown }) => wrap(seq.toJSON()) },
    { tag: `!${name}`, collection: "map" as const, resolve: (map: { toJSON(): unknown }) => wrap(map.toJSON()) },
  ];
}));

/** `!GetAtt Fn.Arn` names the resource before the first dot and the attribute after it. */
function splitGetAtt(value: string): string[] {
  const dot = value.indexOf(".");
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

/** A parsed YAML (or JSON, which is YAML) descriptor that can say where each of its nodes is. */
export interface YamlDescriptor {
  document: Document.Parsed;
  /** The document as plain data, intrinsic functions in their long form. */
  data: unknown;
  /** 1-based line and column of a node of `document`. */
  positionOf(node: Node | null | undefined): { line: number; column: number };
}

/** Parses a descriptor's text; throws an Error whose message is one line (the first parse error) when it is broken. */
export function parseYamlDescriptor(text: string): YamlDescriptor {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { customTags: cloudFormationTags(), lineCounter, uniqueKeys: false, prettyErrors: false });
  const [error] = document.errors;
  if (error) {
    const at = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
    throw new Error(`${error.message.split("\n")[0]}${at ? ` (line ${at.line}, column ${at.col})` : ""}`);
  }
  return {
    document,
    data: document.toJS({ maxAliasCount: 100 }),
    positionOf(node) {
      const offset = node?.range?.[0] ?? 0;
      const { line, col } = lineCounter.linePos(offset);
      return { line, column: col };
    },
  };
}

/** The node at a path of keys and indexes, or undefined. */
export function nodeAt(document: Document.Parsed, path: readonly (string | number)[]): Node | undefined {
  let node: unknown = document.contents;
  for (const key of path) {
    if (yaml().isMap(node)) node = node.items.find((pair) => yaml().isScalar(pair.key) && pair.key.value === key)?.value;
    else if (yaml().isSeq(node) && typeof key === "number") node = node.items[key];
    else return undefined;
  }
  return (node ?? undefined) as Node | undefined;
}

/** The key node of `key` in the map at `path` (where a finding about that property belongs). */
export function keyNodeAt(document: Document.Parsed, path: readonly (string | number)[], key: string): Node | undefined {
  const map = nodeAt(document, path);
  if (!yaml().isMap(map)) return undefined;
  const pair = map.items.find((item) => yaml().isScalar(item.key) && item.key.value === key);
  return (pair?.key ?? undefined) as Node | undefined;
}
