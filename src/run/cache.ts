import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { ImportEdge } from "../analysis/modules.js";
import { displayPath } from "../config/load.js";
import { filesBelow } from "../discovery/files-below.js";
import { describeFsError } from "../discovery/find-files.js";
import { MAX_FILE_BYTES, readRegularFile } from "../discovery/regular-file.js";
import { UsageError } from "../errors.js";
import type { DeploymentModel } from "../deployment/model.js";
import type { InitImport } from "../discovery/module-graph.js";
import type { LeftOutPath } from "../discovery/never-snapshotted.js";
import type { RuleInfo, RuleMeta } from "../engine/rule.js";
import { builtFolder } from "../package.js";
import { makeResult, type LintMessage, type LintResult, type SuppressedMessage } from "../results.js";
import { cacheShapes, tablesProblem } from "./cache-schema.js";
import { assertReplaceable, FileWriteError, writeFileAtomic, type WriteOptions } from "./write-file.js";

export const DEFAULT_CACHE_FILE = ".snapcheckcache";
/** Bumped whenever the layout below changes: a cache of another format is discarded whole. */
export const CACHE_FORMAT = 5;
/** Results kept per file, one per distinct config and run settings: jobs sharing a cache keep each other's. */
const MAX_VARIANTS = 4;
/** A larger cache file is not one snapcheck wrote for any real tree: it is not read. */
const MAX_CACHE_BYTES = 256 * 1024 * 1024;

/**
 * What a path was when a resolution looked at it: null for nothing there, `dir` for a folder, `other` for
 * anything else that is not a regular file of at most 10 MB (or could not be read), else the sha256 of its bytes.
 */
export type PathState = string | null;

/** `[path relative to the cache file's folder, its state then]`: one fact a recorded resolution relied on. */
export type Witness = [string, PathState];

interface CacheEntry {
  /** sha256 of the bytes that were linted. */
  hash: string;
  /** sha256 of the file's resolved config and the run's settings. */
  settings: string;
  /**
   * The imports its analysis may have read through (`ModuleIndex.dependenciesOf`), as indices into `records`:
   * the result stands while every witness of every one of them holds.
   */
  resolutions: number[];
  messages: LintMessage[];
  suppressedMessages: SuppressedMessage[];
}

export interface CacheFile {
  format: number;
  /** snapcheck's version: rules change between versions, so another version's results are discarded. */
  version: string;
  /**
   * By path relative to the cache file's folder, with `/`, so a checkout moved or restored in CI still hits; most
   * recently written first. Entries are checked one by one when used.
   */
  files: Record<string, unknown[]>;
  /**
   * Each recorded resolution, as indices into `witnesses`: the files it read (tsconfig, package.json, the file
   * found, whose bytes the analysis read too) and the paths it looked for in vain. Shared by the entries.
   */
  records: number[][];
  witnesses: Witness[];
  /** Deployment plans of recent runs (`PlanEntry`), most recent first. */
  plans: unknown[];
  /**
   * `[witness, message]`: a tsconfig or package.json that could not be read as it is now (the witness holds its
   * hash), said again whenever a result or plan that resolved through it is reused.
   */
  problems: [number, string][];
  /** The metadata of the rules snapcheck ships (`RuleMeta`), so that a run served from the cache need not load them. */
  rules?: unknown;
  /** By path as in `files`: what a file's stat said when its bytes were hashed (`FileStamp`). */
  stamps?: Record<string, unknown>;
}

/**
 * `[size, mtimeMs, ctimeMs, ino, sha256]`: a file whose stat still says all four is taken to hold the bytes that
 * hashed to the last, as git takes a file whose stat matches its index. The change time cannot be set back by a
 * tool that restores a modification time, and a file changed within the last seconds is never stamped, so a write
 * in the same tick of the clock as the hash is not missed.
 */
type FileStamp = [number, number, number, number, string];

/** A file modified more recently than this when hashed is hashed again next time (coarse file system clocks). */
const STAMP_SETTLE_MS = 2_000;

/** What a run decided from the deployment descriptors and the import graph before linting. */
export interface StoredPlan {
  model: DeploymentModel;
  /** By entry file: the files its init reaches. */
  reach: Record<string, string[]>;
  /** Files left out as code no snapshot runs, with why. */
  leftOut: LeftOutPath[];
}

