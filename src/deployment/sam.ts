import path from "node:path";
import { imageProcess } from "./containers.js";
import { isRegularFile } from "../discovery/regular-file.js";
import { splitHandler } from "./entries.js";
import type { DescriptorKind, DescriptorLocation } from "./model.js";
import { draft, isNodeRuntime, type FunctionDraft, type ReadContext } from "./reading.js";
import { keyNodeAt, nodeAt, type YamlDescriptor } from "./yaml.js";

/**
 * Where each Lambda resource type keeps what the model needs. Sources: AWS SAM Developer Guide,
 * "AWS::Serverless::Function" (CodeUri, InlineCode, Handler, Runtime, PackageType, ImageConfig, SnapStart) and
 * "Globals section of the AWS SAM template" (Globals.Function); AWS CloudFormation User Guide, "AWS::Lambda::Function"
 * (Code: a local path that `package` uploads, ZipFile, S3Bucket, ImageUri; Handler, Runtime, PackageType,
 * ImageConfig, SnapStart).
 */
const FUNCTION_RESOURCES: Record<string, { code: string; globals: string | undefined }> = {
  "AWS::Serverless::Function": { code: "CodeUri", globals: "Function" },
  "AWS::Lambda::Function": { code: "Code", globals: undefined },
};

/**
 * Resources that run long-lived containers, never snapshotted. Sources: AWS CloudFormation User Guide,
 * "AWS::ECS::TaskDefinition" (ECS/Fargate tasks), "AWS::AppRunner::Service".
 */
const LONG_LIVED_RESOURCES = new Set(["AWS::ECS::TaskDefinition", "AWS::AppRunner::Service"]);

/**
 * `SnapStart.ApplyOn` values that turn it on; a condition (`!If`) or parameter may turn it on too, so any value but
 * `None` counts. Source: AWS CloudFormation User Guide, "AWS::Lambda::Function SnapStart" (ApplyOn: PublishedVersions | None).
 */
function turnsSnapStartOn(snapStart: unknown): boolean {
  if (typeof snapStart !== "object" || snapStart === null) return false;
  const applyOn = (snapStart as { ApplyOn?: unknown }).ApplyOn;
  return applyOn !== undefined && applyOn !== "None";
}

/**
 * Image build settings SAM reads from a function's `Metadata`. Source: AWS SAM Developer Guide, "Building Lambda
 * functions with container images" (Dockerfile, DockerContext) and "Building Node.js Lambda functions with esbuild"
 * (BuildMethod: esbuild, BuildProperties.EntryPoints).
 */
interface BuildMetadata {
  Dockerfile?: unknown;
  DockerContext?: unknown;
  BuildMethod?: unknown;
  BuildProperties?: { EntryPoints?: unknown };
}

/**
 * Whether a text declares a resource the model reads (`Type: AWS::Serverless::Function`, `"Type": "AWS::ECS::…"`),
 * judged before parsing: a template of tables and queues deploys no code, and JSON that merely mentions a type
 * (SDK service models, docs) is not a template.
 */
export function looksLikeTemplate(text: string): boolean {
  return RESOURCE_TYPE_DECLARATION.test(text);
}

const RESOURCE_TYPE_DECLARATION = new RegExp(
  `["']?Type["']?\\s*:\\s*["']?(?:${[...Object.keys(FUNCTION_RESOURCES), ...LONG_LIVED_RESOURCES].join("|")})(?:["'\\s]|$)`,
);

type Properties = Record<string, unknown>;

