import type { RuleMeta } from "../engine/rule.js";
import { readHomepage, readRuleDoc } from "../package.js";
import type { LintMessage } from "../results.js";
import { fingerprinter } from "./fingerprints.js";
import { directoryUri, encodeUriPath, fileUri, isOutside, relativePosixPath } from "./paths.js";
import { isError } from "./severity.js";
import type { Formatter, FormatterContext } from "./types.js";

const SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT = "%SRCROOT%";
export const FINGERPRINT_KEY = "snapcheck/v2";

type SarifLevel = "error" | "warning";

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

interface Region {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

interface Location {
  physicalLocation: { artifactLocation: ArtifactLocation; region?: Region };
}

interface ReportingDescriptor {
  id: string;
  name: string;
  shortDescription?: { text: string };
  fullDescription?: { text: string };
  help?: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration?: { level: SarifLevel };
  properties?: { tags: string[] };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: Location[];
  partialFingerprints: Record<string, string>;
  /** `functions`: the deployed functions whose init reaches the finding. */
  properties?: { functions: string[] };
}

interface Notification {
  level: SarifLevel;
  message: { text: string };
  locations: Location[];
}

export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: {
    tool: {
      driver: {
        name: string;
        version: string;
        semanticVersion: string;
        informationUri?: string;
        rules: ReportingDescriptor[];
      };
    };
    originalUriBaseIds: Record<string, { uri: string }>;
    columnKind: "utf16CodeUnits";
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: Notification[] }[];
    results: SarifResult[];
  }[];
}

/** `uniqueness/init-random` → `UniquenessInitRandom`: SARIF's `name` is a readable identifier, not the id again. */
export function pascalCaseName(ruleId: string): string {
  return ruleId
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join("");
}

/** The rule's page with its title line dropped: code scanning shows it under the rule's name already. */
function docBody(doc: string): string {
  return doc.replace(/^# [^\n]*\n+/, "").trim();
}

/** The first paragraph of the page, as plain text. */
function firstParagraph(body: string): string {
  return plainText(body.split(/\n\s*\n/)[0] ?? "").replace(/\s*\n\s*/g, " ");
}

/** Markdown read as plain text: link targets in parentheses, no heading marks, emphasis or code ticks (code blocks kept). */
function plainText(markdown: string): string {
  return markdown
    .split(/(^```[^\n]*\n[\s\S]*?^```$)/m)
    .map((part, index) => (index % 2 === 1 ? part : plainProse(part)))
    .join("");
}

function plainProse(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, (_, label: string, target: string) => (/^https?:/.test(target) ? `${label} (${target})` : label))
    .replace(/^#{1,6} /gm, "")
    .replace(/\*\*([^*]+)\*\*/g, "$1")
    .replace(/`([^`\n]+)`/g, "$1");
}

/** Each rule's documentation is embedded, so code scanning shows it without following any link. */
function describeRule(meta: RuleMeta): ReportingDescriptor {
  const doc = readRuleDoc(meta.id);
  const body = doc ? docBody(doc) : meta.description;
  const link = meta.docsUrl;
  return {
    id: meta.id,
    name: pascalCaseName(meta.id),
    shortDescription: { text: meta.description },
    fullDescription: { text: doc ? firstParagraph(body) : meta.description },
    help: { text: plainText(body), markdown: body },
    ...(link ? { helpUri: link } : {}),
    defaultConfiguration: { level: meta.defaultLevel === "error" ? "error" : "warning" },
    properties: { tags: [meta.family] },
  };
}

function region(message: LintMessage): Region | undefined {
  // SARIF positions are 1-based; ESLint uses 0 for "no position", which SARIF cannot express.
  if (!(message.line >= 1)) return undefined;
  const result: Region = { startLine: message.line };
  if (message.column >= 1) result.startColumn = message.column;
  if (message.endLine !== undefined && message.endLine >= 1) {
    result.endLine = message.endLine;
    if (message.endColumn !== undefined && message.endColumn >= 1) result.endColumn = message.endColumn;
  }
  return result;
}

function location(artifactLocation: ArtifactLocation, message: LintMessage): Location {
  const r = region(message);
  return { physicalLocation: r ? { artifactLocation, region: r } : { artifactLocation } };
}

/** SARIF 2.1.0 as accepted by GitHub code scanning. */
export const sarif: Formatter = (results, context) => {
  const rules: ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  for (const meta of context.rulesMeta.values()) {
    ruleIndex.set(meta.id, rules.length);
    rules.push(describeRule(meta));
  }

  const sarifResults: SarifResult[] = [];
  const notifications: Notification[] = [];
  const fingerprintOf = fingerprinter(context);

  for (const result of results) {
    const relative = relativePosixPath(context.cwd, result.filePath);
    const artifactLocation: ArtifactLocation = isOutside(relative)
      ? { uri: fileUri(result.filePath) }
      : { uri: encodeUriPath(relative), uriBaseId: SRCROOT };

    for (const message of result.messages) {
      const level: SarifLevel = isError(message) ? "error" : "warning";
      if (message.ruleId === null) {
        notifications.push({ level, message: { text: message.message }, locations: [location(artifactLocation, message)] });
        continue;
      }
      let index = ruleIndex.get(message.ruleId);
      if (index === undefined) {
        // A rule without metadata still needs a descriptor for ruleIndex to point at.
        index = rules.length;
        ruleIndex.set(message.ruleId, index);
        rules.push({ id: message.ruleId, name: pascalCaseName(message.ruleId) });
      }
      sarifResults.push({
        ruleId: message.ruleId,
        ruleIndex: index,
        level,
        message: { text: message.message },
        locations: [location(artifactLocation, message)],
        partialFingerprints: { [FINGERPRINT_KEY]: fingerprintOf(result, message) },
        ...(message.functions ? { properties: { functions: message.functions } } : {}),
      });
    }
  }

  const homepage = readHomepage();
  const log: SarifLog = {
    $schema: SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "snapcheck",
            version: context.version,
            semanticVersion: context.version,
            ...(homepage ? { informationUri: homepage } : {}),
            rules,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(context.cwd) } },
        columnKind: "utf16CodeUnits",
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
};
