import path from "node:path";
import { parseJsonc } from "../config/json.js";
import { LINTABLE_EXTENSIONS } from "../discovery/find-files.js";
import { isRegularFile, MAX_FILE_BYTES, pathExists, readRegularFileText } from "../discovery/regular-file.js";

/**
 * Lambda's Node.js runtime splits a handler string at its last path segment's first dot: `src/api/get.main` is the
 * export `main` of the module `src/api/get`, and `index.handlers.get` the export path `handlers.get` of `index`.
 * Source: aws-lambda-nodejs-runtime-interface-client, src/UserFunction.js (`_moduleRootAndHandler`,
 * `FUNCTION_EXPR = /^([^.]*)\.(.*)$/`).
 */
export function splitHandler(handler: string): { modulePath: string; exportName: string } | undefined {
  const base = path.posix.basename(handler);
  const root = handler.slice(0, handler.length - base.length);
  const match = /^([^.]*)\.(.+)$/.exec(base);
  if (!match || !match[1]) return undefined;
  return { modulePath: root + match[1], exportName: match[2]! };
}

/** Source extensions, TypeScript first: where a `.ts` file and its emitted `.js` sit side by side, the source wins. */
const MODULE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".jsx"];
/** What an emitted file's extension was compiled from. */
const SOURCE_FOR_EMITTED: Record<string, string[]> = { ".js": [".ts", ".tsx", ".jsx"], ".mjs": [".mts"], ".cjs": [".cts", ".ts"] };
/** Folders build tools write to by convention; `dist/x.js` is then `src/x.ts` of the same package. */
const BUILD_OUTPUT_FOLDERS = new Set(["dist", "build", "out", "lib", ".build"]);

/**
 * The source file a module path names: `base` as written when it has a source extension, else `base` plus one, or
 * the source its emitted extension came from (`./db.js` for `db.ts`).
 */
export function findModuleFile(base: string): string | undefined {
  const extension = path.extname(base);
  if (LINTABLE_EXTENSIONS.includes(extension)) {
    const stem = base.slice(0, -extension.length);
    for (const source of SOURCE_FOR_EMITTED[extension] ?? []) if (isRegularFile(stem + source)) return stem + source;
    if (isRegularFile(base)) return base;
  }
  for (const ext of MODULE_EXTENSIONS) if (isRegularFile(base + ext)) return base + ext;
  return undefined;
}

interface OutputMapping {
  /** Absolute folder the build writes to. */
  outDir: string;
  /** Absolute folder its sources come from. */
  rootDir: string;
}

interface BundlerOutput {
  /** Absolute path of the output file, without extension. */
  output: string;
  /** Absolute path of the entry it is bundled from. */
  entry: string;
}

/**
 * Maps deployed paths (build output, as Dockerfiles and handler strings name them) back to the sources a team
 * edits, and finds entry files. Caches what it read of tsconfig and package.json files for one model.
 */
export class EntryResolver {
  private readonly tsconfigs = new Map<string, OutputMapping | null>();
  private readonly bundles = new Map<string, BundlerOutput[]>();

  /**
   * The source file of a module path (`/abs/dist/handler`, `/abs/server.js`): a build output mapped back to its
   * source through the tsconfig whose `outDir` holds it, a bundler command of a package.json on the way up, or the
   * `dist`→`src` convention, all searched from the path's folder up to `stopAt`; otherwise the file itself.
   */
  resolve(base: string, stopAt: string): string | undefined {
    return this.sourceOfBuildOutput(base, stopAt) ?? findModuleFile(base);
  }

  private sourceOfBuildOutput(base: string, stopAt: string): string | undefined {
    const stem = LINTABLE_EXTENSIONS.includes(path.extname(base)) ? base.slice(0, -path.extname(base).length) : base;
    for (let dir = path.dirname(base); isWithin(dir, stopAt); dir = path.dirname(dir)) {
      const mapping = this.tsconfigMapping(dir);
      if (mapping && mapping.outDir !== mapping.rootDir && isWithin(stem, mapping.outDir)) {
        const source = findModuleFile(path.join(mapping.rootDir, path.relative(mapping.outDir, stem)));
        if (source) return source;
      }
      for (const bundle of this.bundlerOutputs(dir)) {
        if (bundle.output === stem && isRegularFile(bundle.entry)) return bundle.entry;
      }
      const relative = path.relative(dir, stem).split(path.sep);
      if (relative.length > 1 && BUILD_OUTPUT_FOLDERS.has(relative[0]!) && isRegularFile(path.join(dir, "package.json"))) {
        const source = findModuleFile(path.join(dir, "src", ...relative.slice(1)));
        if (source) return source;
      }
      if (dir === path.dirname(dir)) break;
    }
    return undefined;
  }

