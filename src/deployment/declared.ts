import path from "node:path";
import type { DeclaredFunction } from "../config/types.js";
import { findModuleFile, readText } from "./entries.js";
import { draft, FILE_START, type FunctionDraft, type ReadContext } from "./reading.js";

/**
 * Functions a user declares in the snapcheck config (`functions: [{ entry, handler, snapshot }]`), for platforms
 * snapcheck does not read (Terraform, Pulumi, custom runtimes, Firecracker clones) or to correct what it read. They
 * are taken as written: the SnapStart preparation rule never applies to them.
 */
export function readDeclaredFunctions(configFile: string, functions: readonly DeclaredFunction[], context: ReadContext): FunctionDraft[] {
  const configDir = path.dirname(configFile);
  const text = readText(configFile) ?? "";
  return functions.map((declared) => {
    // The config may be JSON, YAML, JavaScript or package.json: its entry's first mention is where it is declared.
    const offset = text.indexOf(declared.entry);
    const before = offset < 0 ? "" : text.slice(0, offset);
    const source = offset < 0 ? { file: configFile, ...FILE_START } : { file: configFile, line: before.split("\n").length, column: offset - before.lastIndexOf("\n") };
    const entry = findModuleFile(path.resolve(configDir, declared.entry));
    if (!entry) context.problem(configFile, source, `functions: the entry ${declared.entry} is missing`);
    return draft({
      name: declared.name ?? path.basename(declared.entry).replace(/\.[cm]?[jt]sx?$/, ""),
      descriptorKind: "config",
      source,
      projectRoot: configDir,
      entry,
      handler: declared.handler,
      runtime: declared.runtime,
      snapshot: declared.snapshot,
      snapshotDeclared: declared.snapshot !== "none",
      lambda: false,
    });
  });
}
