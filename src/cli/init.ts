import fs from "node:fs";
import path from "node:path";
import { CONFIG_FILE_NAMES, displayPath } from "../config/load.js";
import type { DeploymentModel } from "../deployment/model.js";
import { describeFsError } from "../discovery/find-files.js";
import { UsageError } from "../errors.js";
import type { CliIo } from "./io.js";

/** The file `--init` writes: JSON with comments, which the config loader reads. */
export const INIT_CONFIG_FILE = ".snapcheckrc.json";
const SCHEMA_PATH = "./node_modules/snapcheck/schema/snapcheck.schema.json";

/**
 * Build and deployment output that is regenerated from the sources snapcheck already lints (bundles, synthesized
 * templates, framework builds): its copies of the code would only repeat findings at lines nobody edits.
 */
const BUILD_OUTPUT_FOLDERS = [".aws-sam", ".serverless", "cdk.out", ".sst", ".next", ".nitro", ".output", ".vercel", ".svelte-kit", "dist", "build", "coverage"];

/**
 * `snapcheck --init`: writes a starter config for the project in `cwd` (the target its functions need, the functions
 * the deployment descriptors declare, ignores for the build output present) and refuses to replace any config.
 */
export async function initConfig(io: CliIo): Promise<number> {
  const cwd = path.resolve(io.cwd);
  const existing = existingConfig(cwd);
  if (existing) throw new UsageError(`a configuration already exists: ${existing}; --init never replaces one`);
  const { readDeploymentModel } = await import("../deployment/read.js");
  const model = readDeploymentModel([cwd], { cwd });
  const ignores = BUILD_OUTPUT_FOLDERS.filter((folder) => isFolder(path.join(cwd, folder))).map((folder) => `${folder}/`);
  const text = starterConfig(model, cwd, ignores);
  const file = path.join(cwd, INIT_CONFIG_FILE);
  try {
    // "wx": created only if absent, so a config written meanwhile by anything else is never replaced either.
    fs.writeFileSync(file, text, { flag: "wx" });
  } catch (error) {
    throw new UsageError(`cannot write ${INIT_CONFIG_FILE}: ${describeFsError(error)}`);
  }
  const snapshotted = model.functions.filter((fn) => fn.snapshot !== "none").length;
  io.writeOut(
    `Wrote ${INIT_CONFIG_FILE}: target ${targetFor(model)}, ${count(model.functions.length, "function")} found ` +
      `(${snapshotted} snapshotted)${ignores.length > 0 ? `, ignoring ${ignores.join(" ")}` : ""}.\n` +
      `Run \`npx snapcheck functions\` to see what snapcheck believes is deployed, and \`npx snapcheck\` to lint.\n`,
  );
  return 0;
}

/** The config in force in `cwd` already, if any: a config file, or a `snapcheck` key in package.json. */
function existingConfig(cwd: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const file = path.join(cwd, name);
    if (!fs.existsSync(file)) continue;
    if (name !== "package.json") return name;
    try {
      const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
      if (manifest && typeof manifest === "object" && "snapcheck" in manifest) return 'package.json ("snapcheck" key)';
    } catch {
      // A package.json that does not parse holds no config the loader would read either.
    }
  }
  return undefined;
}

/** `node-snapshot` when every snapshotted function is a Node startup snapshot, `lambda` otherwise (the default). */
function targetFor(model: DeploymentModel): "lambda" | "node-snapshot" {
  const kinds = new Set(model.functions.filter((fn) => fn.snapshot !== "none").map((fn) => fn.snapshot));
  return kinds.size === 1 && kinds.has("node-snapshot") ? "node-snapshot" : "lambda";
}

export function starterConfig(model: DeploymentModel, cwd: string, ignores: readonly string[]): string {
  const lines = ["{", `  "$schema": ${JSON.stringify(SCHEMA_PATH)},`];
  if (model.functions.length > 0) {
    lines.push("  // Functions read from the deployment descriptors (`snapcheck functions` shows them all); declare others, or");
    lines.push("  // correct these, in a \"functions\" section: [{ \"entry\": \"src/handler.ts\", \"snapshot\": \"snapstart\" }].");
    const width = Math.max(...model.functions.map((fn) => fn.name.length));
    for (const fn of model.functions) {
      const entry = fn.entry ? displayPath(cwd, fn.entry) : "(entry not found)";
      lines.push(`  //   ${fn.name.padEnd(width)}  ${fn.snapshot.padEnd(13)}  ${entry}  (${displayPath(cwd, fn.source.file)}:${fn.source.line})`);
    }
  } else {
    lines.push("  // No deployment descriptor was found: every file is linted as though a snapshot were taken after init,");
    lines.push("  // except tests, browser code, infrastructure apps and build output. Declare functions in a \"functions\" section.");
  }
  lines.push(`  "target": ${JSON.stringify(targetFor(model))},`);
  lines.push(`  "ignorePatterns": ${JSON.stringify(ignores)},`);
  lines.push("  // Every rule runs at its default level (`snapcheck --list-rules`); set one with \"<rule id>\": \"off\" | \"warn\" | \"error\".");
  lines.push('  "rules": {}');
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

function isFolder(file: string): boolean {
  return fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() === true;
}

function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? "" : "s"}`;
}
