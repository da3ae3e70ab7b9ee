import { afterAll, describe, expect, it } from "vitest";
import { closestId, renderMarkdown } from "../../src/cli/explain.js";
import { treeTracker } from "../trees/temp-tree.js";
import { lines, requireBuild, snapcheck } from "./bin.js";

const trees = treeTracker();
afterAll(trees.cleanup);
requireBuild();

describe.concurrent("snapcheck explain", { timeout: 60_000 }, () => {
  it("prints a rule's docs page for the terminal, from any folder", async () => {
    const { code, stdout, stderr } = await snapcheck(trees.track({}), ["explain", "uniqueness/entropy-pool"]);
    expect([code, stderr]).toEqual([0, ""]);
    expect(stdout.startsWith("uniqueness/entropy-pool\n=======================\n")).toBe(true);
    expect(stdout).toContain("\nHow to fix\n----------\n");
    expect(stdout).toContain('\n    import { randomInt, randomUUID } from "node:crypto";\n');
    expect(stdout).not.toContain("```");
  });

  it("makes headings bold when coloured", async () => {
    const { stdout } = await snapcheck(trees.track({}), ["explain", "uniqueness/entropy-pool", "--color"]);
    expect(stdout.startsWith("\u001B[1muniqueness/entropy-pool\u001B[22m\n")).toBe(true);
  });

  it("exits 2 with one line suggesting the closest rule for an unknown id", async () => {
    const root = trees.track({});
    const typo = await snapcheck(root, ["explain", "entropy-pol"]);
    expect([typo.code, typo.stdout, lines(typo.stderr)]).toEqual([
      2,
      "",
      ['snapcheck: unknown rule "entropy-pol"; did you mean uniqueness/entropy-pool?'],
    ]);
    const missing = await snapcheck(root, ["explain"]);
    expect([missing.code, lines(missing.stderr)]).toEqual([2, ["snapcheck: missing required argument 'rule-id'"]]);
  });
});

describe("explain helpers", () => {
  it("renders headings, fences and inline marks", () => {
    const markdown = "# Title\n\nSome **bold** and `code`.\n\n## Part\n\n```ts\nconst a = 1;\n\nconst b = 2;\n```\n### Deep\n";
    expect(renderMarkdown(markdown, false)).toBe(
      "Title\n=====\n\nSome bold and `code`.\n\nPart\n----\n\n    const a = 1;\n\n    const b = 2;\nDeep\n",
    );
    expect(renderMarkdown("# T\nx `c`\n", true)).toBe("\u001B[1mT\u001B[22m\nx \u001B[36mc\u001B[39m\n");
  });

  it("suggests by whole id or by name", () => {
    const ids = ["uniqueness/init-random", "uniqueness/entropy-pool", "connections/init-connection"];
    expect(closestId("init-conection", ids)).toBe("connections/init-connection");
    expect(closestId("uniqueness/init-randon", ids)).toBe("uniqueness/init-random");
  });
});
