import { ScanError, SyntaxKind, createScanner } from "jsonc-parser";

export type JsonOutcome = { ok: true; value: unknown } | { ok: false; reason: string; line: number; column: number };

/**
 * `JSON.parse`, plus the line and column of the first mistake when it fails. V8's own message names a position
 * for some mistakes only (not for "Unexpected token"), and its wording changes between Node versions, so the
 * mistake is located by a small scanner instead.
 */
export function parseJson(text: string): JsonOutcome {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const { offset, reason } = locateJsonMistake(text);
    return { ok: false, reason, ...lineAndColumn(text, offset) };
  }
}

/**
 * JSON with comments and trailing commas, as ESLint's and TypeScript's JSON configs accept. Comments and trailing
 * commas are blanked out in place (so lines and columns stay true) with jsonc-parser's scanner, then the text goes
 * through `parseJson`: `JSON.parse` keeps a `__proto__` key as a plain property, where jsonc-parser's own `parse`
 * would assign it and change the object's prototype.
 */
export function parseJsonc(text: string): JsonOutcome {
  const scanner = createScanner(text, false);
  const chars = text.split("");
  let pendingComma = -1;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    const offset = scanner.getTokenOffset();
    if (token === SyntaxKind.LineCommentTrivia || token === SyntaxKind.BlockCommentTrivia) {
      if (scanner.getTokenError() === ScanError.UnexpectedEndOfComment) {
        return { ok: false, reason: "unterminated comment", ...lineAndColumn(text, offset) };
      }
      // Line breaks inside a block comment are kept, so later lines keep their numbers.
      for (let i = offset; i < offset + scanner.getTokenLength(); i++) if (chars[i] !== "\n" && chars[i] !== "\r") chars[i] = " ";
    } else if (token === SyntaxKind.CommaToken) {
      pendingComma = offset;
    } else if (token !== SyntaxKind.Trivia && token !== SyntaxKind.LineBreakTrivia) {
      const closes = token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken;
      if (closes && pendingComma >= 0) chars[pendingComma] = " ";
      pendingComma = -1;
    }
  }
  return parseJson(chars.join(""));
}

interface JsonMistake {
  offset: number;
  reason: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ["true", "false", "null"];

/** Scans with an explicit stack (no recursion) and returns where the text stops being JSON. */
export function locateJsonMistake(text: string): JsonMistake {
  const containers: ("object" | "array")[] = [];
  let state: "value" | "key" | "after" = "value";
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const unexpected = (what: string): JsonMistake =>
    i >= text.length
      ? { offset: text.length, reason: "unexpected end of file" }
      : { offset: i, reason: `${what}, found ${describeChar(text[i]!)}` };

  for (;;) {
    skipSpace();
    if (state === "value") {
      const char = text[i];
      if (char === "{") {
        i++;
        skipSpace();
        if (text[i] === "}") {
          i++;
          state = "after";
        } else {
          containers.push("object");
          state = "key";
        }
      } else if (char === "[") {
        i++;
        skipSpace();
        if (text[i] === "]") {
          i++;
          state = "after";
        } else {
          containers.push("array");
        }
      } else if (char === '"') {
        const mistake = scanString();
        if (mistake) return mistake;
        state = "after";
      } else if (char !== undefined && (char === "-" || (char >= "0" && char <= "9"))) {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return { offset: i, reason: "invalid number" };
        i = NUMBER.lastIndex;
        state = "after";
      } else {
        const literal = LITERALS.find((word) => text.startsWith(word, i));
        if (!literal) {
          if (containers.at(-1) === "array" && char === "]") return { offset: i, reason: "trailing comma before ']'" };
          return unexpected("expected a value");
        }
        i += literal.length;
        state = "after";
      }
    } else if (state === "key") {
      if (text[i] === "}") return { offset: i, reason: "trailing comma before '}'" };
      if (text[i] !== '"') return unexpected("expected a property name in double quotes");
      const mistake = scanString();
      if (mistake) return mistake;
      skipSpace();
      if (text[i] !== ":") return unexpected("expected ':' after the property name");
      i++;
      state = "value";
    } else {
      const container = containers.at(-1);
      if (!container) {
        return i < text.length ? unexpected("expected the end of the file") : { offset: i, reason: "invalid JSON" };
      }
      const close = container === "object" ? "}" : "]";
      if (text[i] === ",") {
        i++;
        state = container === "object" ? "key" : "value";
      } else if (text[i] === close) {
        i++;
        containers.pop();
      } else {
        return unexpected(`expected ',' or '${close}'`);
      }
    }
  }

  function scanString(): JsonMistake | undefined {
    const start = i;
    i++;
    while (i < text.length) {
      const char = text[i]!;
      if (char === '"') {
        i++;
        return undefined;
      }
      if (char === "\\") {
        const escape = text[i + 1];
        if (escape === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) i += 2;
        else return { offset: i, reason: "invalid escape in string" };
      } else if (char < " ") {
        return { offset: i, reason: "unescaped control character in string" };
      } else {
        i++;
      }
    }
    return { offset: start, reason: "unterminated string" };
  }
}

function describeChar(char: string): string {
  if (char === "/") return "'/' (comments are not allowed in JSON)";
  if (char === "'") return "\"'\" (strings take double quotes)";
  return char < " " ? JSON.stringify(char) : `'${char}'`;
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
