import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LintResult } from "../../src/results.js";
import { treeTracker } from "../trees/temp-tree.js";
import { assertBuilt, BIN, lines, SLOW, snapcheck, withFault } from "./helpers.js";

/** Every file snapcheck writes (fixed sources, reports, the cache, the baseline) is replaced whole or not at all. */
const trees = treeTracker();
afterAll(trees.cleanup);
beforeAll(assertBuilt);

const POOLED = `import { randomUUID } from "node:crypto";\nrandomUUID();\nexport const handler = async () => ({ id: randomUUID() });\n`;
const FIXED = POOLED.replace("id: randomUUID()", "id: randomUUID({ disableEntropyCache: true })");
const POOLED_FINDING = "3:43: crypto.randomUUID() draws from a cache";
const read = (root: string, file: string) => fs.readFileSync(path.join(root, file), "utf8");
const temporaries = (folder: string) => fs.readdirSync(folder).filter((name) => name.includes(".snapcheck-"));

describe("--fix killed over and over", () => {
  it("leaves every source either as it was or fully fixed, and the next run removes what the kills left", async () => {
    const FILES = 300;
    const [original, fixed] = [POOLED, FIXED];
    // On a RAM-backed folder when there is one, so the loop is not bound by the disk's flushes.
    const base = fs.existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir();
    const root = fs.mkdtempSync(path.join(base, "snapcheck-kill-"));
    const names = Array.from({ length: FILES }, (_, i) => `src/f${String(i).padStart(3, "0")}.ts`);
    const reset = () => {
      fs.mkdirSync(path.join(root, "src"), { recursive: true });
      for (const name of names) fs.writeFileSync(path.join(root, name), original);
    };
    try {
      let midRun = 0;
      let attempts = 0;
      while (midRun < 30 && attempts < 80) {
        attempts++;
        reset();
        const child = spawn(process.execPath, [BIN, "--fix", "-f", "json", "-o", "report.json", "src"], { cwd: root, stdio: "ignore" });
        const exited = new Promise((resolve) => child.on("exit", resolve));
        // Killed once the first file is fixed, at a random moment of the rest of the run.
        const first = path.join(root, names[0]!);
        while (child.exitCode === null && read(root, names[0]!) === original && fs.existsSync(first)) await sleep(5);
        await sleep(Math.random() * 150);
        child.kill("SIGKILL");
        await exited;
        let fixedCount = 0;
        for (const name of names) {
          const text = read(root, name);
          expect(text === original || text === fixed, `${name} is neither its original nor its fixed text`).toBe(true);
          if (text === fixed) fixedCount++;
        }
        if (fixedCount > 0 && fixedCount < FILES) midRun++;
        const report = path.join(root, "report.json");
        if (fs.existsSync(report)) expect(() => JSON.parse(fs.readFileSync(report, "utf8")) as unknown).not.toThrow();
      }
      expect(midRun).toBeGreaterThanOrEqual(30);
      // Temporary files of killed runs are removed once their process is gone and they are a few seconds old.
      await sleep(2_100);
      reset();
      const run = await snapcheck(root, ["--fix", "src"]);
      expect([run.code, run.stderr]).toEqual([0, ""]);
      for (const name of names) expect(read(root, name) === fixed).toBe(true);
      expect(temporaries(path.join(root, "src"))).toEqual([]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 600_000);
});

/** A small tmpfs when this process may mount one (root on Linux); the same failure injected otherwise. */
function fullDisk(): { root: string; env: Record<string, string>; release: () => void } {
  const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), "snapcheck-full-"));
  try {
    if (process.platform !== "linux" || process.getuid?.() !== 0) throw new Error("cannot mount");
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint], { stdio: "ignore" });
  } catch {
    return { root: mountPoint, env: withFault("enospc"), release: () => fs.rmSync(mountPoint, { recursive: true, force: true }) };
  }
  return {
    root: mountPoint,
    env: {},
    release: () => {
      execFileSync("umount", [mountPoint]);
      fs.rmdirSync(mountPoint);
    },
  };
}

