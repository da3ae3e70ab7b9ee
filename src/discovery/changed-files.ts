import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { CONFIG_FILE_NAMES } from "../config/load.js";
import { LINTABLE_EXTENSIONS } from "./find-files.js";
import { UsageError } from "../errors.js";

export interface ChangedOptions {
  /** Where git is asked from: the repository is the one containing it. */
  cwd: string;
  /** `--since <ref>`: compare with the merge base of the ref and HEAD; without it, uncommitted changes. */
  since?: string;
}

/** Files this large are generated or vendored; their imports are not scanned. */
const MAX_SCANNED_BYTES = 2 * 1024 * 1024;
/** A relative specifier starts with one of these inside quotes: a file without any imports nothing relatively. */
const RELATIVE_STARTS = ["'./", '"./', "'../", '"../', "`./", "`../"];
/** TypeScript ESM imports name the emitted file (`./ids.js`) while the tree holds (or held) the source. */
const SOURCE_FOR_EMITTED: Record<string, string[]> = { ".js": [".ts", ".tsx"], ".mjs": [".mts"], ".cjs": [".cts"], ".jsx": [".tsx"] };

/** What `--changed` lints, and every path git reports as changed (deleted ones, and those no pattern covers, too). */
export interface ChangedSelection {
  files: string[];
  changed: ReadonlySet<string>;
}

/**
 * `--changed`: of `files` (the discovered files, absolute), those git reports as changed, those below a changed
 * config file, plus those that import a changed file through relative imports, directly or through other files of
 * `files`: findings cross files along those imports. Throws a UsageError outside a git repository or for an
 * unknown ref.
 */
export async function selectChangedFiles(files: readonly string[], options: ChangedOptions): Promise<ChangedSelection> {
  const changed = await changedFiles(options);
  const realOf = new Map(files.map((file) => [file, realPath(file)]));
  const deleted = new Set([...changed].filter((file) => !fs.existsSync(file)));
  const importers = new Map<string, string[]>();
  // Only importers of source files are selected for their imports: without one changed, nothing needs a scan, and
  // the compiler (which scans and resolves them) is not even loaded.
  const anySourceChanged = [...changed].some((file) => LINTABLE_EXTENSIONS.includes(path.extname(file)));
  const scanning = anySourceChanged ? await importScanner(options.cwd) : undefined;
  for (const [file, real] of scanning ? realOf : []) {
    const { resolver, relativeSpecifiers } = scanning!;
    for (const specifier of relativeSpecifiers(real)) {
      const directory = path.dirname(real);
      const resolved = resolver.resolve(real, specifier);
      const target = resolved !== undefined ? realPath(resolved) : deletedTarget(directory, specifier, deleted);
      if (target === undefined) continue;
      const list = importers.get(target);
      if (list) list.push(file);
      else importers.set(target, [file]);
    }
  }
  // A config file governs every file below its folder.
  const configFolders = [...changed].filter(isConfigFile).map((file) => path.dirname(file) + path.sep);
  const selected = new Set(
    files.filter((file) => {
      const real = realOf.get(file)!;
      return changed.has(real) || configFolders.some((folder) => real.startsWith(folder));
    }),
  );
  const queue = [...changed];
  for (let target = queue.pop(); target !== undefined; target = queue.pop()) {
    for (const importer of importers.get(target) ?? []) {
      if (selected.has(importer)) continue;
      selected.add(importer);
      queue.push(realOf.get(importer)!);
    }
  }
  return { files: files.filter((file) => selected.has(file)), changed };
}

/**
 * Absolute paths of the files changed in the repository containing `cwd`, deleted ones included: against the
 * merge base of `since` and HEAD (what a pull request changes, plus uncommitted work), or, without `since`, staged,
 * unstaged and untracked (not ignored) files.
 */
