import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { compileGlob, compileWildcard, GlobError } from "../../src/discovery/glob.js";

const GLOBS = [
  "*.ts", "**/*.ts", "src/**", "src/**/*.test.ts", "a/**/b", "**/x", "**", "a*b", "a**b", "?.ts", "[a-c]x.ts", "{a,b}/*.ts",
  "x{1..3}.ts", "scripts/**", "*.{ts,js}", "src/*/index.ts", "**/__tests__/**", "a/*/b/**/c*.ts", "\\*a", "!*.js",
  "lib/**/*.d.ts", "*a*a*b", "x/**/", "{src,lib}/**/{index,main}.{ts,js}",
];
const PATHS = [
  "a.ts", ".a.ts", "src/a.ts", "src/.h/a.ts", "src", "src/x/y.test.ts", "a/b", "a/x/y/b", "x", "q/x", "axyb", "ax/yb", "b.ts",
  "bx.ts", "dx.ts", "ab", "a/z.ts", "x2.ts", "x4.ts", "scripts/a/b.ts", "a.js", "src/q/index.ts", "p/__tests__/t.ts",
  "a/m/b/c1.ts", "a/m/b/n/cz.ts", "*a", "lib/x/y.d.ts", "aaab", "aab", "x/y/", "lib/a/main.js", "src/index.ts",
];

describe("compileGlob", () => {
  it("agrees with picomatch on the globs configs use, with and without dot", () => {
    const disagreements: string[] = [];
    for (const dot of [true, false]) {
      for (const glob of GLOBS) {
        const expected = picomatch(glob, { dot });
        const actual = compileGlob(glob, { dot });
        for (const path of PATHS) if (expected(path) !== actual(path)) disagreements.push(`${glob} ${path} dot=${dot}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it("reads [!a] as a negated class, as shells do (picomatch reads it as ! or a)", () => {
    const matches = compileGlob("[!a]b", { dot: true });
    expect([matches("cb"), matches("ab"), matches("!b")]).toEqual([true, false, true]);
  });

  it("takes time linear in the path for patterns that make a backtracking matcher take hours", () => {
    const matches = compileGlob("*a*a*a*a*a*a*a*a*b", { dot: true });
    const started = Date.now();
    expect(matches("a".repeat(4_000))).toBe(false);
    expect(matches(`${"a".repeat(4_000)}b`)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("refuses what it does not support, and patterns that expand beyond bounds", () => {
    expect(() => compileGlob("@(a|b).ts", { dot: true })).toThrow(new GlobError("extended globs such as @(…) are not supported"));
    expect(() => compileGlob("[[:digit:]]", { dot: true })).toThrow(GlobError);
    expect(() => compileGlob("{a,b}".repeat(9), { dot: true })).toThrow(new GlobError("expands to more than 256 alternatives"));
    expect(() => compileGlob("{1..100000}", { dot: true })).toThrow(GlobError);
    expect(() => compileGlob("a".repeat(5_000), { dot: true })).toThrow(/too long/);
  });
});

describe("compileWildcard", () => {
  it("matches `*` as any characters, slashes included, in linear time", () => {
    expect(compileWildcard("@aws-sdk/*")("@aws-sdk/client-s3")).toBe(true);
    expect(compileWildcard("@aws-sdk/*")("@aws-sdk")).toBe(false);
    expect(compileWildcard("my-*-client")("my-org/x-client")).toBe(true);
    const crafted = compileWildcard("a*a*a*a*a*a*a*b");
    const started = Date.now();
    expect(crafted("a".repeat(50_000))).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
