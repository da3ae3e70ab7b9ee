import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { makeResult } from "../../src/results.js";
import { LintCache } from "../../src/run/cache.js";
import { treeTracker } from "../trees/temp-tree.js";

const trees = treeTracker();
afterAll(trees.cleanup);
afterEach(() => vi.restoreAllMocks());

const AN_HOUR_AGO = new Date(Date.now() - 3_600_000);
const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

/** Opens the cache of `root`, asks for the hash of `file`, records a result for it and saves; returns the files opened. */
async function hashWithCache(root: string, file: string): Promise<{ hash: string | undefined; opened: string[] }> {
  const cache = await LintCache.open(path.join(root, ".snapcheckcache"), "test", root);
  const openSync = vi.spyOn(fs, "openSync");
  const hash = cache.currentHash(file);
  const opened = openSync.mock.calls.map(([target]) => String(target));
  openSync.mockRestore();
  if (hash) cache.set(file, hash, {}, "", makeResult(file, []), []);
  cache.save();
  return { hash, opened };
}

describe("--cache: a file whose stat is unchanged is not read again", () => {
  it("takes the hash from the stamp while size, modification time, change time and inode hold", async () => {
    const root = trees.track({ "a.ts": "export const a = 1;\n" });
    const file = path.join(root, "a.ts");
    fs.utimesSync(file, AN_HOUR_AGO, AN_HOUR_AGO);
    expect(await hashWithCache(root, file)).toEqual({ hash: sha256("export const a = 1;\n"), opened: [file] });
    expect(await hashWithCache(root, file)).toEqual({ hash: sha256("export const a = 1;\n"), opened: [] });
  });

  it("reads it again when its bytes change behind the same size and modification time (the change time tells)", async () => {
    const root = trees.track({ "a.ts": "export const a = 1;\n" });
    const file = path.join(root, "a.ts");
    fs.utimesSync(file, AN_HOUR_AGO, AN_HOUR_AGO);
    await hashWithCache(root, file);
    fs.writeFileSync(file, "export const a = 2;\n");
    fs.utimesSync(file, AN_HOUR_AGO, AN_HOUR_AGO);
    expect(await hashWithCache(root, file)).toEqual({ hash: sha256("export const a = 2;\n"), opened: [file] });
  });

  it("never stamps a file modified in the last seconds, whose next write may keep its time", async () => {
    const root = trees.track({ "a.ts": "export const a = 1;\n" });
    const file = path.join(root, "a.ts");
    await hashWithCache(root, file);
    expect((await hashWithCache(root, file)).opened).toEqual([file]);
  });

  it("drops a stamp that is not one, and hashes the file", async () => {
    const root = trees.track({ "a.ts": "export const a = 1;\n" });
    const file = path.join(root, "a.ts");
    fs.utimesSync(file, AN_HOUR_AGO, AN_HOUR_AGO);
    await hashWithCache(root, file);
    const cacheFile = path.join(root, ".snapcheckcache");
    const data = JSON.parse(fs.readFileSync(cacheFile, "utf8")) as { stamps: Record<string, unknown[]> };
    expect(Object.keys(data.stamps)).toEqual(["a.ts"]);
    // A stamp of the wrong shape (here, no hash) is dropped and the file hashed.
    data.stamps["a.ts"] = [...data.stamps["a.ts"]!.slice(0, 4), "not a hash"];
    fs.writeFileSync(cacheFile, JSON.stringify(data));
    expect(await hashWithCache(root, file)).toEqual({ hash: sha256("export const a = 1;\n"), opened: [file] });
  });
});
