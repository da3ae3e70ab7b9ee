import path from "node:path";
import { ts } from "#typescript";
import { readRegularFileText, regularFileAt } from "../discovery/regular-file.js";
import { nodeCountOf, parseSource } from "../engine/parse.js";
import { importSpecifiers, type RelevanceFilter } from "../engine/relevance.js";
import { ModuleResolver, type Resolution } from "./resolution.js";
import { Scopes } from "./scopes.js";
import { syntaxIndexOf } from "./syntax-index.js";
import type { SymbolicValue } from "./values.js";
import { bindingIdentifiers, skipTransparent, type FunctionLike } from "./syntax.js";

/** What the analyses know about one parsed file. Imported files get one too, parsed on demand. */
export class ModuleFacts {
  readonly scopes = new Scopes();
  private readonly assignments = new Map<ts.VariableDeclaration, ts.Expression[]>();
  private readonly resolvedAssignmentNames = new Set<string>();

  constructor(
    readonly filePath: string,
    readonly sourceFile: ts.SourceFile,
    readonly index: ModuleIndex,
  ) {}

  /** Values assigned to a variable after its declaration (`x = …`, `x ??= …`), by declaration node. */
  assignmentsTo(declaration: ts.VariableDeclaration): readonly ts.Expression[] {
    if (declaration.parent.flags & ts.NodeFlags.Const) return [];
    for (const name of bindingIdentifiers(declaration.name)) this.resolveAssignments(name.text);
    return this.assignments.get(declaration) ?? [];
  }

  /** Sorts the assignments to one name by the declaration each refers to, the first time any is asked for. */
  private resolveAssignments(name: string): void {
    if (this.resolvedAssignmentNames.has(name)) return;
    this.resolvedAssignmentNames.add(name);
    for (const assignment of syntaxIndexOf(this.sourceFile).assignmentsByName.get(name) ?? []) {
      const bound = this.scopes.lookup(skipTransparent(assignment.left) as ts.Identifier);
      if (bound?.kind !== "variable") continue;
      const list = this.assignments.get(bound.node);
      if (list) list.push(assignment.right);
      else this.assignments.set(bound.node, [assignment.right]);
    }
  }

  /** Values this file exports, by name, once looked up. */
  private readonly exports = new Map<string, SymbolicValue>();
  /** What expressions of this file evaluate to, once asked (`evaluate` at the top). */
  private readonly values = new Map<ts.Node, SymbolicValue>();

  cachedExport(name: string): SymbolicValue | undefined {
    return this.exports.get(name);
  }

  cacheExport(name: string, value: SymbolicValue): void {
    this.index.cachesInUse.add(this);
    this.exports.set(name, value);
  }

  cachedValue(expression: ts.Node): SymbolicValue | undefined {
    return this.values.get(expression);
  }

  cacheValue(expression: ts.Node, value: SymbolicValue): void {
    this.index.cachesInUse.add(this);
    this.values.set(expression, value);
  }

  /** Cached values may point into any file's tree: they go with the first tree the index drops. */
  clearCaches(): void {
    this.exports.clear();
    this.values.clear();
  }

  /** The project file an import of this file names (relative, alias, `#import`, workspace package), if any. */
  resolveImport(specifier: string): string | undefined {
    return this.index.resolveFrom(this.filePath, specifier);
  }

  /** Resolves an import of this file to the facts of the imported project file (parsing it on first use). */
  importedFile(specifier: string): ModuleFacts | undefined {
    return this.index.load(this.resolveImport(specifier));
  }

  /** `path:line` of a node, relative to `fromFile`'s folder, for messages. */
  locationOf(node: ts.Node, fromFile: string): string {
    const line = this.sourceFile.getLineAndCharacterOfPosition(node.getStart(this.sourceFile)).line + 1;
    if (this.filePath === fromFile) return `line ${line}`;
    const relative = path.relative(path.dirname(fromFile), this.filePath).split(path.sep).join("/");
    return `${relative}:${line}`;
  }
}

/** Files larger than this are not parsed just to follow an import into them. */
const MAX_IMPORTED_FILE_BYTES = 2 * 1024 * 1024;
/**
 * Parsed files kept between linted files for later imports; past either bound the least recently used are dropped
 * (by `settle`, between files), so memory stays flat however large the tree. Counted in nodes, which is what a
 * kept tree costs (a few hundred bytes each, with its scopes and facts); text is a poor measure, since comments
 * cost nothing. 300,000 nodes is 2 to 4 MB of text. An import graph as dense as effect's needs about that much:
 * with 250,000 the modules most of its files import were dropped and parsed again and again (482 extra parses, a
 * third of the medium corpus's bytes, 10% of the run); 300,000 costs 20 MiB more at the peak, 350,000 gained little
 * more for another 10 MiB.
 */
