import { relativePosixPath } from "./paths.js";
import { isError } from "./severity.js";
import type { Formatter } from "./types.js";

/**
 * JUnit XML as CI test reporters read it (Jenkins, GitLab `artifacts:reports:junit`, Azure Pipelines): one
 * `<testsuite>` per linted file, one failing `<testcase>` per problem, and one passing `<testcase>` for a clean
 * file so that it still counts as checked. Element and attribute names follow the JUnit XSD (Apache Ant's
 * `junit-4.xsd`, which Jenkins' `junit-10.xsd` extends): `testsuite` needs `name`, `tests`, `failures`, `errors`,
 * `time`; `testcase` needs `name`, `classname`, `time`.
 */
export const junit: Formatter = (results, context) => {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const result of results) {
    const file = relativePosixPath(context.cwd, result.filePath);
    const cases: string[] = [];
    let suiteFailures = 0;
    let suiteErrors = 0;
    for (const message of result.messages) {
      const kind = message.fatal ? "error" : "failure";
      if (message.fatal) suiteErrors++;
      else suiteFailures++;
      const label = isError(message) ? "Error" : "Warning";
      const body = `line ${message.line || 0}, col ${message.column || 0}, ${label} - ${message.message}${message.ruleId ? ` (${message.ruleId})` : ""}`;
      cases.push(
        `    <testcase name="${attribute(message.ruleId ?? "snapcheck/parse")}" classname="${attribute(file)}" time="0">\n` +
          `      <${kind} message="${attribute(message.message)}" type="${label}">${text(body)}</${kind}>\n` +
          `    </testcase>`,
      );
    }
    if (cases.length === 0) cases.push(`    <testcase name="snapcheck" classname="${attribute(file)}" time="0"/>`);
    tests += cases.length;
    failures += suiteFailures;
    errors += suiteErrors;
    suites.push(
      `  <testsuite name="${attribute(file)}" tests="${cases.length}" failures="${suiteFailures}" errors="${suiteErrors}" skipped="0" time="0">\n` +
        `${cases.join("\n")}\n  </testsuite>`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="snapcheck" tests="${tests}" failures="${failures}" errors="${errors}" time="0">\n` +
    (suites.length > 0 ? `${suites.join("\n")}\n` : "") +
    `</testsuites>\n`
  );
};

// XML 1.0 allows no C0 control characters but tab, LF and CR, even escaped: they are dropped.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function text(value: string): string {
  return value.replace(NOT_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function attribute(value: string): string {
  return text(value).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}
