import { isError } from "./severity.js";
import type { Formatter } from "./types.js";

/** ESLint's `compact` formatter, byte for byte: absolute paths, nothing escaped. */
export const compact: Formatter = (results) => {
  let output = "";
  let total = 0;
  for (const result of results) {
    total += result.messages.length;
    for (const message of result.messages) {
      output += `${result.filePath}: line ${message.line || 0}, col ${message.column || 0}, ${isError(message) ? "Error" : "Warning"} - ${message.message}`;
      output += message.ruleId ? ` (${message.ruleId})` : "";
      output += "\n";
    }
  }
  if (total > 0) output += `\n${total} problem${total !== 1 ? "s" : ""}`;
  return output;
};
