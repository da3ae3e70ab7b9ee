import { fingerprint } from "./sarif.js";
import { relativePosixPath } from "./paths.js";
import { isError } from "./severity.js";
import type { Formatter } from "./types.js";

/**
 * GitLab Code Quality (`artifacts:reports:codequality`): a JSON array of issues with `description`, `check_name`,
 * `fingerprint`, `severity` and `location.path` + `location.lines.begin`, the fields GitLab's "Code Quality report
 * format" documents as required. The fingerprint is SARIF's stable one, so an issue keeps its identity across
 * commits; GitLab shows only the first issue of a fingerprint, so repeats in a file are told apart by occurrence.
 */
export const gitlab: Formatter = (results, context) => {
  const issues: object[] = [];
  const occurrences = new Map<string, number>();
  for (const result of results) {
    const path = relativePosixPath(context.cwd, result.filePath);
    for (const message of result.messages) {
      const checkName = message.ruleId ?? "snapcheck/parse";
      const key = [checkName, path, message.message].join("\u0000");
      const occurrence = occurrences.get(key) ?? 0;
      occurrences.set(key, occurrence + 1);
      issues.push({
        description: message.message,
        check_name: checkName,
        fingerprint: fingerprint(checkName, path, message.message, occurrence),
        // GitLab's scale is info, minor, major, critical, blocker: a fatal parse error blocks analysis of the file.
        severity: message.fatal ? "blocker" : isError(message) ? "major" : "minor",
        location: { path, lines: { begin: Math.max(1, message.line || 1) } },
      });
    }
  }
  return JSON.stringify(issues, null, 2);
};
