import fs from "node:fs";
import path from "node:path";
import picomatch from "picomatch";
import { UsageError, errorMessage } from "../errors.js";
import { descriptorKindOfName, isGeneratedDescriptor } from "../deployment/descriptor-files.js";
import { compileGlob, GlobError } from "./glob.js";
import { gitignoreVerdict, ignoreLayer, layerVerdict, type IgnoreLayer } from "./ignore-layers.js";

export const LINTABLE_EXTENSIONS: readonly string[] = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

const DECLARATION_FILE = /\.d\.[mc]?ts$/;
/** Never walked into, whatever the ignore settings say... */
const ALWAYS_SKIPPED = new Set(["node_modules", ".git"]);
/** ...except the packages nested in a node_modules folder the user named (`snapcheck node_modules`). */
const SKIPPED_IN_NAMED_NODE_MODULES = new Set([".git"]);

/** Whether a file found in a folder or by a glob is linted: a source file but not a declaration file, or a deployment descriptor. */
export function isLintableFile(name: string): boolean {
  return (LINTABLE_EXTENSIONS.includes(path.extname(name)) && !DECLARATION_FILE.test(name)) || descriptorKindOfName(name) !== undefined;
}

export interface FindFilesOptions {
  cwd: string;
  /** Files, folders and globs, relative to `cwd` or absolute. */
  patterns: readonly string[];
  /** False for `--no-ignore`: .gitignore files, config `ignorePatterns` and `--ignore-pattern` are all disregarded. */
  useIgnores: boolean;
  /** `--ignore-pattern` values, relative to `cwd`. */
  ignorePatterns?: readonly string[];
  /** The config `ignorePatterns` in force for the entries of a folder. */
  configIgnoresFor?: (dir: string) => Promise<IgnoreLayer | undefined>;
  /** Why a folder found by a walk is not walked into (build output), or undefined. Not asked under `--no-ignore`. */
  leavesOutFolder?: (dir: string) => Promise<string | undefined>;
  errorOnUnmatchedPattern: boolean;
}

/** A folder that could not be read: reported as a warning, the rest of the run goes on. */
export interface DiscoveryProblem {
  path: string;
  message: string;
}

export interface FoundFiles {
  /** Sorted, deduplicated absolute paths. */
  files: string[];
  /** Files named on the command line that an ignore pattern excludes: skipped, as ESLint does (lint-staged names files). */
  ignoredNamedFiles: string[];
  /** Folders `leavesOutFolder` kept a walk out of, with its reason. */
  leftOutFolders: { path: string; reason: string }[];
  problems: DiscoveryProblem[];
}

/**
 * Expands patterns into the files to lint. A named file is always linted; folders and globs yield source files
 * that no ignore rule excludes. Throws a UsageError for a missing path or (unless allowed) a pattern matching nothing.
 */
export async function findFiles(options: FindFilesOptions): Promise<FoundFiles> {
  const finder = new FileFinder(options);
  for (const pattern of options.patterns) await finder.add(pattern);
  return finder.finish();
}

/** Whether a file found by a walk belongs to the pattern, by its path from the walk's root and its name. */
type Accept = (relative: string, name: string) => boolean;

interface PendingDir {
  path: string;
  real: string;
  /** Path from the walk's root, with `/`, for matching globs. */
  relative: string;
  gitignores: readonly IgnoreLayer[];
  viaLink: boolean;
}

interface Candidate {
  path: string;
  viaLink: boolean;
}

class FileFinder {
  private readonly problems: DiscoveryProblem[] = [];
  private readonly ignoredNamedFiles = new Set<string>();
  private readonly leftOutFolders: { path: string; reason: string }[] = [];
  /** By real path, so a file reached through a symlink as well is linted once. */
  private readonly candidates = new Map<string, Candidate>();
  private readonly gitignoreFiles: GitignoreFiles;
  private readonly cliLayer: IgnoreLayer | undefined;

  constructor(private readonly options: FindFilesOptions) {
    this.gitignoreFiles = new GitignoreFiles(options.cwd, (file, error) => this.problems.push({ path: file, message: `cannot read: ${describeFsError(error)}` }));
    const patterns = options.ignorePatterns ?? [];
    this.cliLayer = options.useIgnores && patterns.length > 0 ? ignoreLayer(options.cwd, patterns) : undefined;
  }

