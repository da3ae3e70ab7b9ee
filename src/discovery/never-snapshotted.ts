import fs from "node:fs";
import { isBuiltin } from "node:module";
import path from "node:path";
import type { NeverSnapshottedKind } from "../config/types.js";
import { commandsIn, EntryResolver, readPackageScripts } from "../deployment/entries.js";
import { programOf } from "../deployment/programs.js";
import { importSpecifiers } from "../engine/relevance.js";
import { filesBelow } from "./files-below.js";
import { isInside, LINTABLE_EXTENSIONS } from "./find-files.js";
import type { ModuleGraph } from "./module-graph.js";
import { pathExists, readSmallFile } from "./regular-file.js";

/**
 * Code that no snapshot ever runs, for runs where no deployment descriptor says what is deployed: tests, browser
 * code, infrastructure apps, build output, scripts and build tool configs, and code for edge runtimes. Each kind can
 * be linted anyway through the config's `include`.
 */

/** Why a file is left out: its kind, and the evidence, for `--debug`. */
export interface LeftOut {
  kind: NeverSnapshottedKind;
  reason: string;
}

export type IncludedKinds = Partial<Record<NeverSnapshottedKind, boolean>>;

interface NamedPattern {
  test: (relativeToPackage: string[], name: string) => boolean;
  reason: string;
  source: string;
}

/** Test files by name and folder: what the test runners pick up by default. */
const TEST_FILES: NamedPattern[] = [
  {
    test: (_parts, name) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(name),
    reason: "a test file (*.test.*, *.spec.*)",
    source: "https://jestjs.io/docs/configuration#testmatch-arraystring, https://vitest.dev/config/#include",
  },
  {
    test: (parts) => parts.some((part) => part === "__tests__" || part === "__mocks__"),
    reason: "in a __tests__ or __mocks__ folder",
    source: "https://jestjs.io/docs/configuration#testmatch-arraystring, https://jestjs.io/docs/manual-mocks",
  },
  {
    test: (_parts, name) => /\.(bench|benchmark)\.[cm]?[jt]sx?$/.test(name),
    reason: "a benchmark file (*.bench.*)",
    source: "https://vitest.dev/config/#benchmark-include",
  },
  {
    test: (_parts, name) => /\.(fuzz|perf)\.[cm]?[jt]sx?$/.test(name),
    reason: "a fuzz or performance harness (*.fuzz.*, *.perf.*)",
    source: "https://fast-check.dev/docs/tutorials/setting-up-your-test-environment/, https://github.com/tinylibs/tinybench#readme",
  },
  {
    test: (parts) => parts.some((part) => part === "e2e" || part === "cypress" || part === "playwright"),
    reason: "in an e2e, cypress or playwright folder",
    source: "https://docs.cypress.io/app/references/configuration#Folders--Files, https://playwright.dev/docs/test-configuration",
  },
  {
    test: (_parts, name) => /^(playwright|cypress|jest|vitest)\.config\.[cm]?[jt]s$/.test(name) || /^(jest|vitest)\.setup\.[cm]?[jt]s$/.test(name),
    reason: "a test runner's config or setup file",
    source: "https://playwright.dev/docs/test-configuration, https://jestjs.io/docs/configuration, https://vitest.dev/config/",
  },
];

/** Mocha's default spec folder is `./test`; `tests/` is its common twin. Only directly beside a package.json. */
const TEST_FOLDERS_BESIDE_PACKAGE = new Set(["test", "tests"]);
const TEST_FOLDER_SOURCE = "https://mochajs.org/#the-test-directory";

/** Modules only an infrastructure program imports: the program runs at deploy time, on a developer's machine or CI. */
const INFRASTRUCTURE_MODULES: { matches: (specifier: string) => boolean; name: string; source: string }[] = [
  { matches: (s) => s === "aws-cdk-lib" || s.startsWith("aws-cdk-lib/"), name: "aws-cdk-lib", source: "https://docs.aws.amazon.com/cdk/v2/guide/work-with-cdk-typescript.html" },
  { matches: (s) => s.startsWith("@aws-cdk/"), name: "@aws-cdk/* (CDK v1)", source: "https://docs.aws.amazon.com/cdk/v1/guide/work-with-cdk-typescript.html" },
  { matches: (s) => s === "constructs", name: "constructs", source: "https://docs.aws.amazon.com/cdk/v2/guide/constructs.html" },
  { matches: (s) => s === "cdktf" || s.startsWith("@cdktf/"), name: "cdktf", source: "https://developer.hashicorp.com/terraform/cdktf/concepts/cdktf-architecture" },
  { matches: (s) => s.startsWith("@pulumi/"), name: "@pulumi/*", source: "https://www.pulumi.com/docs/iac/languages-sdks/javascript/" },
  // SST v2 stacks; `sst` itself (`import { Resource } from "sst"`) is what handlers import, so it is not listed.
  { matches: (s) => s === "sst/constructs" || s.startsWith("sst/constructs/"), name: "sst/constructs", source: "https://v2.sst.dev/constructs" },
];
/** A word in each of `INFRASTRUCTURE_MODULES`' names: a text with none of them imports none, and is not scanned. */
const INFRASTRUCTURE_WORDS = ["aws-cdk", "constructs", "cdktf", "@pulumi/"];

