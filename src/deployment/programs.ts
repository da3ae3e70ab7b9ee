import path from "node:path";

/** What a command line starts: a JavaScript runtime and its script, or a package.json script. */
export type ProgramRun =
  | {
      kind: "script";
      runtime: string;
      /** The script as written (relative to the command's working folder); undefined for `node` with no script. */
      script: string | undefined;
      /** `node --build-snapshot script`: the script is the init of a Node.js startup snapshot. */
      buildsSnapshot: boolean;
    }
  | { kind: "package-script"; name: string };

/**
 * `node` options that take the next word as their value (all also accept `--option=value`), so that word is not
 * the script. Source: Node.js documentation, "Command-line API" (v20).
 */
const NODE_OPTIONS_WITH_VALUE = new Set([
  "-r", "--require", "--import", "--loader", "--experimental-loader", "--snapshot-blob", "--env-file", "-C",
  "--conditions", "--title", "--input-type", "--inspect-port", "--cpu-prof-dir", "--heap-prof-dir", "--diagnostic-dir",
  "--redirect-warnings", "--report-dir", "--secure-heap", "--experimental-policy", "--openssl-config", "--icu-data-dir",
]);
/** Options after which `node` runs no script file (`-e code`, `--version`). */
const NODE_OPTIONS_WITHOUT_SCRIPT = new Set(["-e", "--eval", "-p", "--print", "-v", "--version", "-h", "--help", "-i", "--interactive", "--test", "--run"]);

/**
 * Runtimes that take a script as their first positional word, and how they name themselves. `deno run`, `bun run`
 * and `tsx watch` put a subcommand first. Sources: each tool's CLI reference (nodejs.org/api/cli.html,
 * bun.sh/docs/cli/run, docs.deno.com/runtime/reference/cli/run, tsx.is/usage, typestrong.org/ts-node/docs/usage).
 */
const RUNTIMES: Record<string, { subcommands: string[] }> = {
  node: { subcommands: [] },
  nodejs: { subcommands: [] },
  bun: { subcommands: ["run"] },
  deno: { subcommands: ["run"] },
  tsx: { subcommands: ["watch"] },
  "ts-node": { subcommands: [] },
  "ts-node-esm": { subcommands: [] },
};
/** Launchers that run the command after them: `npx tsx x.ts`, `exec node x.js`, `tini -- node x.js`. */
const LAUNCHERS = new Set(["npx", "exec", "tini", "dumb-init", "env", "--", "pnpx", "bunx"]);
const PACKAGE_MANAGERS = new Set(["npm", "yarn", "pnpm", "bun"]);

/** What the words of one simple command run, if they start a JavaScript program. */
export function programOf(words: readonly string[]): ProgramRun | undefined {
  let i = 0;
  // Launchers and their own options (`npx --yes tsx`) come before the command.
  for (let afterLauncher = false; i < words.length; i++) {
    const word = words[i]!;
    if (LAUNCHERS.has(path.posix.basename(word))) afterLauncher = true;
    else if (!(afterLauncher && word.startsWith("-"))) break;
  }
  const command = words[i] === undefined ? undefined : path.posix.basename(words[i]!);
  if (command === undefined) return undefined;
  const rest = words.slice(i + 1);
  if (PACKAGE_MANAGERS.has(command)) {
    // `npm start`, `npm run build`, `yarn serve`, `pnpm run start`; `bun x.ts` is a runtime run.
    const named = rest[0] === "run" || rest[0] === "run-script" ? rest[1] : rest[0];
    if (named && !named.startsWith("-") && (command !== "bun" || !/\.[cm]?[jt]sx?$/.test(named))) return { kind: "package-script", name: named };
  }
  const runtime = RUNTIMES[command];
  if (!runtime) return undefined;
  let buildsSnapshot = false;
  for (let j = 0; j < rest.length; j++) {
    const word = rest[j]!;
    if (j === 0 && runtime.subcommands.includes(word)) continue;
    if (word === "--build-snapshot") {
      buildsSnapshot = true;
      continue;
    }
    if (NODE_OPTIONS_WITHOUT_SCRIPT.has(word)) return { kind: "script", runtime: command, script: undefined, buildsSnapshot };
    if (word.startsWith("-")) {
      if (NODE_OPTIONS_WITH_VALUE.has(word)) j++;
      continue;
    }
    return { kind: "script", runtime: command, script: word, buildsSnapshot };
  }
  return { kind: "script", runtime: command, script: undefined, buildsSnapshot };
}
