import fs from "node:fs";
import path from "node:path";
import { ModuleIndex } from "../analysis/modules.js";
import { StampedIndex } from "../analysis/stamped-index.js";
import { CONFIG_FILE_NAMES } from "../config/load.js";
import type { ConfigResolver, RuleFlag } from "../config/resolve.js";
import type { ResolvedConfig, Target } from "../config/types.js";
import { lintText } from "../engine/lint-file.js";
import type { Rule } from "../engine/rule.js";
import { errorMessage, UsageError } from "../errors.js";
import { fatalResult, type LintResult, type Severity } from "../results.js";
import { newResolver } from "../run/run.js";

/** What the command line gives the server; every root lints with it. */
export interface ServerSettings {
  rules: ReadonlyMap<string, Rule>;
  ruleFlags?: readonly RuleFlag[];
  configFile?: string;
  target?: Target;
  unusedDirectiveSeverity: 0 | Severity;
}

/**
 * Files whose change can change any file's findings: snapcheck configs (package.json holds one under `snapcheck`),
 * tsconfig files, and the deployment descriptors that say how the code is snapshotted.
 */
export const WATCHED_FILE_NAMES: readonly string[] = [
  ...CONFIG_FILE_NAMES,
  "tsconfig.json",
  "template.yaml",
  "template.yml",
  "serverless.yml",
  "serverless.yaml",
  "cdk.json",
  "sst.config.ts",
  "Dockerfile",
];

export function isWatchedFile(filePath: string): boolean {
  const name = path.basename(filePath);
  return WATCHED_FILE_NAMES.includes(name) || /^tsconfig\..*json$/.test(name);
}

export interface LintOutcome {
  result: LintResult;
  /** Set when the config could not be loaded: the result then holds only that problem. */
  configProblem?: string;
  config?: ResolvedConfig;
}

/**
 * One project root: a workspace folder, or the project folder of a file opened outside every folder. It keeps the
 * configs it loaded and the parsed files (imports stay parsed between edits), until a watched file changes.
 */
export class WorkspaceRoot {
  private resolver: ConfigResolver;
  private modules: StampedIndex;

  constructor(
    readonly dir: string,
    private readonly settings: ServerSettings,
  ) {
    this.resolver = this.newResolver();
    this.modules = this.newIndex();
  }

  contains(filePath: string): boolean {
    const relative = path.relative(this.dir, filePath);
    return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
  }

  /** A config, tsconfig or deployment descriptor changed: configs are read again and imports parsed again. */
  reset(): void {
    this.resolver = this.newResolver();
    this.modules = this.newIndex();
  }

  /** Before linting: files read from disk that changed since, or too many of them, start the index afresh. */
  refresh(): void {
    if (this.modules.isFull() || !this.modules.isFresh()) this.modules = this.newIndex();
  }

  async lint(filePath: string, text: string): Promise<LintOutcome> {
    let config: ResolvedConfig;
    try {
      config = await this.resolver.configFor(filePath);
    } catch (error) {
      // A broken config: one problem on the file, and a fresh resolver so that the next lint reads it again.
      this.resolver = this.newResolver();
      const problem = error instanceof UsageError ? error.problems.join("; ") : errorMessage(error);
      return { result: fatalResult(filePath, `snapcheck config: ${problem}`), configProblem: problem };
    }
    const { rules, unusedDirectiveSeverity } = this.settings;
    return { result: lintText({ filePath, text, config, rules, modules: this.modules, unusedDirectiveSeverity }), config };
  }

  /** Lints a text that is not the file's (a candidate edit), with an index of its own so nothing kept changes. */
  lintScratch(filePath: string, text: string, config: ResolvedConfig): LintResult {
    const { rules, unusedDirectiveSeverity } = this.settings;
    return lintText({ filePath, text, config, rules, modules: new ModuleIndex(this.dir), unusedDirectiveSeverity });
  }

  /** The files the last lint of `filePath` read through its imports. */
  dependenciesOf(filePath: string): Set<string> {
    const files = new Set<string>();
    for (const edge of this.modules.dependenciesOf(filePath)) if (edge.resolved) files.add(edge.resolved);
    return files;
  }

  /** The editor closed the file; the disk holds its text again. */
  closed(filePath: string): void {
    this.modules.closed(filePath);
  }

  /** A source file changed on disk (a checkout, a save elsewhere): importers read it again. */
  changedOnDisk(filePath: string): void {
    this.modules.drop(filePath);
  }

  private newResolver(): ConfigResolver {
    const { rules, ruleFlags, configFile, target } = this.settings;
    return newResolver({ cwd: this.dir, ...(ruleFlags ? { ruleFlags } : {}), ...(configFile ? { configFile } : {}), ...(target ? { target } : {}) }, rules);
  }

  private newIndex(): StampedIndex {
    // Imports are recorded, so that a change to a file re-lints the open files that import it.
    return new StampedIndex(this.dir, { recordImports: true });
  }
}

/** Roots for files outside every workspace folder are made on demand; past this many the oldest goes. */
const MAX_LOOSE_ROOTS = 16;

/** The workspace folders, each its own root, and roots made for files outside them. */
export class Roots {
  private folders: WorkspaceRoot[] = [];
  private readonly loose = new Map<string, WorkspaceRoot>();

  constructor(private readonly settings: ServerSettings) {}

  setFolders(dirs: readonly string[]): void {
    const kept = new Map(this.folders.map((root) => [root.dir, root]));
    // Deepest first, so a nested folder owns its files.
    this.folders = [...new Set(dirs.map((dir) => path.resolve(dir)))]
      .sort((a, b) => b.length - a.length)
      .map((dir) => kept.get(dir) ?? new WorkspaceRoot(dir, this.settings));
  }

  get folderDirs(): string[] {
    return this.folders.map((root) => root.dir);
  }

  rootFor(filePath: string): WorkspaceRoot {
    const folder = this.folders.find((root) => root.contains(filePath));
    if (folder) return folder;
    const dir = projectDirOf(filePath);
    let root = this.loose.get(dir);
    if (root) {
      this.loose.delete(dir);
    } else {
      root = new WorkspaceRoot(dir, this.settings);
      if (this.loose.size >= MAX_LOOSE_ROOTS) this.loose.delete(this.loose.keys().next().value!);
    }
    this.loose.set(dir, root);
    return root;
  }

  /** Every root a file at this path may concern: those that contain it. */
  rootsContaining(filePath: string): WorkspaceRoot[] {
    return [...this.folders, ...this.loose.values()].filter((root) => root.contains(filePath) || root.contains(path.dirname(filePath)));
  }
}

/** The nearest folder up from a file holding package.json or .git, as the CLI's config search stops there. */
function projectDirOf(filePath: string): string {
  const start = path.dirname(filePath);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json")) || fs.existsSync(path.join(dir, ".git"))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}
