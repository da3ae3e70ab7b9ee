import path from "node:path";
import { imageProcess } from "./containers.js";
import { readText, splitHandler } from "./entries.js";
import type { DescriptorLocation } from "./model.js";
import { draft, FILE_START, isNodeRuntime, type FunctionDraft, type ReadContext } from "./reading.js";
import { keyNodeAt, nodeAt, parseYamlDescriptor, type YamlDescriptor } from "./yaml.js";

/**
 * What a Serverless Framework service says about its functions. Sources: Serverless Framework docs, "AWS -
 * Functions" (functions.<name>.handler `file.export` relative to the service folder, runtime, snapStart: true, image:
 * a name from provider.ecr.images or { name, command }), "AWS - Provider" (provider.runtime; provider.ecr.images.<name>
 * .path and .file for images built from a Dockerfile; default runtime nodejs20.x in v4), "Variables" (${file(...)}).
 */
const DEFAULT_RUNTIME = "nodejs20.x";
/** Providers other than AWS run functions that are never snapshotted (Google Cloud Functions, Azure Functions...). */
const AWS_PROVIDER = "aws";

interface ServerlessFunction {
  handler?: unknown;
  runtime?: unknown;
  snapStart?: unknown;
  image?: unknown;
}

interface ServiceData {
  provider?: { name?: unknown; runtime?: unknown; ecr?: { images?: Record<string, { path?: unknown; file?: unknown } | string> } };
  functions?: unknown;
}

/** The functions of a serverless.yml (or .yaml/.json). */
export function readServerless(file: string, descriptor: YamlDescriptor, context: ReadContext): FunctionDraft[] {
  const service = (descriptor.data ?? {}) as ServiceData;
  const serviceDir = path.dirname(file);
  const providerName = typeof service.provider?.name === "string" ? service.provider.name : AWS_PROVIDER;
  const providerRuntime = typeof service.provider?.runtime === "string" ? service.provider.runtime : undefined;
  const drafts: FunctionDraft[] = [];
  for (const { name, fn, source, document } of functionsOf(file, descriptor, service.functions, context)) {
    const propertyAt = (key: string): DescriptorLocation => ({ file: document.file, ...document.descriptor.positionOf(nodeAt(document.descriptor.document, [...document.path, name, key]) ?? null) });
    const runtime = typeof fn.runtime === "string" ? fn.runtime : (providerRuntime ?? (providerName === AWS_PROVIDER ? DEFAULT_RUNTIME : undefined));
    const common = { name, descriptorKind: "serverless" as const, source, projectRoot: serviceDir, snapshotDeclared: fn.snapStart === true || fn.snapStart === "true" };
    if (providerName !== AWS_PROVIDER) {
      drafts.push(otherPlatformFunction(common, fn, serviceDir, runtime, context));
      continue;
    }
    if (fn.image !== undefined) {
      drafts.push(imageFunction(common, fn.image, service, serviceDir, propertyAt("image"), context));
      continue;
    }
    if (!isNodeRuntime(runtime)) {
      drafts.push(draft({ ...common, entry: undefined, handler: undefined, runtime, javascript: false }));
      continue;
    }
    if (typeof fn.handler !== "string") continue;
    if (fn.handler.includes("${")) {
      context.problem(document.file, propertyAt("handler"), `handler "${fn.handler}" uses a variable snapcheck does not resolve; declare the function in the snapcheck config (functions)`);
      drafts.push(draft({ ...common, entry: undefined, handler: undefined, runtime }));
      continue;
    }
    const { entry, exportName } = context.handlerEntry(fn.handler, serviceDir, serviceDir, propertyAt("handler"));
    drafts.push(draft({ ...common, entry, handler: exportName, runtime }));
  }
  return drafts;
}

interface FunctionsDocument {
  file: string;
  descriptor: YamlDescriptor;
  /** Where the functions map is inside the document. */
  path: (string | number)[];
}

