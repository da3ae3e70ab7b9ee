import { Linter, type Rule as ESLintRule } from "eslint";
import { describe, expect, it } from "vitest";
import { ts } from "#typescript";
import { applyDirectives, parseDirectives, parseDirectiveText } from "../../src/engine/directives.js";
import { parseSource } from "../../src/engine/parse.js";
import type { LintMessage } from "../../src/results.js";

/**
 * Directive cases in the manner of ESLint's own (tests/lib/linter/linter.js, "eslint-disable", "eslint-enable",
 * "eslint-disable-line", "eslint-disable-next-line", unused directives, justifications). `DIR-` is `snapcheck-` for
 * snapcheck and `eslint-` for ESLint; rule `r/a` flags every call `a()`, `r/b` every `b()`. Each case states the
 * outcome and is also run through ESLint's Linter, which must agree.
 */
interface DirectiveCase {
  name: string;
  code: string;
  /** Kept findings `r/a 2:1`, suppressed ones `suppressed r/a 2:1 [why]`, directive problems `1:1 s1 <message>`. */
  outcome: string[];
}

const CASES: DirectiveCase[] = [
  { name: "a block disable covers the rest of the file", code: "/* DIR-disable */\na();", outcome: ["suppressed r/a 2:1 []"] },
  {
    name: "a block enable ends it",
    code: "/* DIR-disable */\na();\n/* DIR-enable */\na();",
    outcome: ["suppressed r/a 2:1 []", "r/a 4:1"],
  },
  { name: "disable and enable are block-only: a line comment is not a directive", code: "// DIR-disable\na();", outcome: ["r/a 2:1"] },
  {
    name: "a directive quoted inside a comment is not one",
    code: "// Note: the old code had /* DIR-disable */ here\na();",
    outcome: ["r/a 2:1"],
  },
  {
    name: "a JSDoc quoting a directive is not one (no unknown rules)",
    code: "/**\n * `// DIR-disable-next-line r/x, r/y -- why`\n */\na();",
    outcome: ["r/a 4:1"],
  },
  { name: "a block comment with text before the directive is not one", code: "/* see DIR-disable */\na();", outcome: ["r/a 2:1"] },
  { name: "disable-line covers its own line", code: "a(); // DIR-disable-line", outcome: ["suppressed r/a 1:1 []"] },
  {
    name: "disable-line naming another rule leaves the finding and is unused",
    code: "a(); // DIR-disable-line r/b",
    outcome: ["r/a 1:1", "1:6 s1 Unused DIR-disable directive (no problems were reported from 'r/b')."],
  },
  {
    name: "disable-line with two rules covers both",
    code: "a(); b(); // DIR-disable-line r/a, r/b",
    outcome: ["suppressed r/a 1:1 []", "suppressed r/b 1:6 []"],
  },
  {
    name: "disable-next-line with a justification",
    code: "// DIR-disable-next-line r/a -- one id per snapshot\na();",
    outcome: ["suppressed r/a 2:1 [one id per snapshot]"],
  },
  {
    name: "a justification needs whitespace around the dashes",
    code: "// DIR-disable-next-line r/a --- why\na();\n// DIR-disable-next-line r/a--why\na();",
    outcome: ["suppressed r/a 2:1 [why]", "3:1 s2 unknown r/a--why", "r/a 4:1"],
  },
  {
    name: "a block disable-next-line spanning lines covers the line after its end",
    code: "/* DIR-disable-next-line\n   r/a */\na();",
    outcome: ["suppressed r/a 3:1 []"],
  },
  {
    name: "a disable-line spanning lines is a problem",
    code: "a(); /* DIR-disable-line\n r/a */",
    outcome: ["r/a 1:1", "1:6 s2 DIR-disable-line comment should not span multiple lines."],
  },
  {
    name: "enable naming one rule re-enables only that rule",
    code: "/* DIR-disable */\na();\n/* DIR-enable r/a */\na();\nb();",
    outcome: ["suppressed r/a 2:1 []", "r/a 4:1", "suppressed r/b 5:1 []"],
  },
  {
    name: "enable without rules re-enables a rule disabled by name",
    code: "/* DIR-disable r/a */\na();\n/* DIR-enable */\na();",
    outcome: ["suppressed r/a 2:1 []", "r/a 4:1"],
  },
  {
    name: "an enable with no disable before it is unused",
    code: "/* DIR-enable */\na();",
    outcome: ["1:1 s1 Unused DIR-enable directive (no matching DIR-disable directives were found).", "r/a 2:1"],
  },
  {
    name: "an unknown rule is reported, and the directive does not turn every rule off",
    code: "/* DIR-disable r/c */\na();",
    outcome: ["1:1 s2 unknown r/c", "r/a 2:1"],
  },
  { name: "a quoted rule id", code: "// DIR-disable-next-line \"r/a\"\na();", outcome: ["suppressed r/a 2:1 []"] },
  { name: "no space after the comment marker", code: "//DIR-disable-next-line\na();", outcome: ["suppressed r/a 2:1 []"] },
  { name: "a longer word is not the directive", code: "// DIR-disable-next-lines\na();", outcome: ["r/a 2:1"] },
  { name: "a directive in a string is not one", code: 'const s = "/* DIR-disable */";\na();', outcome: ["r/a 2:1"] },
  { name: "a directive in a template is not one", code: "const t = `\n// DIR-disable-line ${1}`;\na();", outcome: ["r/a 3:1"] },
  {
    name: "the last disable before a finding is the one used",
    code: "/* DIR-disable */\n/* DIR-disable r/a */\na();",
    outcome: ["1:1 s1 Unused DIR-disable directive (no problems were reported).", "suppressed r/a 3:1 [,]"],
  },
  {
    name: "one unused rule of two is named alone",
    code: "/* DIR-disable r/a, r/b */\na();",
    outcome: ["1:1 s1 Unused DIR-disable directive (no problems were reported from 'r/b').", "suppressed r/a 2:1 []"],
  },
  {
    name: "a comment none of whose rules were used is named once",
    code: "/* DIR-disable r/a, r/b */\nfoo();",
    outcome: ["1:1 s1 Unused DIR-disable directive (no problems were reported from 'r/a' or 'r/b')."],
  },
  {
    name: "a block disable takes the credit before a line directive",
    code: "/* DIR-disable */\na(); // DIR-disable-line r/a",
    outcome: ["2:6 s1 Unused DIR-disable directive (no problems were reported from 'r/a').", "suppressed r/a 2:1 [,]"],
  },
  { name: "a shebang is never a directive", code: "#!/usr/bin/env node DIR-disable\na();", outcome: ["r/a 2:1"] },
];

