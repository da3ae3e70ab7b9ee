import { createHash } from "node:crypto";
import type { RuleMeta } from "../engine/rule.js";
import type { LintMessage } from "../results.js";
import { directoryUri, encodeUriPath, fileUri, isOutside, relativePosixPath } from "./paths.js";
import { isError } from "./severity.js";
import type { Formatter } from "./types.js";

const SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI = "https://github.com/snapcheck/snapcheck";
const SRCROOT = "%SRCROOT%";
export const FINGERPRINT_KEY = "snapcheck/v1";

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
        informationUri: string;
        rules: ReportingDescriptor[];
      };
    };
    originalUriBaseIds: Record<string, { uri: string }>;
    columnKind: "utf16CodeUnits";
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: Notification[] }[];
    results: SarifResult[];
  }[];
}

function describeRule(meta: RuleMeta): ReportingDescriptor {
  return {
    id: meta.id,
    name: meta.id,
    shortDescription: { text: meta.description },
    fullDescription: { text: meta.description },
    help: {
      text: `${meta.description}\n\nDocumentation: ${meta.docsUrl}`,
      markdown: `${meta.description}\n\n[Documentation](${meta.docsUrl})`,
    },
    helpUri: meta.docsUrl,
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

/**
 * Identifies a finding independently of where the checkout lives and of line shifts elsewhere
 * in the file, so code scanning keeps tracking the same alert across runs.
 */
export function fingerprint(ruleId: string, relativePath: string, message: string, occurrence: number): string {
  return createHash("sha256")
    .update([ruleId, relativePath, message, String(occurrence)].join("\u0000"))
    .digest("hex")
    .slice(0, 32);
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
  const occurrences = new Map<string, number>();

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
        rules.push({ id: message.ruleId, name: message.ruleId });
      }
      const key = [message.ruleId, relative, message.message].join("\u0000");
      const occurrence = occurrences.get(key) ?? 0;
      occurrences.set(key, occurrence + 1);
      sarifResults.push({
        ruleId: message.ruleId,
        ruleIndex: index,
        level,
        message: { text: message.message },
        locations: [location(artifactLocation, message)],
        partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(message.ruleId, relative, message.message, occurrence) },
      });
    }
  }

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
            informationUri: INFORMATION_URI,
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
