import type { ts } from "ts-morph";
import type { ResolvedConfig } from "../config/types.js";
import type { ModuleIndex } from "./modules.js";

export class FileAnalysis {
  constructor(
    readonly sourceFile: ts.SourceFile,
    readonly modules: ModuleIndex,
    readonly config: ResolvedConfig,
  ) {}
}
