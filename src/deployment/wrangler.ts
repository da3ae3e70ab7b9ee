import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { parseJsonc } from "../config/json.js";
import { readText } from "./entries.js";
import type { DescriptorLocation } from "./model.js";
import { draft, FILE_START, type FunctionDraft, type ReadContext } from "./reading.js";

/**
 * Where a Cloudflare Worker's entry is named, in the order Wrangler looks. Workers run in V8 isolates that are
 * started per location and never restored from a snapshot of an earlier one's memory, so the entry is `none`.
 */
const WORKER_ENTRIES: { key: string[]; folder?: { key: string[]; otherwise: string }; source: string }[] = [
  { key: ["main"], source: "https://developers.cloudflare.com/workers/wrangler/configuration/ (main: the Worker's entrypoint)" },
  // Wrangler v1 with a custom build: the built module inside the upload folder (default dist).
  {
    key: ["build", "upload", "main"],
    folder: { key: ["build", "upload", "dir"], otherwise: "dist" },
    source: "https://developers.cloudflare.com/workers/wrangler/migration/v1-to-v2/wrangler-legacy/configuration/ ([build.upload] main, dir)",
  },
];
/**
 * Wrangler v1 without either: the `main` of the package.json in the Workers Site's `entry-point` folder, or beside
 * the configuration (https://developers.cloudflare.com/workers/wrangler/migration/v1-to-v2/wrangler-legacy/configuration/,
 * `type = "javascript" | "webpack"`, `[site] entry-point`).
 */
const LEGACY_PACKAGE_FOLDER_KEY = ["site", "entry-point"];
/** A custom build, which may write the entry (https://developers.cloudflare.com/workers/wrangler/custom-builds/). */
const BUILD_COMMAND_KEY = ["build", "command"];

type Table = Record<string, unknown>;

function valueAt(table: unknown, key: readonly string[]): unknown {
  let value = table;
  for (const part of key) value = typeof value === "object" && value !== null ? (value as Table)[part] : undefined;
  return value;
}

function stringAt(table: unknown, key: readonly string[]): string | undefined {
  const value = valueAt(table, key);
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A Cloudflare Worker's configuration (`wrangler.toml`, `wrangler.json`, `wrangler.jsonc`): one Worker, never snapshotted. */
export function readWrangler(file: string, text: string, context: ReadContext): FunctionDraft[] {
  const config = parseConfig(file, text, context);
  if (config === undefined) return [];
  const dir = path.dirname(file);
  const name = stringAt(config, ["name"]) ?? path.basename(dir);
  const common = { name, descriptorKind: "wrangler" as const, projectRoot: dir, handler: undefined, runtime: "workerd", lambda: false, snapshot: "none" as const };
  for (const { key, folder } of WORKER_ENTRIES) {
    const main = stringAt(config, key);
    if (main === undefined) continue;
    const source = { file, ...keyPosition(file, text, key) };
    const base = folder ? path.resolve(dir, stringAt(config, folder.key) ?? folder.otherwise, main) : path.resolve(dir, main);
    const entry = context.resolver.resolve(base, dir);
    // A file a custom build writes ([build] command) is not in the tree: not a mistake in the configuration.
    if (!entry && stringAt(config, BUILD_COMMAND_KEY) === undefined) {
      context.problem(file, source, `${key.join(".")} = "${main}" names no source file (nor a source it was built from)`);
    }
    return [draft({ ...common, source, entry })];
  }
  // A Pages project's configuration names its build output, not a Worker (https://developers.cloudflare.com/pages/functions/wrangler-configuration/).
  if (stringAt(config, ["pages_build_output_dir"]) !== undefined) return [];
  const packageDir = path.resolve(dir, stringAt(config, LEGACY_PACKAGE_FOLDER_KEY) ?? ".");
  const main = packageMain(packageDir);
  const entry = main === undefined ? undefined : context.resolver.resolve(path.resolve(packageDir, main), dir);
  return [draft({ ...common, source: { file, ...FILE_START }, entry })];
}

function parseConfig(file: string, text: string, context: ReadContext): Table | undefined {
  if (/\.jsonc?$/.test(file)) {
    const parsed = parseJsonc(text);
    if (!parsed.ok) {
      context.problem(file, parsed, `cannot read: ${parsed.reason}`);
      return undefined;
    }
    return typeof parsed.value === "object" && parsed.value !== null ? (parsed.value as Table) : {};
  }
  try {
    return parseToml(text) as Table;
  } catch (error) {
    const at = error as { line?: unknown; column?: unknown; message?: unknown };
    const position = typeof at.line === "number" && typeof at.column === "number" ? { line: at.line, column: at.column } : FILE_START;
    context.problem(file, position, `cannot read: ${String(at.message ?? error).split("\n")[0]}`);
    return undefined;
  }
}

/** `main` of `dir/package.json`, `index.js` when it names none; undefined without a package.json. */
function packageMain(dir: string): string | undefined {
  const text = readText(path.join(dir, "package.json"));
  if (text === undefined) return undefined;
  try {
    const main = (JSON.parse(text) as { main?: unknown }).main;
    return typeof main === "string" && main !== "" ? main : "index.js";
  } catch {
    // A package.json that does not parse is reported by the package.json reader.
    return undefined;
  }
}

/**
 * Where a key is written: in TOML, the `key =` line under its table's `[header]`; in JSON, the first `"key":`.
 * The start of the file when it cannot be told.
 */
function keyPosition(file: string, text: string, key: readonly string[]): Pick<DescriptorLocation, "line" | "column"> {
  const lines = text.split("\n");
  const last = key[key.length - 1]!;
  if (/\.jsonc?$/.test(file)) {
    const index = lines.findIndex((line) => line.includes(`"${last}"`));
    return index < 0 ? FILE_START : { line: index + 1, column: lines[index]!.indexOf(`"${last}"`) + 1 };
  }
  const table = key.slice(0, -1).join(".");
  let current = "";
  for (const [index, line] of lines.entries()) {
    const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?/.exec(line);
    if (header) current = header[1]!.replace(/\s*\.\s*/g, ".");
    else if (current === table && new RegExp(`^\\s*${last}\\s*=`).test(line)) return { line: index + 1, column: line.search(/\S/) + 1 };
  }
  return FILE_START;
}