  async add(pattern: string): Promise<void> {
    const absolute = path.resolve(this.options.cwd, pattern);
    let stats: fs.Stats | undefined;
    try {
      stats = fs.statSync(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") {
        this.problems.push({ path: absolute, message: describeFsError(error) });
        return;
      }
    }
    if (stats && !stats.isDirectory()) {
      if (await this.ignoresNamedFile(absolute)) this.ignoredNamedFiles.add(absolute);
      else this.addCandidate(absolute, realPathOr(absolute), false);
      return;
    }
    if (stats) {
      await this.walkPattern(pattern, absolute, (relative, name) => isLintableFile(name) && !isGeneratedDescriptor(relative));
      return;
    }
    const scan = picomatch.scan(pattern);
    if (!scan.isGlob) throw new UsageError(`No such file or directory: ${pattern}`);
    let matches: (path: string) => boolean;
    try {
      matches = compileGlob(scan.glob, { dot: false });
    } catch (error) {
      if (error instanceof GlobError) throw new UsageError(`pattern ${JSON.stringify(pattern)}: ${error.message}`);
      throw error;
    }
    const base = path.resolve(this.options.cwd, scan.base);
    await this.walkPattern(pattern, base, (relative, name) => isLintableFile(name) && !isGeneratedDescriptor(relative) && matches(relative));
  }

  finish(): FoundFiles {
    const files = [...new Set([...this.candidates.values()].map((candidate) => candidate.path))].sort();
    return { files, ignoredNamedFiles: [...this.ignoredNamedFiles].sort(), leftOutFolders: this.leftOutFolders, problems: this.problems };
  }

  /** `ignorePatterns` and `--ignore-pattern`, ESLint's `ignores`; a .gitignore does not stop a file named outright. */
  private async ignoresNamedFile(absolute: string): Promise<boolean> {
    if (!this.options.useIgnores) return false;
    if (this.cliLayer !== undefined && layerVerdict(this.cliLayer, absolute, false) === true) return true;
    const configLayer = await this.options.configIgnoresFor?.(path.dirname(absolute));
    return configLayer !== undefined && layerVerdict(configLayer, absolute, false) === true;
  }

  private async walkPattern(pattern: string, root: string, accept: Accept): Promise<void> {
    const problemsBefore = this.problems.length;
    const namesNodeModules = pattern.split(/[\\/]/).includes("node_modules");
    const { matched, ignored } = await this.walk(root, accept, namesNodeModules ? SKIPPED_IN_NAMED_NODE_MODULES : ALWAYS_SKIPPED);
    // A folder that could not be read is already reported; "no files" on top of it would be noise.
    if (matched > 0 || !this.options.errorOnUnmatchedPattern || this.problems.length > problemsBefore) return;
    if (ignored > 0) throw new UsageError(`All files matched by "${pattern}" are ignored.`);
    throw new UsageError(`No files matching the pattern "${pattern}" were found.`);
  }

  /** Iterative, so depth is bounded by memory rather than the call stack; folders reached by symlink come last. */
  private async walk(root: string, accept: Accept, skipped: ReadonlySet<string>): Promise<{ matched: number; ignored: number }> {
    let matched = 0;
    let ignored = 0;
    if (!fs.existsSync(root)) return { matched, ignored };
    const rootReal = realPathOr(root);
    const visited = new Set<string>();
    const gitignores = this.options.useIgnores ? this.gitignoreFiles.above(root) : [];
    const direct: PendingDir[] = [{ path: root, real: rootReal, relative: "", gitignores, viaLink: false }];
    // Real folders are walked before symlinked ones, so a file inside the tree keeps its real path.
    const linked: PendingDir[] = [];

    for (let dir = direct.pop(); dir; dir = direct.pop() ?? linked.pop()) {
      if (visited.has(dir.real)) continue;
      visited.add(dir.real);
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir.path, { withFileTypes: true });
      } catch (error) {
        this.problems.push({ path: dir.path, message: `cannot read folder: ${describeFsError(error)}` });
        continue;
      }
      const useIgnores = this.options.useIgnores;
      const gitignore = useIgnores ? this.gitignoreFiles.in(dir.path) : null;
      const gitignores = gitignore ? [...dir.gitignores, gitignore] : dir.gitignores;
      const configLayer = useIgnores ? await this.options.configIgnoresFor?.(dir.path) : undefined;
      const isIgnored = (absolute: string, isDirectory: boolean) =>
        useIgnores &&
        (gitignoreVerdict(gitignores, absolute, isDirectory) ||
          (configLayer !== undefined && layerVerdict(configLayer, absolute, isDirectory) === true) ||
          (this.cliLayer !== undefined && layerVerdict(this.cliLayer, absolute, isDirectory) === true));

