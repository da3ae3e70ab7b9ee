import fs from "node:fs";
import path from "node:path";
import { Chalk } from "chalk";
import type { Rule } from "../engine/rule.js";
import { UsageError } from "../errors.js";
import { visibleWidth } from "../formatters/terminal.js";
import type { CliIo } from "./io.js";
import { parseSubcommand, subcommand } from "./subcommand.js";
import { shouldColor } from "./terminal.js";
import { readRuleDoc } from "../package.js";

/** `snapcheck explain <rule-id>`: prints the rule's page from docs/rules, rendered for a terminal. */
export async function explain(args: readonly string[], io: CliIo): Promise<number> {
  let ruleId: string | undefined;
  const command = subcommand("explain", io)
    .description("Print a rule's documentation.")
    .argument("<rule-id>", "e.g. uniqueness/entropy-pool")
    .option("--color", "force coloured output")
    .option("--no-color", "disable coloured output")
    .action((id: string) => {
      ruleId = id;
    });
  const exitCode = parseSubcommand(command, args);
  if (exitCode !== undefined) return exitCode;
  if (ruleId === undefined) return 0;
  const { rulesById } = await import("../../rules/index.js");
  const rule = rulesById.get(ruleId);
  if (!rule) {
    const closest = closestId(ruleId, [...rulesById.keys()]);
    throw new UsageError(`unknown rule "${ruleId}"${closest ? `; did you mean ${closest}?` : ""}`);
  }
  const color = shouldColor(command.opts<{ color?: boolean }>().color, io, false);
  io.writeOut(renderMarkdown(readRulePage(rule), color));
  return 0;
}

/** The rule's docs page; a page missing from the package falls back to the rule's description and link. */
function readRulePage(rule: Rule): string {
  const link = rule.meta.docsUrl ? `\nDocumentation: ${rule.meta.docsUrl}\n` : "";
  return readRuleDoc(rule.meta.id) ?? `# ${rule.meta.id}\n\n${rule.meta.description}\n${link}`;
}

/**
 * Just enough Markdown for a terminal: headings bold (underlined with `=`/`-` without colour), fenced code indented
 * by four spaces, `**bold**` and `` `code` `` styled when coloured. Tables and lists already read well as text.
 */
export function renderMarkdown(markdown: string, color: boolean): string {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  const inline = (text: string) =>
    color
      ? text.replace(/\*\*(.+?)\*\*/g, (_, bold: string) => chalk.bold(bold)).replace(/`([^`]+)`/g, (_, code: string) => chalk.cyan(code))
      : text.replace(/\*\*(.+?)\*\*/g, "$1");
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split(/\r?\n/)) {
    const fenceMark = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fenceMark && (fence === undefined || fenceMark.startsWith(fence))) {
      fence = fence === undefined ? fenceMark : undefined;
      continue;
    }
    if (fence !== undefined) {
      lines.push(line ? `    ${line}` : "");
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) {
      lines.push(inline(line));
      continue;
    }
    const text = inline(heading[2]!);
    if (color) lines.push(chalk.bold(text));
    else {
      lines.push(text);
      if (heading[1]!.length <= 2) lines.push((heading[1]!.length === 1 ? "=" : "-").repeat(visibleWidth(text)));
    }
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/** The known id nearest to what was typed, by edit distance to the whole id or to its name after the family. */
export function closestId(typed: string, ids: readonly string[]): string | undefined {
  let best: { id: string; distance: number } | undefined;
  for (const id of ids) {
    const name = id.slice(id.indexOf("/") + 1);
    const distance = Math.min(editDistance(typed, id), editDistance(typed, name));
    if (!best || distance < best.distance) best = { id, distance };
  }
  return best?.id;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
