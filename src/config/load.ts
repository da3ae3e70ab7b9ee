import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { PublicExplorer } from "cosmiconfig";
import type { Rule } from "../engine/rule.js";
import { UsageError, errorMessage } from "../errors.js";
import { parseJson } from "./json.js";
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

/** A validated config file and the folder its relative globs are resolved against. */
export interface LoadedConfig {
  filePath: string;
  dir: string;
  config: ConfigFile;
}

export interface ConfigFinderOptions {
  cwd: string;
  rules: ReadonlyMap<string, Rule>;
}

/**
 * Finds the config that governs a folder: the nearest config file from the folder up to the project root, which
 * is the cwd or the nearest folder holding package.json or .git. Searches are cached per folder for the run.
 */
export class ConfigFinder {
  private readonly byDir = new Map<string, Promise<LoadedConfig | null>>();
  private readonly byFile = new Map<string, Promise<LoadedConfig | null>>();
  private explorer: Promise<PublicExplorer> | undefined;

  constructor(private readonly options: ConfigFinderOptions) {}

  /** The config for files directly inside `dir` (absolute), or null when no config file applies. */
  findFor(dir: string): Promise<LoadedConfig | null> {
    let found = this.byDir.get(dir);
    if (!found) {
      found = this.search(dir);
      this.byDir.set(dir, found);
    }
    return found;
  }

  /** Loads the file named by `--config`; an empty file or a package.json without the key is an empty config. */
  async loadExplicit(filePath: string): Promise<LoadedConfig> {
    if (!fs.existsSync(filePath)) throw new UsageError(`cannot read config file ${this.label(filePath)}: no such file`);
    const loaded = await this.load(filePath);
    return loaded ?? { filePath, dir: path.dirname(filePath), config: {} };
  }

  private async search(dir: string): Promise<LoadedConfig | null> {
    const entries = listFiles(dir);
    for (const name of CONFIG_FILE_NAMES) {
      if (!entries.files.has(name)) continue;
      const loaded = await this.load(path.join(dir, name));
      if (loaded) return loaded;
    }
    const parent = path.dirname(dir);
    const atProjectRoot = dir === this.options.cwd || entries.files.has("package.json") || entries.hasGit;
    return atProjectRoot || parent === dir ? null : this.findFor(parent);
  }

  /** Null when the file holds no config (empty, or package.json without a `snapcheck` key). */
  private load(filePath: string): Promise<LoadedConfig | null> {
    let loaded = this.byFile.get(filePath);
    if (!loaded) {
      loaded = this.loadUncached(filePath);
      this.byFile.set(filePath, loaded);
    }
    return loaded;
  }

  private async loadUncached(filePath: string): Promise<LoadedConfig | null> {
    const explorer = await (this.explorer ??= createExplorer(this.label.bind(this)));
    let result;
    try {
      result = await explorer.load(filePath);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`${this.label(filePath)}: cannot load: ${oneLine(errorMessage(error))}`);
    }
    if (!result || result.isEmpty) return null;
    const config = await validateConfig(result.config, this.label(filePath), this.options.rules);
    return { filePath, dir: path.dirname(filePath), config };
  }

  /** How a path is shown in messages: relative to the cwd when inside it. */
  label(filePath: string): string {
    return displayPath(this.options.cwd, filePath);
  }
}

export function displayPath(cwd: string, filePath: string): string {
  const relative = path.relative(cwd, filePath);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : filePath;
}

function listFiles(dir: string): { files: Set<string>; hasGit: boolean } {
  const files = new Set<string>();
  let hasGit = false;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return { files, hasGit };
  }
  for (const entry of entries) {
    if (entry.name === ".git") hasGit = true;
    else if (entry.isFile() || entry.isSymbolicLink()) files.add(entry.name);
  }
  return { files, hasGit };
}

async function createExplorer(label: (filePath: string) => string): Promise<PublicExplorer> {
  const { cosmiconfig, defaultLoaders } = await import("cosmiconfig");
  const loadJson = (filePath: string, content: string) => {
    const outcome = parseJson(stripBom(content));
    if (outcome.ok) return outcome.value;
    throw new UsageError(`${label(filePath)}:${outcome.line}:${outcome.column}: invalid JSON: ${outcome.reason}`);
  };
  const loadYaml = (filePath: string, content: string) => {
    try {
      return defaultLoaders[".yaml"]!(filePath, stripBom(content));
    } catch (error) {
      const { mark, reason } = error as { mark?: { line: number; column: number }; reason?: string };
      const where = mark ? `:${mark.line + 1}:${mark.column + 1}` : "";
      throw new UsageError(`${label(filePath)}${where}: invalid YAML: ${reason ?? oneLine(errorMessage(error))}`);
    }
  };
  // Imports directly: cosmiconfig's loader retries a failing ESM config through require, running it twice.
  const loadJs = async (filePath: string) => {
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
    return exported.default;
  };
  return cosmiconfig("snapcheck", {
    searchStrategy: "none",
    cache: false,
    loaders: {
      ".json": loadJson,
      noExt: loadYaml,
      ".yaml": loadYaml,
      ".yml": loadYaml,
      ".js": loadJs,
      ".cjs": loadJs,
      ".mjs": loadJs,
    },
  });
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
