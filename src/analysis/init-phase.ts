import { ts } from "#typescript";
import {
  DI_FRAMEWORKS,
  PLUGIN_HOSTS,
  RESTORE_HOOK_CALLEES,
  RESTORE_HOOK_METHOD_NAMES,
  SERIALIZE_HOOK_CALLEES,
  SYNC_CALLBACK_CONSTRUCTORS,
  SYNC_CALLBACK_FUNCTIONS,
  SYNC_CALLBACK_METHODS,
  type DiFramework,
  type PluginHost,
} from "../knowledge/execution.js";
import { isFalseByDefault, stateGuardsAround, type InitConstruction, type StateGuard } from "./default-guards.js";
import type { ModuleFacts } from "./modules.js";
import { isClassLike, isFunctionLike, isStatic, propertyNameText, pushChildrenInOrder, skipTransparent, type ClassLike, type FunctionLike } from "./syntax.js";
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
      // A default value runs only when the call passes no argument for it.
      for (const parameter of root.parameters) stack.push(region.args?.has(parameter) ? parameter.name : parameter);
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
      else if (ts.isObjectLiteralExpression(node)) this.noteAccessors(node.properties);
      else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) this.onAssignment(node, region);
      pushChildrenInOrder(node, stack);
    }
  }

  /** Names of accessors on objects and instances made at init: only a read or write of one of these may run one. */
  private readonly accessorNames = new Set<string>();
  /** Accessors added with `Object.defineProperty(target, "name", { get, set })`, by target declaration and name. */
  private readonly definedAccessors = new Map<ts.Node, Map<string, { get?: FunctionLike; set?: FunctionLike; file: ModuleFacts }>>();

  private noteAccessors(members: ts.NodeArray<ts.ClassElement | ts.ObjectLiteralElementLike>): void {
    for (const memberNode of members) {
      if ((ts.isGetAccessorDeclaration(memberNode) || ts.isSetAccessorDeclaration(memberNode)) && !isStatic(memberNode)) {
        const name = propertyNameText(memberNode.name);
        if (name !== undefined) this.accessorNames.add(name);
      }
    }
  }

  /**
   * The getter or setter a member access runs: declared on the class of an instance (or a base class), in an object
   * literal, or added with `Object.defineProperty`.
   */
  private accessorOf(access: ts.PropertyAccessExpression, kind: "get" | "set", region: Region): { node: FunctionLike; file: ModuleFacts } | undefined {
    const name = access.name.text;
    if (!this.accessorNames.has(name)) return undefined;
    const target = skipTransparent(access.expression);
    if (ts.isIdentifier(target)) {
      const declaration = region.file.scopes.lookup(target);
      const defined = declaration && this.definedAccessors.get(declaration.node)?.get(name);
      const fn = defined?.[kind];
      if (fn && defined) return { node: fn, file: defined.file };
    }
    const isKind = (memberNode: ts.Node): memberNode is ts.GetAccessorDeclaration | ts.SetAccessorDeclaration =>
      kind === "get" ? ts.isGetAccessorDeclaration(memberNode) : ts.isSetAccessorDeclaration(memberNode);
    const value = this.calleeValue(target, region);
    if (value.kind === "object") {
      const found = value.node.properties.find((property) => isKind(property) && propertyNameText(property.name) === name);
      return found && isKind(found) ? { node: found, file: value.file } : undefined;
    }
    if (value.kind !== "instance" || value.path.length > 0 || value.ctor.kind !== "class") return undefined;
    for (let cls: { node: ClassLike; file: ModuleFacts } | undefined = value.ctor; cls; cls = baseClass(cls.node, cls.file)) {
      const found = cls.node.members.find((memberNode) => isKind(memberNode) && !isStatic(memberNode) && propertyNameText(memberNode.name) === name);
      if (found && isKind(found)) return { node: found, file: cls.file };
    }
    return undefined;
  }

  /** `obj.owner = value` runs the setter of `owner`, with `value` as its argument. */
  private onAssignment(assignment: ts.BinaryExpression, region: Region): void {
    const target = skipTransparent(assignment.left);
    if (!ts.isPropertyAccessExpression(target)) return;
    const setter = this.accessorOf(target, "set", region);
    if (setter) this.enterFunction(setter.node, setter.file, [assignment.right], region, "named", assignment);
  }

  /** `Object.defineProperty(target, "name", { get() {…} })` on a local or module variable. */
  private onDefineProperty(call: ts.CallExpression, region: Region): void {
    const [target, name, descriptor] = call.arguments.map((argument) => skipTransparent(argument));
    if (!target || !ts.isIdentifier(target) || !name || !ts.isStringLiteralLike(name) || !descriptor || !ts.isObjectLiteralExpression(descriptor)) return;
    const declaration = region.file.scopes.lookup(target);
    if (!declaration) return;
    const accessors: { get?: FunctionLike; set?: FunctionLike; file: ModuleFacts } = { file: region.file };
    for (const property of descriptor.properties) {
      const key = propertyNameText(property.name);
      if (key !== "get" && key !== "set") continue;
      const fn = ts.isMethodDeclaration(property) ? property : ts.isPropertyAssignment(property) ? skipTransparent(property.initializer) : undefined;
      if (fn && isFunctionLike(fn)) accessors[key] = fn;
    }
    if (!accessors.get && !accessors.set) return;
    const byName = this.definedAccessors.get(declaration.node) ?? new Map();
    byName.set(name.text, accessors);
    this.definedAccessors.set(declaration.node, byName);
    this.accessorNames.add(name.text);
  }

  /** Plugins registered at init and not loaded yet, by the call that created their application. */
  private readonly pendingPlugins = new Map<ts.Node, { call: ts.CallExpression; region: Region }[]>();

  /**
   * `app.register(plugin)` queues a plugin; `await app.ready()` at init runs every queued one: a plugin of the tree
   * is entered like a called helper, a package plugin is recorded as a call of the package (`@fastify/redis`), which
   * the client table describes.
   */
  private onPluginHost(call: ts.CallExpression, callee: SymbolicValue, region: Region): void {
    if (callee.kind !== "call" || callee.path.length !== 1) return;
    const host = pluginHostOf(valueKey(callee.callee));
    if (!host) return;
    const method = callee.path[0]!;
    if (host.registerMethods.includes(method)) {
      const queued = this.pendingPlugins.get(callee.node) ?? [];
      queued.push({ call, region });
      this.pendingPlugins.set(callee.node, queued);
      return;
    }
    if (!host.loadMethods.includes(method)) return;
    const queued = this.pendingPlugins.get(callee.node) ?? [];
    this.pendingPlugins.delete(callee.node);
    for (const registration of queued) {
      const argument = registration.call.arguments[0];
      if (!argument) continue;
      let plugin = this.calleeValue(argument, registration.region);
      // `fp(async (app, options) => { … })`
      if (plugin.kind === "call" && plugin.path.length === 0 && host.wrappers.includes(valueKey(plugin.callee) ?? "")) {
        const wrapped = plugin.node.arguments[0];
        plugin = wrapped ? this.calleeValue(wrapped, registration.region) : UNKNOWN;
      }
      if (plugin.kind === "function") {
        const app = skipTransparent(registration.call.expression);
        const args = ts.isPropertyAccessExpression(app) ? [app.expression, ...registration.call.arguments.slice(1)] : [];
        this.enterFunction(plugin.node, plugin.file, args, registration.region, "named", registration.call);
      } else if (plugin.kind === "module") {
        this.calls.push(this.record(this.initCall(registration.call, plugin, registration.region), registration.region));
      }
    }
  }

  /** Providers of applications created at init, by the bootstrap call that created them. */
  private readonly diApplications = new Map<ts.Node, { framework: DiFramework; providers: { node: ClassLike; file: ModuleFacts }[] }>();

  /**
   * `await NestFactory.create(AppModule)` constructs every provider at init; `app.init()` (or a factory that
   * initializes) runs their lifecycle hooks (`onModuleInit`, where connections are usually opened).
   */
  private onDiBootstrap(call: ts.CallExpression, callee: SymbolicValue, key: string | undefined, region: Region): void {
    const framework = key ? DI_FRAMEWORKS.find((row) => row.create.includes(key) || row.createAndInit.includes(key)) : undefined;
    if (framework && key) {
      const rootModule = call.arguments[0] && this.calleeValue(call.arguments[0], region);
      if (rootModule?.kind !== "class") return;
      const providers = diProviders(framework, rootModule.node, rootModule.file);
      this.diApplications.set(call, { framework, providers });
      for (const provider of providers) this.enterClassInstance(provider.node, provider.file, [], region, call);
      if (framework.createAndInit.includes(key)) this.runLifecycleHooks(framework, providers, region, call);
      return;
    }
    // `app.init()` on the application a bootstrap call created.
    if (callee.kind !== "call" || callee.path.length !== 1) return;
    const application = this.diApplications.get(callee.node);
    if (application && application.framework.initMethods.includes(callee.path[0]!)) this.runLifecycleHooks(application.framework, application.providers, region, call);
  }

  private runLifecycleHooks(framework: DiFramework, providers: readonly { node: ClassLike; file: ModuleFacts }[], region: Region, site: ts.Node): void {
    for (const provider of providers) {
      for (let cls: { node: ClassLike; file: ModuleFacts } | undefined = provider; cls; cls = baseClass(cls.node, cls.file)) {
        for (const memberNode of cls.node.members) {
          const name = propertyNameText(memberNode.name);
          if (ts.isMethodDeclaration(memberNode) && !isStatic(memberNode) && name && framework.lifecycleHooks.includes(name)) {
            this.enterFunction(memberNode, cls.file, [], region, "named", site);
          }
        }
      }
    }
  }

  private onRead(node: ts.PropertyAccessExpression, region: Region): void {
    const isWritten = ts.isBinaryExpression(node.parent) && node.parent.left === node && node.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
    const getter = isWritten ? undefined : this.accessorOf(node, "get", region);
    if (getter) this.enterFunction(getter.node, getter.file, [], region, "named", node);
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
    if (key === "Object.defineProperty" || key === "Reflect.defineProperty") this.onDefineProperty(call, region);
    this.onDiBootstrap(call, callee, key, region);
    this.onPluginHost(call, callee, region);
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
      this.noteAccessors(current.node.members);
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

/**
 * The classes a DI bootstrap constructs: the root module, the modules it imports, their providers and controllers
 * (`Service` or `{ provide, useClass: Service }`), and the classes their constructors ask for by type.
 */
function diProviders(framework: DiFramework, rootModule: ClassLike, file: ModuleFacts): { node: ClassLike; file: ModuleFacts }[] {
  const found: { node: ClassLike; file: ModuleFacts }[] = [];
  const seen = new Set<ts.Node>();
  const add = (cls: ClassLike, classFile: ModuleFacts) => {
    if (seen.has(cls) || found.length >= 256) return;
    seen.add(cls);
    found.push({ node: cls, file: classFile });
    const constructor = cls.members.find(ts.isConstructorDeclaration);
    for (const parameter of constructor?.parameters ?? []) {
      const type = parameter.type;
      if (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) addValue(type.typeName, classFile);
    }
  };
  const addValue = (expression: ts.Expression, expressionFile: ModuleFacts) => {
    const value = resolveValue(evaluate(expression, expressionFile));
    if (value.kind === "class") add(value.node, value.file);
  };
  const modules: { node: ClassLike; file: ModuleFacts }[] = [{ node: rootModule, file }];
  while (modules.length > 0) {
    const module = modules.pop()!;
    if (seen.has(module.node)) continue;
    add(module.node, module.file);
    const metadata = moduleMetadata(framework, module.node, module.file);
    if (!metadata) continue;
    for (const property of metadata.properties) {
      if (!ts.isPropertyAssignment(property)) continue;
      const name = propertyNameText(property.name);
      const list = skipTransparent(property.initializer);
      if (!ts.isArrayLiteralExpression(list)) continue;
      for (const element of list.elements) {
        const entry = skipTransparent(element);
        if (name === framework.importsKey) {
          const value = resolveValue(evaluate(entry, module.file));
          if (value.kind === "class") modules.push({ node: value.node, file: value.file });
        } else if (name !== undefined && framework.providerKeys.includes(name)) {
          if (ts.isObjectLiteralExpression(entry)) {
            const useClass = entry.properties.find((p) => ts.isPropertyAssignment(p) && propertyNameText(p.name) === framework.classProviderKey);
            if (useClass && ts.isPropertyAssignment(useClass)) addValue(useClass.initializer, module.file);
          } else {
            addValue(entry, module.file);
          }
        }
      }
    }
  }
  return found;
}

/** The object literal of a module's decorator: `@Module({ imports, providers })`. */
function moduleMetadata(framework: DiFramework, cls: ClassLike, file: ModuleFacts): ts.ObjectLiteralExpression | undefined {
  for (const decorator of ts.getDecorators(cls) ?? []) {
    const expression = decorator.expression;
    if (!ts.isCallExpression(expression) || valueKey(evaluate(expression.expression, file)) !== framework.moduleDecorator) continue;
    const argument = expression.arguments[0] && skipTransparent(expression.arguments[0]);
    return argument && ts.isObjectLiteralExpression(argument) ? argument : undefined;
  }
  return undefined;
}

function pluginHostOf(factoryKey: string | undefined): PluginHost | undefined {
  return factoryKey === undefined ? undefined : PLUGIN_HOSTS.find((host) => host.factories.includes(factoryKey));
}
