import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { CosmiconfigResult, Loader, Options } from "cosmiconfig";
import type { RuleInfo } from "../engine/rule.js";
import { UsageError, errorMessage } from "../errors.js";
import { isInside } from "../discovery/find-files.js";
import { decodeUtf16 } from "../text-decoding.js";
import { parseJsonc } from "./json.js";
import { validateConfig } from "./schema.js";
import type { ConfigFile } from "./types.js";

/** Where a config is looked for in each folder, first match wins (cosmiconfig's order, without TypeScript configs). */
export const CONFIG_FILE_NAMES = [
  "package.json",
  ".snapcheckrc",
  ".snapcheckrc.json",
  ".snapcheckrc.yaml",
  ".snapcheckrc.yml",
  ".snapcheckrc.js",
  ".snapcheckrc.cjs",
  ".snapcheckrc.mjs",
  "snapcheck.config.js",
  "snapcheck.config.cjs",
  "snapcheck.config.mjs",
] as const;

/** How long a JS config may take to load (its top-level code and the promise it exports) before the run stops. */
export const JS_CONFIG_TIME_LIMIT_MS = 10_000;

/** A validated config file and the folder its relative globs are resolved against. */
export interface LoadedConfig {
  filePath: string;
  dir: string;
  config: ConfigFile;
}

export interface ConfigFinderOptions {
  cwd: string;
  rules: ReadonlyMap<string, RuleInfo>;
  /** Defaults to JS_CONFIG_TIME_LIMIT_MS. */
  jsTimeLimitMs?: number;
}

/** What snapcheck needs of cosmiconfig's `Explorer` (src/Explorer.ts), built directly: see createExplorer. */
interface Explorer {
  search(from: string): Promise<CosmiconfigResult>;
  load(filePath: string): Promise<CosmiconfigResult>;
}
interface SearchDir {
  path: string;
  isGlobalConfig: boolean;
}
type ExplorerClass = new (options: Options & { moduleName: string; metaConfigFilePath: null }) => Explorer & {
  getGlobalDirs(startDir: string): Generator<SearchDir>;
  getSearchPlacesForDir(dir: SearchDir, globalConfigPlaces: string[]): string[];
};

/**
 * Finds the config that governs a folder with cosmiconfig: the nearest config file from the folder up to the
 * working directory, never above it. A file outside the working directory gets the working directory's config, so
 * no config outside the project is ever read or executed. cosmiconfig caches each folder's search and each file's
 * load for the run; what it returns is validated once per file, in its `transform` step.
 */
export class ConfigFinder {
  private explorer: Explorer | undefined;
  private readonly cwd: string;

  constructor(private readonly options: ConfigFinderOptions) {
    this.cwd = path.resolve(options.cwd);
  }

  /** The config for files directly inside `dir` (absolute), or null when no config file applies. */
  async findFor(dir: string): Promise<LoadedConfig | null> {
    const start = isInside(dir, this.cwd) ? dir : this.cwd;
    const result = await this.getExplorer().search(start);
    return (result?.config as LoadedConfig | undefined) ?? null;
  }

  /** Loads the file named by `--config`; an empty file or a package.json without the key is an empty config. */
  async loadExplicit(filePath: string): Promise<LoadedConfig> {
    if (!fs.existsSync(filePath)) throw new UsageError(`cannot read config file ${this.label(filePath)}: no such file`);
    const result = await this.getExplorer().load(filePath);
    return (result?.config as LoadedConfig | undefined) ?? { filePath, dir: path.dirname(filePath), config: {} };
  }

  /** How a path is shown in messages: relative to the cwd when inside it. */
  label(filePath: string): string {
    return displayPath(this.cwd, filePath);
  }

  private getExplorer(): Explorer {
    return (this.explorer ??= createExplorer(this.cwd, this.loaders(), async (result) => {
      if (!result) return null;
      const config = result.isEmpty ? {} : await validateConfig(result.config, this.label(result.filepath), this.options.rules);
      const loaded: LoadedConfig = { filePath: result.filepath, dir: path.dirname(result.filepath), config };
      return { filepath: result.filepath, config: loaded };
    }));
  }

