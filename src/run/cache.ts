import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { ImportEdge, ModuleIndex } from "../analysis/modules.js";
import { displayPath } from "../config/load.js";
import { describeFsError } from "../discovery/find-files.js";
import { UsageError } from "../errors.js";
import { makeResult, type LintMessage, type LintResult, type SuppressedMessage } from "../results.js";
import { MAX_FILE_BYTES } from "./source.js";
import { assertReplaceable, FileWriteError, writeFileAtomic, type WriteOptions } from "./write-file.js";

export const DEFAULT_CACHE_FILE = ".snapcheckcache";
/** Bumped whenever the layout below changes: a cache of another format is discarded whole. */
const CACHE_FORMAT = 2;
/** Results kept per file, one per distinct config and run settings: jobs sharing a cache keep each other's. */
const MAX_VARIANTS = 4;
/** A larger cache file is not one snapcheck wrote for any real tree: it is not read. */
const MAX_CACHE_BYTES = 256 * 1024 * 1024;

/** `[importing file, specifier, file it resolved to or null, that file's hash or null]`, paths as in `files`. */
type StoredImport = [string, string, string | null, string | null];

interface CacheEntry {
  /** sha256 of the bytes that were linted. */
  hash: string;
  /** sha256 of the file's resolved config and the run's settings. */
  settings: string;
  /** The relative imports its analysis may have read through (`ModuleIndex.dependenciesOf`). */
  imports: StoredImport[];
  messages: LintMessage[];
  suppressedMessages: SuppressedMessage[];
}

interface CacheFile {
  format: number;
  /** snapcheck's version: rules change between versions, so another version's results are discarded. */
  version: string;
  /**
   * By path relative to the cache file's folder, with `/`, so a checkout moved or restored in CI still hits; most
   * recently written first. Entries are checked one by one when used.
   */
  files: Record<string, unknown[]>;
}

/** `--cache-location`: a file, or a folder (existing, or written with a trailing slash) to put `.snapcheckcache` in. */
export function cacheFilePath(cwd: string, location: string | undefined): string {
  if (location === undefined) return path.join(cwd, DEFAULT_CACHE_FILE);
  const resolved = path.resolve(cwd, location);
  if (/[\\/]$/.test(location) || isDirectory(resolved)) return path.join(resolved, DEFAULT_CACHE_FILE);
  return resolved;
}

/**
 * `--cache`: results of earlier runs, reused for a file while its bytes, its resolved config, snapcheck's version
 * and every relative import its analysis followed (the imported files' bytes and what each specifier resolves to)
 * are unchanged. A hit reads and hashes files but parses nothing.
 */
export class LintCache {
  hits = 0;
  misses = 0;
  /** What was dropped and why, for `--debug`. */
  readonly notes: string[] = [];
  private readonly dir: string;
  private changed = false;
  /** Hashes of file contents read in this run; null for a file that is missing, unreadable or not a regular file. */
  private readonly hashes = new Map<string, string | null>();
  private readonly settingsHashes = new WeakMap<object, Map<string, string>>();

  private constructor(
    readonly filePath: string,
    private readonly version: string,
    private readonly entries: Record<string, unknown[]>,
    private readonly writeOptions: WriteOptions,
    private readonly entrySchema: EntrySchema,
  ) {
    this.dir = path.dirname(filePath);
  }

  /**
   * Loads the cache; a missing, unreadable, corrupt or other-version cache starts empty. Throws a UsageError when
   * the file there is not one snapcheck may replace: a link, or a file of another format (`package.json`).
   */
  static async open(filePath: string, version: string, cwd: string): Promise<LintCache> {
    const writeOptions: WriteOptions = {
      shown: displayPath(cwd, filePath),
      noLinkedFoldersBelow: cwd,
      // The default name is snapcheck's own whatever it holds; another name must hold a cache.
      ...(path.basename(filePath) === DEFAULT_CACHE_FILE ? {} : { replaces: { test: isCacheFile, kind: "a snapcheck cache file" } }),
    };
    try {
      assertReplaceable(filePath, writeOptions);
    } catch (error) {
      if (error instanceof FileWriteError && error.kind === "refused") throw new UsageError(`--cache-location: ${error.message}`);
    }
    const { cacheEntrySchema } = await import("./cache-schema.js");
    const notes: string[] = [];
    const entries = readEntries(filePath, version, notes);
    const cache = new LintCache(filePath, version, entries, writeOptions, await cacheEntrySchema());
    cache.notes.push(...notes);
    return cache;
  }