interface PlanEntry {
  /** sha256 of the run's inputs that are not files (paths named, config switches, the files discovered). */
  key: string;
  /** Indices into `records`: the imports the graph followed. */
  resolutions: number[];
  /** Indices into `witnesses`: every other file read to build the plan. */
  witnesses: number[];
  /**
   * What the import graph read from each file: `[file, witness of its bytes, [specifier, resolved file or null,
   * record of the resolution][]]`. A plan that no longer holds is rebuilt from those of its files that still do.
   */
  graph: [string, number, [string, string | null, number][]][];
  plan: StoredPlan;
}

/** Plans kept: one per distinct set of inputs (`snapcheck src` and `snapcheck .` in the same tree). */
const MAX_PLANS = 4;

/** `--cache-location`: a file, or a folder (existing, or written with a trailing slash) to put `.snapcheckcache` in. */
export function cacheFilePath(cwd: string, location: string | undefined): string {
  if (location === undefined) return path.join(cwd, DEFAULT_CACHE_FILE);
  const resolved = path.resolve(cwd, location);
  if (/[\\/]$/.test(location) || isDirectory(resolved)) return path.join(resolved, DEFAULT_CACHE_FILE);
  return resolved;
}

/**
 * `--cache`: results of earlier runs, reused for a file while its bytes, its resolved config, snapcheck's version
 * and what every import its analysis followed depended on are unchanged: the files each resolution read (the
 * imported file's bytes among them) and the paths it looked for and did not find. Checking those reads, hashes and
 * stats files, and never needs the compiler: a run whose files all hit parses and resolves nothing.
 */
export class LintCache {
  hits = 0;
  misses = 0;
  /** What was dropped and why, for `--debug`. */
  readonly notes: string[] = [];
  private readonly dir: string;
  private changed = false;
  /** The state of each path looked at in this run (`PathState`), by absolute path. */
  private readonly states = new Map<string, PathState>();
  private readonly settingsHashes = new WeakMap<object, Map<string, string>>();
  /** Whether each record and witness still holds, decided once per run. */
  private readonly recordHolds = new Map<number, boolean>();
  private readonly witnessHolds = new Map<number, boolean>();
  /** Records and witnesses added by this run, by what identifies them, so entries share them. */
  private readonly newRecords = new Map<string, number>();
  private witnessIndex: Map<string, number> | undefined;

  private readonly entries: Record<string, unknown[]>;
  private readonly records: number[][];
  private readonly witnesses: Witness[];
  private plans: unknown[];
  private rules: unknown;
  private readonly problems: [number, string][];
  private readonly stamps: Record<string, FileStamp>;
  /** Records that reused results and plans relied on: their files' problems are said again. */
  private readonly usedRecords = new Set<number>();
  /** The record of each import handed to a rebuilt plan by `graphSeeds`, by `file\0specifier`. */
  private readonly seededRecords = new Map<string, number>();

  private constructor(
    readonly filePath: string,
    private readonly version: string,
    data: Omit<CacheFile, "format" | "version">,
    private readonly writeOptions: WriteOptions,
  ) {
    this.dir = path.dirname(filePath);
    ({ files: this.entries, records: this.records, witnesses: this.witnesses, plans: this.plans, rules: this.rules, problems: this.problems } = data);
    this.stamps = (data.stamps ?? Object.create(null)) as Record<string, FileStamp>;
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
    const notes: string[] = [];
    // A rebuilt snapcheck may have other rules under the same version number: its results are not reused either.
    const build = buildIdentity(version);
    const data = readCacheFile(filePath, build, notes, tablesProblem);
    const cache = new LintCache(filePath, build, data, writeOptions);
    cache.notes.push(...notes);
    return cache;
  }

  /**
   * The hash of the file's bytes now, when it is a regular file of at most 10 MB (what `get` takes); undefined
   * otherwise. Read at most once per run, however many questions need it.
   */
  currentHash(filePath: string): string | undefined {
    const state = this.stateOf(filePath);
    return state !== null && state.length === 64 ? state : undefined;
  }

  /** The rules' metadata as the run that wrote the cache had it, if kept: enough to resolve configs and report. */
  ruleInfo(): ReadonlyMap<string, RuleInfo> | undefined {
    if (this.rules === undefined) return undefined;
    const problem = cacheShapes.rules(this.rules);
    if (problem) {
      this.notes.push(`cache rule metadata dropped: ${problem}`);
      this.rules = undefined;
      this.changed = true;
      return undefined;
    }
    return new Map((this.rules as RuleMeta[]).map((meta) => [meta.id, { meta }]));
  }

