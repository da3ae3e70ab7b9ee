import type { FileAnalysis } from "../analysis/file-analysis.js";
import type { SnapStartFacts } from "./snapstart-facts.js";

/** SnapStart functions a CDK app declares in this file. */
export function cdkSnapStartFacts(_analysis: FileAnalysis): SnapStartFacts {
  return { functions: [], filesRead: [] };
}