const CACHE_LIMIT_FILES = 512;
const CACHE_LIMIT_NODES = 300_000;

/**
 * Lookups remembered for the run (resolved specifiers, pre-check verdicts) are started afresh past this many, so
 * memory does not grow with the tree: a tree four times the size would otherwise hold 70 MB more.
 */
const MAX_REMEMBERED_LOOKUPS = 20_000;

/**
 * A copy of a string that shares no memory with the text it was cut from. V8 keeps a substring of 13 or more
 * characters as a slice of its parent: a specifier kept in a run-long map would otherwise keep the whole text of
 * the file it was read from alive, and memory would grow with the tree.
 */
function detached(text: string): string {
  return (" " + text).slice(1);
}

function rememberBounded<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (map.size >= MAX_REMEMBERED_LOOKUPS) map.clear();
  map.set(key, value);
}

/** Marks a recorded dependency that is a file named by path, not a module specifier. */
const FILE_READ_SPECIFIER = "file:";

/**
 * An import an analysis resolved: from which file, the specifier, the project file it named (if any), and the
 * paths whose state decided that (`Resolution.consulted`; recorded only by an index made with `recordImports`).
 */
export interface ImportEdge {
  from: string;
  specifier: string;
  resolved: string | undefined;
  consulted: readonly string[];
}

/**
 * The files of one run, by absolute path: the linted file registers its own parse, imported files are parsed once
 * on demand when an analysis follows an import into them.
 */
export class ModuleIndex {
  private readonly files = new Map<string, ModuleFacts | null>();
  private cachedNodes = 0;
  /** The files that cached values since files were last dropped: those caches are cleared at the next drop. */
  readonly cachesInUse = new Set<ModuleFacts>();
  private readonly resolutions = new Map<string, Resolution>();
  /** tsconfig and package.json lookups, shared by every file of the run. */
  readonly resolver: ModuleResolver;
  private reach = new WeakMap<RelevanceFilter, Map<string, boolean>>();
  /** Imports resolved so far in the run, by importing file: what `dependenciesOf` follows. */
  private readonly imports = new Map<string, Map<string, Resolution>>();

  private readonly keptNodes: number;
  private readonly recordsImports: boolean;
  readonly keepsLintedFiles: boolean;
  /** The file being linted, when no analysis had loaded it before: dropped by `settle` unless one loads it now. */
  private lintedOnly: string | undefined;

  /**
   * `recordImports` keeps every resolved import for `dependenciesOf` (`--cache` needs them; they cost memory in
   * proportion to the tree). `keepLintedFiles` keeps a linted file's tree for later imports even when nothing has
   * imported it yet: an editor's process lints the same few files again and again, and their unsaved text must win
   * over the disk; a run over a tree only keeps files that analyses import. `keptNodes` (nodes of parsed trees
   * kept between linted files) is for tests.
   */
  constructor(
    readonly cwd: string,
    {
      recordImports = false,
      keepLintedFiles = false,
      keptNodes = CACHE_LIMIT_NODES,
    }: { recordImports?: boolean; keepLintedFiles?: boolean; keptNodes?: number } = {},
  ) {
    this.recordsImports = recordImports;
    this.keepsLintedFiles = keepLintedFiles;
    this.keptNodes = keptNodes;
    this.resolver = new ModuleResolver(cwd, recordImports);
  }

  /** Resolves an import of the file `from` as the TypeScript compiler would for that file's tsconfig. */
  resolve(from: string, specifier: string): string | undefined {
    return this.resolution(from, specifier).file;
  }

  /** `resolve`, with what the answer depended on (see `Resolution`; nothing unless the index records imports). */
  resolution(from: string, specifier: string): Resolution {
    if (specifier.startsWith(FILE_READ_SPECIFIER)) {
      const named = path.resolve(path.dirname(from), specifier.slice(FILE_READ_SPECIFIER.length));
      return { file: regularFileAt(named) ? named : undefined, consulted: this.recordsImports ? [named] : [] };
    }
    specifier = detached(specifier);
    // A specifier resolves the same from every file of a folder with the same extension (the extension can decide
    // the file's module format, and so the conditions of package `exports`).
    const key = `${path.dirname(from)}\0${path.extname(from)}\0${specifier}`;
    let resolution = this.resolutions.get(key);
    if (!resolution) {
      resolution = this.resolver.resolveRecorded(from, specifier);
      rememberBounded(this.resolutions, key, resolution);
    }
    return resolution;
  }

