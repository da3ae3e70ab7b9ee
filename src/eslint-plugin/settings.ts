import { TARGETS, type Target } from "../config/types.js";

/** What the plugin reads from ESLint's `settings.snapcheck`: the parts of a snapcheck config that are not rule levels. */
export interface PluginSettings {
  target: Target;
  restoreHooks: string[];
  connections: Record<string, unknown>;
}

export const SETTINGS_KEYS = ["target", "restoreHooks", "connections"] as const;

const DEFAULTS: PluginSettings = { target: "lambda", restoreHooks: [], connections: {} };

/**
 * Reads and checks `settings.snapcheck`. A mistake throws one error listing every problem: ESLint shows it as
 * "Error while loading rule", which is where a user looks for a broken config.
 */
export function readSettings(settings: Readonly<Record<string, unknown>> | undefined): PluginSettings {
  const raw = settings?.["snapcheck"];
  if (raw === undefined) return DEFAULTS;
  if (!isPlainObject(raw)) throw settingsError([`expected an object, got ${describe(raw)}`]);
  const problems: string[] = [];
  for (const key of Object.keys(raw)) {
    if (!(SETTINGS_KEYS as readonly string[]).includes(key)) {
      problems.push(`${key}: unknown key; allowed keys: ${SETTINGS_KEYS.join(", ")}`);
    }
  }
  const { target = DEFAULTS.target, restoreHooks = DEFAULTS.restoreHooks, connections = DEFAULTS.connections } = raw;
  if (!TARGETS.includes(target as Target)) {
    problems.push(`target: invalid target ${describe(target)}; allowed targets: ${TARGETS.map((t) => `"${t}"`).join(", ")}`);
  }
  if (!Array.isArray(restoreHooks) || !restoreHooks.every((hook) => typeof hook === "string")) {
    problems.push(`restoreHooks: expected an array of function names, got ${describe(restoreHooks)}`);
  }
  if (!isPlainObject(connections) || !Object.values(connections).every(isPlainObject)) {
    problems.push(`connections: expected an object mapping module names to objects, got ${describe(connections)}`);
  }
  if (problems.length > 0) throw settingsError(problems);
  return {
    target: target as Target,
    restoreHooks: restoreHooks as string[],
    // Passed on as the same object, so the connections rules build their client table once per config.
    connections: connections as Record<string, unknown>,
  };
}

function settingsError(problems: readonly string[]): Error {
  return new Error(problems.map((problem) => `settings.snapcheck: ${problem}`).join("\n"));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
