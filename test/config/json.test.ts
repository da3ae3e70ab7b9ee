import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseJson } from "../../src/config/json.js";

function mistake(text: string) {
  const outcome = parseJson(text);
  if (outcome.ok) throw new Error("expected a mistake");
  return `${outcome.line}:${outcome.column} ${outcome.reason}`;
}

describe("parseJson", () => {
  it("parses valid JSON", () => {
    expect(parseJson('{ "rules": { "a/b": ["warn", { "x": [1, 2.5e3, null, true] }] } }')).toEqual({
      ok: true,
      value: { rules: { "a/b": ["warn", { x: [1, 2500, null, true] }] } },
    });
  });

  it.each([
    ['{\n  "a": 1,\n}', "3:1 trailing comma before '}'"],
    ['[1, 2,\n]', "2:1 trailing comma before ']'"],
    ['{\n  "a": 1\n  "b": 2\n}', "3:3 expected ',' or '}', found '\"'"],
    ["{\n  // comment\n}", "2:3 expected a property name in double quotes, found '/' (comments are not allowed in JSON)"],
    ["{ 'a': 1 }", "1:3 expected a property name in double quotes, found \"'\" (strings take double quotes)"],
    ['{ "a": "unterminated }', '1:8 unterminated string'],
    ['{ "a": "tab\there" }', "1:12 unescaped control character in string"],
    ['{ "a": "\\x" }', "1:9 invalid escape in string"],
    ['{ "a": 01 }', "1:9 expected ',' or '}', found '1'"],
    ['{ "a": tru }', "1:8 expected a value, found 't'"],
    ['{ "a" 1 }', "1:7 expected ':' after the property name, found '1'"],
    ["{} {}", "1:4 expected the end of the file, found '{'"],
    ['{ "a": [1, 2', "1:13 unexpected end of file"],
    ["", "1:1 unexpected end of file"],
  ])("locates the mistake in %j", (text, expected) => {
    expect(mistake(text)).toBe(expected);
  });

  it("agrees with JSON.parse on arbitrary JSON values", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        expect(parseJson(text)).toEqual({ ok: true, value: JSON.parse(text) });
      }),
    );
  });

  it("locates a mistake inside the text for any text JSON.parse rejects", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), fc.string({ maxLength: 2 }), (value, at, junk) => {
        const valid = JSON.stringify(value, null, 1);
        const text = valid.slice(0, at % (valid.length + 1)) + junk + valid.slice(at % (valid.length + 1));
        const outcome = parseJson(text);
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        expect(outcome.ok).toBe(parses);
        if (!outcome.ok) {
          const lines = text.split("\n");
          expect(outcome.line).toBeLessThanOrEqual(lines.length);
          expect(outcome.column).toBeLessThanOrEqual((lines[outcome.line - 1]?.length ?? 0) + 1);
        }
      }),
    );
  });
});
