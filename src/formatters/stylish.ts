import { Chalk } from "chalk";
import { relativePath } from "./paths.js";
import { isError } from "./severity.js";
import { escapeControls, hyperlink, visibleWidth } from "./terminal.js";
import type { Formatter } from "./types.js";

function pluralize(word: string, count: number): string {
  return count === 1 ? word : `${word}s`;
}

function padEnd(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - visibleWidth(text)));
}

function columnWidths(rows: readonly (readonly string[])[]): number[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, visibleWidth(cell));
    });
  }
  return widths;
}

/** ESLint's `stylish` layout, with paths relative to cwd and optional links to rule docs. */
export const stylish: Formatter = (results, context) => {
  const chalk = new Chalk({ level: context.color ? 1 : 0 });
  let output = "\n";
  let errorCount = 0;
  let warningCount = 0;
  let fixableErrorCount = 0;
  let fixableWarningCount = 0;

  for (const result of results) {
    if (result.messages.length === 0) continue;
    fixableErrorCount += result.fixableErrorCount;
    fixableWarningCount += result.fixableWarningCount;

    // Cells: line, column, type, message, rule id. Widths are measured on what the terminal shows.
    const rows = result.messages.map((message) => {
      const error = isError(message);
      if (error) errorCount++;
      else warningCount++;
      let rule = message.ruleId ?? "";
      const docsUrl = message.ruleId ? context.rulesMeta.get(message.ruleId)?.docsUrl : undefined;
      if (rule && context.hyperlinks && docsUrl) rule = hyperlink(docsUrl, rule);
      return [
        String(message.line || 0),
        String(message.column || 0),
        error ? chalk.red("error") : chalk.yellow("warning"),
        escapeControls(message.message.replace(/([^ ])\.$/u, "$1") + functionsTrailer(message.functions)),
        rule ? chalk.dim(rule) : "",
      ] as const;
    });
    const [lineWidth = 0, columnWidth = 0, typeWidth = 0, messageWidth = 0] = columnWidths(rows);

    output += `${chalk.underline(escapeControls(relativePath(context.cwd, result.filePath)))}\n`;
    for (const [line, column, type, text, rule] of rows) {
      // Line numbers align right and columns left around the colon, as in ESLint.
      const position = " ".repeat(lineWidth - line.length) + chalk.dim(`${line}:${column}`) + " ".repeat(columnWidth - column.length);
      let row = `  ${position}  ${padEnd(type, typeWidth)}  `;
      row += rule ? `${padEnd(text, messageWidth)}  ${rule}` : text;
      output += `${row}\n`;
    }
    output += "\n";
  }

  const total = errorCount + warningCount;
  if (total === 0) return "";

  // Styles are applied per line, never across a newline, so every line closes what it opens.
  const summary = errorCount > 0 ? chalk.red.bold : chalk.yellow.bold;
  output += `${summary(`\u2716 ${total}${pluralize(" problem", total)} (${errorCount}${pluralize(" error", errorCount)}, ${warningCount}${pluralize(" warning", warningCount)})`)}\n`;
  if (fixableErrorCount > 0 || fixableWarningCount > 0) {
    output += `${summary(`  ${fixableErrorCount}${pluralize(" error", fixableErrorCount)} and ${fixableWarningCount}${pluralize(" warning", fixableWarningCount)} potentially fixable with the \`--fix\` option.`)}\n`;
  }
  return output;
};

/** Which deployed functions a finding affects, after the message: the first three by name. */
function functionsTrailer(functions: readonly string[] | undefined): string {
  if (!functions?.length) return "";
  const shown = functions.slice(0, 3).join(", ");
  const more = functions.length > 3 ? ` and ${functions.length - 3} more` : "";
  return ` (${functions.length === 1 ? "function" : "functions"}: ${shown}${more})`;
}