  /**
   * Resolves an import of the file `from`, and records it for `dependenciesOf`: every import an analysis or the
   * pre-check reads through comes here.
   */
  resolveFrom(from: string, specifier: string): string | undefined {
    specifier = detached(specifier);
    const resolution = this.resolution(from, specifier);
    if (this.recordsImports) {
      let byFile = this.imports.get(from);
      if (!byFile) {
        byFile = new Map();
        this.imports.set(from, byFile);
      }
      byFile.set(specifier, resolution);
    }
    return resolution.file;
  }

  /**
   * A file a check of `from` read by name, not by import (the Dockerfile a template builds its image from): kept
   * with the imports, so `--cache` reuses the result only while that file is unchanged.
   */
  recordFileRead(from: string, filePath: string): void {
    if (!this.recordsImports) return;
    let byFile = this.imports.get(from);
    if (!byFile) this.imports.set(from, (byFile = new Map()));
    // Relative to the reading file, as an import is, so a moved checkout still hits the cache.
    const specifier = `${FILE_READ_SPECIFIER}${path.relative(path.dirname(from), filePath)}`;
    byFile.set(specifier, this.resolution(from, specifier));
  }

  /**
   * The imports an analysis of `filePath` may have read through: the file's own, then those of the files
   * they resolve to, transitively. Transitive because imported files' facts (their export caches) are shared by
   * the whole run, so one analysis may reuse what an earlier one followed. `--cache` keys results on these (known
   * only to an index made with `recordImports`).
   */
  dependenciesOf(filePath: string): ImportEdge[] {
    const edges: ImportEdge[] = [];
    const seen = new Set([filePath]);
    const queue = [filePath];
    for (let from = queue.pop(); from !== undefined; from = queue.pop()) {
      for (const [specifier, { file: resolved, consulted }] of this.imports.get(from) ?? []) {
        edges.push({ from, specifier, resolved, consulted });
        if (resolved && !seen.has(resolved)) {
          seen.add(resolved);
          queue.push(resolved);
        }
      }
    }
    return edges;
  }

  register(filePath: string, sourceFile: ts.SourceFile): ModuleFacts {
    // The tree `parsed` handed back: keep its facts (scopes, export lookups) too.
    const earlier = this.files.get(filePath);
    if (earlier && earlier.sourceFile === sourceFile) {
      this.remember(filePath, earlier);
      return earlier;
    }
    const facts = new ModuleFacts(filePath, sourceFile, this);
    this.remember(filePath, facts);
    if (!this.keepsLintedFiles) this.lintedOnly = filePath;
    return facts;
  }

  /**
   * Whether a file of the project that this text imports (directly or through further imports) mentions
   * anything the filter looks for. Reads texts only; each file is judged once per filter.
   */
  importsReach(filePath: string, text: string, filter: RelevanceFilter): boolean {
    let verdicts = this.reach.get(filter);
    if (!verdicts) this.reach.set(filter, (verdicts = new Map()));
    // Breadth first, not recursive: an import chain thousands of files long must not overflow the stack.
    const importedBy = new Map<string, string>();
    const queue: { filePath: string; text: string }[] = [{ filePath, text }];
    for (let head = 0; head < queue.length; head++) {
      const current = queue[head]!;
      queue[head] = { filePath: current.filePath, text: "" };
      for (const specifier of importSpecifiers(current.text)) {
        // Recorded: a verdict of "nothing in reach" holds only while these files stay as they are (--cache keys on them).
        const resolved = this.resolveFrom(current.filePath, specifier);
        if (!resolved || resolved === filePath || importedBy.has(resolved)) continue;
        importedBy.set(resolved, current.filePath);
        const known = verdicts.get(resolved);
        if (known === false) continue;
        let imported = "";
        if (known === undefined) {
          // A kept tree's text is what analyses will read (in an editor, the unsaved buffer), so judge that one.
          const kept = this.files.get(resolved);
          const text = kept ? kept.sourceFile.text : readRegularFileText(resolved, MAX_IMPORTED_FILE_BYTES);
          if (text === undefined) continue;
          imported = text;
        }
        if (known === true || filter.matches(imported)) {
          // Every file on the way here reaches it too.
          for (let on: string | undefined = resolved; on !== undefined && on !== filePath; on = importedBy.get(on)) rememberBounded(verdicts, on, true);
          return true;
        }
        queue.push({ filePath: resolved, text: imported });
      }
    }
    // Everything in reach was read and none of it matched.
    for (let i = 1; i < queue.length; i++) rememberBounded(verdicts, queue[i]!.filePath, false);
    return false;
  }

