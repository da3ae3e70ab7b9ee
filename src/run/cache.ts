import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { ImportEdge, ModuleIndex } from "../analysis/modules.js";
import { describeFsError } from "../discovery/find-files.js";
import { makeResult, type LintMessage, type LintResult, type SuppressedMessage } from "../results.js";

export const DEFAULT_CACHE_FILE = ".snapcheckcache";
/** Bumped whenever the layout below changes: a cache of another format is discarded whole. */
const CACHE_FORMAT = 1;

/** `[importing file, specifier, file it resolved to or null, that file's hash or null]`, paths as in `files`. */
type StoredImport = [string, string, string | null, string | null];

interface CacheEntry {
  /** sha256 of the file's bytes. */
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
  /** By path relative to the cache file's folder, with `/`, so a checkout moved or restored in CI still hits. */
  files: Record<string, CacheEntry>;
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
  private readonly dir: string;
  private readonly entries: Record<string, CacheEntry>;
  private changed = false;
  /** Hashes of file contents read in this run; null for a file that is missing or unreadable. */
  private readonly hashes = new Map<string, string | null>();
  private readonly settingsHashes = new WeakMap<object, Map<string, string>>();

  private constructor(
    readonly filePath: string,
    private readonly version: string,
    entries: Record<string, CacheEntry>,
  ) {
    this.dir = path.dirname(filePath);
    this.entries = entries;
  }

  /** Loads the cache; a missing, unreadable, corrupt or other-version cache starts empty. */
  static open(filePath: string, version: string): LintCache {
    let entries: Record<string, CacheEntry> = {};
    try {
      const data = JSON.parse(fs.readFileSync(filePath, "utf8")) as Partial<CacheFile> | null;
      if (data?.format === CACHE_FORMAT && data.version === version && isRecord(data.files)) entries = data.files;
    } catch {
      // Starting empty is always correct; the file is rewritten at the end of the run.
    }
    return new LintCache(filePath, version, Object.assign(Object.create(null), entries) as Record<string, CacheEntry>);
  }

  /**
   * The cached result of `filePath`, if still valid and `usable`. Besides the file's bytes, its result depends on
   * its resolved `config` and on run-wide flags (`runSettings`); imports are resolved again with `modules`.
   */
  get(
    filePath: string,
    config: object,
    runSettings: string,
    modules: ModuleIndex,
    usable: (result: LintResult) => boolean = () => true,
  ): LintResult | undefined {
    const entry = this.entries[this.keyOf(filePath)];
    if (entry && isValidEntry(entry) && this.isFresh(filePath, entry, this.settingsHash(config, runSettings), modules)) {
      const result = makeResult(filePath, entry.messages.map(clone), entry.suppressedMessages.map(clone));
      if (usable(result)) {
        this.hits++;
        return result;
      }
    }
    this.misses++;
    return undefined;
  }

  /** Records the result of linting `filePath` as it is now on disk, and the imports its analysis followed. */
  set(filePath: string, config: object, runSettings: string, result: LintResult, imports: readonly ImportEdge[]): void {
    const hash = this.hashOf(filePath);
    if (hash === null) return;
    this.entries[this.keyOf(filePath)] = {
      hash,
      settings: this.settingsHash(config, runSettings),
      imports: imports.map(({ from, specifier, resolved }) => [
        this.keyOf(from),
        specifier,
        resolved === undefined ? null : this.keyOf(resolved),
        resolved === undefined ? null : this.hashOf(resolved),
      ]),
      messages: result.messages.map(clone),
      suppressedMessages: result.suppressedMessages.map(clone),
    };
    this.changed = true;
  }

  /** `--fix` rewrote the file: its hash must be read again. */
  fileWritten(filePath: string): void {
    this.hashes.delete(filePath);
  }

  /**
   * Writes the cache if anything changed, atomically (a temporary file renamed over it), dropping entries of
   * files that no longer exist. Returns why it could not be written, if it could not.
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
    const temporary = `${this.filePath}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      fs.writeFileSync(temporary, JSON.stringify(data));
      fs.renameSync(temporary, this.filePath);
      this.changed = false;
      return undefined;
    } catch (error) {
      removeQuietly(temporary);
      return describeFsError(error);
    }
  }

  private isFresh(filePath: string, entry: CacheEntry, settings: string, modules: ModuleIndex): boolean {
    if (entry.settings !== settings || entry.hash !== this.hashOf(filePath)) return false;
    return entry.imports.every(([from, specifier, resolved, hash]) => {
      const now = modules.resolve(path.resolve(this.dir, from), specifier);
      if (now === undefined) return resolved === null;
      return resolved !== null && this.keyOf(now) === resolved && this.hashOf(now) === hash;
    });
  }

  private hashOf(filePath: string): string | null {
    let hash = this.hashes.get(filePath);
    if (hash === undefined) {
      try {
        hash = crypto.createHash("sha256").update(fs.readFileSync(filePath)).digest("hex");
      } catch {
        hash = null;
      }
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

/** JSON with object keys sorted, so equal settings hash equally whatever order they were built in. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    isRecord(inner) && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

function isValidEntry(entry: unknown): entry is CacheEntry {
  if (!isRecord(entry)) return false;
  const { hash, settings, imports, messages, suppressedMessages } = entry as Partial<CacheEntry>;
  return (
    typeof hash === "string" &&
    typeof settings === "string" &&
    Array.isArray(imports) &&
    imports.every((item) => Array.isArray(item) && item.length === 4 && typeof item[0] === "string" && typeof item[1] === "string") &&
    Array.isArray(messages) &&
    messages.every(isRecord) &&
    Array.isArray(suppressedMessages) &&
    suppressedMessages.every(isRecord)
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function isDirectory(filePath: string): boolean {
  try {
    return fs.statSync(filePath).isDirectory();
  } catch {
    return false;
  }
}

function removeQuietly(filePath: string): void {
  try {
    fs.rmSync(filePath, { force: true });
  } catch {
    // Nothing was written there.
  }
}