  /** Keeps the metadata of the rules snapcheck ships, when it fits what `ruleInfo` reads back. */
  rememberRules(metas: readonly RuleMeta[]): void {
    const data: unknown = JSON.parse(JSON.stringify(metas));
    // Metadata that JSON cannot hold (a function, say) must not be read back without it.
    if (stableJson(data) !== stableJson(metas) || cacheShapes.rules(data) !== undefined) return;
    if (stableJson(data) === stableJson(this.rules)) return;
    this.rules = data;
    this.changed = true;
  }

  /**
   * The tsconfig and package.json files that could not be read, as an earlier run found them, among those the
   * results and plans reused in this run resolved through (what resolving again would have reported).
   */
  resolutionProblems(): { path: string; message: string }[] {
    if (this.problems.length === 0) return [];
    const relied = new Set<number>();
    for (const record of this.usedRecords) for (const witness of this.records[record] ?? []) relied.add(witness);
    return this.problems
      .filter(([witness]) => relied.has(witness) && this.witnessStillHolds(witness))
      .map(([witness, message]) => ({ path: path.resolve(this.dir, this.witnesses[witness]![0]), message }));
  }

  /** Keeps the problems this run's resolutions met (each with its file as it is now), for runs that reuse them. */
  rememberProblems(problems: readonly { path: string; message: string }[]): void {
    for (const { path: filePath, message } of problems) {
      const witness = this.witnessOf(filePath);
      if (this.problems.some(([known, knownMessage]) => known === witness && knownMessage === message)) continue;
      this.problems.push([witness, message]);
      this.changed = true;
    }
  }

  /** The plan stored for these inputs (`key`), if every file and lookup it was built from is unchanged. */
  plan(key: string): StoredPlan | undefined {
    const index = this.plans.findIndex((plan) => (plan as Partial<PlanEntry> | null)?.key === key);
    if (index < 0) return undefined;
    const problem = cacheShapes.plan(this.plans[index]);
    if (problem) {
      this.plans.splice(index, 1);
      this.changed = true;
      this.notes.push(`cache deployment plan dropped: ${problem}`);
      return undefined;
    }
    const entry = this.plans[index] as PlanEntry;
    const holds = entry.resolutions.every((record) => this.recordStillHolds(record)) && entry.witnesses.every((witness) => this.witnessStillHolds(witness));
    if (!holds) return undefined;
    for (const record of entry.resolutions) this.usedRecords.add(record);
    return entry.plan;
  }

  /**
   * For a plan to rebuild: the imports of each file of the stored plan for these inputs (or the latest one) whose
   * bytes and imports' resolutions are unchanged, so that only the others are parsed and resolved again.
   */
  graphSeeds(key: string): Map<string, InitImport[]> {
    const seeds = new Map<string, InitImport[]>();
    const stored = this.plans.find((plan) => (plan as Partial<PlanEntry> | null)?.key === key) ?? this.plans[0];
    if (stored === undefined || cacheShapes.plan(stored) !== undefined) return seeds;
    for (const [file, witness, imports] of (stored as PlanEntry).graph) {
      if (!this.witnessStillHolds(witness) || !imports.every(([, resolved, record]) => this.resolutionStillHolds(record, resolved))) continue;
      seeds.set(file, imports.map(([specifier, resolved]) => ({ specifier, resolved: resolved ?? undefined })));
      for (const [specifier, , record] of imports) this.seededRecords.set(`${file}\0${specifier}`, this.recordAsNow(record));
    }
    return seeds;
  }

  /**
   * Whether an import still resolves as recorded: every path its resolution looked at is as it was, except that
   * the file it found may have other bytes (they decide what an analysis reads, not where the import leads).
   */
  private resolutionStillHolds(record: number, resolved: string | null): boolean {
    const found = resolved === null ? undefined : this.keyOf(resolved);
    const witnesses = this.records[record];
    return witnesses !== undefined && witnesses.every((witness) => {
      if (this.witnessStillHolds(witness)) return true;
      const state = this.stateOf(path.resolve(this.dir, this.witnesses[witness]![0]));
      return this.witnesses[witness]![0] === found && state !== null && state !== "dir";
    });
  }

