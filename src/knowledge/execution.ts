/**
 * When library code calls the functions handed to it: synchronously (so a callback passed at init runs at init),
 * after restore (restore hooks: the fix, never a finding), or later (registered: not init). Source: KNOWLEDGE §1;
 * Node.js `v8.startupSnapshot` docs; ECMAScript Array.prototype and Promise semantics.
 */

/** Methods whose callback arguments run before the call returns (array methods) or as a continuation at init. */
export const SYNC_CALLBACK_METHODS: ReadonlySet<string> = new Set([
  "map",
  "forEach",
  "filter",
  "reduce",
  "reduceRight",
  "some",
  "every",
  "find",
  "findIndex",
  "findLast",
  "findLastIndex",
  "flatMap",
  "sort",
  "toSorted",
  // A continuation started at init usually settles before the snapshot is taken (KNOWLEDGE §1).
  "then",
  "catch",
  "finally",
]);

/** Global functions and the argument positions they call synchronously. */
export const SYNC_CALLBACK_FUNCTIONS: ReadonlyMap<string, readonly number[]> = new Map([
  ["Array.from", [1]],
  ["Array.fromAsync", [1]],
  ["Object.groupBy", [1]],
  ["Map.groupBy", [1]],
]);

/** Global constructors that call an argument during construction. */
export const SYNC_CALLBACK_CONSTRUCTORS: ReadonlyMap<string, readonly number[]> = new Map([["Promise", [0]]]);

/** Callees (module `v8`) whose callback runs after a snapshot is restored. */
export const RESTORE_HOOK_CALLEES: ReadonlySet<string> = new Set([
  "v8:startupSnapshot.addDeserializeCallback",
  "v8:startupSnapshot.setDeserializeMainFunction",
]);

/** Callees whose callback runs just before the snapshot is written: its body is init. */
export const SERIALIZE_HOOK_CALLEES: ReadonlySet<string> = new Set(["v8:startupSnapshot.addSerializeCallback"]);

/** Names of methods that, on any receiver, register a restore hook (matched by the last name of the callee). */
export const RESTORE_HOOK_METHOD_NAMES: ReadonlySet<string> = new Set(["addDeserializeCallback", "setDeserializeMainFunction"]);

/**
 * Dependency-injection frameworks whose bootstrap, run at init, constructs the providers of the root module and of
 * the modules it imports (and the classes their constructors ask for by type), then calls lifecycle hooks on them.
 */
export interface DiFramework {
  /** Callees that construct every provider. */
  create: readonly string[];
  /** Callees that construct every provider and run the lifecycle hooks. */
  createAndInit: readonly string[];
  /** Methods of the created application that run the lifecycle hooks. */
  initMethods: readonly string[];
  /** The class decorator holding a module's metadata, and its keys. */
  moduleDecorator: string;
  importsKey: string;
  providerKeys: readonly string[];
  /** `{ provide, useClass }` entries of a provider list. */
  classProviderKey: string;
  lifecycleHooks: readonly string[];
  source: string;
}

export const DI_FRAMEWORKS: readonly DiFramework[] = [
  {
    create: ["@nestjs/core:NestFactory.create", "@nestjs/core:NestFactory.createMicroservice"],
    createAndInit: ["@nestjs/core:NestFactory.createApplicationContext"],
    initMethods: ["init", "listen"],
    moduleDecorator: "@nestjs/common:Module",
    importsKey: "imports",
    providerKeys: ["providers", "controllers"],
    classProviderKey: "useClass",
    lifecycleHooks: ["onModuleInit", "onApplicationBootstrap"],
    source:
      "NestJS docs, Lifecycle events (onModuleInit, onApplicationBootstrap run during app.init(), which listen() calls) and Providers (constructor-based injection by type); @nestjs/core nest-factory.ts (create instantiates the module graph; createApplicationContext also calls init())",
  },
];

/**
 * Web frameworks whose registered plugins run when the application is loaded: `app.register(plugin, options)` only
 * queues the plugin; `await app.ready()` (or `listen()`, `inject()`) runs every queued plugin. A plugin wrapped by a
 * helper such as `fastify-plugin` is the helper's first argument.
 */
export interface PluginHost {
  factories: readonly string[];
  registerMethods: readonly string[];
  loadMethods: readonly string[];
  wrappers: readonly string[];
  source: string;
}

export const PLUGIN_HOSTS: readonly PluginHost[] = [
  {
    factories: ["fastify:", "fastify:default", "fastify:fastify"],
    registerMethods: ["register"],
    loadMethods: ["ready", "listen", "inject"],
    wrappers: ["fastify-plugin:", "fastify-plugin:default"],
    source: "Fastify docs, Plugins and Lifecycle (register() loads plugins asynchronously when ready(), listen() or inject() is called); fastify-plugin README",
  },
];
