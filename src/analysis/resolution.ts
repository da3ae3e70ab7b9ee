import fs from "node:fs";
import { isBuiltin } from "node:module";
import path from "node:path";
import { ts } from "#typescript";
import { regularFileAt } from "../discovery/regular-file.js";

/** A tsconfig or package.json that could not be read: reported once as a warning, and resolution goes on. */
export interface ResolutionProblem {
  path: string;
  message: string;
}

/** Files an import may name that snapcheck analyses (declaration files and JSON have no init code). */
const SOURCE_EXTENSIONS = new Set([".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"]);
const CONFIG_NAMES = ["tsconfig.json", "jsconfig.json"];
/**
 * Past this many resolutions the compiler's caches start afresh, so memory does not grow with the tree (the same
 * bound as the other run-long lookups of the module index).
 */
const MAX_CACHED_RESOLUTIONS = 20_000;

/**
 * What every lookup shares: implementation files only (`noDtsResolution`: no `types` condition, no `.d.ts`), JS
 * files too, and the `node` condition, which Node applies at run time even where TypeScript's bundler mode does not.
 */
const RESOLUTION_OVERRIDES: ts.CompilerOptions = { noDtsResolution: true, allowJs: true, resolveJsonModule: false };
/**
 * Options for a file under no tsconfig, and the second try for an import its own tsconfig cannot resolve (a
 * `moduleResolution: node10` project that uses package.json `imports`, which Node itself resolves at run time).
 */
const FALLBACK_OPTIONS: ts.CompilerOptions = {
  ...RESOLUTION_OVERRIDES,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  customConditions: ["node"],
};

/** The compiler options in force for a folder's files, with the cache of lookups made under them. */
interface ResolutionSettings {
  configFile: string | undefined;
  /** The tsconfig and every file it extends: what the options were read from. */
  configFiles: readonly string[];
  options: ts.CompilerOptions;
  cache: ts.ModuleResolutionCache;
}

/**
 * What an import resolved to, and every path whose state decided it: files read (tsconfig, package.json, the file
 * found) and paths looked for and not found. While none of them changes, the answer stands: `--cache` checks them
 * instead of resolving again, so a run whose files all hit needs no compiler.
 */
export interface Resolution {
  file: string | undefined;
  consulted: readonly string[];
}

/** A specifier that names a package: not relative, not absolute, not a package.json `#import`. */
function isPackageSpecifier(specifier: string): boolean {
  return !specifier.startsWith(".") && !specifier.startsWith("/") && !specifier.startsWith("#") && !/^[a-z]+:/i.test(specifier);
}

/**
 * Whether a tsconfig `paths` pattern matches the specifier, or `baseUrl` holds something of its first segment; the
 * paths looked at go to `consulted`.
 */
function mayBeMapped(options: ts.CompilerOptions, specifier: string, consulted: string[] | undefined): boolean {
  for (const pattern of Object.keys(options.paths ?? {})) {
    const star = pattern.indexOf("*");
    if (star < 0 ? pattern === specifier : specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1))) return true;
  }
  if (options.baseUrl === undefined) return false;
  const first = path.join(options.baseUrl, specifier.split("/")[0]!);
  consulted?.push(first, ...[...SOURCE_EXTENSIONS].map((extension) => first + extension));
  return fs.existsSync(first) || [...SOURCE_EXTENSIONS].some((extension) => regularFileAt(first + extension));
}

/** `@scope/name` or `name`: the folder a package occupies in node_modules. */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/** Whether resolution follows Node's ES module/CommonJS split: `moduleResolution` node16/nodenext, said or implied by `module`. */
function usesNodeModes(options: ts.CompilerOptions): boolean {
  const kind = options.moduleResolution;
  if (kind !== undefined) return kind === ts.ModuleResolutionKind.Node16 || kind === ts.ModuleResolutionKind.NodeNext;
  const module = options.module;
  return module !== undefined && module >= ts.ModuleKind.Node16 && module <= ts.ModuleKind.NodeNext;
}