  private loaders(): Record<string, Loader> {
    const label = this.label.bind(this);
    const timeLimit = this.options.jsTimeLimitMs ?? JS_CONFIG_TIME_LIMIT_MS;
    const loadJson = (filePath: string, content: string) => {
      const text = decodeConfigText(filePath, content);
      const outcome = parseJsonc(text);
      if (outcome.ok) return configValue(filePath, outcome.value, label);
      // A broken package.json without a snapcheck config in it belongs to other tools: it is not a config problem.
      if (path.basename(filePath) === "package.json" && !/"snapcheck"\s*:\s*\{/.test(text)) return NO_PACKAGE_CONFIG;
      throw new UsageError(`${label(filePath)}:${outcome.line}:${outcome.column}: invalid JSON: ${outcome.reason}`);
    };
    const loadYaml = async (filePath: string, content: string) => {
      const text = decodeConfigText(filePath, content);
      const { defaultLoaders } = await import("cosmiconfig");
      try {
        return configValue(filePath, await defaultLoaders[".yaml"]!(filePath, text), label);
      } catch (error) {
        if (error instanceof UsageError) throw error;
        const { mark, reason } = error as { mark?: { line: number; column: number }; reason?: string };
        const where = mark ? `:${mark.line + 1}:${mark.column + 1}` : "";
        throw new UsageError(`${label(filePath)}${where}: invalid YAML: ${reason ?? oneLine(errorMessage(error))}`);
      }
    };
    // `.snapcheckrc` is YAML or, when it starts with a brace, JSON with comments (as ESLint read `.eslintrc`).
    const loadRc = (filePath: string, content: string) =>
      decodeConfigText(filePath, content).trimStart().startsWith("{") ? loadJson(filePath, content) : loadYaml(filePath, content);
    const loadJs = async (filePath: string) => configValue(filePath, await importConfig(filePath, label, timeLimit), label);
    return { ".json": loadJson, noExt: loadRc, ".yaml": loadYaml, ".yml": loadYaml, ".js": loadJs, ".cjs": loadJs, ".mjs": loadJs };
  }
}

export function displayPath(cwd: string, filePath: string): string {
  const relative = path.relative(cwd, filePath);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : filePath;
}

/**
 * cosmiconfig's `Explorer`, built directly rather than through `cosmiconfig()`: that factory first runs a "meta
 * config" search in `process.cwd()` (a `cosmiconfig` key in package.json, `.config/config.*`, executing a JS one),
 * which can change the search places and the stop folder, and throws on a broken package.json before any config
 * is looked for. The subclass leaves out the global config folder (`~/.config/snapcheck`) that cosmiconfig's
 * `global` strategy visits after the stop folder: a run depends only on files in the project.
 */
function createExplorer(cwd: string, loaders: Record<string, Loader>, transform: Options["transform"]): Explorer {
  const require = createRequire(import.meta.url);
  const { Explorer: CosmiconfigExplorer } = require("cosmiconfig/dist/Explorer.js") as { Explorer: ExplorerClass };
  class ProjectExplorer extends CosmiconfigExplorer {
    override *getGlobalDirs(startDir: string): Generator<SearchDir> {
      for (const dir of super.getGlobalDirs(startDir)) if (!dir.isGlobalConfig) yield dir;
    }

    // cosmiconfig tries to read every search place of a folder; one listing says which exist, which is what makes
    // a search over thousands of folders cheap.
    override getSearchPlacesForDir(dir: SearchDir, globalConfigPlaces: string[]): string[] {
      const names = fileNames(dir.path);
      return super.getSearchPlacesForDir(dir, globalConfigPlaces).filter((place) => names.has(path.basename(place)));
    }
  }
  return new ProjectExplorer({
    moduleName: "snapcheck",
    searchPlaces: [...CONFIG_FILE_NAMES],
    searchStrategy: "global",
    stopDir: cwd,
    ignoreEmptySearchPlaces: true,
    cache: true,
    mergeImportArrays: true,
    mergeSearchPlaces: false,
    metaConfigFilePath: null,
    transform,
    loaders: guardImports(cwd, loaders),
  });
}

/**
 * cosmiconfig merges the files a config names in `$import`; one outside the working directory is refused, so an
 * import cannot reach a JS file planted elsewhere. A `--config` file outside the cwd may import beside itself.
 */
function guardImports(cwd: string, loaders: Record<string, Loader>): Record<string, Loader> {
  const guarded: Record<string, Loader> = {};
  for (const [extension, load] of Object.entries(loaders)) {
    guarded[extension] = async (filePath, content) => {
      const value: unknown = await load(filePath, content);
      const config = path.basename(filePath) === "package.json" && isRecord(value) ? value.snapcheck : value;
      const imports = isRecord(config) && Object.hasOwn(config, "$import") ? [config.$import].flat() : [];
      for (const specifier of imports) {
        if (typeof specifier !== "string") throw new UsageError(`${displayPath(cwd, filePath)}: $import: expected a path or an array of paths`);
        const target = path.resolve(path.dirname(filePath), specifier);
        if (!isInside(target, cwd) && !isInside(target, path.dirname(filePath))) {
          throw new UsageError(`${displayPath(cwd, filePath)}: $import: ${specifier} is outside the project; configs are only read inside it`);
        }
      }
      return value;
    };
  }
  return guarded;
}

/**
 * Imports a JS config within a time limit and returns its default export as plain data. The copy runs its getters
 * here, so one that throws is reported as a config problem rather than failing later inside validation.
 */
async function importConfig(filePath: string, label: (filePath: string) => string, timeLimitMs: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    // Not unref'd: a config whose promise never settles leaves nothing else to keep the process alive.
    timer = setTimeout(
      () => reject(new UsageError(`${label(filePath)}: the config did not finish loading within ${timeLimitMs / 1000} s`)),
      timeLimitMs,
    );
  });
  // Imports directly: cosmiconfig's loader retries a failing ESM config through require, running it twice.
  const load = async () => {
    let exported: { default?: unknown };
    try {
      // Node keeps a module per URL (and a CommonJS one per path): a config edited while a server runs is imported
      // again under a new URL, with the CommonJS cache entry dropped.
      const { mtimeMs, size } = fs.statSync(filePath);
      delete createRequire(import.meta.url).cache[filePath];
      exported = (await import(`${pathToFileURL(filePath).href}?version=${mtimeMs}-${size}`)) as { default?: unknown };
    } catch (error) {
      throw new UsageError(`${label(filePath)}: the config threw while loading: ${oneLine(errorMessage(error))}`);
    }
    if (!("default" in exported)) {
      throw new UsageError(`${label(filePath)}: expected the config as the default export (export default { ... })`);
    }
    let value: unknown;
    try {
      value = await exported.default;
    } catch (error) {
      throw new UsageError(`${label(filePath)}: the config's exported promise was rejected: ${oneLine(errorMessage(error))}`);
    }
    try {
      return structuredClone(value);
    } catch (error) {
      const reason = error instanceof DOMException && error.name === "DataCloneError" ? "it holds a value that is not data (a function or a class instance)" : `reading it threw: ${oneLine(errorMessage(error))}`;
      throw new UsageError(`${label(filePath)}: the config cannot be used: ${reason}`);
    }
  };
  try {
    return await Promise.race([load(), limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** What a package.json loader returns for "no config here": cosmiconfig reads the key from it, so not `null`. */
const NO_PACKAGE_CONFIG = {};

/**
 * cosmiconfig takes a loader's `null` for "no config here" and searches on; a config file that holds `null` is a
 * mistake to report. In a package.json the value is read under the `snapcheck` key, as cosmiconfig would.
 */
function configValue(filePath: string, value: unknown, label: (filePath: string) => string): unknown {
  if (path.basename(filePath) === "package.json") {
    if (!isRecord(value) || !Object.hasOwn(value, "snapcheck")) return NO_PACKAGE_CONFIG;
    if (value.snapcheck === null) throw new UsageError(`${label(filePath)}: snapcheck: expected an object of settings, got null`);
    return value;
  }
  if (value === null) throw new UsageError(`${label(filePath)}: expected an object of settings, got null`);
  return value;
}

/**
 * cosmiconfig reads config files as UTF-8; a file with a UTF-16 byte order mark (as Windows editors save) is read
 * again and decoded as UTF-16, and a UTF-8 byte order mark is dropped.
 */
function decodeConfigText(filePath: string, content: string): string {
  if (content.startsWith("\uFFFD\uFFFD")) {
    const utf16 = decodeUtf16(fs.readFileSync(filePath));
    if (utf16 !== undefined) return utf16;
  }
  return content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
}

function fileNames(dir: string): Set<string> {
  try {
    return new Set(fs.readdirSync(dir, { withFileTypes: true }).filter((entry) => !entry.isDirectory()).map((entry) => entry.name));
  } catch {
    return new Set();
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}


function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
