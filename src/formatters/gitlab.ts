import { fingerprinter, NO_RULE_CHECK } from "./fingerprints.js";
import { relativePosixPath } from "./paths.js";
import { isError } from "./severity.js";
import type { Formatter } from "./types.js";

/**
 * GitLab Code Quality (`artifacts:reports:codequality`): a JSON array of issues with `description`, `check_name`,
 * `fingerprint`, `severity` and `location.path` + `location.lines.begin`, the fields GitLab's "Code Quality report
 * format" documents as required. The fingerprint is SARIF's stable one (rule, file, flagged code), so an issue keeps
 * its identity across commits; GitLab shows only the first issue of a fingerprint, so repeats in a file differ.
 */
export const gitlab: Formatter = (results, context) => {
  const issues: object[] = [];
  const fingerprintOf = fingerprinter(context);
  for (const result of results) {
    const path = relativePosixPath(context.cwd, result.filePath);
    for (const message of result.messages) {
      const checkName = message.ruleId ?? NO_RULE_CHECK;
      issues.push({
        description: message.message,
        check_name: checkName,
        fingerprint: fingerprintOf(result, message),
        // GitLab's scale is info, minor, major, critical, blocker: a fatal parse error blocks analysis of the file.
        severity: message.fatal ? "blocker" : isError(message) ? "major" : "minor",
        location: { path, lines: { begin: Math.max(1, message.line || 1) } },
      });
    }
  }
  return JSON.stringify(issues, null, 2);
};
