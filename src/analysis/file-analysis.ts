import { ts } from "#typescript";
import type { ResolvedConfig } from "../config/types.js";
import { fateOf, type Fate } from "./derivation.js";
import { InitPhase, type InitCall, type InitRead, type Phase, type Via } from "./init-phase.js";
import type { ModuleFacts } from "./modules.js";
import { callableLabel, skipTransparent } from "./syntax.js";
import { syntaxIndexOf } from "./syntax-index.js";
import { evaluate, resolveValue, valueKey, type SymbolicValue } from "./values.js";

/**
 * The questions rules ask about the linted file, answered once and shared by every rule: what a name or
 * expression refers to, when code runs, where a value goes.
 */
export class FileAnalysis {
  private initPhase: InitPhase | undefined;

  constructor(
    readonly facts: ModuleFacts,
    readonly config: ResolvedConfig,
  ) {}

  get sourceFile(): ts.SourceFile {
    return this.facts.sourceFile;
  }

  private get init(): InitPhase {
    this.initPhase ??= new InitPhase(this.facts, new Set(this.config.restoreHooks));
    return this.initPhase;
  }

  /** Every call and `new` evaluated before the snapshot, including inside helpers in other files. */
  get initCalls(): readonly InitCall[] {
    return this.init.calls;
  }

  /** Property reads of package or global values evaluated before the snapshot (`process.pid`). */
  get initReads(): readonly InitRead[] {
    return this.init.reads;
  }

  /** When a node of this file runs: at init, in a restore hook, or at run time (handlers, callbacks). */
  phaseOf(node: ts.Node): Phase {
    return this.init.phaseOf(node);
  }

  /** Whether init code registers a restore hook (`v8.startupSnapshot.addDeserializeCallback`, a configured name). */
  get hasRestoreHooks(): boolean {
    return this.init.hasRestoreHooks;
  }

  /** The registration of the restore hook a node runs in: a `v8:startupSnapshot.…` key or a configured name. */
  restoreHookAround(node: ts.Node): string | undefined {
    return this.init.restoreHookAround(node);
  }

  runsAtInit(node: ts.Node): boolean {
    return this.phaseOf(node) === "init";
  }

  /**
   * What an expression of this file refers to (import, global, instance, call result, function). Cheap: values
   * from other files of the tree stay unresolved (`kind: "export"`); see `resolvedValueOf`.
   */
  valueOf(expression: ts.Expression): SymbolicValue {
    return evaluate(expression, this.facts);
  }

  /** Like `valueOf`, following imports into the files of the tree (parsing them on first use). */
  resolvedValueOf(expression: ts.Expression): SymbolicValue {
    return resolveValue(evaluate(expression, this.facts));
  }

  /** The canonical name of what an expression refers to: `crypto:randomUUID`, `Math.random`. */
  keyOf(expression: ts.Expression): string | undefined {
    return valueKey(this.valueOf(expression));
  }

  /**
   * Whether a call or `new` may call one of the functions whose last names are `lastNames`, asked before evaluating
   * its callee (a large file has hundreds of thousands of calls): a member call must end in one of them; a plain name
   * must be one (a global) or be bound by the file to a variable or an import (an alias such as `uuidv4`), not be one
   * of its functions, classes or parameters. Other callees (`x[key]()`, `make()()`) pass.
   */
  mayCallOneOf(node: ts.CallExpression | ts.NewExpression, lastNames: ReadonlySet<string>): boolean {
    const callee = skipTransparent(node.expression);
    if (ts.isPropertyAccessExpression(callee)) return lastNames.has(callee.name.text);
    if (!ts.isIdentifier(callee)) return true;
    return lastNames.has(callee.text) || syntaxIndexOf(this.facts.sourceFile).importOrVariableNames.has(callee.escapedText as string);
  }

  /** The value of the callee of a call, or of the class of a `new`. */
  calleeOf(node: ts.CallExpression | ts.NewExpression): SymbolicValue {
    return this.valueOf(skipTransparent(node.expression));
  }

  /** Whether the value computed by `node` is kept (stored, exported, passed on) or thrown away. */
  fateOf(node: ts.Node): Fate {
    return fateOf(node);
  }

  /** ` via makeRunId() in lib/ids.ts:2` when an init call sits in a helper; empty when it is at the site itself. */
  describeVia(event: { node: ts.Node; file: ModuleFacts; via?: Via }): string {
    if (!event.via) return "";
    const where = event.file === this.facts ? "at" : "in";
    return ` (via ${callableLabel(event.via.fn)} ${where} ${this.locationOf(event.node, event.file)})`;
  }

  /** `line 3` or `lib/ids.ts:3`: where a node of this or another file is, seen from this file. */
  locationOf(node: ts.Node, file: ModuleFacts = this.facts): string {
    return file.locationOf(node, this.facts.filePath);
  }
}
