import { ts } from "#typescript";
import {
  RESTORE_HOOK_CALLEES,
  RESTORE_HOOK_METHOD_NAMES,
  SERIALIZE_HOOK_CALLEES,
  SYNC_CALLBACK_CONSTRUCTORS,
  SYNC_CALLBACK_FUNCTIONS,
  SYNC_CALLBACK_METHODS,
} from "../knowledge/execution.js";
import { isFalseByDefault, stateGuardsAround, type InitConstruction, type StateGuard } from "./default-guards.js";
import type { ModuleFacts } from "./modules.js";
import { isClassLike, isFunctionLike, isStatic, pushChildrenInOrder, skipTransparent, type ClassLike, type FunctionLike } from "./syntax.js";
import { baseClass, evaluate, member, resolveValue, UNKNOWN, valueKey, type SymbolicValue } from "./values.js";

/** When code runs relative to the snapshot. */
export type Phase = "init" | "restore-hook" | "runtime";

/** The helper through which init code reached a call in a function body. */
export interface Via {
  fn: FunctionLike | ClassLike;
  file: ModuleFacts;
}

/** A call or `new` evaluated before the snapshot. */
export interface InitCall {
  node: ts.CallExpression | ts.NewExpression;
  /** The file `node` is in (a helper may live in an imported file). */
  file: ModuleFacts;
  /** What is called (the callee) or constructed. */
  callee: SymbolicValue;
  /** Where to report it in the linted file: the top-level call that led here, or `node` itself. */
  site: ts.Node;
  via?: Via;
  /** The value of an argument, seeing through the parameters of the helper it is in (`sendIt(cmd)` → `cmd`). */
  argumentValue(index: number): SymbolicValue;
}

/** A property read evaluated before the snapshot (`process.pid`); evaluate `node` in `file` for its value. */
export interface InitRead {
  node: ts.PropertyAccessExpression;
  file: ModuleFacts;
  site: ts.Node;
  via?: Via;
}

interface BoundArgument {
  expression: ts.Expression;
  file: ModuleFacts;
}

interface Region {
  root: ts.Node;
  file: ModuleFacts;
  site?: ts.Node;
  via?: Via;
  /** Arguments bound to the parameters of `root` when it is a function entered from a call. */
  args?: Map<ts.ParameterDeclaration, BoundArgument>;
  /** Conditions on instance state the calls that led here sit behind (`this.sampleRate && this.draw()`). */
  guards?: readonly StateGuard[];
}

/**
 * Which code of a file runs at init: top-level code, class static parts, and everything it calls, constructs or
 * hands to a synchronous API, following helpers into imported files. Built once per linted file, on first query.
 */
export class InitPhase {
  readonly calls: InitCall[] = [];
  readonly reads: InitRead[] = [];
  private readonly initFunctions = new Set<ts.Node>();
  private readonly initClasses = new Set<ts.Node>();
  /** Restore hook functions, with the call that registered them (`v8:startupSnapshot.addDeserializeCallback`, a configured name). */
  private readonly restoreHooks = new Map<ts.Node, string>();
  private readonly queue: Region[] = [];

  constructor(
    private readonly file: ModuleFacts,
    private readonly restoreHookNames: ReadonlySet<string>,
  ) {
    this.queue.push({ root: file.sourceFile, file });
    while (this.queue.length > 0) this.visit(this.queue.shift()!);
    this.dropGuardedByDefault();
  }

  private readonly guarded = new Map<InitCall | InitRead, readonly StateGuard[]>();