const RULES = ["r/a", "r/b"];

function sortOutcome(lines: string[]): string[] {
  const position = (line: string) => {
    const match = /(\d+):(\d+)/.exec(line)!;
    return Number(match[1]) * 10_000 + Number(match[2]);
  };
  return [...lines].sort((a, b) => position(a) - position(b) || a.localeCompare(b));
}

function describeKept(message: LintMessage | Linter.LintMessage): string {
  if (message.ruleId !== null && RULES.includes(message.ruleId)) return `${message.ruleId} ${message.line}:${message.column}`;
  const unknown = /^(?:Definition for rule|Unknown rule) '([^']+)'/.exec(message.message);
  const text = unknown ? `unknown ${unknown[1]}` : message.message.replaceAll("snapcheck-", "DIR-").replaceAll("eslint-", "DIR-");
  return `${message.line}:${message.column} s${message.severity} ${text}`;
}

function describeSuppressed(message: { ruleId: string | null; line: number; column: number; suppressions: { justification: string }[] }): string {
  return `suppressed ${message.ruleId} ${message.line}:${message.column} [${message.suppressions.map((s) => s.justification).join(",")}]`;
}

function snapcheckOutcome(code: string): string[] {
  const text = code.replaceAll("DIR-", "snapcheck-");
  const parsed = parseSource("/case.js", text);
  if (!parsed.ok) throw new Error(parsed.message);
  const sourceFile = parsed.sourceFile;
  const findings: LintMessage[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && ["a", "b"].includes(node.expression.text)) {
      const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
      findings.push({ ruleId: `r/${node.expression.text}`, severity: 2, message: "", line: start.line + 1, column: start.character + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  const outcome = applyDirectives(parseDirectives(sourceFile), findings, 1, (id) => RULES.includes(id));
  return sortOutcome([...outcome.messages.map(describeKept), ...outcome.suppressed.map(describeSuppressed)]);
}

function flagCallsTo(name: string): ESLintRule.RuleModule {
  return {
    create: (context) => ({
      CallExpression(node) {
        if (node.callee.type === "Identifier" && node.callee.name === name) context.report({ node, message: name });
      },
    }),
  };
}

function eslintOutcome(code: string): string[] {
  const linter = new Linter({ configType: "flat" });
  const messages = linter.verify(code.replaceAll("DIR-", "eslint-"), {
    plugins: { r: { rules: { a: flagCallsTo("a"), b: flagCallsTo("b") } } },
    rules: { "r/a": "error", "r/b": "error" },
    linterOptions: { reportUnusedDisableDirectives: "warn" },
  });
  const suppressed = linter.getSuppressedMessages();
  return sortOutcome([...messages.map(describeKept), ...suppressed.map(describeSuppressed)]);
}

describe("directives, as ESLint reads its own", () => {
  it.each(CASES)("$name", ({ code, outcome }) => {
    expect({ eslint: eslintOutcome(code), snapcheck: snapcheckOutcome(code) }).toEqual({ eslint: sortOutcome(outcome), snapcheck: sortOutcome(outcome) });
  });
});

describe("parseDirectiveText, for comments of other languages", () => {
  it("reads the text of a # comment as a line comment", () => {
    expect(parseDirectiveText(" snapcheck-disable-next-line connections/init-connection -- shared on purpose", "line")).toEqual({
      kind: "disable-next-line",
      ruleIds: ["connections/init-connection"],
      justification: "shared on purpose",
    });
    expect(parseDirectiveText(" snapcheck-disable", "line")).toBeUndefined();
    expect(parseDirectiveText(" snapcheck-disable", "block")).toEqual({ kind: "disable", ruleIds: [], justification: "" });
    expect(parseDirectiveText(" see snapcheck-disable-line", "line")).toBeUndefined();
  });
});
