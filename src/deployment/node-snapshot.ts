import path from "node:path";
import { parseJson } from "../config/json.js";
import { commandsIn } from "./entries.js";
import { programOf } from "./programs.js";
import { draft, type FunctionDraft, type ReadContext } from "./reading.js";
import { keyNodeAt, parseYamlDescriptor } from "./yaml.js";

/**
 * Node.js startup snapshots built by a package.json script: `node --snapshot-blob snap.blob --build-snapshot
 * entry.js` runs `entry.js` as init and writes the heap to the blob (Node.js docs, "Command-line API",
 * `--build-snapshot`; "Startup Snapshot API"). A package.json that does not parse is a problem on that file.
 */
export function readPackageJson(file: string, text: string, context: ReadContext): FunctionDraft[] {
  const parsed = parseJson(text);
  if (!parsed.ok) {
    context.problem(file, parsed, `cannot read package.json: ${parsed.reason} (line ${parsed.line}, column ${parsed.column})`);
    return [];
  }
  if (!text.includes("--build-snapshot")) return [];
  const manifest = parsed.value as { name?: unknown; scripts?: unknown };
  if (typeof manifest.scripts !== "object" || manifest.scripts === null) return [];
  const packageDir = path.dirname(file);
  const packageName = typeof manifest.name === "string" ? manifest.name : path.basename(packageDir);
  const positions = parseYamlDescriptor(text);
  const drafts: FunctionDraft[] = [];
  for (const [scriptName, command] of Object.entries(manifest.scripts as Record<string, unknown>)) {
    if (typeof command !== "string" || !command.includes("--build-snapshot")) continue;
    for (const words of commandsIn(command)) {
      const run = programOf(words);
      if (run?.kind !== "script" || !run.buildsSnapshot || run.script === undefined) continue;
      const source = { file, ...positions.positionOf(keyNodeAt(positions.document, ["scripts"], scriptName) ?? null) };
      const entry = context.resolver.resolve(path.resolve(packageDir, run.script), packageDir);
      if (!entry) context.problem(file, source, `script "${scriptName}": --build-snapshot ${run.script} names no source file (nor a source it was built from)`);
      drafts.push(
        draft({ name: `${packageName}:${scriptName}`, descriptorKind: "node-snapshot", source, projectRoot: packageDir, entry, handler: undefined, runtime: "node", snapshotDeclared: true, snapshot: "node-snapshot", lambda: false }),
      );
    }
  }
  return drafts;
}
