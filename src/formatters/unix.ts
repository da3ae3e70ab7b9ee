import { isError } from "./severity.js";
import { escapeControls } from "./terminal.js";
import type { Formatter } from "./types.js";

/** ESLint's `unix` formatter, byte for byte for printable text: `path:line:col: message [Type/rule]`, one line each. */
export const unix: Formatter = (results) => {
  let output = "";
  let total = 0;
  for (const result of results) {
    total += result.messages.length;
    for (const message of result.messages) {
      output += `${escapeControls(result.filePath)}:${message.line || 0}:${message.column || 0}: ${escapeControls(message.message)} `;
      output += `[${isError(message) ? "Error" : "Warning"}${message.ruleId ? `/${message.ruleId}` : ""}]\n`;
    }
  }
  if (total > 0) output += `\n${total} problem${total !== 1 ? "s" : ""}`;
  return output;
};