  /**
   * Code behind a guard on instance state that is false with the defaults (`this.sampleRate && randomInt(0, 100)`
   * with the rate starting at 0, and no construction at init passing one) does not run at init.
   */
  private dropGuardedByDefault(): void {
    if (this.guarded.size === 0) return;
    const constructions: InitConstruction[] = [];
    for (const call of this.calls) {
      if (!ts.isNewExpression(call.node) || call.callee.kind !== "class") continue;
      for (let cls: { node: ClassLike; file: ModuleFacts } | undefined = call.callee; cls; cls = baseClass(cls.node, cls.file)) {
        constructions.push({ node: call.node, file: call.file, cls: cls.node });
      }
    }
    const falseGuards = new Map<StateGuard, boolean>();
    const runs = (event: InitCall | InitRead) =>
      !(this.guarded.get(event) ?? []).some((guard) => {
        let isFalse = falseGuards.get(guard);
        if (isFalse === undefined) falseGuards.set(guard, (isFalse = isFalseByDefault(guard, constructions)));
        return isFalse;
      });
    const calls = this.calls.filter(runs);
    const reads = this.reads.filter(runs);
    this.calls.length = 0;
    this.calls.push(...calls);
    this.reads.length = 0;
    this.reads.push(...reads);
  }

  /** The guards a node of a region sits behind: its own, within its function, and those of the calls that led there. */
  private guardsOf(node: ts.Node, region: Region): readonly StateGuard[] {
    const own = stateGuardsAround(node, region.file);
    return own.length === 0 ? (region.guards ?? []) : [...own, ...(region.guards ?? [])];
  }

  private record<T extends InitCall | InitRead>(event: T, region: Region): T {
    const guards = this.guardsOf(event.node, region);
    if (guards.length > 0) this.guarded.set(event, guards);
    return event;
  }

  /** When a node of the linted file runs. */
  phaseOf(node: ts.Node): Phase {
    let boundary: ts.Node | undefined;
    for (let current: ts.Node | undefined = node; current; current = current.parent) {
      if (isDeferralBoundary(current)) {
        boundary = current;
        break;
      }
    }
    if (!boundary) return "init";
    const runsAtInit = ts.isPropertyDeclaration(boundary) ? this.initClasses.has(boundary.parent) : this.initFunctions.has(boundary);
    if (runsAtInit) return "init";
    return this.restoreHookAround(boundary) ? "restore-hook" : "runtime";
  }

  /** Whether init code registers any restore hook: without one, nothing of the file runs in a restore hook. */
  get hasRestoreHooks(): boolean {
    return this.restoreHooks.size > 0;
  }

  /** The registration of the restore hook a node is in (`v8:startupSnapshot.addDeserializeCallback`, `onRestore`). */
  restoreHookAround(node: ts.Node): string | undefined {
    for (let current: ts.Node | undefined = node; current; current = current.parent) {
      const registration = this.restoreHooks.get(current);
      if (registration) return registration;
    }
    return undefined;
  }

  /** Whether a function body runs at init (called, constructed or handed to a synchronous API at init). */
  runsAtInit(fn: ts.Node): boolean {
    return this.initFunctions.has(fn);
  }