function fillDisk(root: string): void {
  const fd = fs.openSync(path.join(root, "filler"), "w");
  try {
    for (;;) fs.writeSync(fd, Buffer.alloc(4096, 1));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  } finally {
    fs.closeSync(fd);
  }
}

describe("--fix on a full disk", () => {
  it("keeps the original text, reports the original findings and why the fix was not written, and exits 1", async () => {
    const disk = fullDisk();
    try {
      fs.mkdirSync(path.join(disk.root, "src"));
      fs.writeFileSync(path.join(disk.root, "src/pooled.ts"), POOLED);
      if (Object.keys(disk.env).length === 0) fillDisk(disk.root);
      const run = await snapcheck(disk.root, ["--fix", "-f", "unix", "src"], { env: disk.env });
      expect(read(disk.root, "src/pooled.ts")).toBe(POOLED);
      expect(run.code).toBe(1);
      const reported = lines(run.stdout).filter((line) => line.includes("pooled.ts"));
      expect(reported).toEqual([
        expect.stringContaining("pooled.ts:1:1: Fixes not written: ENOSPC: no space left on device [Error]"),
        expect.stringContaining(POOLED_FINDING),
      ]);
      expect(temporaries(path.join(disk.root, "src"))).toEqual([]);
    } finally {
      disk.release();
    }
  }, SLOW);
});

describe.concurrent("--fix", () => {
  it("leaves a file alone, with a warning, when it was saved again after it was linted", async () => {
    const root = trees.track({ "src/pooled.ts": POOLED });
    const run = await snapcheck(root, ["--fix", "-f", "unix", "src"], { env: withFault("edit-during-fix") });
    expect(read(root, "src/pooled.ts")).toBe(`${POOLED}// saved in the editor\n`);
    expect(run.stderr).toBe("snapcheck: warning: src/pooled.ts: fixes not written: it changed after it was linted\n");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(POOLED_FINDING);
  }, SLOW);

  it("keeps the mode and the owner of the files it fixes", async () => {
    const root = trees.track({ "src/pooled.ts": POOLED });
    const file = path.join(root, "src/pooled.ts");
    fs.chmodSync(file, 0o640);
    const owner = process.getuid?.() === 0 ? { uid: 4321, gid: 4321 } : undefined;
    if (owner) fs.chownSync(file, owner.uid, owner.gid);
    const run = await snapcheck(root, ["--fix", "src"]);
    expect([run.code, read(root, "src/pooled.ts")]).toEqual([0, FIXED]);
    const stats = fs.statSync(file);
    expect(stats.mode & 0o777).toBe(0o640);
    if (owner) expect({ uid: stats.uid, gid: stats.gid }).toEqual(owner);
  }, SLOW);

  it("never writes through a link: a linked source is reported as not fixed, and the link's target is untouched", async () => {
    const root = trees.track({ "elsewhere/pooled.ts": POOLED, "src/link.ts": { symlink: "../elsewhere/pooled.ts" } });
    const run = await snapcheck(root, ["--fix", "-f", "unix", "src/link.ts"]);
    expect(read(root, "elsewhere/pooled.ts")).toBe(POOLED);
    expect(fs.lstatSync(path.join(root, "src/link.ts")).isSymbolicLink()).toBe(true);
    expect(run.code).toBe(1);
    expect(lines(run.stdout)[0]).toContain("link.ts:1:1: Fixes not written: it is a symbolic link, and snapcheck never writes through links [Error]");
  }, SLOW);

  it("keeps the odd last byte of a UTF-16 file", async () => {
    const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le"), Buffer.from([0x0a])]);
    const root = trees.track({ "src/pooled.ts": utf16(POOLED) });
    const run = await snapcheck(root, ["--fix", "src"]);
    expect(run.code).toBe(0);
    expect(fs.readFileSync(path.join(root, "src/pooled.ts"))).toEqual(utf16(FIXED));
  }, SLOW);

  it("removes temporary files left by a killed run, and only those", async () => {
    const root = trees.track({ "src/pooled.ts": POOLED });
    const stale = path.join(root, "src/.pooled.ts.snapcheck-999999999-0badf00d.tmp");
    const live = path.join(root, `src/.pooled.ts.snapcheck-${process.pid}-0badf00d.tmp`);
    const lookalike = path.join(root, "src/.notes.snapcheck-1.tmp");
    const past = new Date(Date.now() - 60_000);
    for (const file of [stale, live, lookalike]) {
      fs.writeFileSync(file, "half");
      fs.utimesSync(file, past, past);
    }
    expect((await snapcheck(root, ["--fix", "src"])).code).toBe(0);
    expect(temporaries(path.join(root, "src")).sort()).toEqual([path.basename(lookalike), path.basename(live)].sort());
  }, SLOW);
});