/**
 * Whether a scan of the text (every specifier it may import, and more) finds an infrastructure module: the word
 * "constructs" in a comment is no reason to parse a file.
 */
function mayImportInfrastructure(text: string): boolean {
  return TEMPLATE_SPECIFIER.test(text) || importSpecifiers(text).some((specifier) => INFRASTRUCTURE_MODULES.some((module) => module.matches(specifier)));
}

/** SST v3 apps are configured in sst.config.ts, run by the `sst` CLI at deploy time (https://sst.dev/docs/reference/config/). */
const INFRASTRUCTURE_FILE = /^sst\.config\.[cm]?[jt]s$/;

/**
 * Folders that build tools write and deploy from; the source they were built from is linted instead. `dist`,
 * `build` and `out` are not listed: they are often the only code a package has (plain JavaScript published as
 * built, a Lambda handler kept in `dist/`), and a build folder the project does not mean to lint is in .gitignore.
 */
export const BUILD_OUTPUT_FOLDERS: { path: string; tool: string; source: string }[] = [
  { path: ".aws-sam", tool: "sam build", source: "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-cli-command-reference-sam-build.html" },
  { path: ".serverless", tool: "serverless package", source: "https://www.serverless.com/framework/docs/providers/aws/cli-reference/package" },
  { path: ".esbuild", tool: "serverless-esbuild", source: "https://github.com/floydspace/serverless-esbuild#readme" },
  { path: ".webpack", tool: "serverless-webpack", source: "https://github.com/serverless-heaven/serverless-webpack#readme" },
  { path: "cdk.out", tool: "cdk synth", source: "https://docs.aws.amazon.com/cdk/v2/guide/ref-cli-cmd-synth.html" },
  { path: ".sst", tool: "SST", source: "https://sst.dev/docs/reference/cli/" },
  { path: ".open-next", tool: "OpenNext", source: "https://opennext.js.org/aws/inner_workings/architecture" },
  { path: ".next", tool: "next build", source: "https://nextjs.org/docs/app/api-reference/config/next-config-js/distDir" },
  { path: ".nitro", tool: "Nitro", source: "https://nitro.build/guide" },
  { path: ".output", tool: "Nitro and Nuxt", source: "https://nitro.build/deploy" },
  { path: ".vercel/output", tool: "the Vercel Build Output API", source: "https://vercel.com/docs/build-output-api" },
  { path: ".svelte-kit", tool: "SvelteKit", source: "https://svelte.dev/docs/kit/project-structure" },
];

/** Build output a folder is, by its name and its parent's (`.vercel/output`), or undefined. */
export function buildOutputFolder(folderPath: string): LeftOut | undefined {
  const name = path.basename(folderPath);
  const withParent = `${path.basename(path.dirname(folderPath))}/${name}`;
  const row = BUILD_OUTPUT_FOLDERS.find((folder) => folder.path === name || folder.path === withParent);
  return row && { kind: "buildOutput", reason: `build output of ${row.tool} (${row.path}/)` };
}

/**
 * Files Next.js loads itself, on the server: route handlers, pages, layouts and the other special files of the App
 * Router, middleware and instrumentation (https://nextjs.org/docs/app/api-reference/file-conventions).
 */
const NEXT_SERVER_ENTRY =
  /^(?:page|layout|template|default|loading|not-found|global-not-found|route|middleware|instrumentation|sitemap|robots|manifest|opengraph-image|twitter-image|icon|apple-icon)\.[cm]?[jt]sx?$/;
/**
 * Script names that run the package's app rather than a task: `npm start` runs the server
 * (https://docs.npmjs.com/cli/v10/commands/npm-start), and `dev`, `serve`, `develop` and `preview` are the names
 * framework starters give to running it locally (`dev:api`, `start:prod` too).
 */
