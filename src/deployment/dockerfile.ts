import path from "node:path";
import { commandsIn } from "./entries.js";

/** One Dockerfile instruction, continuation lines joined. */
export interface DockerInstruction {
  keyword: string;
  /** The arguments, variables not yet expanded. */
  args: string;
  line: number;
  column: number;
}

export interface DockerStage {
  /** The image as written after FROM, variables expanded. */
  image: string;
  name: string | undefined;
  instructions: DockerInstruction[];
  line: number;
}

/** A command in the form Docker runs it: the words, and where it was written. */
export interface DockerCommand {
  words: string[];
  line: number;
  column: number;
}

/**
 * Lambda base images for Node.js: their runtime loads the handler that CMD names (`file.export`), relative to
 * `LAMBDA_TASK_ROOT` (/var/task). Source: AWS Lambda Developer Guide, "Deploy Node.js Lambda functions with container
 * images" (AWS base images; the same images are mirrored on Docker Hub as amazon/aws-lambda-nodejs).
 */
const LAMBDA_NODE_BASE_IMAGES = ["public.ecr.aws/lambda/nodejs", "amazon/aws-lambda-nodejs"];
/**
 * Lambda base images of other languages, and the OS-only ones (`provided`), which run a Node.js handler only through
 * the runtime interface client. Source: the same guide, "AWS base images for Lambda".
 */
const LAMBDA_OTHER_BASE_IMAGE = /^(?:public\.ecr\.aws\/lambda\/|amazon\/aws-lambda-)(?!nodejs)/;
/**
 * The Node.js runtime interface client makes any image a Lambda function: `ENTRYPOINT ["npx", "aws-lambda-ric"]`
 * (or the installed binary) with the handler in CMD, relative to the working folder. Source: AWS Lambda Developer
 * Guide, "Using a non-AWS base image for Node.js"; npm package aws-lambda-ric.
 */
const RUNTIME_INTERFACE_CLIENT = /(^|\/)aws-lambda-ric$/;
/** The code root of the AWS base images. Source: AWS Lambda Developer Guide, "Defined runtime environment variables". */
export const LAMBDA_TASK_ROOT = "/var/task";
/**
 * Images whose processes run JavaScript, with the entrypoint they ship when it is not a shell (so CMD is the
 * script). Sources: Docker Hub `node`, `oven/bun`, `denoland/deno` pages; GoogleContainerTools/distroless nodejs
 * README (entrypoint `/nodejs/bin/node`); Chainguard node image docs (entrypoint `/usr/bin/node`).
 */
const JAVASCRIPT_IMAGES: { pattern: RegExp; entrypoint?: string[] }[] = [
  { pattern: /^(?:docker\.io\/)?(?:library\/)?node(?::|@|$)/ },
  { pattern: /^(?:docker\.io\/)?oven\/bun(?::|@|$)/ },
  { pattern: /^(?:docker\.io\/)?denoland\/deno(?::|@|$)/ },
  { pattern: /^gcr\.io\/distroless\/nodejs/, entrypoint: ["/nodejs/bin/node"] },
  { pattern: /^cgr\.dev\/chainguard\/node(?::|@|$)/, entrypoint: ["/usr/bin/node"] },
];
/** The label that lets a Node.js image publish with SnapStart without hooks. Source: AWS Lambda Developer Guide, "Implementing SnapStart hooks for container images". */
export const SNAPSTART_LABEL = "com.amazonaws.lambda.feature.snapstart";

