import { relativePosixPath } from "./paths.js";
import { isError } from "./severity.js";
import type { Formatter } from "./types.js";

// Escaping as in @actions/core's command.ts: data escapes %, CR, LF; properties also `:` and `,`.
export function escapeData(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function position(value: number | undefined): string | undefined {
  // Positions are 1-based; 0 or a missing value means "unknown" and is left out, as the toolkit does.
  return value !== undefined && value >= 1 ? String(value) : undefined;
}

/** GitHub Actions workflow commands, one annotation per message. */
export const github: Formatter = (results, context) => {
  const lines: string[] = [];
  for (const result of results) {
    const file = relativePosixPath(context.cwd, result.filePath);
    for (const message of result.messages) {
      // @actions/core: columns "cannot be sent when startLine and endLine are different values".
      const oneLine = message.endLine === undefined || message.endLine === message.line;
      const properties: [string, string | undefined][] = [
        ["file", file],
        ["line", position(message.line)],
        ["col", oneLine ? position(message.column) : undefined],
        ["endLine", position(message.endLine)],
        ["endColumn", oneLine ? position(message.endColumn) : undefined],
        ["title", message.ruleId ?? "snapcheck"],
      ];
      const rendered = properties
        .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "")
        .map(([key, value]) => `${key}=${escapeProperty(value)}`)
        .join(",");
      const command = isError(message) ? "error" : "warning";
      lines.push(`::${command} ${rendered}::${escapeData(message.message)}`);
    }
  }
  return lines.join("\n");
};
