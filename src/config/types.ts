import type { SnapshotKind } from "../deployment/model.js";

export type Level = "off" | "warn" | "error";
/** How the process is snapshotted: a raw memory snapshot (Lambda SnapStart, Firecracker) or a Node.js startup snapshot. */
export type Target = "lambda" | "node-snapshot";
export const TARGETS: readonly Target[] = ["lambda", "node-snapshot"];

/** A level as written in a config: a name, or ESLint's numbers (0 off, 1 warn, 2 error). */
export type LevelSetting = Level | 0 | 1 | 2;
export type RuleSetting = LevelSetting | [LevelSetting] | [LevelSetting, Record<string, unknown>];

/** Kinds of code that no snapshot ever runs, left out of runs without a deployment descriptor unless included. */
export const NEVER_SNAPSHOTTED_KINDS = ["tests", "browser", "infrastructure", "buildOutput", "scripts", "edge"] as const;
export type NeverSnapshottedKind = (typeof NEVER_SNAPSHOTTED_KINDS)[number];

export interface OverrideBlock {
  files: string[];
  rules?: Record<string, RuleSetting>;
  target?: Target;
  restoreHooks?: string[];
}

/** What a user writes in `.snapcheckrc*`, `snapcheck.config.*` or `package.json#snapcheck`. */
export interface ConfigFile {
  rules?: Record<string, RuleSetting>;
  ignorePatterns?: string[];
  overrides?: OverrideBlock[];
  target?: Target;
  restoreHooks?: string[];
  connections?: Record<string, unknown>;
  /** `true` lints a kind of never-snapshotted code (tests, browser code, …) that is otherwise left out. */
  include?: Partial<Record<NeverSnapshottedKind, boolean>>;
  /** The JSON Schema an editor validates the file with; not a setting. */
  $schema?: string;
  /** Lint every file, as though no deployment descriptor existed (the config at the cwd decides; `--all-files`). */
  allFiles?: boolean;
  /** Functions declared by hand, for platforms snapcheck does not read or to correct what it read; entries relative to the config file. */
  functions?: DeclaredFunction[];
}

export interface DeclaredFunction {
  name?: string;
  entry: string;
  handler?: string;
  runtime?: string;
  snapshot: SnapshotKind;
}

export interface RuleConfig {
  severity: 0 | 1 | 2;
  options: Record<string, unknown>;
}

/** The configuration in force for one file, after defaults, config file, overrides and CLI flags. */
export interface ResolvedConfig {
  rules: Record<string, RuleConfig>;
  target: Target;
  restoreHooks: string[];
  connections: Record<string, unknown>;
}

export const LEVEL_SEVERITY: Record<Level, 0 | 1 | 2> = { off: 0, warn: 1, error: 2 };
