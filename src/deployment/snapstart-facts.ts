import type { FileAnalysis } from "../analysis/file-analysis.js";
import type { YamlDescriptor } from "./yaml.js";
import { cdkSnapStartFacts } from "./cdk-snapstart.js";
import { serverlessSnapStartFacts, templateSnapStartFacts } from "./template-snapstart.js";

/** A 1-based place in a descriptor's text. */
export interface DescriptorSpan {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** A deployment descriptor as the deployment rules see it, parsed once for all of them. */
export type ParsedDescriptor =
  | { kind: "template"; filePath: string; yaml: YamlDescriptor }
  | { kind: "serverless"; filePath: string; yaml: YamlDescriptor }
  | { kind: "dockerfile"; filePath: string; text: string }
  | { kind: "cdk"; filePath: string; analysis: FileAnalysis };

/** Something that invokes (or is allowed to invoke) the function itself rather than a version or alias of it. */
export interface UnqualifiedCaller {
  at: DescriptorSpan;
  /** "this API Gateway REST integration", "fn.addEventSource(…)". */
  caller: string;
  /** What to write instead. */
  fix: string;
}

/** What the deployment rules need to know about one function a descriptor declares with SnapStart on. */
export interface SnapStartFunction {
  name: string;
  /** The setting that turns SnapStart on: where most findings about the function belong. */
  snapStartAt: DescriptorSpan;
  runtime: string | undefined;
  runtimeAt: DescriptorSpan | undefined;
  packageType: "zip" | "image";
  /** For an image function whose Dockerfile the descriptor names: that file (absolute) and its build context. */
  image?: { dockerfile: string; context: string };
  /** Whether the descriptor publishes versions of the function (the only thing SnapStart snapshots). */
  published: boolean;
  /** Where "nothing is published" belongs, when not at `snapStartAt` (`versionFunctions: false`). */
  unpublishedAt?: DescriptorSpan;
  /** How to publish, in this descriptor's terms. */
  publishFix: string;
  provisionedConcurrencyAt?: DescriptorSpan;
  efsAt?: DescriptorSpan;
  ephemeralStorage?: { megabytes: number; at: DescriptorSpan };
  unqualifiedCallers: UnqualifiedCaller[];
}

export interface SnapStartFacts {
  functions: SnapStartFunction[];
  /** Files the facts were read from besides the descriptor (Dockerfiles, build contexts): `--cache` re-checks them. */
  filesRead: string[];
}

const cached = new WeakMap<ParsedDescriptor, SnapStartFacts>();

/** The SnapStart functions of a descriptor, read once per parse and shared by the deployment rules. */
export function snapStartFactsOf(descriptor: ParsedDescriptor): SnapStartFacts {
  let facts = cached.get(descriptor);
  if (!facts) {
    facts = readFacts(descriptor);
    cached.set(descriptor, facts);
  }
  return facts;
}

function readFacts(descriptor: ParsedDescriptor): SnapStartFacts {
  switch (descriptor.kind) {
    case "template":
      return templateSnapStartFacts(descriptor.yaml, descriptor.filePath);
    case "serverless":
      return serverlessSnapStartFacts(descriptor.yaml, descriptor.filePath);
    case "cdk":
      return cdkSnapStartFacts(descriptor.analysis);
    case "dockerfile":
      return { functions: [], filesRead: [] };
  }
}