const RUNS_THE_APP = /^(?:start|dev|serve|develop|preview)(?::.*)?$/;
/** `require(\`…\`)` or `import(\`…\`)`: a specifier in a template literal. */
const TEMPLATE_SPECIFIER = /\b(?:require|import)\s*\(\s*`/;
/** Files under a package that may import a module, looked for when a 'use client' module is found. */
const MAX_PACKAGE_FILES = 20_000;

/** The source files in and below `dir`, not in dependencies, hidden folders or build output. */
function sourceFilesIn(dir: string): string[] {
  return [
    ...filesBelow(dir, {
      entersFolder: (name, folder) => name !== "node_modules" && !name.startsWith(".") && !buildOutputFolder(folder),
      wantsFile: (name) => LINTABLE_EXTENSIONS.includes(path.extname(name)) && !/\.d\.[mc]?ts$/.test(name),
      maxFiles: MAX_PACKAGE_FILES,
    }),
  ];
}

/**
 * The route segment config that puts a route, page or API route on the edge runtime: `export const runtime =
 * 'edge'` (https://nextjs.org/docs/app/api-reference/file-conventions/route-segment-config#runtime) or, in the Pages
 * Router and Vercel Functions, `export const config = { runtime: 'edge' }` (https://vercel.com/docs/functions/runtimes/edge).
 */
const EDGE_RUNTIME = /\bexport\s+const\s+(?:runtime\s*=\s*|config\s*=\s*\{[^}]*?\bruntime\s*:\s*)["'](?:experimental-)?edge["']/;
const NODE_RUNTIME = /\bruntime\s*[:=]\s*["']nodejs["']/;
/**
 * Next.js middleware at the app's root or in `src/`: it runs on the edge runtime unless its config names `nodejs`
 * (https://nextjs.org/docs/app/api-reference/file-conventions/middleware#runtime).
 */
const NEXT_MIDDLEWARE = /^middleware\.[cm]?[jt]s$/;
/**
 * CloudFront Functions are a top-level `function handler(event)` that is not exported, run by CloudFront's own
 * JavaScript runtime (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/writing-function-code.html);
 * a Lambda handler is always an export.
 */
const CLOUDFRONT_FUNCTION_HANDLER = /^(?:async\s+)?function\s+handler\s*\(\s*event\s*\)/m;

/** Configuration files a build tool's CLI loads at build or dev time; `dependency`, when the name alone is too common. */
const BUILD_TOOL_CONFIGS: { name: RegExp; tool: string; dependency?: string; source: string }[] = [
  { name: /^docusaurus\.config\.[cm]?[jt]s$/, tool: "Docusaurus", source: "https://docusaurus.io/docs/configuration" },
  { name: /^siteConfig\.js$/, tool: "Docusaurus 1", dependency: "docusaurus", source: "https://docusaurus.io/docs/1.x/site-config" },
  { name: /^vite\.config\.[cm]?[jt]s$/, tool: "Vite", source: "https://vite.dev/config/" },
  { name: /^webpack\.config\.[cm]?[jt]s$/, tool: "webpack", source: "https://webpack.js.org/configuration/" },
  { name: /^rollup\.config\.[cm]?[jt]s$/, tool: "Rollup", source: "https://rollupjs.org/command-line-interface/#configuration-files" },
  { name: /^tsup\.config\.[cm]?[jt]s$/, tool: "tsup", source: "https://tsup.egoist.dev/#using-custom-configuration" },
  { name: /^tailwind\.config\.[cm]?[jt]s$/, tool: "Tailwind CSS", source: "https://tailwindcss.com/docs/configuration" },
  { name: /^postcss\.config\.[cm]?[jt]s$/, tool: "PostCSS", source: "https://github.com/postcss/postcss-load-config#readme" },
  { name: /^babel\.config\.[cm]?[jt]s$/, tool: "Babel", source: "https://babeljs.io/docs/config-files" },
  { name: /^eslint\.config\.[cm]?[jt]s$/, tool: "ESLint", source: "https://eslint.org/docs/latest/use/configure/configuration-files" },
  { name: /^astro\.config\.[cm]?[jt]s$/, tool: "Astro", source: "https://docs.astro.build/en/reference/configuration-reference/" },
];

interface TextFacts {
  useClient: boolean;
  useServer: boolean;
  /** No `export`, `module.exports` or `exports.x` anywhere in the text (a word in a comment counts as one: kept). */
  exportsNothing: boolean;
  readsCommandLine: boolean;
  declaresEdgeRuntime: boolean;
  declaresNodeRuntime: boolean;
  declaresCloudFrontHandler: boolean;
  mentionsInfrastructure: boolean;
  rendersReactRoot: boolean;
  hydratesReactRoot: boolean;
}

/** `<script type="module" src="…">`, attributes in either order (Vite's app entry: https://vite.dev/guide/#index-html-and-project-root). */
const MODULE_SCRIPT = /<script\b(?=[^>]*\btype\s*=\s*["']module["'])[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi;
/**
 * A React DOM root rendered in the browser (https://react.dev/reference/react-dom/client/createRoot,
 * https://react.dev/reference/react-dom/render): what it loads is a browser app.
 */
const CLIENT_RENDERED_ROOT = /\b(?:createRoot|ReactDOM\s*\.\s*render)\s*\(/;
/**
 * A root that hydrates server-rendered HTML (https://react.dev/reference/react-dom/client/hydrateRoot): the server
 * renders the same components (TanStack Start, Remix routes with their server functions), so only the file itself
 * is browser code.
 */
const HYDRATED_ROOT = /\b(?:hydrateRoot|ReactDOM\s*\.\s*hydrate)\s*\(/;

/**
 * Classifies files as never snapshotted. Reads a file's text at most once and parses only files whose text names
 * an infrastructure module or React DOM; a browser app's module graph is followed once per app.
 */
export class NeverSnapshottedClassifier {
  private readonly packageFolders = new Map<string, boolean>();
  private readonly facts = new Map<string, TextFacts>();
  private readonly browserFilesByHtml = new Map<string, Map<string, string>>();
  private readonly browserFilesByRoot = new Map<string, Map<string, string>>();
  private reactRootsByPackage: Map<string, string[]> | undefined;
  private clientOnly: Map<string, string> | undefined;
  private readonly programsByPackage = new Map<string, { file: string; script: string }[]>();
  private readonly dependenciesByPackage = new Map<string, Set<string>>();
  private readonly processorsByFolder = new Map<string, Map<string, string>>();
  private readonly entries = new EntryResolver();

  /**
   * `root`: the folder index.html and package.json files are looked for up to (the working directory); `files`:
   * the files of the run, among which React DOM roots are looked for; `graph`: what a file imports.
   */
  constructor(
    private readonly root: string,
    private readonly files: readonly string[],
    private readonly graph: ModuleGraph,
  ) {}

  /** Why no snapshot ever runs `filePath`, or undefined when one may. Kinds in `included` are never left out. */
  classify(filePath: string, included: IncludedKinds = {}): LeftOut | undefined {
    if (!included.tests) {
      const test = this.testFile(filePath);
      if (test) return test;
    }
    if (!included.buildOutput) {
      for (let folder = path.dirname(filePath); isInside(folder, this.root) && folder !== this.root; folder = path.dirname(folder)) {
        const output = buildOutputFolder(folder);
        if (output) return output;
      }
    }
    if (!included.infrastructure) {
      const infrastructure = this.infrastructure(filePath);
      if (infrastructure) return infrastructure;
    }
    if (!included.scripts) {
      const script = this.packageScript(filePath) ?? this.program(filePath);
      if (script) return script;
    }
    if (!included.edge) {
      const edge = this.edgeRuntime(filePath);
      if (edge) return edge;
    }
    return included.browser ? undefined : this.browser(filePath);
  }

  /**
   * A build tool's configuration, which its CLI loads at build time, or a module that exports nothing and reads
   * its command line: a program run from a shell (a Lambda handler is an export; a startup snapshot's entry, which
   * may read its command line too, names `v8.startupSnapshot`).
   */
  private program(filePath: string): LeftOut | undefined {
    const name = path.basename(filePath);
    const config = BUILD_TOOL_CONFIGS.find((row) => row.name.test(name) && (row.dependency === undefined || this.packageDependsOn(filePath, row.dependency)));
    if (config) return { kind: "scripts", reason: `the configuration of ${config.tool}, loaded by its CLI at build time` };
    const facts = this.factsOf(filePath);
    if (facts.exportsNothing && facts.readsCommandLine) return { kind: "scripts", reason: "a command-line program (reads process.argv, exports nothing)" };
    return undefined;
  }

  /**
   * Code for an edge runtime: V8 isolates (Vercel and Next.js Edge, CloudFront Functions) that start from the
   * code, never from a snapshot of a process that ran it.
   */
  private edgeRuntime(filePath: string): LeftOut | undefined {
    const facts = this.factsOf(filePath);
    if (facts.declaresEdgeRuntime) return { kind: "edge", reason: "declares the edge runtime (runtime: 'edge')" };
    if (facts.exportsNothing && facts.declaresCloudFrontHandler) return { kind: "edge", reason: "a CloudFront Functions handler (function handler(event), not exported)" };
    if (NEXT_MIDDLEWARE.test(path.basename(filePath)) && !facts.declaresNodeRuntime) {
      const packageDir = this.packageFolderOf(filePath);
      const folder = path.dirname(filePath);
      const atAppRoot = folder === packageDir || (path.basename(folder) === "src" && path.dirname(folder) === packageDir);
      if (atAppRoot && this.packageDependsOn(filePath, "next")) return { kind: "edge", reason: "Next.js middleware, which runs on the edge runtime" };
    }
    return undefined;
  }

  /**
   * The modules the Artillery test scripts of a folder name as their processor (`config.processor`:
   * https://www.artillery.io/docs/reference/test-script#processor---custom-js-code), each with its script.
   */
  private artilleryProcessors(folder: string): Map<string, string> {
    let processors = this.processorsByFolder.get(folder);
    if (!processors) {
      processors = new Map();
      let names: string[] = [];
      try {
        names = fs.readdirSync(folder).filter((name) => /\.ya?ml$/.test(name));
      } catch {
        // A folder that cannot be read names no processor; file discovery reports it.
      }
      for (const name of names) {
        const script = path.join(folder, name);
        const text = readSmallFile(script);
        const processor = /^\s+processor\s*:\s*["']?([^"'\s#]+)/m.exec(text)?.[1];
        if (processor && /^\s*config\s*:/m.test(text) && /^\s*scenarios\s*:/m.test(text)) processors.set(path.resolve(folder, processor), script);
      }
      this.processorsByFolder.set(folder, processors);
    }
    return processors;
  }

  /** Whether the nearest package.json at or above the file lists `name` among its dependencies. */
  private packageDependsOn(filePath: string, name: string): boolean {
    const packageDir = this.packageFolderOf(filePath);
    let dependencies = this.dependenciesByPackage.get(packageDir);
    if (!dependencies) {
      dependencies = new Set();
      try {
        const manifest = JSON.parse(readSmallFile(path.join(packageDir, "package.json"))) as Record<string, unknown>;
        for (const key of ["dependencies", "devDependencies", "peerDependencies"]) {
          const listed = manifest[key];
          if (typeof listed === "object" && listed !== null) for (const each of Object.keys(listed)) dependencies.add(each);
        }
      } catch {
        // No package.json, or one that does not parse (the deployment model reports it): no dependencies known.
      }
      this.dependenciesByPackage.set(packageDir, dependencies);
    }
    return dependencies.has(name);
  }

  /**
   * A file a package.json `scripts` entry runs as a program (`tsx scripts/seed.ts`, `node build.mjs`, `bun run
   * x.ts`): a package manager runs it by hand or in CI (https://docs.npmjs.com/cli/v10/using-npm/scripts), a process
   * of its own that is not a deployed function's init. Not what `start` or `dev` run: that is the app itself, which
   * a platform may deploy as a function (an Express app on Vercel). `--build-snapshot` scripts are startup
   * snapshots, read as deployments. Only the file itself: what it imports may be a handler's code too.
   */
  private packageScript(filePath: string): LeftOut | undefined {
    for (let folder = path.dirname(filePath); isInside(folder, this.root); folder = path.dirname(folder)) {
      const program = this.programsRunBy(folder).find((each) => each.file === filePath);
      if (program) return { kind: "scripts", reason: `run as a program by the package.json script "${program.script}"` };
      if (folder === this.root) break;
    }
    return undefined;
  }

  /** The files `folder/package.json`'s scripts run as programs, each with the script's name. */
  private programsRunBy(folder: string): { file: string; script: string }[] {
    let programs = this.programsByPackage.get(folder);
    if (!programs) {
      programs = [];
      for (const [script, command] of Object.entries((this.hasPackageJson(folder) && readPackageScripts(path.join(folder, "package.json"))) || {})) {
        for (const words of commandsIn(command)) {
          const run = programOf(words);
          if (run?.kind !== "script" || run.buildsSnapshot || run.script === undefined || RUNS_THE_APP.test(script)) continue;
          const file = this.entries.resolve(path.resolve(folder, run.script), folder);
          if (file) programs.push({ file, script });
        }
      }
      this.programsByPackage.set(folder, programs);
    }
    return programs;
  }

  private testFile(filePath: string): LeftOut | undefined {
    const name = path.basename(filePath);
    const packageDir = this.packageFolderOf(filePath);
    const parts = path.relative(packageDir, path.dirname(filePath)).split(path.sep).filter((part) => part && part !== "..");
    // The package's own folder counts too: `packages/playwright/` is a package of Playwright tests and their fixtures.
    if (packageDir !== this.root) parts.unshift(path.basename(packageDir));
    const named = TEST_FILES.find((pattern) => pattern.test(parts, name));
    if (named) return { kind: "tests", reason: named.reason };
    const loadTest = this.artilleryProcessors(path.dirname(filePath)).get(filePath);
    if (loadTest) return { kind: "tests", reason: `the processor of the Artillery load test ${path.relative(this.root, loadTest)}` };
    // A test/ folder beside a package.json, also when the tests inside are a package of their own.
    for (let folder = path.dirname(filePath); isInside(folder, this.root) && folder !== this.root; folder = path.dirname(folder)) {
      const name = path.basename(folder);
      if (TEST_FOLDERS_BESIDE_PACKAGE.has(name) && this.hasPackageJson(path.dirname(folder))) {
        return { kind: "tests", reason: `in the ${name}/ folder beside a package.json` };
      }
    }
    return undefined;
  }

  private infrastructure(filePath: string): LeftOut | undefined {
    if (INFRASTRUCTURE_FILE.test(path.basename(filePath))) return { kind: "infrastructure", reason: "an SST app config (sst.config.ts)" };
    if (!this.factsOf(filePath).mentionsInfrastructure) return undefined;
    for (const { specifier } of this.graph.importsOf(filePath)) {
      const row = INFRASTRUCTURE_MODULES.find((module) => module.matches(specifier));
      if (row) return { kind: "infrastructure", reason: `imports ${row.name}, an infrastructure program` };
    }
    return undefined;
  }

  private browser(filePath: string): LeftOut | undefined {
    const facts = this.factsOf(filePath);
    if (facts.useClient) return { kind: "browser", reason: "a 'use client' module" };
    const clientRoot = this.clientOnlyModules().get(filePath);
    if (clientRoot) return { kind: "browser", reason: `imported only by 'use client' modules (such as ${clientRoot})` };
    if (facts.hydratesReactRoot && this.importsReactDom(filePath)) {
      return { kind: "browser", reason: "hydrates server-rendered React in the browser (hydrateRoot)" };
    }
    for (let folder = path.dirname(filePath); isInside(folder, this.root); folder = path.dirname(folder)) {
      const entry = this.browserAppOfHtml(folder).get(filePath);
      if (entry) return { kind: "browser", reason: `loaded by ${entry}, a browser app` };
      if (folder === this.root) break;
    }
    const packageDir = this.packageFolderOf(filePath);
    for (const rootFile of this.reactRootsIn(packageDir)) {
      const entry = this.browserAppOfRoot(rootFile, packageDir).get(filePath);
      if (entry) return { kind: "browser", reason: `loaded by ${entry}, a browser app` };
    }
    return undefined;
  }

  /**
   * Modules that only client code imports, each with a 'use client' module that reaches it. A 'use client' module
   * marks the boundary: every module it imports is part of the client bundle
   * (https://nextjs.org/docs/app/api-reference/directives/use-client). A module that server code also imports (a
   * route handler, a server component, a page) runs on the server, so it is kept; so is one that is server code of
   * itself (see `servesServer`), and what only it loads. Importers are looked for among the run's files and every
   * source file of the package of a 'use client' module, so a partial run sees the same importers as a whole one.
   */
  private clientOnlyModules(): Map<string, string> {
    if (this.clientOnly) return this.clientOnly;
    const universe = new Set(this.files);
    const packages = new Set(this.files.filter((file) => this.factsOf(file).useClient).map((file) => this.packageFolderOf(file)));
    for (const packageDir of packages) for (const file of sourceFilesIn(packageDir)) universe.add(file);
    const roots = [...universe].filter((file) => this.factsOf(file).useClient);
    const rootSet = new Set(roots);
    const reachedFrom = new Map<string, string>();
    for (const root of roots) {
      const packageDir = this.packageFolderOf(root);
      const label = path.relative(this.root, root);
      const queue = [root];
      for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
        for (const { resolved } of this.graph.importsOf(file)) {
          if (resolved === undefined || rootSet.has(resolved) || reachedFrom.has(resolved) || !isInside(resolved, packageDir)) continue;
          if (this.servesServer(resolved, packageDir)) continue;
          reachedFrom.set(resolved, label);
          queue.push(resolved);
        }
      }
    }
    // Nothing reached from client code (no 'use client' module in the run): no importer to look for.
    if (reachedFrom.size === 0) {
      this.clientOnly = reachedFrom;
      return reachedFrom;
    }
    const importers = new Map<string, string[]>();
    for (const file of universe) {
      // Client modules were parsed on the way; another file is parsed only when a scan of its text, which finds
      // every specifier it may import and more, resolves one to a module reached from the client.
      if (!rootSet.has(file) && !reachedFrom.has(file) && !this.mayImportAny(file, reachedFrom)) continue;
      for (const { resolved } of this.graph.importsOf(file)) {
        if (resolved === undefined || !reachedFrom.has(resolved)) continue;
        const list = importers.get(resolved);
        if (list) list.push(file);
        else importers.set(resolved, [file]);
      }
    }
    // A module with an importer that is not client code is server code, and so may be what only it imports.
    for (let changed = true; changed; ) {
      changed = false;
      for (const file of reachedFrom.keys()) {
        if ((importers.get(file) ?? []).some((importer) => !rootSet.has(importer) && !reachedFrom.has(importer))) {
          reachedFrom.delete(file);
          changed = true;
        }
      }
    }
    this.clientOnly = reachedFrom;
    return reachedFrom;
  }

  private mayImportAny(filePath: string, modules: ReadonlyMap<string, string>): boolean {
    const text = readSmallFile(filePath);
    // A template literal naming a module is a specifier the scan does not read: parse.
    if (TEMPLATE_SPECIFIER.test(text)) return true;
    return importSpecifiers(text).some((specifier) => {
      const resolved = this.graph.resolve(filePath, specifier);
      return resolved !== undefined && modules.has(resolved);
    });
  }

  /**
   * Server code whatever imports it: a 'use server' module (its functions run on the server, the client gets
   * references: https://react.dev/reference/rsc/use-server), a module importing `server-only`
   * (https://nextjs.org/docs/app/getting-started/server-and-client-components#preventing-environment-poisoning) or a
   * Node.js built-in, and the files Next.js loads as server entries (`pages/`, `app/**\/route.ts`, layouts, pages,
   * middleware: https://nextjs.org/docs/app/api-reference/file-conventions).
   */
  private servesServer(filePath: string, packageDir: string): boolean {
    if (this.factsOf(filePath).useServer) return true;
    if (NEXT_SERVER_ENTRY.test(path.basename(filePath))) return true;
    if (path.relative(packageDir, filePath).split(path.sep).some((part, index, parts) => part === "pages" && index < parts.length - 1)) return true;
    return this.graph.importsOf(filePath).some(({ specifier }) => specifier === "server-only" || isBuiltin(specifier));
  }

  /** The React DOM roots among the run's files, by package folder; found on the first question about browser code. */
  private reactRootsIn(packageDir: string): readonly string[] {
    if (!this.reactRootsByPackage) {
      this.reactRootsByPackage = new Map();
      for (const file of this.files) {
        if (!this.factsOf(file).rendersReactRoot || !this.importsReactDom(file)) continue;
        const folder = this.packageFolderOf(file);
        const roots = this.reactRootsByPackage.get(folder);
        if (roots) roots.push(file);
        else this.reactRootsByPackage.set(folder, [file]);
      }
    }
    return this.reactRootsByPackage.get(packageDir) ?? [];
  }

  private importsReactDom(filePath: string): boolean {
    return this.graph.importsOf(filePath).some(({ specifier }) => specifier === "react-dom" || specifier === "react-dom/client");
  }

  /** What a file's text says, read once: most files mention nothing, so are never parsed here. */
  private factsOf(filePath: string): TextFacts {
    let facts = this.facts.get(filePath);
    if (!facts) {
      const text = readSmallFile(filePath);
      facts = {
        useClient: text.includes("use client") && hasDirective(text, "use client"),
        useServer: text.includes("use server") && hasDirective(text, "use server"),
        exportsNothing: !/\bexport\b|\bmodule\s*\.\s*exports\b|\bexports\s*[.[]/.test(text),
        readsCommandLine: text.includes("process.argv") && !text.includes("startupSnapshot"),
        declaresEdgeRuntime: text.includes("edge") && EDGE_RUNTIME.test(text),
        declaresNodeRuntime: text.includes("nodejs") && NODE_RUNTIME.test(text),
        declaresCloudFrontHandler: text.includes("handler") && CLOUDFRONT_FUNCTION_HANDLER.test(text),
        mentionsInfrastructure: INFRASTRUCTURE_WORDS.some((word) => text.includes(word)) && mayImportInfrastructure(text),
        rendersReactRoot: text.includes("react-dom") && CLIENT_RENDERED_ROOT.test(text),
        hydratesReactRoot: text.includes("react-dom") && HYDRATED_ROOT.test(text),
      };
      this.facts.set(filePath, facts);
    }
    return facts;
  }

  /** Files the module scripts of `folder/index.html` load, inside that folder, each with the entry that loads it. */
  private browserAppOfHtml(folder: string): Map<string, string> {
    let app = this.browserFilesByHtml.get(folder);
    if (!app) {
      app = new Map();
      const html = readSmallFile(path.join(folder, "index.html"));
      for (const match of html.matchAll(MODULE_SCRIPT)) {
        const source = match[1]!;
        if (/^[a-z]+:|^\/\//i.test(source)) continue;
        const entry = path.join(folder, source.replace(/^\//, "").split(/[?#]/)[0]!);
        this.addBrowserGraph(app, entry, folder, `${path.relative(this.root, path.join(folder, "index.html"))}`);
      }
      this.browserFilesByHtml.set(folder, app);
    }
    return app;
  }

  private browserAppOfRoot(rootFile: string, packageDir: string): Map<string, string> {
    let app = this.browserFilesByRoot.get(rootFile);
    if (!app) {
      app = new Map();
      this.addBrowserGraph(app, rootFile, packageDir, `${path.relative(this.root, rootFile)} (a React DOM root)`);
      this.browserFilesByRoot.set(rootFile, app);
    }
    return app;
  }

  /**
   * The entry and what it loads inside `appFolder`. A file that imports a Node.js built-in is no browser code (a
   * bundler for the browser cannot load it), nor is anything reached only through it: shared server code stays in.
   */
  private addBrowserGraph(app: Map<string, string>, entry: string, appFolder: string, label: string): void {
    if (!pathExists(entry)) return;
    const queue = [entry];
    const seen = new Set(queue);
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      const imports = this.graph.importsOf(file);
      if (imports.some(({ specifier }) => isBuiltin(specifier))) continue;
      app.set(file, label);
      for (const { resolved } of imports) {
        if (resolved === undefined || seen.has(resolved) || !isInside(resolved, appFolder)) continue;
        seen.add(resolved);
        queue.push(resolved);
      }
    }
  }

  /** The nearest folder at or above the file's with a package.json, within the root; the root otherwise. */
  private packageFolderOf(filePath: string): string {
    for (let folder = path.dirname(filePath); isInside(folder, this.root); folder = path.dirname(folder)) {
      if (this.hasPackageJson(folder) || folder === this.root) return folder;
    }
    return path.dirname(filePath);
  }

  private hasPackageJson(folder: string): boolean {
    let has = this.packageFolders.get(folder);
    if (has === undefined) {
      has = pathExists(path.join(folder, "package.json"));
      this.packageFolders.set(folder, has);
    }
    return has;
  }
}

/**
 * Whether the module's directive prologue (the string statements before any other code) holds `directive`
 * (https://react.dev/reference/rsc/use-client, https://react.dev/reference/rsc/use-server): the same text anywhere
 * else is not a directive.
 */
export function hasDirective(text: string, directive: string): boolean {
  const prologue = /\s*(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/|(["'])([^"'\n]*)\1\s*;?)/y;
  let offset = text.startsWith("#!") ? text.indexOf("\n") + 1 : 0;
  if (offset === 0 && text.startsWith("#!")) return false;
  for (;;) {
    prologue.lastIndex = offset;
    const match = prologue.exec(text);
    if (!match || match.index !== offset || prologue.lastIndex === offset) return false;
    if (match[2] === directive) return true;
    offset = prologue.lastIndex;
  }
}

/** A file or folder a run leaves out, and why: what `--debug` prints. */
export interface LeftOutPath {
  path: string;
  reason: string;
}

export interface LeaveOutOptions {
  root: string;
  graph: ModuleGraph;
  /** Files named on the command line: always linted. */
  named: ReadonlySet<string>;
  /** Whether the classifier decides for a file (a deployment decides for the files of its project). */
  decides?: (filePath: string) => boolean;
  /** The config's `include` switches in force for a file. */
  includedFor: (filePath: string) => Promise<IncludedKinds | undefined>;
}

/** Splits the files of a run without a deployment descriptor into those to lint and those no snapshot runs. */
export async function leaveOutNeverSnapshotted(files: readonly string[], options: LeaveOutOptions): Promise<{ kept: string[]; leftOut: LeftOutPath[] }> {
  const classifier = new NeverSnapshottedClassifier(options.root, files, options.graph);
  const kept: string[] = [];
  const leftOut: LeftOutPath[] = [];
  for (const file of files) {
    const decides = !options.named.has(file) && (options.decides?.(file) ?? true);
    const verdict = decides ? classifier.classify(file, (await options.includedFor(file)) ?? {}) : undefined;
    if (verdict) leftOut.push({ path: file, reason: verdict.reason });
    else kept.push(file);
  }
  return { kept, leftOut };
}