function isDirectory(candidate: string): boolean {
  try {
    return fs.statSync(candidate, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}

function remembered(seen: Map<string, boolean>, candidate: string, test: (candidate: string) => boolean): boolean {
  let known = seen.get(candidate);
  if (known === undefined) {
    known = test(candidate);
    seen.set(candidate, known);
  }
  return known;
}

function readText(filePath: string): string | undefined {
  try {
    return fs.readFileSync(filePath, "utf8");
  } catch {
    return undefined;
  }
}

const NOTHING_CONSULTED: readonly string[] = [];

/** The package.json paths looked for from a folder up to the nearest one (which decides its files' module format). */
function packageScopeSearch(folder: string): string[] {
  const searched: string[] = [];
  for (let dir = folder; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "package.json");
    searched.push(candidate);
    if (regularFileAt(candidate) || path.dirname(dir) === dir) return searched;
  }
}

function realPath(filePath: string): string {
  try {
    return fs.realpathSync.native(filePath);
  } catch {
    return filePath;
  }
}

/**
 * Resolves imports as the TypeScript compiler does for the importing file's own tsconfig (found by walking up;
 * `extends`, `paths`, `baseUrl`, `moduleResolution`, package.json `imports`/`exports`, `./x.js` naming `x.ts`), through
 * symlinks to their real path, and answers only with files of the project: a file whose real path is inside
 * `node_modules` is a third-party package, which the analyses know by name, not by its code.
 */
export class ModuleResolver {
  /** tsconfig.json and package.json files that could not be read, once each. */
  readonly problems: ResolutionProblem[] = [];
  /** Every tsconfig and package.json read: what an editor's cached import graph is invalidated by. */
  readonly configFilesRead = new Set<string>();
  private readonly reported = new Set<string>();
  private readonly settingsByFolder = new Map<string, ResolutionSettings>();
  /** Per folder, the tsconfig/jsconfig paths looked for from it up to the one in force (all of them when none is). */
  private readonly configSearchByFolder = new Map<string, readonly string[]>();
  private readonly settingsByConfig = new Map<string, ResolutionSettings>();
  private readonly extendedConfigs = new Map<string, ts.ExtendedConfigCacheEntry>();
  private fallback: ResolutionSettings | undefined;
  private lookups = 0;
  private readonly installed = new Map<string, boolean>();
  private readonly filesSeen = new Map<string, boolean>();
  private readonly foldersSeen = new Map<string, boolean>();
  private readonly host: ts.ModuleResolutionHost;
  private readonly configHost: ts.ParseConfigFileHost;

  /** `recordLookups`: `resolveRecorded` lists what each answer depended on (`--cache` needs it; it costs memory). */
  constructor(
    private readonly cwd: string,
    private readonly recordLookups = false,
  ) {
    this.host = {
      // The compiler asks about the same folders and files for every import of a folder's files: one stat each.
      fileExists: (candidate) => remembered(this.filesSeen, candidate, regularFileAt),
      directoryExists: (candidate) => remembered(this.foldersSeen, candidate, isDirectory),
      readFile: (filePath) => this.readManifest(filePath),
      realpath: realPath,
      getCurrentDirectory: () => cwd,
    };
    this.configHost = {
      useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
      getCurrentDirectory: () => cwd,
      fileExists: regularFileAt,
      readFile: readText,
      // Only the options matter: listing the files a tsconfig includes would walk its whole tree.
      readDirectory: () => [],
      onUnRecoverableConfigFileDiagnostic: () => {},
    };
  }

  /**
   * The project file `specifier` names when imported from `fromFile`, or undefined (a package in node_modules, a
   * Node built-in, a declaration or JSON file, or nothing at all).
   */
  resolve(fromFile: string, specifier: string): string | undefined {
    return this.resolveRecorded(fromFile, specifier).file;
  }

  /** `resolve`, with the paths the answer depended on when the resolver records lookups (else none). */
  resolveRecorded(fromFile: string, specifier: string): Resolution {
    const consulted = this.recordLookups ? [] : undefined;
    const file = this.resolveInto(fromFile, specifier, consulted);
    return { file, consulted: consulted ?? NOTHING_CONSULTED };
  }

  private resolveInto(fromFile: string, specifier: string, consulted: string[] | undefined): string | undefined {
    if (isBuiltin(specifier)) return undefined;
    if (++this.lookups > MAX_CACHED_RESOLUTIONS) this.startAfresh();
    const folder = path.dirname(fromFile);
    const settings = this.settingsFor(folder);
    consulted?.push(...this.configSearchByFolder.get(folder)!, ...settings.configFiles);
    // Most bare specifiers name packages that are not installed, or installed where no workspace links them: only a
    // `paths`/`baseUrl` mapping or a folder in some node_modules above could make them a project file.
    if (isPackageSpecifier(specifier) && !mayBeMapped(settings.options, specifier, consulted) && !this.installedAbove(folder, packageName(specifier), consulted)) {
      return undefined;
    }
    const found = this.resolveWith(settings, fromFile, specifier, consulted);
    if (found.file !== undefined || found.external || settings === this.fallbackSettings()) return found.file;
    // Not found under the file's own options: Node may still find it at run time (package.json `imports` under
    // `moduleResolution: node10`, an extensionless import in an ES module project).
    return this.resolveWith(this.fallbackSettings(), fromFile, specifier, consulted).file;
  }

  /** Forgets every lookup (for an editor's process, after files changed on disk). */
  startAfresh(): void {
    this.lookups = 0;
    for (const settings of this.settingsByConfig.values()) settings.cache.clear();
    this.fallback?.cache.clear();
    this.settingsByFolder.clear();
    this.configSearchByFolder.clear();
    this.installed.clear();
    this.filesSeen.clear();
    this.foldersSeen.clear();
  }

  private resolveWith(settings: ResolutionSettings, fromFile: string, specifier: string, consulted: string[] | undefined): { file?: string; external?: boolean } {
    const nodeModes = usesNodeModes(settings.options);
    // The importing file's format comes from the nearest package.json's `type`.
    if (nodeModes && consulted) consulted.push(...packageScopeSearch(path.dirname(fromFile)));
    // Under node16/nodenext the importing file's format decides the conditions; an import the other format would
    // resolve is still code the process loads (a `require` in an ES module file, say), so both are tried.
    const first = nodeModes ? ts.getImpliedNodeFormatForFile(fromFile, settings.cache.getPackageJsonInfoCache(), this.host, settings.options) : undefined;
    const modes: (ts.ResolutionMode | undefined)[] = nodeModes
      ? [first ?? ts.ModuleKind.CommonJS, first === ts.ModuleKind.ESNext ? ts.ModuleKind.CommonJS : ts.ModuleKind.ESNext]
      : [undefined];
    for (const mode of modes) {
      let resolved: ts.ResolvedModuleFull | undefined;
      try {
        const answer = ts.resolveModuleName(specifier, fromFile, settings.options, this.host, settings.cache, undefined, mode);
        resolved = answer.resolvedModule;
        if (consulted) {
          const { failedLookupLocations = [], affectingLocations = [] } = answer as { failedLookupLocations?: string[]; affectingLocations?: string[] };
          consulted.push(...failedLookupLocations, ...affectingLocations);
          // Through a symlink (a workspace package), the link's path was looked up too.
          const originalPath = (resolved as { originalPath?: string } | undefined)?.originalPath;
          if (resolved) consulted.push(resolved.resolvedFileName, ...(originalPath ? [originalPath] : []));
        }
      } catch {
        // The compiler asserts on inputs it never meets in a program (a specifier with a NUL, say): not resolvable.
        resolved = undefined;
      }
      if (!resolved) continue;
      const file = path.normalize(resolved.resolvedFileName);
      if (file.split(path.sep).includes("node_modules")) return { external: true };
      if (!SOURCE_EXTENSIONS.has(path.extname(file)) || /\.d\.[cm]?ts$/.test(file)) return { external: true };
      return { file };
    }
    return {};
  }

  /**
   * Whether `node_modules/<name>` exists in the folder or one above it (one stat per folder and name); the paths
   * looked at, up to the one found, go to `consulted`.
   */
  private installedAbove(folder: string, name: string, consulted: string[] | undefined): boolean {
    if (consulted) {
      for (let dir = folder; ; dir = path.dirname(dir)) {
        if (path.basename(dir) !== "node_modules") {
          const candidate = path.join(dir, "node_modules", name);
          consulted.push(candidate);
          if (this.installedHere(dir, name)) break;
        }
        if (path.dirname(dir) === dir) break;
      }
    }
    return this.installedFrom(folder, name);
  }

  private installedFrom(folder: string, name: string): boolean {
    const key = `${folder}\0${name}`;
    const known = this.installed.get(key);
    if (known !== undefined) return known;
    const parent = path.dirname(folder);
    const found = this.installedHere(folder, name) || (parent !== folder && this.installedFrom(parent, name));
    this.installed.set(key, found);
    return found;
  }

  private installedHere(folder: string, name: string): boolean {
    return path.basename(folder) !== "node_modules" && fs.existsSync(path.join(folder, "node_modules", name));
  }

  private fallbackSettings(): ResolutionSettings {
    this.fallback ??= this.newSettings(undefined, [], FALLBACK_OPTIONS);
    return this.fallback;
  }

  /**
   * The settings of the nearest tsconfig.json (or jsconfig.json) at or above the folder; the config paths looked
   * for on the way are kept per folder (`configSearchByFolder`).
   */
  private settingsFor(folder: string): ResolutionSettings {
    const known = this.settingsByFolder.get(folder);
    if (known) return known;
    const visited: string[] = [];
    /** Where each visited folder's candidates start in `searched`. */
    const starts: number[] = [];
    const searched: string[] = [];
    let settings: ResolutionSettings | undefined;
    let rest: readonly string[] = [];
    for (let dir = folder; ; ) {
      const cached = this.settingsByFolder.get(dir);
      if (cached) {
        settings = cached;
        rest = this.configSearchByFolder.get(dir)!;
        break;
      }
      visited.push(dir);
      starts.push(searched.length);
      // A folder inside node_modules is never linted; past one, the project's own config is above it anyway.
      const candidates = path.basename(dir) === "node_modules" ? [] : CONFIG_NAMES.map((name) => path.join(dir, name));
      const configFile = candidates.find(regularFileAt);
      searched.push(...candidates.slice(0, configFile ? candidates.indexOf(configFile) : candidates.length));
      if (configFile) {
        settings = this.settingsOfConfig(configFile);
        break;
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    settings ??= this.fallbackSettings();
    // Each visited folder's search is its own candidates and those of the folders above it.
    visited.forEach((dir, index) => {
      this.settingsByFolder.set(dir, settings);
      this.configSearchByFolder.set(dir, [...searched.slice(starts[index]), ...rest]);
    });
    return settings;
  }

  private settingsOfConfig(configFile: string): ResolutionSettings {
    const known = this.settingsByConfig.get(configFile);
    if (known) return known;
    let options: ts.CompilerOptions = FALLBACK_OPTIONS;
    let configFiles = [configFile];
    this.configFilesRead.add(configFile);
    try {
      const problems: ts.Diagnostic[] = [];
      const parsed = ts.getParsedCommandLineOfConfigFile(
        configFile,
        {},
        { ...this.configHost, onUnRecoverableConfigFileDiagnostic: (diagnostic) => problems.push(diagnostic) },
        this.extendedConfigs,
      );
      // Syntax errors and invalid options in the file itself are worth a warning; a missing `extends` package is
      // not: most checkouts are linted before `npm install`.
      const invalid =
        ts.readConfigFile(configFile, readText).error ??
        problems[0] ??
        parsed?.errors.find((error) => error.file?.fileName === configFile && error.code >= 5000 && error.code < 6000);
      if (invalid) this.report(configFile, `tsconfig could not be read: ${ts.flattenDiagnosticMessageText(invalid.messageText, " ")}; its imports are resolved with default options`);
      if (parsed && !problems.length) options = { ...parsed.options, ...RESOLUTION_OVERRIDES };
      // The files it `extends`, as the compiler records them for its own watch mode.
      const extended = (parsed?.options.configFile as { extendedSourceFiles?: string[] } | undefined)?.extendedSourceFiles ?? [];
      configFiles = [configFile, ...extended];
    } catch (error) {
      this.report(configFile, `tsconfig could not be read: ${(error as Error).message}; its imports are resolved with default options`);
    }
    const settings = this.newSettings(configFile, configFiles, options);
    this.settingsByConfig.set(configFile, settings);
    return settings;
  }

  private newSettings(configFile: string | undefined, configFiles: readonly string[], options: ts.CompilerOptions): ResolutionSettings {
    const shared = this.fallback?.cache.getPackageJsonInfoCache();
    const cache = ts.createModuleResolutionCache(this.cwd, (name) => name, options, shared);
    return { configFile, configFiles, options, cache };
  }

  /** package.json as the compiler reads it (its own reader tolerates comments); a broken one is reported once. */
  private readManifest(filePath: string): string | undefined {
    const text = readText(filePath);
    if (text !== undefined) this.configFilesRead.add(filePath);
    if (text !== undefined && path.basename(filePath) === "package.json") {
      try {
        JSON.parse(text);
      } catch (error) {
        this.report(filePath, `package.json is not valid JSON (${(error as Error).message}); read leniently for module resolution`);
      }
    }
    return text;
  }

  private report(filePath: string, message: string): void {
    if (this.reported.has(filePath)) return;
    this.reported.add(filePath);
    this.problems.push({ path: filePath, message });
  }
}