/** The functions (and long-lived services) of a SAM or CloudFormation template. */
export function readTemplate(file: string, descriptor: YamlDescriptor, context: ReadContext): { kind: DescriptorKind; functions: FunctionDraft[] } {
  const data = (descriptor.data ?? {}) as { Transform?: unknown; Globals?: Record<string, Properties>; Resources?: Record<string, { Type?: unknown; Properties?: Properties; Metadata?: BuildMetadata }> };
  const transforms = Array.isArray(data.Transform) ? data.Transform : [data.Transform];
  const kind: DescriptorKind = transforms.some((name) => typeof name === "string" && name.startsWith("AWS::Serverless")) ? "sam" : "cloudformation";
  const templateDir = path.dirname(file);
  const functions: FunctionDraft[] = [];
  const resources = typeof data.Resources === "object" && data.Resources !== null ? data.Resources : {};
  const locate = (nodePath: (string | number)[], key?: string): DescriptorLocation => {
    const node = key === undefined ? nodeAt(descriptor.document, nodePath) : keyNodeAt(descriptor.document, nodePath, key);
    return { file, ...descriptor.positionOf(node ?? keyNodeAt(descriptor.document, ["Resources"], String(nodePath[1])) ?? null) };
  };
  for (const [name, resource] of Object.entries(resources)) {
    if (typeof resource !== "object" || resource === null || typeof resource.Type !== "string") continue;
    const source = locate(["Resources"], name);
    if (LONG_LIVED_RESOURCES.has(resource.Type)) {
      functions.push(draft({ name, descriptorKind: kind, source, projectRoot: templateDir, entry: undefined, handler: undefined, runtime: undefined, packageType: "image", longLived: true, lambda: false }));
      continue;
    }
    const shape = FUNCTION_RESOURCES[resource.Type];
    if (!shape) continue;
    const globals = shape.globals ? (data.Globals?.[shape.globals] ?? {}) : {};
    const properties: Properties = { ...globals, ...(resource.Properties ?? {}) };
    const propertyAt = (key: string) => (resource.Properties && key in resource.Properties ? locate(["Resources", name, "Properties", key]) : shape.globals ? locate(["Globals", shape.globals, key]) : source);
    const runtime = typeof properties.Runtime === "string" ? properties.Runtime : undefined;
    const snapshotDeclared = turnsSnapStartOn(properties.SnapStart);
    const common = { name, descriptorKind: kind, source, projectRoot: templateDir, snapshotDeclared };
    if (properties.PackageType === "Image") {
      functions.push(imageFunction(common, resource.Metadata ?? {}, properties, templateDir, propertyAt, context));
      continue;
    }
    if (!isNodeRuntime(runtime) || (runtime === undefined && typeof properties.Handler !== "string")) {
      functions.push(draft({ ...common, entry: undefined, handler: undefined, runtime, javascript: false }));
      continue;
    }
    const handler = typeof properties.Handler === "string" ? properties.Handler : undefined;
    const codeRoot = localCodeRoot(properties[shape.code], templateDir, resource.Type === "AWS::Serverless::Function");
    if (handler === undefined || codeRoot === undefined) {
      // Inline code or code in S3: nothing in the project to lint.
      functions.push(draft({ ...common, entry: undefined, handler: handler ? handler.slice(handler.lastIndexOf(".") + 1) : undefined, runtime }));
      continue;
    }
    const bundled = esbuildEntry(resource.Metadata, handler, codeRoot);
    const resolved = bundled ? { entry: bundled, exportName: splitHandler(handler)?.exportName } : context.handlerEntry(handler, codeRoot, templateDir, propertyAt("Handler"));
    functions.push(draft({ ...common, entry: resolved.entry, handler: resolved.exportName, runtime }));
  }
  return { kind, functions };
}

/** The folder a zip function's code is in: CodeUri/Code as a local path; SAM's default is the template's folder. */
function localCodeRoot(code: unknown, templateDir: string, defaultsToTemplateDir: boolean): string | undefined {
  if (code === undefined) return defaultsToTemplateDir ? templateDir : undefined;
  if (typeof code !== "string" || /^[a-z0-9]+:\/\//i.test(code)) return undefined;
  // CodeUri may name a single file (`src/function.js`): the package holds that file, the handler names it.
  const root = path.resolve(templateDir, code);
  return /\.[cm]?[jt]s$/.test(code) && isRegularFile(root) ? path.dirname(root) : root;
}

/** With `BuildMethod: esbuild`, the entry point whose name the handler's module has (`app.handler` → `app.ts`). */
function esbuildEntry(metadata: BuildMetadata | undefined, handler: string, codeRoot: string): string | undefined {
  const entryPoints = metadata?.BuildMethod === "esbuild" ? metadata.BuildProperties?.EntryPoints : undefined;
  if (!Array.isArray(entryPoints)) return undefined;
  const moduleName = path.posix.basename(handler).split(".")[0];
  const match = entryPoints.find((entry) => typeof entry === "string" && path.posix.basename(entry).replace(/\.[cm]?[jt]sx?$/, "") === moduleName) as string | undefined;
  return match ? path.resolve(codeRoot, match) : undefined;
}

function imageFunction(
  common: Pick<FunctionDraft, "name" | "descriptorKind" | "source" | "projectRoot" | "snapshotDeclared">,
  metadata: BuildMetadata,
  properties: Properties,
  templateDir: string,
  propertyAt: (key: string) => DescriptorLocation,
  context: ReadContext,
): FunctionDraft {
  const unknownImage = draft({ ...common, entry: undefined, handler: undefined, runtime: undefined, packageType: "image" });
  if (typeof metadata.DockerContext !== "string" && typeof metadata.Dockerfile !== "string") return unknownImage;
  const dockerContext = path.resolve(templateDir, typeof metadata.DockerContext === "string" ? metadata.DockerContext : ".");
  const dockerfile = path.resolve(dockerContext, typeof metadata.Dockerfile === "string" ? metadata.Dockerfile : "Dockerfile");
  const image = context.image(dockerfile, dockerContext, common.source);
  if (!image) return unknownImage;
  const command = (properties.ImageConfig as { Command?: unknown } | undefined)?.Command;
  const override = Array.isArray(command) && command.every((word) => typeof word === "string") ? (command as string[]) : undefined;
  const process = imageProcess(image, context, override, override ? propertyAt("ImageConfig") : undefined);
  if (process.kind === "other") return { ...unknownImage, javascript: false };
  if (process.kind === "program") return { ...unknownImage, entry: process.entry, runtime: process.runtime };
  return { ...unknownImage, entry: process.entry, handler: process.exportName, runtime: process.runtime };
}