/** Splits a Dockerfile into stages. Continuations (`\`, or the `# escape=` character) are joined; comments dropped. */
export function parseDockerfile(text: string): DockerStage[] {
  const lines = text.split(/\r?\n/);
  const escape = /^#\s*escape\s*=\s*(\S)/i.exec(lines[0] ?? "")?.[1] ?? "\\";
  const stages: DockerStage[] = [];
  const globalArgs = new Map<string, string>();
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i]!;
    const match = /^(\s*)([A-Za-z]+)(\s+|$)(.*)$/.exec(first);
    if (!match || first.trimStart().startsWith("#")) continue;
    const line = i + 1;
    let args = match[4]!;
    while (args.trimEnd().endsWith(escape) && i + 1 < lines.length) {
      args = args.trimEnd().slice(0, -1).trimEnd();
      // Comment lines inside a continuation are dropped, as Docker does.
      do i++;
      while (i + 1 < lines.length && lines[i]!.trimStart().startsWith("#"));
      args += ` ${lines[i]!.trim()}`;
    }
    const instruction: DockerInstruction = { keyword: match[2]!.toUpperCase(), args: args.trim(), line, column: match[1]!.length + 1 };
    if (instruction.keyword === "FROM") {
      const words = instruction.args.split(/\s+/).filter((word) => !word.startsWith("--"));
      const asIndex = words.findIndex((word) => word.toLowerCase() === "as");
      stages.push({
        image: expand(words[0] ?? "", globalArgs),
        name: asIndex >= 0 ? words[asIndex + 1]?.toLowerCase() : undefined,
        instructions: [],
        line,
      });
    } else if (stages.length === 0) {
      if (instruction.keyword === "ARG") for (const [name, value] of assignments(instruction.args)) globalArgs.set(name, value);
    } else {
      stages[stages.length - 1]!.instructions.push(instruction);
    }
  }
  return stages;
}

/** `KEY=value KEY2="v 2"` or the legacy `KEY value` form of ENV, LABEL and ARG. */
function assignments(args: string): [string, string][] {
  if (!/^[^\s=]+=/.test(args)) {
    const [name, ...value] = args.split(/\s+/);
    return name ? [[name, value.join(" ")]] : [];
  }
  return [...args.matchAll(/([^\s=]+)=(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S*))/g)].map((match) => [match[1]!, match[2] ?? match[3] ?? match[4] ?? ""]);
}

/** `${NAME}`, `$NAME` and `${NAME:-default}` expanded from the variables known at that point. */
function expand(text: string, variables: ReadonlyMap<string, string>): string {
  return text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (whole, braced, fallback, bare) => {
    const name = (braced ?? bare) as string;
    return variables.get(name) ?? (fallback as string | undefined) ?? whole;
  });
}

/** CMD/ENTRYPOINT/RUN arguments: the exec form's JSON array, or the shell form's first simple command. */
function commandWords(args: string): { words: string[]; shell: boolean } {
  if (args.startsWith("[")) {
    try {
      const parsed = JSON.parse(args) as unknown;
      if (Array.isArray(parsed) && parsed.every((word) => typeof word === "string")) return { words: parsed as string[], shell: false };
    } catch {
      // Not valid JSON: Docker runs it as a shell command too.
    }
  }
  return { words: args.split(/\s+/).filter(Boolean), shell: true };
}

/** How a container image built from a Dockerfile runs, as far as its Dockerfile says. */
export class ContainerImage {
  readonly stages: DockerStage[];
  /** The stage that becomes the image: the last one, unless a build names a target. */
  readonly finalStage: DockerStage | undefined;

  constructor(
    readonly file: string,
    readonly context: string,
    text: string,
  ) {
    this.stages = parseDockerfile(text);
    this.finalStage = this.stages[this.stages.length - 1];
  }

  /** The base image the final stage comes from, through stages built on earlier stages. */
  get baseImage(): string {
    return this.rootStage(this.finalStage)?.image ?? "";
  }

  /** Lambda's Node.js base image, another Lambda base image, the runtime interface client, or no Lambda at all. */
  get lambdaKind(): "node-base" | "other-base" | "ric" | undefined {
    const base = this.baseImage;
    if (LAMBDA_NODE_BASE_IMAGES.some((image) => base === image || base.startsWith(`${image}:`) || base.startsWith(`${image}@`))) return "node-base";
    const entrypoint = this.inherited("ENTRYPOINT");
    if (entrypoint && commandWords(entrypoint.args).words.some((word) => RUNTIME_INTERFACE_CLIENT.test(word))) return "ric";
    if (LAMBDA_OTHER_BASE_IMAGE.test(base)) return "other-base";
    return undefined;
  }

