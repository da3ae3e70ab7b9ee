import path from "node:path";
import { LAMBDA_TASK_ROOT, type ContainerImage, type DockerCommand } from "./dockerfile.js";
import { commandsIn, readPackageScripts, splitHandler } from "./entries.js";
import type { DescriptorLocation } from "./model.js";
import { programOf } from "./programs.js";
import { draft, type FunctionDraft, type ReadContext } from "./reading.js";

/** What a container image runs, read from its Dockerfile (and a command that overrides its CMD). */
export type ImageProcess =
  | {
      kind: "lambda";
      handler: string;
      entry: string | undefined;
      exportName: string | undefined;
      /** `nodejs20.x` for the AWS base image `nodejs:20`; `nodejs` when the tag does not say. */
      runtime: string;
      /** The image sets the label that lets Lambda publish it with SnapStart. */
      allowsSnapStart: boolean;
      at: DescriptorLocation;
    }
  | { kind: "program"; entry: string | undefined; runtime: string; at: DescriptorLocation }
  /** Not a Node.js Lambda and not a JavaScript program: another language, or a command snapcheck cannot follow. */
  | { kind: "other"; lambda: boolean; at: DescriptorLocation };

/**
 * What the image's process runs. `command` replaces CMD (SAM `ImageConfig.Command`, CDK `cmd`, compose `command`);
 * `commandAt` is where it is written. A handler or script that names no file is a problem at the line naming it.
 */
export function imageProcess(image: ContainerImage, context: ReadContext, command?: string[], commandAt?: DescriptorLocation): ImageProcess {
  const cmd: DockerCommand | undefined = command && commandAt ? { words: command, ...commandAt } : image.cmd;
  const at: DescriptorLocation = command && commandAt ? commandAt : { file: image.file, line: cmd?.line ?? image.finalStage?.line ?? 1, column: cmd?.column ?? 1 };
  const lambdaKind = image.lambdaKind;
  if (lambdaKind === "other-base") return { kind: "other", lambda: true, at };
  if (lambdaKind) {
    const handler = cmd?.words[0];
    if (!handler) {
      context.problem(at.file, at, "a Lambda image with no CMD: the handler (file.export) is not named");
      return { kind: "other", lambda: true, at };
    }
    // The AWS base images load handlers from LAMBDA_TASK_ROOT; the runtime interface client from the working folder.
    const codeRoot = lambdaKind === "node-base" ? (image.variables.get("LAMBDA_TASK_ROOT") ?? LAMBDA_TASK_ROOT) : image.workdir;
    const split = splitHandler(handler);
    const entry = split ? fileInImage(image, context, path.posix.resolve(codeRoot, split.modulePath), codeRoot) : undefined;
    if (!split) context.problem(at.file, at, `handler "${handler}" does not name a file and an export (file.export)`);
    else if (!entry) context.problem(at.file, at, `handler "${handler}": no source file for ${split.modulePath} in the image's build context ${image.context}`);
    const version = lambdaKind === "node-base" ? /:(\d+)/.exec(image.baseImage)?.[1] : undefined;
    const runtime = version ? `nodejs${version}.x` : "nodejs";
    return { kind: "lambda", handler, entry, exportName: split?.exportName, runtime, allowsSnapStart: image.allowsSnapStart, at };
  }
  const words = image.processWith(command)?.words;
  const program = programIn(image, context, words ?? [], image.workdir);
  if (program) {
    // A server built inside the image (`RUN npm run build`, then `node .output/server/index.mjs`) runs a file that
    // only the build makes: not a mistake in the descriptor.
    if (!program.entry && program.script !== undefined && !buildsInImage(image)) {
      context.problem(at.file, at, `"${program.script}" names no source file in the image's build context ${image.context}`);
    }
    return { kind: "program", entry: program.entry, runtime: program.runtime, at };
  }
  // A JavaScript image running something snapcheck cannot follow (`react-router-serve`, a shell script) is still a
  // long-lived JavaScript process: its code is known not to be snapshotted, even if its entry is not.
  if (image.javascriptImage) return { kind: "program", entry: undefined, runtime: "node", at };
  return { kind: "other", lambda: false, at };
}

/** Build tools and package scripts whose output a server may run. */
const BUILD_COMMANDS = new Set(["tsc", "esbuild", "vite", "next", "nuxt", "nuxi", "webpack", "rollup", "tsup", "swc", "astro", "remix", "ng"]);