  private visit(region: Region): void {
    const stack: ts.Node[] = [];
    const root = region.root;
    if (isFunctionLike(root)) {
      for (const parameter of root.parameters) stack.push(parameter);
      if (root.body) stack.push(root.body);
    } else {
      stack.push(root);
    }
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (isFunctionLike(node)) continue;
      if (isClassLike(node)) {
        pushClassStaticParts(node, stack);
        continue;
      }
      if (ts.isCallExpression(node)) this.onCall(node, region);
      else if (ts.isNewExpression(node)) this.onNew(node, region);
      else if (ts.isPropertyAccessExpression(node) && !isCallee(node)) this.onRead(node, region);
      pushChildrenInOrder(node, stack);
    }
  }

  private onRead(node: ts.PropertyAccessExpression, region: Region): void {
    // The whole chain `a.b.c` is one read.
    if (ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node) return;
    this.reads.push(this.record({ node, file: region.file, site: region.site ?? node, ...(region.via ? { via: region.via } : {}) }, region));
  }

  private onCall(call: ts.CallExpression, region: Region): void {
    const calleeNode = skipTransparent(call.expression);
    const callee = this.calleeValue(calleeNode, region);
    this.calls.push(this.record(this.initCall(call, callee, region), region));

    if (isFunctionLike(calleeNode)) {
      this.enterFunction(calleeNode, region.file, call.arguments, region, "inline", call);
      return;
    }
    const key = valueKey(callee);
    const lastName = ts.isPropertyAccessExpression(calleeNode) ? calleeNode.name.text : ts.isIdentifier(calleeNode) ? calleeNode.text : undefined;
    if ((key && RESTORE_HOOK_CALLEES.has(key)) || (lastName && (RESTORE_HOOK_METHOD_NAMES.has(lastName) || this.restoreHookNames.has(lastName)))) {
      for (const argument of call.arguments) {
        const fn = this.functionArgument(argument, region);
        if (fn) this.restoreHooks.set(fn.node, key && RESTORE_HOOK_CALLEES.has(key) ? key : (lastName ?? "restore hook"));
      }
      return;
    }
    const syncPositions = key && SERIALIZE_HOOK_CALLEES.has(key) ? [0] : key ? SYNC_CALLBACK_FUNCTIONS.get(key) : undefined;
    const isSyncMethod = ts.isPropertyAccessExpression(calleeNode) && SYNC_CALLBACK_METHODS.has(calleeNode.name.text) && callee.kind !== "function";
    call.arguments.forEach((argument, index) => {
      if (isSyncMethod || syncPositions?.includes(index)) {
        const fn = this.functionArgument(argument, region);
        if (fn) this.enterFunction(fn.node, fn.file, [], region, fn.how, call);
      }
    });

    // `fn.call(thisArg, …)` and `fn.apply(thisArg, [...])` call `fn`.
    if (ts.isPropertyAccessExpression(calleeNode) && (calleeNode.name.text === "call" || calleeNode.name.text === "apply")) {
      const target = this.calleeValue(calleeNode.expression, region);
      if (target.kind === "function") {
        const args = calleeNode.name.text === "call" ? call.arguments.slice(1) : [];
        this.enterFunction(target.node, target.file, args, region, "named", call);
        return;
      }
    }
    if (callee.kind === "function") this.enterFunction(callee.node, callee.file, call.arguments, region, "named", call);
  }

  private initCall(node: ts.CallExpression | ts.NewExpression, callee: SymbolicValue, region: Region): InitCall {
    return {
      node,
      file: region.file,
      callee,
      site: region.site ?? node,
      ...(region.via ? { via: region.via } : {}),
      argumentValue: (index) => {
        const argument = node.arguments?.[index];
        return argument ? this.calleeValue(argument, region) : UNKNOWN;
      },
    };
  }

  private onNew(creation: ts.NewExpression, region: Region): void {
    const ctor = this.calleeValue(skipTransparent(creation.expression), region);
    this.calls.push(this.record(this.initCall(creation, ctor, region), region));
    const key = valueKey(ctor);
    const positions = key ? SYNC_CALLBACK_CONSTRUCTORS.get(key) : undefined;
    creation.arguments?.forEach((argument, index) => {
      if (!positions?.includes(index)) return;
      const fn = this.functionArgument(argument, region);
      if (fn) this.enterFunction(fn.node, fn.file, [], region, fn.how, creation);
    });
    if (ctor.kind === "class") this.enterClassInstance(ctor.node, ctor.file, creation.arguments ?? [], region, creation);
  }

  /** Instance fields and constructors of a class and its bases run when it is constructed. */
  private enterClassInstance(cls: ClassLike, file: ModuleFacts, args: readonly ts.Expression[], caller: Region, site: ts.Node): void {
    for (let current: { node: ClassLike; file: ModuleFacts } | undefined = { node: cls, file }; current; current = baseClass(current.node, current.file)) {
      if (this.initClasses.has(current.node)) return;
      this.initClasses.add(current.node);
      const entered = { ...this.entry(current.node, current.file, caller, site), guards: this.guardsOf(site, caller) };
      for (const memberNode of current.node.members) {
        if (ts.isPropertyDeclaration(memberNode) && !isStatic(memberNode) && memberNode.initializer) {
          this.queue.push({ ...entered, root: memberNode.initializer });
        }
      }
      const constructor = current.node.members.find(ts.isConstructorDeclaration);
      if (constructor) this.enterFunction(constructor, current.file, current.node === cls ? args : [], caller, "named", site);
    }
  }

  /**
   * Queues a function body as init code. An `inline` function (IIFE, array callback) reports where its code is;
   * a `named` helper reports at the call that entered it, naming itself.
   */
  private enterFunction(
    fn: FunctionLike,
    file: ModuleFacts,
    args: readonly ts.Expression[],
    caller: Region,
    how: "inline" | "named",
    site: ts.Node,
  ): void {
    if (this.initFunctions.has(fn)) return;
    this.initFunctions.add(fn);
    const entered = { ...(how === "named" ? this.entry(fn, file, caller, site) : { file, ...inherited(caller) }), guards: this.guardsOf(site, caller) };
    const bound = new Map<ts.ParameterDeclaration, BoundArgument>();
    fn.parameters.forEach((parameter, index) => {
      const argument = args[index];
      if (argument) bound.set(parameter, { expression: argument, file: caller.file });
    });
    this.queue.push({ ...entered, root: fn, args: bound });
  }

  private entry(fn: FunctionLike | ClassLike, file: ModuleFacts, caller: Region, site: ts.Node): Omit<Region, "root"> {
    if (caller.site) return { file, ...inherited(caller) };
    return { file, site, via: { fn, file } };
  }

  /** The callee's value, seeing through parameters bound to the caller's arguments. */
  private calleeValue(callee: ts.Expression, region: Region): SymbolicValue {
    return resolveValue(this.parameterValue(callee, region) ?? evaluate(callee, region.file));
  }

  private parameterValue(expression: ts.Expression, region: Region): SymbolicValue | undefined {
    if (!region.args || region.args.size === 0) return undefined;
    const node = skipTransparent(expression);
    if (ts.isIdentifier(node)) {
      const declaration = region.file.scopes.lookup(node);
      if (declaration?.kind !== "parameter") return undefined;
      const bound = region.args.get(declaration.node);
      if (!bound) return undefined;
      return member(evaluate(bound.expression, bound.file), declaration.bindingPath ?? []);
    }
    if (ts.isPropertyAccessExpression(node)) {
      const object = this.parameterValue(node.expression, region);
      return object ? member(object, [node.name.text]) : undefined;
    }
    return undefined;
  }

  /** A function passed as an argument: written in place (`inline`) or referenced by name (`named`). */
  private functionArgument(argument: ts.Expression, region: Region): { node: FunctionLike; file: ModuleFacts; how: "inline" | "named" } | undefined {
    const node = skipTransparent(argument);
    if (isFunctionLike(node)) return { node, file: region.file, how: "inline" };
    const value = this.calleeValue(node, region);
    return value.kind === "function" ? { node: value.node, file: value.file, how: "named" } : undefined;
  }
}

function inherited(caller: Region): Pick<Region, "site" | "via"> {
  return { ...(caller.site ? { site: caller.site } : {}), ...(caller.via ? { via: caller.via } : {}) };
}

function isCallee(node: ts.Node): boolean {
  const parent = node.parent;
  return (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === node;
}

/** A node whose contents run only when something calls or constructs it. */
function isDeferralBoundary(node: ts.Node): boolean {
  if (isFunctionLike(node)) return true;
  return ts.isPropertyDeclaration(node) && !isStatic(node) && ts.isClassLike(node.parent);
}

/** A class evaluated at init runs its heritage clause, computed names, static fields and static blocks. */
function pushClassStaticParts(cls: ClassLike, stack: ts.Node[]): void {
  for (const clause of cls.heritageClauses ?? []) stack.push(clause);
  for (const memberNode of cls.members) {
    if (memberNode.name && ts.isComputedPropertyName(memberNode.name)) stack.push(memberNode.name);
    if (ts.isClassStaticBlockDeclaration(memberNode)) stack.push(memberNode.body);
    else if (ts.isPropertyDeclaration(memberNode) && isStatic(memberNode) && memberNode.initializer) stack.push(memberNode.initializer);
  }
}

