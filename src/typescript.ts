import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";
import type { ts as TypeScript } from "ts-morph";
import { snapcheckCacheFolder } from "./cache-folder.js";
import { noteCompilerLoaded } from "./compiler-state.js";
import { v8FlagsKey } from "./v8-flags.js";

/**
 * The TypeScript compiler that ts-morph bundles, loaded without the rest of ts-morph and with a V8 code cache.
 * Compiling its 9 MB of JavaScript is most of a cold start (an editor lints one file per process): with the cache
 * the compiler is ready in about a third of the time. Only `ts` is used, never ts-morph's wrappers, so loading
 * ts-morph itself (another 4 MB, plus the scan Node makes of a CommonJS module imported from ESM) is skipped.
 *
 * Imported as `#typescript` (package.json `imports`), whose types are ts-morph's `ts` (types/typescript-namespace.d.ts).
 */
const requireHere = createRequire(import.meta.url);

export const ts: typeof TypeScript = loadCompiler();

function loadCompiler(): typeof TypeScript {
  noteCompilerLoaded();
  let filename: string;
  try {
    const morph = requireHere.resolve("ts-morph");
    filename = path.join(path.dirname(createRequire(morph).resolve("@ts-morph/common")), "typescript.js");
    if (process.env.SNAPCHECK_NO_CODE_CACHE) return withFastMembers(requireHere(filename) as typeof TypeScript);
    return loadWithCodeCache(filename);
  } catch {
    // A layout this loader does not know: ts-morph's own export is the same compiler.
    return withFastMembers((requireHere("ts-morph") as { ts: typeof TypeScript }).ts);
  }
}

/**
 * The compiler's module object holds its ~2,500 exports as getters, too many for V8 to keep it as anything but a
 * hash table: every `ts.isIdentifier` or `ts.forEachChild` in a loop over nodes was a hash lookup and a getter
 * call (about 5% of a run). Copied once as plain values onto a chain of objects of at most 500 members, which V8
 * keeps in fast mode as prototypes, each read is a constant load. The exports snapshotted are functions, enums and
 * objects that never change after load.
 */
function withFastMembers<T extends object>(exports: T): T {
  const names = Object.keys(exports) as (keyof T)[];
  let chain: object = Object.prototype;
  for (let start = 0; start < names.length; start += 500) {
    const link = Object.create(chain) as T;
    for (const name of names.slice(start, start + 500)) link[name] = exports[name];
    chain = link;
  }
  const members = Object.create(chain) as T;
  // Reading each member once through the head is what turns the links into fast prototypes.
  for (const name of names) void members[name];
  return members;
}

function loadWithCodeCache(filename: string): typeof TypeScript {
  const source = readSource(filename);
  const cacheFile = codeCacheFile(filename, source.length);
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  // The same wrapper Node's CommonJS loader puts around a module.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
  const script = new vm.Script(wrapped, { filename, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(filename), module, filename, path.dirname(filename));
  // Before the cache is made, so that the 2,500 export getters it calls are compiled into it too.
  const compiler = withFastMembers(module.exports as typeof TypeScript);
  if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    // The cache holds the functions compiled so far: parse a line first so the parser's are in it. Made now, not at
    // exit, because a long run has flushed the bytecode of functions it stopped using.
    compiler.createSourceFile("warm-up.ts", "export const a = f(1);", compiler.ScriptTarget.Latest, true);
    writeAtomically(cacheFile, script.createCachedData());
  }
  return compiler;
}

/**
 * Read as bytes, then decoded: Node 20's `readFileSync(file, "utf8")` takes about 50 ms longer on the compiler's 9 MB
 * than decoding the buffer it reads.
 */
function readSource(filename: string): string {
  return fs.readFileSync(filename).toString("utf8");
}

/** In snapcheck's cache folder, keyed on what V8 checks the cache against (its version, the source, the flags). */
function codeCacheFile(filename: string, length: number): string | undefined {
  const directory = snapcheckCacheFolder(filename);
  if (!directory) return undefined;
  const mtime = Math.trunc(fs.statSync(filename).mtimeMs);
  return path.join(directory, `typescript-${process.version}-${process.arch}-${v8FlagsKey()}-${length}-${mtime}.v8cache`);
}

function writeAtomically(file: string, data: Buffer): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, file);
  } catch {
    // A read-only install: every run compiles, as without the cache.
  }
}