  /**
   * The cached result of `filePath`, whose bytes hash to `hash`, if still valid and `usable`. Besides the bytes,
   * its result depends on its resolved `config` and on run-wide flags (`runSettings`); imports are resolved again
   * with `modules`.
   */
  get(
    filePath: string,
    hash: string,
    config: object,
    runSettings: string,
    modules: ModuleIndex,
    usable: (result: LintResult) => boolean = () => true,
  ): LintResult | undefined {
    this.hashes.set(filePath, hash);
    const entry = this.entryFor(filePath, this.settingsHash(config, runSettings));
    if (entry && entry.hash === hash && this.importsUnchanged(entry, modules)) {
      const result = makeResult(filePath, structuredClone(entry.messages), structuredClone(entry.suppressedMessages));
      if (usable(result)) {
        this.hits++;
        return result;
      }
    }
    this.misses++;
    return undefined;
  }

  /** Records the result of linting the bytes of `filePath` that hash to `hash`, and the imports its analysis followed. */
  set(filePath: string, hash: string, config: object, runSettings: string, result: LintResult, imports: readonly ImportEdge[]): void {
    this.hashes.set(filePath, hash);
    const settings = this.settingsHash(config, runSettings);
    const entry: CacheEntry = {
      hash,
      settings,
      imports: imports.map(({ from, specifier, resolved }) => [
        this.keyOf(from),
        specifier,
        resolved === undefined ? null : this.keyOf(resolved),
        resolved === undefined ? null : this.hashOf(resolved),
      ]),
      messages: structuredClone(result.messages),
      suppressedMessages: structuredClone(result.suppressedMessages),
    };
    const key = this.keyOf(filePath);
    const others = (this.entries[key] ?? []).filter((other) => (other as Partial<CacheEntry> | null)?.settings !== settings);
    this.entries[key] = [entry, ...others].slice(0, MAX_VARIANTS);
    this.changed = true;
  }

  /** `--fix` rewrote a file: imports of it are recorded with the hash of what is now on disk. */
  fileWritten(filePath: string, hash: string): void {
    this.hashes.set(filePath, hash);
  }

  /**
   * Writes the cache if anything changed (see `writeFileAtomic`), dropping entries of files that no longer exist.
   * Returns why it could not be written, if it could not; throws a UsageError if the file there may not be replaced.
   */
  save(): string | undefined {
    for (const key of Object.keys(this.entries)) {
      if (!fs.existsSync(path.resolve(this.dir, key))) {
        delete this.entries[key];
        this.changed = true;
      }
    }
    if (!this.changed) return undefined;
    const data: CacheFile = { format: CACHE_FORMAT, version: this.version, files: this.entries };
    try {
      writeFileAtomic(this.filePath, JSON.stringify(data), this.writeOptions);
      this.changed = false;
      return undefined;
    } catch (error) {
      if (error instanceof FileWriteError && error.kind === "refused") throw new UsageError(`--cache-location: ${error.message}`);
      return error instanceof FileWriteError ? error.reason : describeFsError(error);
    }
  }

  /** The valid entry for `settings`; invalid ones are dropped, with a note. */
  private entryFor(filePath: string, settings: string): CacheEntry | undefined {
    const key = this.keyOf(filePath);
    const variants = this.entries[key];
    if (!variants) return undefined;
    const index = variants.findIndex((entry) => (entry as Partial<CacheEntry> | null)?.settings === settings);
    if (index < 0) return undefined;
    const parsed = this.entrySchema.safeParse(variants[index]);
    if (parsed.success) return parsed.data as CacheEntry;
    variants.splice(index, 1);
    this.changed = true;
    this.notes.push(`cache entry of ${key} dropped: ${parsed.error.issues[0]?.message ?? "invalid"} at ${parsed.error.issues[0]?.path.join(".") ?? ""}`);
    return undefined;
  }