  /** `outDir` and `rootDir` of `dir/tsconfig.json`, following `extends` (each option relative to its own file). */
  private tsconfigMapping(dir: string): OutputMapping | null {
    let mapping = this.tsconfigs.get(dir);
    if (mapping !== undefined) return mapping;
    mapping = null;
    let outDir: string | undefined;
    let rootDir: string | undefined;
    let file: string | undefined = path.join(dir, "tsconfig.json");
    for (let depth = 0; file && depth < 8 && isRegularFile(file); depth++) {
      const text = readText(file);
      const parsed = text === undefined ? undefined : parseJsonc(text);
      const config = parsed?.ok ? (parsed.value as { extends?: unknown; compilerOptions?: Record<string, unknown> } | null) : undefined;
      const options = config?.compilerOptions ?? {};
      if (outDir === undefined && typeof options.outDir === "string") outDir = path.resolve(path.dirname(file), options.outDir);
      if (rootDir === undefined && typeof options.rootDir === "string") rootDir = path.resolve(path.dirname(file), options.rootDir);
      const parent = typeof config?.extends === "string" && config.extends.startsWith(".") ? config.extends : undefined;
      file = parent ? path.resolve(path.dirname(file), parent.endsWith(".json") ? parent : `${parent}.json`) : undefined;
    }
    // Without rootDir, tsc uses the common folder of the inputs: `src` in the layout nearly every project has.
    if (outDir) mapping = { outDir, rootDir: rootDir ?? (pathExists(path.join(dir, "src")) ? path.join(dir, "src") : dir) };
    this.tsconfigs.set(dir, mapping);
    return mapping;
  }

  /** Outputs of `esbuild <entry> --outfile=<file>` commands in `dir/package.json`'s scripts. */
  private bundlerOutputs(dir: string): BundlerOutput[] {
    let outputs = this.bundles.get(dir);
    if (outputs) return outputs;
    outputs = [];
    const scripts = readPackageScripts(path.join(dir, "package.json"));
    for (const command of Object.values(scripts ?? {})) {
      for (const words of commandsIn(command)) {
        const esbuild = words.findIndex((word) => /(^|\/)esbuild$/.test(word));
        if (esbuild < 0) continue;
        const args = words.slice(esbuild + 1);
        const entries = args.filter((arg) => !arg.startsWith("-"));
        const outfile = args.find((arg) => arg.startsWith("--outfile="))?.slice("--outfile=".length);
        const outdir = args.find((arg) => arg.startsWith("--outdir="))?.slice("--outdir=".length);
        if (outfile && entries.length === 1) outputs.push({ output: stripExtension(path.resolve(dir, outfile)), entry: path.resolve(dir, entries[0]!) });
        if (outdir) {
          for (const entry of entries) outputs.push({ output: path.resolve(dir, outdir, stripExtension(path.basename(entry))), entry: path.resolve(dir, entry) });
        }
      }
    }
    this.bundles.set(dir, outputs);
    return outputs;
  }
}

function stripExtension(file: string): string {
  const extension = path.extname(file);
  return extension ? file.slice(0, -extension.length) : file;
}

export function isWithin(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/** A descriptor's text, or a file's it names (a tsconfig, a package.json), without a byte order mark. */
export function readText(file: string): string | undefined {
  return readRegularFileText(file, MAX_FILE_BYTES)?.replace(/^\uFEFF/, "");
}

/** The `scripts` of a package.json, or undefined when it has none or does not parse (that is reported elsewhere). */
export function readPackageScripts(file: string): Record<string, string> | undefined {
  const text = readText(file);
  if (text === undefined) return undefined;
  try {
    const scripts = (JSON.parse(text) as { scripts?: unknown }).scripts;
    if (typeof scripts !== "object" || scripts === null) return undefined;
    return Object.fromEntries(Object.entries(scripts).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    return undefined;
  }
}

/**
 * The simple commands of a shell command line, each as its words: split at `&&`, `||`, `;` and `|`, quotes
 * removed, leading `VAR=value` assignments dropped. Enough for package.json scripts and Dockerfile shell forms.
 */
export function commandsIn(line: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = "";
  let quote: string | undefined;
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = "";
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) words.shift();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
      else word += char;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === "\\" && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (char === ";" || char === "|" || char === "&" || char === "\n") {
      endCommand();
      if (line[i + 1] === char) i++;
    } else if (char === " " || char === "\t") {
      endWord();
    } else {
      word += char;
      inWord = true;
    }
  }
  endCommand();
  return commands;
}