  /** Whether the image runs JavaScript: a JavaScript base image, or a command that starts a JavaScript runtime. */
  get javascriptImage(): boolean {
    return JAVASCRIPT_IMAGES.some(({ pattern }) => pattern.test(this.baseImage));
  }

  /** Whether the image sets the label that lets Lambda publish it with SnapStart. */
  get allowsSnapStart(): boolean {
    return this.stageChain(this.finalStage).some((stage) =>
      stage.instructions.some((instruction) => instruction.keyword === "LABEL" && assignments(instruction.args).some(([name, value]) => name === SNAPSTART_LABEL && value === "Allow")),
    );
  }

  /** CMD as Docker would run it: the words, and where the instruction is. */
  get cmd(): DockerCommand | undefined {
    return this.commandOf("CMD");
  }

  /** What the container runs: the entrypoint followed by CMD (or by `command`, which replaces CMD). */
  processWith(command?: readonly string[]): DockerCommand | undefined {
    const cmd = command ? undefined : this.commandOf("CMD");
    const words = command ?? cmd?.words ?? [];
    const entrypoint = this.commandOf("ENTRYPOINT");
    if (entrypoint) {
      // A shell-form ENTRYPOINT ignores CMD.
      const shell = commandWords(this.inherited("ENTRYPOINT")!.args).shell;
      return shell ? entrypoint : { ...entrypoint, words: [...entrypoint.words, ...words] };
    }
    const imageEntrypoint = JAVASCRIPT_IMAGES.find(({ pattern }) => pattern.test(this.baseImage))?.entrypoint ?? [];
    return cmd ? { ...cmd, words: [...imageEntrypoint, ...words] } : words.length > 0 ? { words: [...imageEntrypoint, ...words], line: 0, column: 0 } : undefined;
  }

  /** `RUN` commands of the stages that build the image, with the working folder each runs in. */
  runCommands(): (DockerCommand & { workdir: string; stage: DockerStage })[] {
    const runs: (DockerCommand & { workdir: string; stage: DockerStage })[] = [];
    for (const stage of this.stages) {
      const variables = this.initialVariables();
      let workdir = "/";
      for (const instruction of this.ownAndInherited(stage)) {
        workdir = this.track(instruction, variables, workdir);
        if (instruction.keyword !== "RUN" || !stage.instructions.includes(instruction)) continue;
        const expanded = expand(instruction.args, variables);
        const { words, shell } = commandWords(expanded);
        for (const command of shell ? commandsIn(expanded) : [words]) runs.push({ words: command, line: instruction.line, column: instruction.column, workdir, stage });
      }
    }
    return runs;
  }

  /** The working folder the final stage's process starts in. */
  get workdir(): string {
    return this.stateAtEnd(this.finalStage).workdir;
  }

  /** The variables (ENV, ARG defaults) in force at the end of the final stage. */
  get variables(): ReadonlyMap<string, string> {
    return this.stateAtEnd(this.finalStage).variables;
  }

