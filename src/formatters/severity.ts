import type { LintMessage } from "../results.js";

/** Fatal messages count as errors whatever their severity, as in ESLint. */
export function isError(message: LintMessage): boolean {
  return message.fatal === true || message.severity === 2;
}
