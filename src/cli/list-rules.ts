import type { Rule } from "../engine/rule.js";

/** `--list-rules`: one row per rule, columns aligned for a terminal. */
export function formatRuleTable(rules: readonly Rule[]): string {
  const rows = [
    ["Rule", "Default", "Fixable", "Description"],
    ...rules.map(({ meta }) => [meta.id, meta.defaultLevel, meta.fixable ? "yes" : "no", meta.description]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  const aligned = rows.map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join("  "));
  return `${aligned.join("\n")}\n`;
}

/** `--list-rules --format json`: every rule's metadata, for tools. */
export function formatRuleJson(rules: readonly Rule[]): string {
  const described = rules.map(({ meta }) => ({
    id: meta.id,
    family: meta.family,
    defaultLevel: meta.defaultLevel,
    fixable: meta.fixable === true,
    description: meta.description,
    ...(meta.docsUrl ? { docsUrl: meta.docsUrl } : {}),
  }));
  return `${JSON.stringify(described, null, 2)}\n`;
}
