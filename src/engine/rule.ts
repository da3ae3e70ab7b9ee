import type { ts } from "#typescript";
import type { FileAnalysis } from "../analysis/file-analysis.js";
import type { Suggestion, TextEdit } from "../results.js";
import type { Level, Target } from "../config/types.js";
import type { Triggers } from "./relevance.js";
import { readHomepage } from "../package.js";
import type { DescriptorSpan, ParsedDescriptor } from "../deployment/snapstart-facts.js";

export const FAMILIES = ["uniqueness", "credentials", "connections", "deployment"] as const;
export type Family = (typeof FAMILIES)[number];

/**
 * The rule's page under package.json `homepage` (a GitHub repository's file view when it is one); undefined while
 * the homepage is unset, so no link points at a site the project does not own.
 */
export function docsUrlFor(ruleId: string, homepage: string | undefined = readHomepage()): string | undefined {
  if (!homepage) return undefined;
  const base = homepage.replace(/#.*$/, "").replace(/\/+$/, "");
  const page = `docs/rules/${ruleId}.md`;
  return /^https:\/\/github\.com\/[^/]+\/[^/]+$/.test(base) ? `${base}/blob/HEAD/${page}` : `${base}/${page}`;
}

export interface RuleMeta<M extends string = string> {
  /** `family/name`, stable forever once released. */
  id: `${Family}/${string}`;
  family: Family;
  description: string;
  defaultLevel: Exclude<Level, "off">;
  /** Where the rule's page is published; absent while package.json has no `homepage`. */
  docsUrl?: string;
  /** Message templates keyed by message id; `{{name}}` is replaced from `report({ data })`. */
  messages: Record<M, string>;
  fixable?: boolean;
  /** What a file must mention for this rule to find anything in it; omitted, the rule looks at every file. */
  triggers?: Triggers;
  /**
   * The rule starts from what a callee of this file is (a question that never leaves the file), not from what an
   * import resolves to or what runs at init: only the file's own text can hold its triggers, and a file whose
   * imports alone mention them is not given to it.
   */
  triggersInOwnText?: boolean;
  /**
   * The hazard exists without any snapshot too, in a long-lived environment that is frozen and thawed between
   * requests (a Lambda function without SnapStart, a container server): time-limited data kept from init. Code
   * that only such functions reach is checked by these rules alone.
   */
  alsoWithoutSnapshot?: boolean;
}

/** What config resolution and reports need of a rule: its metadata, not its code (which loads the compiler). */
export interface RuleInfo {
  meta: RuleMeta;
}

export interface ReportDescriptor<M extends string> {
  node: ts.Node;
  messageId: M;
  data?: Record<string, string | number>;
  /** Only for rules whose `meta.fixable` is true: a safe edit `--fix` may apply. */
  fix?: TextEdit;
  suggestions?: Suggestion[];
}

export interface RuleContext<M extends string = string> {
  readonly filePath: string;
  readonly sourceFile: ts.SourceFile;
  readonly analysis: FileAnalysis;
  readonly target: Target;
  readonly options: Readonly<Record<string, unknown>>;
  report(descriptor: ReportDescriptor<M>): void;
}

export type NodeListener = (node: ts.Node) => void;

/** Listeners keyed by `ts.SyntaxKind`; `onFileEnd` runs once after the walk. */
export interface RuleListeners {
  kinds?: Partial<Record<ts.SyntaxKind, NodeListener>>;
  onFileEnd?: () => void;
}

/** A rule over the code of a JS/TS file. */
export interface CodeRule<M extends string = string> {
  meta: RuleMeta<M>;
  create(context: RuleContext<M>): RuleListeners;
}

export interface DescriptorReport<M extends string> {
  at: DescriptorSpan;
  messageId: M;
  data?: Record<string, string | number>;
}

export interface DescriptorRuleContext<M extends string = string> {
  readonly filePath: string;
  /** The parsed descriptor: a template, a serverless.yml, a Dockerfile, or a CDK app's TypeScript. */
  readonly descriptor: ParsedDescriptor;
  readonly options: Readonly<Record<string, unknown>>;
  report(descriptor: DescriptorReport<M>): void;
}

/** A rule over a deployment descriptor: it checks the parsed descriptor once and reports at its lines. */
export interface DescriptorRule<M extends string = string> {
  meta: RuleMeta<M>;
  check(context: DescriptorRuleContext<M>): void;
}

export type Rule<M extends string = string> = CodeRule<M> | DescriptorRule<M>;

export function isDescriptorRule(rule: Rule): rule is DescriptorRule {
  return "check" in rule;
}

type RuleDefinition<M extends string> = Omit<RuleMeta<M>, "docsUrl" | "family"> & {
  create(context: RuleContext<M>): RuleListeners;
};

type DescriptorRuleDefinition<M extends string> = Omit<RuleMeta<M>, "docsUrl" | "family"> & {
  check(context: DescriptorRuleContext<M>): void;
};

function completeMeta<M extends string>(meta: Omit<RuleMeta<M>, "docsUrl" | "family">): RuleMeta<M> {
  const family = meta.id.split("/")[0] as Family;
  const docsUrl = docsUrlFor(meta.id);
  return { ...meta, family, ...(docsUrl ? { docsUrl } : {}) };
}

/** Derives the family and docs URL from the id, and types message ids so a typo is a compile error. */
export function createRule<M extends string>(definition: RuleDefinition<M>): CodeRule<M> {
  const { create, ...meta } = definition;
  return { meta: completeMeta(meta), create };
}

/** `createRule` for a rule over deployment descriptors. */
export function createDescriptorRule<M extends string>(definition: DescriptorRuleDefinition<M>): DescriptorRule<M> {
  const { check, ...meta } = definition;
  return { meta: completeMeta(meta), check };
}

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}
