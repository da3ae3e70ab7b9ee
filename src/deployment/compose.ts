import path from "node:path";
import { imageProcess } from "./containers.js";
import { commandsIn } from "./entries.js";
import { draft, type FunctionDraft, type ReadContext } from "./reading.js";
import { keyNodeAt, nodeAt, type YamlDescriptor } from "./yaml.js";

/**
 * Services of a Compose file that are built from this project. Source: Compose Specification, "Services top-level
 * elements" (`build` as a context path or `{ context, dockerfile }`, default Dockerfile name `Dockerfile`; `command`
 * overrides the image's CMD, as a list or a shell string).
 */
interface ComposeService {
  build?: unknown;
  command?: unknown;
}

/** Each service built from a Dockerfile of the project: a long-lived process (or a Lambda image run locally). */
export function readCompose(file: string, descriptor: YamlDescriptor, context: ReadContext): FunctionDraft[] {
  const services = (descriptor.data as { services?: Record<string, ComposeService> } | null)?.services;
  if (typeof services !== "object" || services === null) return [];
  const composeDir = path.dirname(file);
  const drafts: FunctionDraft[] = [];
  for (const [name, service] of Object.entries(services)) {
    if (typeof service !== "object" || service === null || service.build === undefined) continue;
    const build = typeof service.build === "string" ? { context: service.build } : (service.build as { context?: unknown; dockerfile?: unknown });
    const buildContext = path.resolve(composeDir, typeof build.context === "string" ? build.context : ".");
    // A remote build context (a Git URL) is not in the project.
    if (typeof build.context === "string" && /^[a-z]+:\/\/|^git@/i.test(build.context)) continue;
    const dockerfile = path.resolve(buildContext, typeof build.dockerfile === "string" ? build.dockerfile : "Dockerfile");
    const source = { file, ...descriptor.positionOf(keyNodeAt(descriptor.document, ["services"], name) ?? null) };
    const image = context.image(dockerfile, buildContext, source);
    if (!image) continue;
    const command = Array.isArray(service.command) ? service.command.map(String) : typeof service.command === "string" ? commandsIn(service.command).at(-1) : undefined;
    const commandAt = command ? { file, ...descriptor.positionOf(nodeAt(descriptor.document, ["services", name, "command"]) ?? null) } : undefined;
    const process = imageProcess(image, context, command, commandAt);
    const common = { name, descriptorKind: "compose" as const, source, projectRoot: buildContext, handler: undefined, packageType: "image" as const };
    if (process.kind === "lambda") drafts.push(draft({ ...common, entry: process.entry, handler: process.exportName, runtime: process.runtime, snapshotDeclared: process.allowsSnapStart }));
    else if (process.kind === "program") drafts.push(draft({ ...common, entry: process.entry, runtime: process.runtime, longLived: true, lambda: false }));
  }
  return drafts;
}