  /** The tree kept for a file, if any. */
  keptTree(filePath: string): ts.SourceFile | undefined {
    return this.files.get(filePath)?.sourceFile;
  }

  /**
   * Forgets every answer derived from other files' texts (cached values, pre-check verdicts), for an editor process
   * whose buffer of an imported file changed: no importer may keep answering from the old text.
   */
  forgetDerived(): void {
    this.reach = new WeakMap();
    for (const facts of this.cachesInUse) facts.clearCaches();
    this.cachesInUse.clear();
  }

  /**
   * For an index that keeps linted files: the tree of a text linted without analysis (nothing a rule looks for),
   * kept like an analysed one; undefined when the text does not parse, so no earlier text answers for the file.
   */
  lintedTree(filePath: string, sourceFile: ts.SourceFile | undefined): void {
    if (sourceFile) this.register(filePath, sourceFile);
    else if (this.files.has(filePath)) this.drop(filePath);
  }

  /** Drops a file's tree and what was derived from it: the next analysis importing it reads it again. */
  drop(filePath: string): void {
    this.forget(filePath);
    this.forgetDerived();
  }

  /** A parse of exactly this text made earlier in the run (the file was imported before it was linted). */
  parsed(filePath: string, text: string): ts.SourceFile | undefined {
    const facts = this.files.get(filePath);
    return facts && facts.sourceFile.text === text ? facts.sourceFile : undefined;
  }

  load(filePath: string | undefined): ModuleFacts | undefined {
    if (!filePath) return undefined;
    if (filePath === this.lintedOnly) this.lintedOnly = undefined;
    const cached = this.files.get(filePath);
    if (cached !== undefined) {
      // Most recently used goes last, so a module many files import stays.
      this.files.delete(filePath);
      this.files.set(filePath, cached);
      return cached ?? undefined;
    }
    let facts: ModuleFacts | null = null;
    const text = readRegularFileText(filePath, MAX_IMPORTED_FILE_BYTES);
    if (text !== undefined) {
      const parsed = parseSource(filePath, text.replace(/^\uFEFF/, ""));
      if (parsed.ok) facts = new ModuleFacts(filePath, parsed.sourceFile, this);
    }
    this.remember(filePath, facts);
    return facts ?? undefined;
  }

  /**
   * Drops the least recently used files past the cache bounds. Called between linted files only: a file's analysis
   * keeps every file it follows into, so none is parsed twice for one linted file. Values the kept files cached may
   * point into the dropped trees, so those caches are cleared: otherwise they would keep the trees alive and memory
   * would grow with the tree.
   */
  settle(): void {
    let dropped = false;
    if (this.lintedOnly !== undefined) {
      // Linted, and loaded by no analysis of another file, so no cached value points into it: most files of a tree
      // are never imported after they are linted.
      this.forget(this.lintedOnly);
      this.lintedOnly = undefined;
    }
    while (this.files.size > CACHE_LIMIT_FILES || (this.cachedNodes > this.keptNodes && this.files.size > 0)) {
      this.forget(this.files.keys().next().value!);
      dropped = true;
    }
    for (const facts of this.cachesInUse) {
      // A file no longer kept (or never kept: too large) must not stay reachable through this set.
      if (dropped || this.files.get(facts.filePath) !== facts) {
        facts.clearCaches();
        this.cachesInUse.delete(facts);
      }
    }
  }

  private remember(filePath: string, facts: ModuleFacts | null): void {
    this.forget(filePath);
    // A linted file too large to be followed into is not kept: its tree alone can take hundreds of MB.
    if (facts && facts.sourceFile.text.length > MAX_IMPORTED_FILE_BYTES) return;
    this.files.set(filePath, facts);
    this.cachedNodes += facts ? nodeCountOf(facts.sourceFile) : 0;
  }

  private forget(filePath: string): void {
    const facts = this.files.get(filePath);
    if (facts) this.cachedNodes -= nodeCountOf(facts.sourceFile);
    this.files.delete(filePath);
  }
}

export type { FunctionLike };
