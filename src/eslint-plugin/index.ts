import { allRules } from "../../rules/index.js";
import { readVersion } from "../package.js";
import { createPlugin } from "./plugin.js";

/**
 * `snapcheck/eslint-plugin`: every snapcheck rule as an ESLint rule, `snapcheck/<family>/<name>`, for flat config.
 * `import snapcheck from "snapcheck/eslint-plugin"; export default [snapcheck.configs.recommended];`
 */
const plugin = createPlugin(allRules, readVersion());

export default plugin;
export const { configs, meta, rules } = plugin;
export { createPlugin, PLUGIN_NAME, type SnapcheckPlugin } from "./plugin.js";
export { SETTINGS_KEYS, type PluginSettings } from "./settings.js";