/** Whether the image's build compiles or bundles code (`RUN npm run build`, `RUN npx tsc`). */
function buildsInImage(image: ContainerImage): boolean {
  return image.runCommands().some(({ words }) => {
    const run = programOf(words);
    if (run?.kind === "package-script") return /build|compile|bundle/i.test(run.name);
    const tool = words.find((word) => !["npx", "pnpm", "yarn", "bunx", "exec", "dlx"].includes(word));
    return tool !== undefined && BUILD_COMMANDS.has(path.posix.basename(tool));
  });
}

/** The script a command runs in the image, following `npm start` into the image's package.json. */
function programIn(image: ContainerImage, context: ReadContext, words: readonly string[], workdir: string, depth = 0): { entry: string | undefined; runtime: string; script: string | undefined } | undefined {
  // `sh -c "node server.js"`: the command is the string.
  if (words.length >= 3 && /(^|\/)(ba)?sh$/.test(words[0]!) && words[1] === "-c") {
    const last = commandsIn(words[2]!).at(-1);
    return last ? programIn(image, context, last, workdir, depth) : undefined;
  }
  const run = programOf(words);
  if (!run) return undefined;
  if (run.kind === "package-script") {
    if (depth > 3) return undefined;
    for (const candidate of image.contextPaths(path.posix.join(workdir, "package.json"))) {
      const script = readPackageScripts(candidate)?.[run.name];
      const last = script === undefined ? undefined : commandsIn(script).at(-1);
      if (last) return programIn(image, context, last, workdir, depth + 1);
    }
    return undefined;
  }
  if (run.script === undefined) return undefined;
  return { entry: fileInImage(image, context, path.posix.resolve(workdir, run.script), workdir), runtime: run.runtime, script: run.script };
}

/**
 * The source file of a path inside the image: through the COPY instructions that put it there, or, when none
 * does, the same path relative to the code root read from the build context; build output is mapped to its source.
 */
export function fileInImage(image: ContainerImage, context: ReadContext, containerPath: string, codeRoot: string): string | undefined {
  const relativeToRoot = path.posix.relative(codeRoot, containerPath);
  const candidates = image.contextPaths(containerPath);
  if (!relativeToRoot.startsWith("..")) candidates.push(path.join(image.context, relativeToRoot));
  for (const candidate of candidates) {
    const entry = context.resolver.resolve(candidate, image.context);
    if (entry) return entry;
  }
  return undefined;
}

/**
 * A Dockerfile no other descriptor builds from: a Lambda image (its own function), a long-lived JavaScript server
 * (never snapshotted), and any `node --build-snapshot` its build runs (a Node.js startup snapshot).
 */
export function readDockerfile(file: string, context: ReadContext): FunctionDraft[] {
  const image = context.image(file, path.dirname(file), undefined, { consume: false });
  if (!image) return [];
  const folder = path.basename(path.dirname(file));
  const suffix = /^Dockerfile\.(.+)$/i.exec(path.basename(file))?.[1] ?? /^(.+)\.dockerfile$/i.exec(path.basename(file))?.[1];
  const name = suffix ? `${folder}-${suffix}` : folder;
  const projectRoot = path.dirname(file);
  const drafts: FunctionDraft[] = [];
  for (const run of image.runCommands()) {
    const program = programOf(run.words);
    if (program?.kind !== "script" || !program.buildsSnapshot) continue;
    const at = { file, line: run.line, column: run.column };
    const entry = program.script === undefined ? undefined : fileInImage(image, context, path.posix.resolve(run.workdir, program.script), run.workdir);
    if (program.script !== undefined && !entry) context.problem(file, at, `--build-snapshot ${program.script}: no source file for it in the build context`);
    drafts.push(draft({ name: `${name}:snapshot`, descriptorKind: "dockerfile", source: at, projectRoot, entry, handler: undefined, runtime: "node", packageType: "image", snapshotDeclared: true, snapshot: "node-snapshot", lambda: false }));
  }
  const process = imageProcess(image, context);
  const source = { file, line: image.finalStage?.line ?? 1, column: 1 };
  if (process.kind === "lambda") {
    drafts.push(draft({ name, descriptorKind: "dockerfile", source, projectRoot, entry: process.entry, handler: process.exportName, runtime: process.runtime, packageType: "image", snapshotDeclared: process.allowsSnapStart }));
  } else if (process.kind === "program" && !(drafts.length > 0 && process.entry === undefined)) {
    // A process started from a startup snapshot's blob runs what the snapshot built: listed above.
    drafts.push(draft({ name, descriptorKind: "dockerfile", source, projectRoot, entry: process.entry, handler: undefined, runtime: process.runtime, packageType: "image", longLived: true, lambda: false }));
  }
  return drafts;
}
