import type { ts } from "ts-morph";

export class ModuleIndex {
  constructor(readonly cwd: string) {}
  register(_filePath: string, _sourceFile: ts.SourceFile): void {}
}