  private importsUnchanged(entry: CacheEntry, modules: ModuleIndex): boolean {
    return entry.imports.every(([from, specifier, resolved, hash]) => {
      const now = modules.resolve(path.resolve(this.dir, from), specifier);
      if (now === undefined) return resolved === null;
      return resolved !== null && this.keyOf(now) === resolved && this.hashOf(now) === hash;
    });
  }

  private hashOf(filePath: string): string | null {
    let hash = this.hashes.get(filePath);
    if (hash === undefined) {
      hash = hashFile(filePath);
      this.hashes.set(filePath, hash);
    }
    return hash;
  }

  /** Memoized by config object: files sharing a resolved config share the object. */
  private settingsHash(config: object, runSettings: string): string {
    let byRun = this.settingsHashes.get(config);
    if (!byRun) {
      byRun = new Map();
      this.settingsHashes.set(config, byRun);
    }
    let hash = byRun.get(runSettings);
    if (hash === undefined) {
      hash = crypto.createHash("sha256").update(stableJson([config, runSettings])).digest("hex");
      byRun.set(runSettings, hash);
    }
    return hash;
  }

  private keyOf(filePath: string): string {
    return path.relative(this.dir, filePath).split(path.sep).join("/");
  }
}

export function hashBytes(bytes: Buffer): string {
  return crypto.createHash("sha256").update(bytes).digest("hex");
}

/** The hash of a regular file's bytes; null for anything else (a link to `/dev/zero` is never read). */
function hashFile(filePath: string): string | null {
  try {
    const stats = fs.statSync(filePath);
    if (!stats.isFile() || stats.size > MAX_FILE_BYTES) return null;
    return hashBytes(fs.readFileSync(filePath));
  } catch {
    return null;
  }
}

type EntrySchema = Awaited<ReturnType<typeof import("./cache-schema.js").cacheEntrySchema>>;

function readEntries(filePath: string, version: string, notes: string[]): Record<string, unknown[]> {
  const entries: Record<string, unknown[]> = Object.create(null) as Record<string, unknown[]>;
  let text: string;
  try {
    const stats = fs.statSync(filePath);
    if (!stats.isFile() || stats.size > MAX_CACHE_BYTES) {
      notes.push(`cache ${filePath} not read: ${stats.isFile() ? "larger than 256 MB" : "not a regular file"}`);
      return entries;
    }
    text = fs.readFileSync(filePath, "utf8");
  } catch {
    return entries;
  }
  let data: Partial<CacheFile> | null;
  try {
    data = JSON.parse(text) as Partial<CacheFile> | null;
  } catch {
    notes.push(`cache ${filePath} not read: not JSON`);
    return entries;
  }
  // Starting empty is always correct; the file is rewritten at the end of the run.
  if (data?.format !== CACHE_FORMAT || data.version !== version || !isPlainObject(data.files)) {
    notes.push(`cache ${filePath} discarded: written by another snapcheck version or format`);
    return entries;
  }
  for (const [key, variants] of Object.entries(data.files)) {
    if (Array.isArray(variants)) entries[key] = variants.slice(0, MAX_VARIANTS);
    else notes.push(`cache entry of ${key} dropped: not a list of results`);
  }
  return entries;
}

/** A cache file of any snapcheck version: what `--cache-location` may replace. */
function isCacheFile(bytes: Buffer): boolean {
  try {
    const data = JSON.parse(bytes.toString("utf8")) as Partial<CacheFile> | null;
    return typeof data?.format === "number" && typeof data.version === "string" && isPlainObject(data.files);
  } catch {
    return false;
  }
}

/** JSON with object keys sorted, so equal settings hash equally whatever order they were built in. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    isPlainObject(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : inner,
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isDirectory(filePath: string): boolean {
  try {
    return fs.statSync(filePath).isDirectory();
  } catch {
    return false;
  }
}
