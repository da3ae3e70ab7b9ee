import path from "node:path";
import type { RuleInfo } from "../engine/rule.js";
import { UsageError } from "../errors.js";
import { compileGlob, GlobError } from "../discovery/glob.js";
import { ConfigFinder, displayPath, type LoadedConfig } from "./load.js";
import { LEVELS } from "./schema.js";
import { LEVEL_SEVERITY, TARGETS, type ConfigFile, type Level, type Target, type ResolvedConfig, type RuleConfig, type RuleSetting } from "./types.js";

/** One `--rule id:level` flag. */
export interface RuleFlag {
  id: string;
  level: Level;
}

/** Settings given on the command line; they win over every config file. */
export interface CliSettings {
  ruleFlags?: readonly RuleFlag[];
  target?: Target;
}

export interface ConfigResolverOptions extends CliSettings {
  cwd: string;
  rules: ReadonlyMap<string, RuleInfo>;
  /** `--config`: one config for every file, instead of searching. */
  configFile?: string;
}

/** Answers "which configuration applies to this file" for one run, caching per folder and per override set. */
export class ConfigResolver {
  private readonly finder: ConfigFinder;
  private explicit: Promise<LoadedConfig> | undefined;
  private readonly matchers = new WeakMap<LoadedConfig, ((relativePath: string) => boolean)[]>();
  private readonly resolved = new WeakMap<object, Map<string, ResolvedConfig>>();
  private readonly noConfig = {};

  constructor(private readonly options: ConfigResolverOptions) {
    this.finder = new ConfigFinder({ cwd: options.cwd, rules: options.rules });
  }

  /** The config file governing files directly inside `dir`. */
  sourceFor(dir: string): Promise<LoadedConfig | null> {
    const { configFile, cwd } = this.options;
    // Loaded on first use, so a failure surfaces where it is awaited rather than as an unhandled rejection.
    if (configFile) return (this.explicit ??= this.finder.loadExplicit(path.resolve(cwd, configFile)));
    return this.finder.findFor(dir);
  }

  async configFor(filePath: string): Promise<ResolvedConfig> {
    const loaded = await this.sourceFor(path.dirname(filePath));
    const matched = loaded ? this.matchingOverrides(loaded, filePath) : [];
    // Files with the same config file and the same matching overrides share one resolved config.
    const key = matched.join(",");
    let byOverrides = this.resolved.get(loaded ?? this.noConfig);
    if (!byOverrides) {
      byOverrides = new Map();
      this.resolved.set(loaded ?? this.noConfig, byOverrides);
    }
    let config = byOverrides.get(key);
    if (!config) {
      config = resolveConfig(loaded?.config ?? {}, matched, this.options);
      byOverrides.set(key, config);
    }
    return config;
  }

  private matchingOverrides(loaded: LoadedConfig, filePath: string): number[] {
    let matchers = this.matchers.get(loaded);
    if (!matchers) {
      matchers = (loaded.config.overrides ?? []).map((block, index) => overrideMatcher(block.files, `${displayPath(this.options.cwd, loaded.filePath)}: overrides[${index}].files`));
      this.matchers.set(loaded, matchers);
    }
    if (matchers.length === 0) return [];
    const relative = path.relative(loaded.dir, filePath).split(path.sep).join("/");
    const matched: number[] = [];
    matchers.forEach((matches, index) => {
      if (matches(relative)) matched.push(index);
    });
    return matched;
  }
}

/**
 * Globs are relative to the config file's folder; a glob without a slash matches the file name at any depth,
 * as in ESLint's `overrides`, so `*.test.ts` means every test file.
 */
function overrideMatcher(globs: readonly string[], where: string): (relativePath: string) => boolean {
  const matchers = globs.map((glob) => {
    const normalized = glob.replace(/^\.\//, "");
    let matches: (path: string) => boolean;
    try {
      matches = compileGlob(normalized, { dot: true });
    } catch (error) {
      if (!(error instanceof GlobError)) throw error;
      throw new UsageError(`${where}: glob ${JSON.stringify(glob.length > 60 ? `${glob.slice(0, 60)}…` : glob)}: ${error.message}`);
    }
    return normalized.includes("/") ? matches : (relativePath: string) => matches(path.posix.basename(relativePath));
  });
  return (relativePath) => matchers.some((matches) => matches(relativePath));
}

/** Defaults, then the config file, then the overrides that match (in order), then the command line. */
export function resolveConfig(
  file: ConfigFile,
  matchedOverrides: readonly number[],
  settings: CliSettings & { rules: ReadonlyMap<string, RuleInfo> },
): ResolvedConfig {
  const rules = defaultRuleConfigs(settings.rules);
  let target: Target = "lambda";
  let restoreHooks: string[] = [];
  const layers = [file, ...matchedOverrides.map((index) => file.overrides![index]!)];
  for (const layer of layers) {
    for (const [id, setting] of Object.entries(layer.rules ?? {})) rules[id] = applySetting(rules[id], setting);
    if (layer.target) target = layer.target;
    if (layer.restoreHooks) restoreHooks = [...new Set([...restoreHooks, ...layer.restoreHooks])];
  }
  for (const { id, level } of settings.ruleFlags ?? []) rules[id] = applySetting(rules[id], level);
  if (settings.target) target = settings.target;
  return { rules, target, restoreHooks, connections: file.connections ?? {} };
}

export function defaultRuleConfigs(rules: ReadonlyMap<string, RuleInfo>): Record<string, RuleConfig> {
  const configs: Record<string, RuleConfig> = {};
  for (const [id, rule] of rules) configs[id] = { severity: LEVEL_SEVERITY[rule.meta.defaultLevel], options: {} };
  return configs;
}

/** `[level]` changes only the severity and keeps the options set earlier, as in ESLint. */
function applySetting(current: RuleConfig | undefined, setting: RuleSetting): RuleConfig {
  const [level, options] = Array.isArray(setting) ? setting : [setting, undefined];
  return { severity: typeof level === "number" ? level : LEVEL_SEVERITY[level], options: options ?? current?.options ?? {} };
}

/** Parses `--rule uniqueness/init-random:warn`. */
export function parseRuleFlag(text: string, rules: ReadonlyMap<string, RuleInfo>): RuleFlag {
  const flag = `--rule ${JSON.stringify(text)}`;
  const colon = text.lastIndexOf(":");
  if (colon <= 0) throw new UsageError(`${flag}: expected <rule-id>:<level>, e.g. uniqueness/init-random:warn`);
  const id = text.slice(0, colon).trim();
  const level = text.slice(colon + 1).trim();
  if (!rules.has(id)) {
    throw new UsageError(`${flag}: unknown rule "${id}"; known rules: ${[...rules.keys()].sort().join(", ")}`);
  }
  if (!isLevel(level)) throw new UsageError(`${flag}: invalid level "${level}"; allowed levels: ${LEVELS.join(", ")}`);
  return { id, level };
}

export function isLevel(text: string): text is Level {
  return (LEVELS as readonly string[]).includes(text);
}

export function parseTarget(text: string): Target {
  const target = TARGETS.find((name) => name === text);
  if (!target) throw new UsageError(`--target "${text}": allowed targets: ${TARGETS.join(", ")}`);
  return target;
}