      for (const entry of entries) {
        const absolute = path.join(dir.path, entry.name);
        let real = dir.real === dir.path ? absolute : path.join(dir.real, entry.name);
        let isDirectory = entry.isDirectory();
        let isFile = entry.isFile();
        let viaLink = dir.viaLink;
        if (entry.isSymbolicLink()) {
          try {
            real = fs.realpathSync(absolute);
            const target = fs.statSync(real);
            isDirectory = target.isDirectory();
            isFile = target.isFile();
          } catch {
            continue; // a dangling link
          }
          if (!isInside(real, rootReal)) continue;
          viaLink = true;
        } else if (!isDirectory && !isFile) {
          // Some file systems do not report the entry type.
          const stats = statOrUndefined(absolute);
          isDirectory = stats?.isDirectory() ?? false;
          isFile = stats?.isFile() ?? false;
        }
        const relative = dir.relative ? `${dir.relative}/${entry.name}` : entry.name;
        if (isDirectory) {
          if (skipped.has(entry.name) || isIgnored(absolute, true)) continue;
          const leftOut = useIgnores ? await this.options.leavesOutFolder?.(absolute) : undefined;
          if (leftOut !== undefined) {
            this.leftOutFolders.push({ path: absolute, reason: leftOut });
            continue;
          }
          (viaLink ? linked : direct).push({ path: absolute, real, relative, gitignores, viaLink });
        } else if (isFile && accept(relative, entry.name)) {
          if (isIgnored(absolute, false)) {
            ignored++;
            continue;
          }
          matched++;
          this.addCandidate(absolute, real, viaLink);
        }
      }
    }
    return { matched, ignored };
  }

  private addCandidate(filePath: string, real: string, viaLink: boolean): void {
    const existing = this.candidates.get(real);
    const better = !existing || (existing.viaLink && !viaLink) || (existing.viaLink === viaLink && filePath < existing.path);
    if (better) this.candidates.set(real, { path: filePath, viaLink });
  }
}

/**
 * The .gitignore files of a tree, read once each: those in a folder, and those git applies to a folder from above
 * (from the repository root, else from `cwd`). `onUnreadable` hears of a .gitignore that exists but cannot be read.
 */
export class GitignoreFiles {
  private readonly byDir = new Map<string, IgnoreLayer | null>();

  constructor(
    private readonly cwd: string,
    private readonly onUnreadable: (file: string, error: unknown) => void = () => {},
  ) {}

  /** The layers of the folders above `dir`, outermost first, up to where git starts reading them. */
  above(dir: string): IgnoreLayer[] {
    const top = this.projectTop(dir);
    if (dir === top || !isInside(dir, top)) return [];
    const chain: string[] = [];
    for (let current = path.dirname(dir); ; current = path.dirname(current)) {
      chain.push(current);
      if (current === top || path.dirname(current) === current) break;
    }
    return chain
      .reverse()
      .map((folder) => this.in(folder))
      .filter((layer): layer is IgnoreLayer => layer !== null);
  }

  /** The layer of `dir/.gitignore`, or null when there is none. */
  in(dir: string): IgnoreLayer | null {
    let layer = this.byDir.get(dir);
    if (layer === undefined) {
      layer = null;
      const file = path.join(dir, ".gitignore");
      try {
        layer = ignoreLayer(dir, fs.readFileSync(file, "utf8"));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "ENOENT" && code !== "ENOTDIR") this.onUnreadable(file, error);
      }
      this.byDir.set(dir, layer);
    }
    return layer;
  }

  /** Where git would start reading .gitignore files: the repository root, else the cwd (or `dir` outside it). */
  private projectTop(dir: string): string {
    for (let current = dir; ; current = path.dirname(current)) {
      if (fs.existsSync(path.join(current, ".git"))) return current;
      if (path.dirname(current) === current) break;
    }
    return isInside(dir, this.cwd) ? this.cwd : dir;
  }
}


export function isInside(candidate: string, root: string): boolean {
  if (candidate === root) return true;
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  return candidate.startsWith(prefix);
}

function realPathOr(filePath: string): string {
  try {
    return fs.realpathSync(filePath);
  } catch {
    return filePath;
  }
}

function statOrUndefined(filePath: string): fs.Stats | undefined {
  try {
    return fs.statSync(filePath);
  } catch {
    return undefined;
  }
}

/** `EACCES: permission denied`, without the system call and path Node appends (`, open '/abs/path'`, `, read`): the path is reported separately. */
export function describeFsError(error: unknown): string {
  return errorMessage(error).replace(/, \w+(?: '.*')?$/s, "");
}