  /**
   * Where a path inside the image comes from in the build context: each COPY/ADD that wrote to it, newest first,
   * followed through `--from=<stage>` copies. The first candidate that exists is the answer; the last resort is the
   * path relative to the code root, read from the context.
   */
  contextPaths(containerPath: string, stage: DockerStage | undefined = this.finalStage, depth = 0): string[] {
    if (!stage || depth > 4) return [];
    const candidates: string[] = [];
    const copies: { sources: string[]; dest: string; from: string | undefined }[] = [];
    const variables = this.initialVariables();
    let workdir = "/";
    for (const instruction of this.ownAndInherited(stage)) {
      workdir = this.track(instruction, variables, workdir);
      if (instruction.keyword !== "COPY" && instruction.keyword !== "ADD") continue;
      const { words } = commandWords(expand(instruction.args, variables));
      const from = words.find((word) => word.startsWith("--from="))?.slice("--from=".length).toLowerCase();
      const paths = words.filter((word) => !word.startsWith("--"));
      if (paths.length < 2) continue;
      const dest = paths[paths.length - 1]!;
      copies.push({ sources: paths.slice(0, -1), dest: path.posix.resolve(workdir, dest) + (dest.endsWith("/") || dest === "." ? "/" : ""), from });
    }
    for (const { sources, dest, from } of copies.reverse()) {
      const destDir = dest.endsWith("/") || sources.length > 1 ? dest.replace(/\/$/, "") : undefined;
      for (const source of sources) {
        let inSource: string | undefined;
        if (destDir !== undefined) {
          const relative = path.posix.relative(destDir, containerPath);
          if (relative.startsWith("..") || path.posix.isAbsolute(relative)) continue;
          // A copied folder lands inside the destination; a copied file keeps its name there.
          inSource = relative === path.posix.basename(source) ? source : path.posix.join(source, relative);
        } else {
          const relative = path.posix.relative(dest, containerPath);
          if (relative.startsWith("..") || path.posix.isAbsolute(relative)) continue;
          inSource = relative === "" ? source : path.posix.join(source, relative);
        }
        if (from !== undefined) {
          const sourceStage = this.stages.find((candidate) => candidate.name === from) ?? this.stages[Number(from)];
          candidates.push(...this.contextPaths(path.posix.resolve("/", inSource), sourceStage, depth + 1));
        } else {
          candidates.push(path.join(this.context, inSource));
        }
      }
    }
    return candidates;
  }

  /** What the base image defines: the AWS base images set LAMBDA_TASK_ROOT. */
  private initialVariables(): Map<string, string> {
    return new Map(this.lambdaKind === "node-base" ? [["LAMBDA_TASK_ROOT", LAMBDA_TASK_ROOT]] : []);
  }

  private track(instruction: DockerInstruction, variables: Map<string, string>, workdir: string): string {
    if (instruction.keyword === "ENV" || instruction.keyword === "ARG") {
      for (const [name, value] of assignments(instruction.args)) if (value !== "" || !variables.has(name)) variables.set(name, expand(value, variables));
    }
    return instruction.keyword === "WORKDIR" ? path.posix.resolve(workdir, expand(instruction.args.replace(/^["']|["']$/g, ""), variables)) : workdir;
  }

  private stateAtEnd(stage: DockerStage | undefined): { workdir: string; variables: Map<string, string> } {
    const variables = this.initialVariables();
    let workdir = this.lambdaKind === "node-base" ? LAMBDA_TASK_ROOT : "/";
    for (const instruction of stage ? this.ownAndInherited(stage) : []) workdir = this.track(instruction, variables, workdir);
    return { workdir, variables };
  }

  /** The instructions a stage runs, its base stages' first (`FROM builder` continues the stage named builder). */
  private ownAndInherited(stage: DockerStage): DockerInstruction[] {
    return this.stageChain(stage).reverse().flatMap((each) => each.instructions);
  }

  /** The stage and the earlier stages it is built on, nearest first. */
  private stageChain(stage: DockerStage | undefined): DockerStage[] {
    const chain: DockerStage[] = [];
    for (let current = stage; current && !chain.includes(current); current = this.stages.find((earlier) => earlier.name === current!.image.toLowerCase())) chain.push(current);
    return chain;
  }

  private rootStage(stage: DockerStage | undefined): DockerStage | undefined {
    const chain = this.stageChain(stage);
    return chain[chain.length - 1];
  }

  private inherited(keyword: string): DockerInstruction | undefined {
    for (const stage of this.stageChain(this.finalStage)) {
      const found = stage.instructions.findLast((instruction) => instruction.keyword === keyword);
      if (found) return found;
    }
    return undefined;
  }

  private commandOf(keyword: "CMD" | "ENTRYPOINT"): DockerCommand | undefined {
    const instruction = this.inherited(keyword);
    if (!instruction) return undefined;
    const { words, shell } = commandWords(expand(instruction.args, this.variables));
    return { words: shell ? (commandsIn(words.join(" ")).at(-1) ?? words) : words, line: instruction.line, column: instruction.column };
  }
}