/** Each function with the document it is written in: `functions` may be a map, a list of maps, or `${file(...)}`. */
function functionsOf(file: string, descriptor: YamlDescriptor, functions: unknown, context: ReadContext): { name: string; fn: ServerlessFunction; source: DescriptorLocation; document: FunctionsDocument }[] {
  const found: { name: string; fn: ServerlessFunction; source: DescriptorLocation; document: FunctionsDocument }[] = [];
  const visit = (value: unknown, document: FunctionsDocument, includes: number) => {
    if (typeof value === "string") {
      const included = /^\$\{file\(([^)]+)\)(?::([\w.-]+))?\}$/.exec(value.trim());
      if (!included || includes > 3) return;
      const includedFile = path.resolve(path.dirname(document.file), included[1]!.replace(/^["']|["']$/g, ""));
      const text = readText(includedFile);
      if (text === undefined) {
        context.problem(document.file, document.descriptor.positionOf(nodeAt(document.descriptor.document, document.path) ?? null), `functions come from ${included[1]}, which is missing`);
        return;
      }
      let parsed: YamlDescriptor;
      try {
        parsed = parseYamlDescriptor(text);
      } catch (error) {
        context.problem(includedFile, FILE_START, `cannot read: ${(error as Error).message}`);
        return;
      }
      const key = included[2];
      const data = key ? (parsed.data as Record<string, unknown> | null)?.[key] : parsed.data;
      visit(data, { file: includedFile, descriptor: parsed, path: key === undefined ? [] : [key] }, includes + 1);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, { ...document, path: [...document.path, index] }, includes));
      return;
    }
    if (typeof value !== "object" || value === null) return;
    for (const [name, fn] of Object.entries(value)) {
      if (typeof fn !== "object" || fn === null) continue;
      const keyNode = keyNodeAt(document.descriptor.document, document.path, name);
      found.push({ name, fn: fn as ServerlessFunction, source: { file: document.file, ...document.descriptor.positionOf(keyNode ?? null) }, document });
    }
  };
  visit(functions, { file, descriptor, path: ["functions"] }, 0);
  return found;
}

/**
 * Azure Functions, Google Cloud Functions and the like: never snapshotted. Their handler is `file.export` (the Azure
 * plugin, as on AWS) or an export of the service's main file (serverless-google-cloudfunctions: package.json `main`,
 * else index.js). Sources: the plugins' READMEs. An entry not found is left unknown, without a warning: nothing of
 * it is snapshotted.
 */
function otherPlatformFunction(common: Pick<FunctionDraft, "name" | "descriptorKind" | "source" | "projectRoot" | "snapshotDeclared">, fn: ServerlessFunction, serviceDir: string, runtime: string | undefined, context: ReadContext): FunctionDraft {
  const handler = typeof fn.handler === "string" ? fn.handler : undefined;
  const split = handler?.includes(".") ? splitHandler(handler) : undefined;
  const main = readPackageMain(path.join(serviceDir, "package.json")) ?? "index.js";
  const entry = split ? context.resolver.resolve(path.resolve(serviceDir, split.modulePath), serviceDir) : context.resolver.resolve(path.resolve(serviceDir, main), serviceDir);
  return draft({ ...common, snapshotDeclared: false, entry, handler: split ? split.exportName : handler, runtime, lambda: false, javascript: runtime === undefined || runtime.startsWith("nodejs") });
}

function readPackageMain(file: string): string | undefined {
  try {
    const main = (JSON.parse(readText(file) ?? "") as { main?: unknown }).main;
    return typeof main === "string" ? main : undefined;
  } catch {
    return undefined;
  }
}

function imageFunction(
  common: Pick<FunctionDraft, "name" | "descriptorKind" | "source" | "projectRoot" | "snapshotDeclared">,
  image: unknown,
  service: ServiceData,
  serviceDir: string,
  imageAt: DescriptorLocation,
  context: ReadContext,
): FunctionDraft {
  const unknownImage = draft({ ...common, entry: undefined, handler: undefined, runtime: undefined, packageType: "image" });
  const name = typeof image === "string" ? image : (image as { name?: unknown }).name;
  const command = typeof image === "object" && image !== null ? (image as { command?: unknown }).command : undefined;
  const built = typeof name === "string" ? service.provider?.ecr?.images?.[name] : undefined;
  // An image URI, not one built from this project.
  if (built === undefined) return unknownImage;
  const imagePath = typeof built === "string" ? built : typeof built.path === "string" ? built.path : ".";
  const dockerContext = path.resolve(serviceDir, imagePath);
  const dockerfile = path.resolve(dockerContext, typeof built === "object" && typeof built.file === "string" ? built.file : "Dockerfile");
  const containerImage = context.image(dockerfile, dockerContext, imageAt);
  if (!containerImage) return unknownImage;
  const override = Array.isArray(command) && command.every((word) => typeof word === "string") ? (command as string[]) : undefined;
  const process = imageProcess(containerImage, context, override, override ? imageAt : undefined);
  if (process.kind === "other") return { ...unknownImage, javascript: false };
  if (process.kind === "program") return { ...unknownImage, entry: process.entry, runtime: process.runtime };
  return { ...unknownImage, entry: process.entry, handler: process.exportName, runtime: process.runtime };
}