  /** A record of the same paths as `record`, each witnessed as it is now: itself when none changed. */
  private recordAsNow(record: number): number {
    const before = this.records[record]!;
    const now = before.map((witness) => this.witnessOf(path.resolve(this.dir, this.witnesses[witness]![0])));
    if (now.every((witness, at) => witness === before[at])) return record;
    this.records.push(now);
    this.recordHolds.set(this.records.length - 1, true);
    return this.records.length - 1;
  }

  /**
   * Keeps a plan for its inputs (`key`), with the files read (`consulted`) and imports followed (`imports`) to build
   * it, and what the import graph read from each file (`graph`; files handed in by `graphSeeds` keep their records).
   */
  setPlan(key: string, plan: StoredPlan, consulted: Iterable<string>, imports: readonly ImportEdge[], graph: Iterable<[string, readonly InitImport[]]>): void {
    const followed = new Map(imports.map((edge) => [`${edge.from}\0${edge.specifier}`, this.recordOf(edge)]));
    const graphFiles: PlanEntry["graph"] = [];
    for (const [file, fileImports] of graph) {
      const recorded: [string, string | null, number][] = [];
      for (const { specifier, resolved } of fileImports) {
        const record = followed.get(`${file}\0${specifier}`) ?? this.seededRecords.get(`${file}\0${specifier}`);
        if (record !== undefined) recorded.push([specifier, resolved ?? null, record]);
      }
      // An import with no record cannot be checked later: the file is parsed again instead.
      if (recorded.length === fileImports.length) graphFiles.push([file, this.witnessOf(file), recorded]);
    }
    const entry: PlanEntry = {
      key,
      resolutions: [...new Set([...followed.values(), ...graphFiles.flatMap(([, , recorded]) => recorded.map(([, , record]) => record))])],
      witnesses: [...new Set([...consulted].map((filePath) => this.witnessOf(filePath)))],
      graph: graphFiles,
      plan,
    };
    this.plans = [entry, ...this.plans.filter((other) => (other as Partial<PlanEntry> | null)?.key !== key)].slice(0, MAX_PLANS);
    this.changed = true;
  }

  /**
   * The cached result of `filePath`, whose bytes hash to `hash`, if still valid and `usable`. Besides the bytes,
   * its result depends on its resolved `config` and on run-wide flags (`runSettings`), and on what its imports
   * resolved through (checked against the disk, not resolved again).
   */
  get(filePath: string, hash: string, config: object, runSettings: string, usable: (result: LintResult) => boolean = () => true): LintResult | undefined {
    this.states.set(filePath, hash);
    const entry = this.entryFor(filePath, this.settingsHash(config, runSettings));
    if (entry && entry.hash === hash && entry.resolutions.every((record) => this.recordStillHolds(record))) {
      const result = makeResult(filePath, structuredClone(entry.messages), structuredClone(entry.suppressedMessages));
      if (usable(result)) {
        this.hits++;
        for (const record of entry.resolutions) this.usedRecords.add(record);
        return result;
      }
    }
    this.misses++;
    return undefined;
  }