export async function changedFiles(options: ChangedOptions): Promise<Set<string>> {
  const top = await repositoryRoot(options.cwd);
  const diff = ["diff", "--name-only", "--no-renames", "--no-relative", "-z"];
  const lists: string[] = [];
  if (options.since !== undefined) {
    const commit = await git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${options.since}^{commit}`], top);
    if (!commit.ok) throw new UsageError(`--since: unknown git ref "${options.since}"`);
    const base = await git(["merge-base", commit.stdout.trim(), "HEAD"], top);
    lists.push(await gitOrThrow([...diff, base.ok ? base.stdout.trim() : commit.stdout.trim(), "--"], top));
  } else {
    // Staged and unstaged separately: `git diff HEAD` fails in a repository with no commit yet.
    lists.push(await gitOrThrow([...diff, "--cached", "--"], top));
    lists.push(await gitOrThrow([...diff, "--"], top));
  }
  lists.push(await gitOrThrow(["ls-files", "--others", "--exclude-standard", "--full-name", "-z"], top));
  const files = new Set<string>();
  for (const list of lists) {
    for (const relative of list.split("\0")) if (relative) files.add(path.join(top, relative));
  }
  return files;
}

async function repositoryRoot(cwd: string): Promise<string> {
  const top = await git(["rev-parse", "--show-toplevel"], cwd);
  if (top.ok) return realPath(top.stdout.trim());
  if (top.missing) throw new UsageError("--changed needs git, and git was not found on the PATH");
  if (/not a git repository/i.test(top.stderr)) throw new UsageError(`--changed: ${cwd} is not inside a git repository`);
  throw new UsageError(`--changed: git failed: ${firstLine(top.stderr)}`);
}

type GitOutcome = { ok: true; stdout: string } | { ok: false; stderr: string; missing: boolean };

function git(args: string[], cwd: string): Promise<GitOutcome> {
  return new Promise((resolve) => {
    execFile(
      "git",
      args,
      // No optional locks: a pre-commit hook runs while another git command may hold the index.
      { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: "0" } },
      (error, stdout, stderr) => {
        if (!error) resolve({ ok: true, stdout });
        else resolve({ ok: false, stderr: stderr || error.message, missing: (error as NodeJS.ErrnoException).code === "ENOENT" });
      },
    );
  });
}

async function gitOrThrow(args: string[], cwd: string): Promise<string> {
  const outcome = await git(args, cwd);
  if (!outcome.ok) throw new UsageError(`--changed: git ${args[0]} failed: ${firstLine(outcome.stderr)}`);
  return outcome.stdout;
}

/** A snapcheck config file; package.json only while it has a `snapcheck` key (most of its changes are not config). */
function isConfigFile(filePath: string): boolean {
  const name = path.basename(filePath);
  if (!(CONFIG_FILE_NAMES as readonly string[]).includes(name)) return false;
  if (name !== "package.json") return true;
  try {
    const manifest = JSON.parse(fs.readFileSync(filePath, "utf8")) as unknown;
    return typeof manifest === "object" && manifest !== null && "snapcheck" in manifest;
  } catch {
    return false;
  }
}

/** What scanning importers needs: the module resolver and the compiler's scanner, loaded together. */
async function importScanner(cwd: string) {
  const [{ ModuleIndex }, { ts }] = await Promise.all([import("../analysis/modules.js"), import("#typescript")]);
  return { resolver: new ModuleIndex(cwd), relativeSpecifiers: (filePath: string) => relativeSpecifiers(filePath, ts) };
}

/**
 * The relative specifiers of a file's imports, exports, `require` and `import()` calls, from the TypeScript scanner:
 * linear in the text, and blind to look-alikes in comments and strings.
 */
function relativeSpecifiers(filePath: string, ts: typeof import("#typescript").ts): string[] {
  let text: string;
  try {
    const stats = fs.statSync(filePath);
    if (!stats.isFile() || stats.size > MAX_SCANNED_BYTES) return [];
    text = fs.readFileSync(filePath, "utf8");
  } catch {
    return [];
  }
  if (!RELATIVE_STARTS.some((start) => text.includes(start))) return [];
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles.map((reference) => reference.fileName).filter((specifier) => /^\.\.?(?:\/|$)/.test(specifier));
}

/** The deleted file a specifier that no longer resolves named, tried as the resolver would have tried it. */
function deletedTarget(directory: string, specifier: string, deleted: ReadonlySet<string>): string | undefined {
  if (deleted.size === 0) return undefined;
  const base = path.resolve(directory, specifier);
  const extension = path.extname(base);
  const candidates = [base, ...(SOURCE_FOR_EMITTED[extension] ?? []).map((source) => base.slice(0, -extension.length) + source)];
  for (const ext of LINTABLE_EXTENSIONS) candidates.push(base + ext, path.join(base, `index${ext}`));
  return candidates.find((candidate) => deleted.has(candidate));
}

function realPath(filePath: string): string {
  try {
    return fs.realpathSync.native(filePath);
  } catch {
    return filePath;
  }
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0] ?? "";
}
