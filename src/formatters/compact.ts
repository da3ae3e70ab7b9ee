import { isError } from "./severity.js";
import { escapeControls } from "./terminal.js";
import type { Formatter } from "./types.js";

/** ESLint's `compact` formatter, byte for byte for printable text: absolute paths, control characters escaped. */
export const compact: Formatter = (results) => {
  let output = "";
  let total = 0;
  for (const result of results) {
    total += result.messages.length;
    for (const message of result.messages) {
      output += `${escapeControls(result.filePath)}: line ${message.line || 0}, col ${message.column || 0}, ${isError(message) ? "Error" : "Warning"} - ${escapeControls(message.message)}`;
      output += message.ruleId ? ` (${message.ruleId})` : "";
      output += "\n";
    }
  }
  if (total > 0) output += `\n${total} problem${total !== 1 ? "s" : ""}`;
  return output;
};
