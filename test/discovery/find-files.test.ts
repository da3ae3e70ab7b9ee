import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { findFiles, isLintableFile, type FindFilesOptions } from "../../src/discovery/find-files.js";
import { ignoreLayer } from "../../src/discovery/ignore-layers.js";
import { UsageError } from "../../src/errors.js";
import { treeTracker } from "../trees/temp-tree.js";

const trees = treeTracker();
afterAll(trees.cleanup);

async function find(cwd: string, patterns: string[], options: Partial<FindFilesOptions> = {}) {
  const found = await findFiles({ cwd, patterns, useIgnores: true, errorOnUnmatchedPattern: true, ...options });
  return { files: found.files.map((file) => path.relative(cwd, file)), problems: found.problems };
}

async function findError(cwd: string, patterns: string[], options: Partial<FindFilesOptions> = {}): Promise<string> {
  const error = await find(cwd, patterns, options).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UsageError);
  return (error as UsageError).message;
}

describe("isLintableFile", () => {
  it.each(["a.ts", "a.tsx", "a.mts", "a.cts", "a.js", "a.jsx", "a.mjs", "a.cjs", "types.d.tsx.ts"])("lints %s", (name) => {
    expect(isLintableFile(name)).toBe(true);
  });

  it.each(["a.d.ts", "a.d.mts", "a.d.cts", "a.json", "README.md", "a.ts.map", "ts"])("skips %s", (name) => {
    expect(isLintableFile(name)).toBe(false);
  });
});