describe.concurrent("-o, --cache-location and the baseline", () => {
  it("-o refuses to write through a link, or into a linked folder, and exits 2 before linting", async () => {
    const root = trees.track({ "src/a.ts": POOLED, "outside/victim": "keep", "report.sarif": { symlink: "outside/victim" }, "out/": "" });
    fs.symlinkSync(path.join(root, "outside"), path.join(root, "reports"));
    const viaLink = await snapcheck(root, ["src", "-f", "sarif", "-o", "report.sarif"]);
    expect([viaLink.code, viaLink.stdout]).toEqual([2, ""]);
    expect(viaLink.stderr).toBe("snapcheck: -o: cannot write report.sarif: it is a symbolic link, and snapcheck never writes through links\n");
    const viaFolder = await snapcheck(root, ["src", "-f", "sarif", "-o", "reports/victim"]);
    expect(viaFolder.stderr).toBe(
      `snapcheck: -o: cannot write ${path.join("reports", "victim")}: the folder reports is a symbolic link, and snapcheck never writes through links\n`,
    );
    expect(viaFolder.code).toBe(2);
    expect(read(root, "outside/victim")).toBe("keep");
    // A regular report file is replaced whole: what was there before is gone, nothing is left beside it.
    fs.writeFileSync(path.join(root, "out/report.json"), "x".repeat(100_000));
    expect((await snapcheck(root, ["src", "-f", "json", "-o", "out/report.json"])).code).toBe(1);
    expect((JSON.parse(read(root, "out/report.json")) as LintResult[]).length).toBe(1);
    expect(fs.readdirSync(path.join(root, "out"))).toEqual(["report.json"]);
  }, SLOW);

  it("--cache-location never replaces a file that is not a snapcheck cache, nor a link", async () => {
    const manifest = `{ "name": "app", "version": "1.0.0" }\n`;
    const root = trees.track({ "src/a.ts": POOLED, "package.json": manifest, "elsewhere/cache": "", ".snapcheckcache": { symlink: "elsewhere/cache" } });
    const run = await snapcheck(root, ["src", "--cache", "--cache-location", "package.json"]);
    expect([run.code, run.stdout]).toEqual([2, ""]);
    expect(run.stderr).toBe("snapcheck: --cache-location: cannot write package.json: it is not a snapcheck cache file, and snapcheck replaces only its own\n");
    expect(read(root, "package.json")).toBe(manifest);
    const linked = await snapcheck(root, ["src", "--cache"]);
    expect(linked.stderr).toBe("snapcheck: --cache-location: cannot write .snapcheckcache: it is a symbolic link, and snapcheck never writes through links\n");
    expect(read(root, "elsewhere/cache")).toBe("");
    // Its own cache, at any name, is replaced.
    expect((await snapcheck(root, ["src", "--cache", "--cache-location", "cache.json"])).code).toBe(1);
    expect((await snapcheck(root, ["src", "--cache", "--cache-location", "cache.json"])).code).toBe(1);
  }, SLOW);

  it("the suppressions file is never written through a link", async () => {
    const root = trees.track({ "src/a.ts": POOLED, "elsewhere/baseline.json": "{}\n", "snapcheck-suppressions.json": { symlink: "elsewhere/baseline.json" } });
    const run = await snapcheck(root, ["src", "--suppress-all"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "snapcheck: cannot write the suppressions file snapcheck-suppressions.json: it is a symbolic link, and snapcheck never writes through links\n",
    );
    expect(read(root, "elsewhere/baseline.json")).toBe("{}\n");
  }, SLOW);
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