  /** Records the result of linting the bytes of `filePath` that hash to `hash`, and the imports its analysis followed. */
  set(filePath: string, hash: string, config: object, runSettings: string, result: LintResult, imports: readonly ImportEdge[]): void {
    this.states.set(filePath, hash);
    const settings = this.settingsHash(config, runSettings);
    const entry: CacheEntry = {
      hash,
      settings,
      resolutions: [...new Set(imports.map((edge) => this.recordOf(edge)))],
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
    this.states.set(filePath, hash);
  }

  /**
   * Writes the cache if anything changed (see `writeFileAtomic`), dropping entries of files that no longer exist
   * and the records no entry uses. Returns why it could not be written, if it could not; throws a UsageError if
   * the file there may not be replaced.
   */
  save(): string | undefined {
    for (const key of Object.keys(this.entries)) {
      const filePath = path.resolve(this.dir, key);
      // A file read in this run was there; only the others are looked for.
      const read = this.states.get(filePath);
      if ((read === undefined || read === null) && !fs.existsSync(filePath)) {
        delete this.entries[key];
        this.changed = true;
      }
    }
    if (!this.changed) return undefined;
    const data: CacheFile = { format: CACHE_FORMAT, version: this.version, ...this.compacted() };
    try {
      writeFileAtomic(this.filePath, JSON.stringify(data), this.writeOptions);
      this.changed = false;
      return undefined;
    } catch (error) {
      if (error instanceof FileWriteError && error.kind === "refused") throw new UsageError(`--cache-location: ${error.message}`);
      return error instanceof FileWriteError ? error.reason : describeFsError(error);
    }
  }

  /**
   * The entries, plans, records and witnesses to write: those some entry or plan still uses, renumbered. An entry
   * whose records are known not to hold, or that does not even list them as numbers, is dropped.
   */
  private compacted(): Omit<CacheFile, "format" | "version"> {
    const recordNumbers = new Map<number, number>();
    const witnessNumbers = new Map<number, number>();
    const records: number[][] = [];
    const witnesses: Witness[] = [];
    const witnessNumber = (witness: number) => {
      let at = witnessNumbers.get(witness);
      if (at === undefined) {
        at = witnesses.length;
        witnessNumbers.set(witness, at);
        witnesses.push(this.witnesses[witness]!);
      }
      return at;
    };
    const recordNumber = (index: number) => {
      let number = recordNumbers.get(index);
      if (number === undefined) {
        number = records.length;
        recordNumbers.set(index, number);
        records.push(this.records[index]!.map(witnessNumber));
      }
      return number;
    };
    const usable = (list: unknown, holds: Map<number, boolean>, table: readonly unknown[]): list is number[] =>
      Array.isArray(list) && list.every((index) => Number.isInteger(index) && table[index as number] !== undefined && holds.get(index as number) !== false);
    const files: Record<string, unknown[]> = {};
    for (const [key, variants] of Object.entries(this.entries)) {
      const kept: unknown[] = [];
      for (const variant of variants) {
        const used = (variant as Partial<CacheEntry> | null)?.resolutions;
        if (usable(used, this.recordHolds, this.records)) kept.push({ ...(variant as object), resolutions: used.map(recordNumber) });
      }
      if (kept.length > 0) files[key] = kept;
    }
    const plans: unknown[] = [];
    for (const plan of this.plans) {
      const { resolutions, witnesses: read, graph } = (plan ?? {}) as Partial<PlanEntry>;
      if (!usable(resolutions, this.recordHolds, this.records) || !usable(read, this.witnessHolds, this.witnesses)) continue;
      // The graph's files and records are among the plan's witnesses and resolutions, checked just above.
      if (!graphWithin(graph, new Set(read), new Set(resolutions))) continue;
      const graphFiles = graph.map(([file, witness, imports]) => [file, witnessNumber(witness), imports.map(([specifier, resolved, record]) => [specifier, resolved, recordNumber(record)])]);
      plans.push({ ...(plan as object), resolutions: resolutions.map(recordNumber), witnesses: read.map(witnessNumber), graph: graphFiles });
    }
    // A problem is kept while some kept record still relies on its file as it was.
    const problems = this.problems.filter(([witness]) => witnessNumbers.has(witness)).map(([witness, message]): [number, string] => [witnessNumbers.get(witness)!, message]);
    // A stamp is kept while an entry or a witness still names its file.
    const named = new Set([...Object.keys(files), ...witnesses.map(([key]) => key)]);
    const stamps: Record<string, FileStamp> = {};
    for (const [key, stamp] of Object.entries(this.stamps)) if (named.has(key)) stamps[key] = stamp;
    return { files, records, witnesses, plans, problems, stamps, ...(this.rules !== undefined ? { rules: this.rules } : {}) };
  }

  /** The valid entry for `settings`; invalid ones are dropped, with a note. */
  private entryFor(filePath: string, settings: string): CacheEntry | undefined {
    const key = this.keyOf(filePath);
    const variants = this.entries[key];
    if (!variants) return undefined;
    const index = variants.findIndex((entry) => (entry as Partial<CacheEntry> | null)?.settings === settings);
    if (index < 0) return undefined;
    const problem = cacheShapes.entry(variants[index]);
    if (!problem) return variants[index] as CacheEntry;
    variants.splice(index, 1);
    this.changed = true;
    this.notes.push(`cache entry of ${key} dropped: ${problem}`);
    return undefined;
  }

  private recordStillHolds(index: number): boolean {
    let holds = this.recordHolds.get(index);
    if (holds === undefined) {
      const witnesses = this.records[index];
      holds = witnesses !== undefined && witnesses.every((witness) => this.witnessStillHolds(witness));
      this.recordHolds.set(index, holds);
    }
    return holds;
  }

  private witnessStillHolds(index: number): boolean {
    let holds = this.witnessHolds.get(index);
    if (holds === undefined) {
      const witness = this.witnesses[index];
      holds = witness !== undefined && this.stateOf(path.resolve(this.dir, witness[0])) === witness[1];
      this.witnessHolds.set(index, holds);
    }
    return holds;
  }

  /** The record of what an import's resolution relied on, added to `records` the first time this run meets it. */
  private recordOf(edge: ImportEdge): number {
    const identity = `${path.dirname(edge.from)}\0${path.extname(edge.from)}\0${edge.specifier}`;
    let index = this.newRecords.get(identity);
    if (index === undefined) {
      const consulted = new Set(edge.consulted);
      if (edge.resolved !== undefined) consulted.add(edge.resolved);
      const witnesses = new Set([...consulted].map((filePath) => this.witnessOf(filePath)));
      index = this.records.length;
      this.records.push([...witnesses]);
      this.recordHolds.set(index, true);
      this.newRecords.set(identity, index);
    }
    return index;
  }

  /**
   * The witness of a path's state now. A path not there is witnessed by its first missing folder (`a/b` for
   * `a/b/c/index.ts` when `a` exists and `a/b` does not): nothing can appear below it without it appearing, and
   * the many lookups under one missing folder share one witness.
   */
  private witnessOf(filePath: string): number {
    let target = filePath;
    let state = this.stateOf(target);
    if (state === null) {
      for (let parent = path.dirname(target); parent !== target && this.stateOf(parent) === null; parent = path.dirname(parent)) target = parent;
    }
    state = this.stateOf(target);
    const key = `${this.keyOf(target)}\0${state}`;
    this.witnessIndex ??= new Map(this.witnesses.map(([known, knownState], index) => [`${known}\0${knownState}`, index]));
    let index = this.witnessIndex.get(key);
    if (index === undefined) {
      index = this.witnesses.length;
      this.witnesses.push([this.keyOf(target), state]);
      this.witnessIndex.set(key, index);
      this.witnessHolds.set(index, true);
    }
    return index;
  }

  private stateOf(filePath: string): PathState {
    let state = this.states.get(filePath);
    if (state === undefined) {
      state = this.stampedState(filePath);
      this.states.set(filePath, state);
    }
    return state;
  }

  /** `pathState`, without reading a file whose stat matches its stamp. */
  private stampedState(filePath: string): PathState {
    const key = this.keyOf(filePath);
    const known = this.stamps[key];
    if (known) {
      let now: fs.Stats | undefined;
      try {
        now = fs.statSync(filePath, { throwIfNoEntry: false });
      } catch {
        now = undefined;
      }
      if (now?.isFile() && known[0] === now.size && known[1] === now.mtimeMs && known[2] === now.ctimeMs && known[3] === now.ino) return known[4];
    }
    const { state, stats } = readPathState(filePath);
    if (stats && state !== null && stats.mtimeMs < Date.now() - STAMP_SETTLE_MS) {
      this.stamps[key] = [stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino, state];
      this.changed = true;
    } else if (known) {
      delete this.stamps[key];
      this.changed = true;
    }
    return state;
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

/** Whether a stored plan's `graph` is a list whose witnesses and records are among `witnesses` and `records`. */
function graphWithin(graph: unknown, witnesses: ReadonlySet<number>, records: ReadonlySet<number>): graph is PlanEntry["graph"] {
  return (
    Array.isArray(graph) &&
    graph.every(
      (file: unknown) =>
        Array.isArray(file) &&
        witnesses.has(file[1] as number) &&
        Array.isArray(file[2]) &&
        (file[2] as unknown[]).every((edge) => Array.isArray(edge) && records.has(edge[2] as number)),
    )
  );
}

/** What is at a path now (see `PathState`); a named pipe or a device is never read. */
export function pathState(filePath: string): PathState {
  return readPathState(filePath).state;
}

/** `pathState`, with the stats of the file whose bytes were hashed. */
function readPathState(filePath: string): { state: PathState; stats?: fs.Stats } {
  const read = readRegularFile(filePath, MAX_FILE_BYTES);
  if (read.ok) return { state: hashBytes(read.bytes), stats: read.stats };
  if (read.reason === "missing") return { state: null };
  try {
    return { state: fs.statSync(filePath).isDirectory() ? "dir" : "other" };
  } catch {
    return { state: "other" };
  }
}

export function hashBytes(bytes: Buffer): string {
  return crypto.createHash("sha256").update(bytes).digest("hex");
}

type TablesCheck = (records: unknown, witnesses: unknown, problems: unknown) => string | undefined;

let stampOfBuild: string | undefined;

/** This snapcheck: its version and its build (`buildStamp`); what a cache or a stored editor scope is kept for. */
export function buildIdentity(version: string): string {
  return `${version}+${buildStamp()}`;
}

/**
 * What identifies the installed build beyond its version: the names, sizes and times of the compiled files, so a
 * rebuilt snapcheck (whose rules may have changed) does not reuse results. Nothing when running from source.
 */
function buildStamp(): string {
  stampOfBuild ??= computeBuildStamp();
  return stampOfBuild;
}

function computeBuildStamp(): string {
  const dist = builtFolder();
  if (dist === undefined) return "source";
  const hash = crypto.createHash("sha256");
  const built = [...filesBelow(dist, { entersFolder: () => true, wantsFile: (name) => name.endsWith(".js"), maxFiles: Number.POSITIVE_INFINITY })];
  for (const full of built.sort()) {
    try {
      const stats = fs.statSync(full);
      hash.update(`${path.relative(dist, full)}\0${stats.size}\0${stats.mtimeMs}\n`);
    } catch {
      // Gone while listed: the stamp differs, as it should.
    }
  }
  return hash.digest("hex").slice(0, 16);
}

function readCacheFile(filePath: string, version: string, notes: string[], tablesProblem: TablesCheck): Omit<CacheFile, "format" | "version"> {
  const files: Record<string, unknown[]> = Object.create(null) as Record<string, unknown[]>;
  const empty = { files, records: [], witnesses: [], plans: [], problems: [] };
  let text: string;
  try {
    const stats = fs.statSync(filePath);
    if (!stats.isFile() || stats.size > MAX_CACHE_BYTES) {
      notes.push(`cache ${filePath} not read: ${stats.isFile() ? "larger than 256 MB" : "not a regular file"}`);
      return empty;
    }
    text = fs.readFileSync(filePath, "utf8");
  } catch {
    return empty;
  }
  let data: Partial<CacheFile> | null;
  try {
    data = JSON.parse(text) as Partial<CacheFile> | null;
  } catch {
    notes.push(`cache ${filePath} not read: not JSON`);
    return empty;
  }
  // Starting empty is always correct; the file is rewritten at the end of the run.
  if (data?.format !== CACHE_FORMAT || data.version !== version || !isPlainObject(data.files)) {
    notes.push(`cache ${filePath} discarded: written by another snapcheck version or format`);
    return empty;
  }
  const problem = tablesProblem(data.records, data.witnesses, data.problems ?? []);
  if (problem) {
    notes.push(`cache ${filePath} discarded: ${problem}`);
    return empty;
  }
  for (const [key, variants] of Object.entries(data.files)) {
    if (Array.isArray(variants)) files[key] = variants.slice(0, MAX_VARIANTS);
    else notes.push(`cache entry of ${key} dropped: not a list of results`);
  }
  // A stamp not of the shape is dropped: its file is hashed again.
  const stamps: Record<string, FileStamp> = Object.create(null) as Record<string, FileStamp>;
  for (const [key, stamp] of Object.entries(isPlainObject(data.stamps) ? data.stamps : {})) if (isFileStamp(stamp)) stamps[key] = stamp;
  return {
    files,
    records: data.records!,
    witnesses: data.witnesses!,
    plans: Array.isArray(data.plans) ? data.plans.slice(0, MAX_PLANS) : [],
    problems: data.problems ?? [],
    stamps,
    ...(data.rules !== undefined ? { rules: data.rules } : {}),
  };
}

function isFileStamp(value: unknown): value is FileStamp {
  return (
    Array.isArray(value) &&
    value.length === 5 &&
    value.slice(0, 4).every((part) => typeof part === "number" && Number.isFinite(part)) &&
    typeof value[4] === "string" &&
    /^[0-9a-f]{64}$/.test(value[4])
  );
}

/** A cache file of any snapcheck version: what `--cache-location` may replace. */
function isCacheFile(bytes: Buffer): boolean {
  // How every cache snapcheck writes begins: a large one need not be parsed twice to be recognised.
  if (/^\{"format":\d+,"version":"/.test(bytes.subarray(0, 64).toString("latin1"))) return true;
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