describe("findFiles", () => {
  it("expands folders to source files, without declaration files, sorted and absolute", async () => {
    const root = trees.track({
      "src/z.ts": "",
      "src/a.tsx": "",
      "src/lib/b.mts": "",
      "src/lib/c.cts": "",
      "src/lib/d.js": "",
      "src/lib/e.jsx": "",
      "src/lib/f.mjs": "",
      "src/lib/g.cjs": "",
      "src/types.d.ts": "",
      "src/types.d.mts": "",
      "src/types.d.cts": "",
      "src/data.json": "",
      "src/.hidden/h.ts": "",
    });
    const found = await findFiles({ cwd: root, patterns: ["."], useIgnores: true, errorOnUnmatchedPattern: true });
    const expected = ["src/.hidden/h.ts", "src/a.tsx", "src/lib/b.mts", "src/lib/c.cts", "src/lib/d.js", "src/lib/e.jsx"];
    expected.push("src/lib/f.mjs", "src/lib/g.cjs", "src/z.ts");
    expect(found.files).toEqual(expected.map((file) => path.join(root, file)));
  });

  it("always skips node_modules and .git, even with --no-ignore", async () => {
    const root = trees.track({
      "a.ts": "",
      "node_modules/dep/index.js": "",
      "src/node_modules/x.js": "",
      ".git/hooks/pre-commit.js": "",
    });
    expect((await find(root, ["."])).files).toEqual(["a.ts"]);
    expect((await find(root, ["."], { useIgnores: false })).files).toEqual(["a.ts"]);
  });

  it("honours root and nested .gitignore files, each relative to its own folder", async () => {
    const root = trees.track({
      ".gitignore": "dist/\n*.gen.ts\n",
      "dist/out.js": "",
      "src/api.gen.ts": "",
      "src/handler.ts": "",
      "packages/web/.gitignore": "build\n!keep.gen.ts\n/local.ts\n",
      "packages/web/build/x.js": "",
      "packages/web/src/build/y.js": "",
      "packages/web/keep.gen.ts": "",
      "packages/web/local.ts": "",
      "packages/web/src/local.ts": "",
    });
    const expected = ["packages/web/keep.gen.ts", "packages/web/src/local.ts", "src/handler.ts"];
    expect((await find(root, ["."])).files).toEqual(expected.map(path.normalize));
    expect((await find(root, ["."], { useIgnores: false })).files).toHaveLength(8);
  });

  it("applies .gitignore files above the folder it was given, up to the repository root", async () => {
    const root = trees.track({
      ".git/HEAD": "",
      ".gitignore": "*.gen.ts\n",
      "app/.gitignore": "tmp/\n",
      "app/src/a.ts": "",
      "app/src/b.gen.ts": "",
      "app/src/tmp/c.ts": "",
    });
    const app = path.join(root, "app");
    expect((await find(app, ["src"])).files).toEqual([path.join("src", "a.ts")]);
  });

  it("honours config ignorePatterns and --ignore-pattern, and --no-ignore disables both", async () => {
    const root = trees.track({ "src/a.ts": "", "src/generated/b.ts": "", "scripts/c.ts": "", "d.test.ts": "" });
    const configIgnoresFor = async () => ignoreLayer(root, ["generated/"]);
    const options = { configIgnoresFor, ignorePatterns: ["scripts", "*.test.ts"] };
    expect((await find(root, ["."], options)).files).toEqual([path.join("src", "a.ts")]);
    expect((await find(root, ["."], { ...options, useIgnores: false })).files).toHaveLength(4);
  });

  it("always lints an explicitly named file, even if ignored or not a source extension", async () => {
    const root = trees.track({ ".gitignore": "*.gen.ts\n", "api.gen.ts": "", "script": "", "types.d.ts": "" });
    const named = ["api.gen.ts", "script", "types.d.ts", "./script"];
    expect((await find(root, named)).files).toEqual(["api.gen.ts", "script", "types.d.ts"]);
  });

  it("expands glob patterns, honouring ignores", async () => {
    const root = trees.track({
      ".gitignore": "src/vendor/\n",
      "src/a.ts": "",
      "src/deep/b.ts": "",
      "src/deep/c.js": "",
      "src/vendor/d.ts": "",
      "src/.cache/e.ts": "",
      "test/f.ts": "",
    });
    expect((await find(root, ["src/**/*.ts"])).files).toEqual(["src/a.ts", "src/deep/b.ts"].map(path.normalize));
    expect((await find(root, ["{src,test}/*.ts"])).files).toEqual(["src/a.ts", "test/f.ts"].map(path.normalize));
    expect((await find(root, ["**/*.js"])).files).toEqual([path.normalize("src/deep/c.js")]);
  });

  it("treats a name with glob characters as a path when it exists", async () => {
    const root = trees.track({ "app/[id]/page.tsx": "" });
    expect((await find(root, ["app/[id]/page.tsx"])).files).toEqual([path.normalize("app/[id]/page.tsx")]);
  });

  it("deduplicates files named more than once", async () => {
    const root = trees.track({ "src/a.ts": "", "src/b.ts": "" });
    expect((await find(root, ["src", "src/a.ts", "src/*.ts", "."])).files).toEqual(["src/a.ts", "src/b.ts"].map(path.normalize));
  });

  it("reports a missing path", async () => {
    const root = trees.track({ "a.ts": "" });
    expect(await findError(root, ["a.ts", "srcc"])).toBe("No such file or directory: srcc");
    expect(await findError(root, ["srcc"], { errorOnUnmatchedPattern: false })).toBe("No such file or directory: srcc");
  });

  it("reports a pattern that matches nothing, unless told not to", async () => {
    const root = trees.track({ "a.ts": "", "docs/readme.md": "", "build/out.js": "", ".gitignore": "build/\n" });
    expect(await findError(root, ["**/*.tsx"])).toBe('No files matching the pattern "**/*.tsx" were found.');
    expect(await findError(root, ["docs"])).toBe('No files matching the pattern "docs" were found.');
    expect(await findError(root, ["build"])).toBe('All files matched by "build" are ignored.');
    expect((await find(root, ["**/*.tsx", "docs", "a.ts"], { errorOnUnmatchedPattern: false })).files).toEqual(["a.ts"]);
  });

  it.skipIf(process.platform === "win32")("follows symlinks inside the tree once, and never out of it or around a loop", async () => {
    const outside = trees.track({ "secret.ts": "", "lib/x.ts": "" });
    const root = trees.track({
      "src/a.ts": "",
      "src/shared/b.ts": "",
      "src/loop": { symlink: ".." },
      "src/self": { symlink: "." },
      "linked-shared": { symlink: "src/shared" },
      "link-to-a.ts": { symlink: "src/a.ts" },
      "outside-dir": { symlink: path.join(outside, "lib") },
      "outside-file.ts": { symlink: path.join(outside, "secret.ts") },
      "dangling.ts": { symlink: "nowhere.ts" },
    });
    expect((await find(root, ["."])).files).toEqual(["src/a.ts", "src/shared/b.ts"].map(path.normalize));
  });

  it.skipIf(process.platform === "win32")("walks a folder reached only through a symlink inside the tree", async () => {
    const root = trees.track({ ".gitignore": "/real/\n", "real/a.ts": "", "src/real-link": { symlink: "../real" } });
    // `real/` itself is ignored, so only the link reaches a.ts; it is linted under the link's path.
    expect((await find(root, ["."])).files).toEqual([path.normalize("src/real-link/a.ts")]);
    // Walking src alone, the link points out of the tree being walked.
    expect(await findError(root, ["src"])).toBe('No files matching the pattern "src" were found.');
  });

  const canLockFolders = process.platform !== "win32" && os.userInfo().uid !== 0;
  it.runIf(canLockFolders)("reports an unreadable folder as a problem and goes on", async () => {
    const root = trees.track({ "src/a.ts": "", "src/locked/b.ts": "" });
    const locked = path.join(root, "src/locked");
    fs.chmodSync(locked, 0o000);
    try {
      const found = await find(root, ["."]);
      expect(found.files).toEqual([path.normalize("src/a.ts")]);
      expect(found.problems).toEqual([{ path: locked, message: "cannot read folder: EACCES: permission denied" }]);
    } finally {
      fs.chmodSync(locked, 0o755);
    }
  });

  it("reports a folder that fails to list (as it would for a user without permission)", async () => {
    const root = trees.track({ "src/a.ts": "", "src/locked/b.ts": "" });
    const locked = path.join(root, "src/locked");
    const readdir = fs.readdirSync;
    const spy = vi.spyOn(fs, "readdirSync").mockImplementation(((dir: fs.PathLike, options?: unknown) => {
      if (dir === locked) throw Object.assign(new Error(`EACCES: permission denied, scandir '${locked}'`), { code: "EACCES" });
      return (readdir as (dir: fs.PathLike, options?: unknown) => unknown)(dir, options);
    }) as typeof fs.readdirSync);
    try {
      const found = await find(root, ["."]);
      expect(found.files).toEqual([path.normalize("src/a.ts")]);
      expect(found.problems).toEqual([{ path: locked, message: "cannot read folder: EACCES: permission denied" }]);
      // The problem explains the empty result, so it is not also an unmatched pattern.
      expect((await find(root, ["src/locked"])).files).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });

  it("walks a deep tree without recursion", async () => {
    const deep = Array.from({ length: 300 }, (_, i) => `d${i}`).join("/");
    const root = trees.track({ [`${deep}/x.ts`]: "" });
    expect((await find(root, ["."])).files).toEqual([path.join(deep, "x.ts")]);
  });
});
