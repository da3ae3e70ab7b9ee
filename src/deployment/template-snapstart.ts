import fs from "node:fs";
import path from "node:path";
import { LAMBDA_CALLER_PROPERTIES } from "../knowledge/lambda-callers.js";
import type { DescriptorSpan, SnapStartFacts, SnapStartFunction, UnqualifiedCaller } from "./snapstart-facts.js";
import { keyNodeAt, nodeAt, type YamlDescriptor } from "./yaml.js";

type Path = (string | number)[];
type Data = Record<string, unknown>;

const SAM_FUNCTION = "AWS::Serverless::Function";
const LAMBDA_FUNCTION = "AWS::Lambda::Function";

function isRecord(value: unknown): value is Data {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Whether a property is certainly set: not `!Ref AWS::NoValue`, and not chosen by a condition (`!If`), which the
 * template's parameters decide at deploy time.
 */
function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  return !(isRecord(value) && (value.Ref === "AWS::NoValue" || "Fn::If" in value));
}

/** Where a path of the document is, or its nearest ancestor that is a node (a path into a `!Sub` tag is not). */
export function spanAt(yaml: YamlDescriptor, at: Path, key?: string): DescriptorSpan {
  if (key !== undefined) {
    const keyNode = keyNodeAt(yaml.document, at, key);
    if (keyNode) return yaml.positionOf(keyNode);
  }
  for (let length = at.length; length >= 0; length--) {
    const node = nodeAt(yaml.document, at.slice(0, length));
    if (node) return yaml.positionOf(node);
  }
  return { line: 1, column: 1 };
}

/** How a value names the function `logicalId`: itself (`!Ref Fn`, `!GetAtt Fn.Arn`), a version or alias of it, or not at all. */
export function referenceTo(value: unknown, logicalId: string): "unqualified" | "qualified" | undefined {
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const [key] = keys as [string];
  const argument = value[key];
  switch (key) {
    case "Ref":
      if (argument === logicalId) return "unqualified";
      // SAM's `!Ref Fn.Alias` and `!Ref Fn.Version` name what AutoPublishAlias made.
      return typeof argument === "string" && argument.startsWith(`${logicalId}.`) ? "qualified" : undefined;
    case "Fn::GetAtt": {
      const [resource, attribute] = typeof argument === "string" ? argument.split(/\.(.*)/s) : Array.isArray(argument) ? argument : [];
      if (resource !== logicalId) return undefined;
      return attribute === "Arn" ? "unqualified" : "qualified";
    }
    case "Fn::Sub":
      return referenceInSub(argument, logicalId);
    case "Fn::Join":
      return referenceInJoin(argument, logicalId);
    case "Fn::If": {
      if (!Array.isArray(argument)) return undefined;
      const branches = argument.slice(1).map((branch) => referenceTo(branch, logicalId));
      return branches.includes("unqualified") ? "unqualified" : branches.find(Boolean);
    }
    default:
      return undefined;
  }
}

/** `${Fn.Arn}` or `${Fn}` in a `!Sub` string, qualified when a `:qualifier` follows it. */
function referenceInSub(argument: unknown, logicalId: string): "unqualified" | "qualified" | undefined {
  const [template, variables] = typeof argument === "string" ? [argument, {}] : Array.isArray(argument) ? argument : [undefined, {}];
  if (typeof template !== "string") return undefined;
  const names = new Map<string, "unqualified" | "qualified">([[logicalId, "unqualified"], [`${logicalId}.Arn`, "unqualified"]]);
  if (isRecord(variables)) {
    for (const [name, value] of Object.entries(variables)) {
      const reference = referenceTo(value, logicalId);
      if (reference) names.set(name, reference);
    }
  }
  let found: "unqualified" | "qualified" | undefined;
  for (const match of template.matchAll(/\$\{([^}!]+)\}/g)) {
    const reference = names.get(match[1]!.trim());
    if (!reference) continue;
    const next = template[match.index + match[0].length];
    const qualified = reference === "qualified" || next === ":";
    if (!qualified) return "unqualified";
    found = "qualified";
  }
  return found;
}

function referenceInJoin(argument: unknown, logicalId: string): "unqualified" | "qualified" | undefined {
  if (!Array.isArray(argument) || !Array.isArray(argument[1])) return undefined;
  const [separator, parts] = argument as [unknown, unknown[]];
  let found: "unqualified" | "qualified" | undefined;
  parts.forEach((part, index) => {
    const reference = referenceTo(part, logicalId);
    if (!reference || found === "unqualified") return;
    const next = index + 1 < parts.length ? `${typeof separator === "string" ? separator : ""}${typeof parts[index + 1] === "string" ? parts[index + 1] : ""}` : "";
    found = reference === "qualified" || next.startsWith(":") ? "qualified" : "unqualified";
  });
  return found;
}

/** The values at a caller path (`*`: each item, `**`: everything below), with their paths. */
function valuesAt(data: unknown, pattern: readonly string[], at: Path): { value: unknown; at: Path }[] {
  if (pattern.length === 0) return [{ value: data, at }];
  const [head, ...rest] = pattern as [string, ...string[]];
  if (head === "**") return everyValueBelow(data, at);
  if (head === "*") {
    if (Array.isArray(data)) return data.flatMap((item, index) => valuesAt(item, rest, [...at, index]));
    if (isRecord(data)) return Object.entries(data).flatMap(([key, item]) => valuesAt(item, rest, [...at, key]));
    return [];
  }
  return isRecord(data) && head in data ? valuesAt(data[head], rest, [...at, head]) : [];
}

function everyValueBelow(data: unknown, at: Path): { value: unknown; at: Path }[] {
  const found: { value: unknown; at: Path }[] = [];
  const stack: { value: unknown; at: Path }[] = [{ value: data, at }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    found.push(item);
    const { value } = item;
    // An intrinsic function is one value: its insides are read by `referenceTo`.
    if (isRecord(value) && Object.keys(value).some((key) => key === "Ref" || key.startsWith("Fn::"))) continue;
    if (Array.isArray(value)) value.forEach((child, index) => stack.push({ value: child, at: [...item!.at, index] }));
    else if (isRecord(value)) for (const [key, child] of Object.entries(value)) stack.push({ value: child, at: [...item.at, key] });
  }
  return found;
}

/** Resources of the template that invoke `logicalId` unqualified, from the caller table. */
export function unqualifiedCallersIn(
  yaml: YamlDescriptor,
  resources: Data,
  resourcesPath: Path,
  logicalId: string,
  fix: string,
): UnqualifiedCaller[] {
  const callers: UnqualifiedCaller[] = [];
  for (const [id, resource] of Object.entries(resources)) {
    if (!isRecord(resource) || id === logicalId || !isRecord(resource.Properties)) continue;
    const properties = resource.Properties;
    for (const entry of LAMBDA_CALLER_PROPERTIES) {
      if (entry.resourceType !== resource.Type) continue;
      if (entry.qualifiedBy && properties[entry.qualifiedBy] !== undefined) continue;
      for (const { value, at } of valuesAt(properties, entry.path, [...resourcesPath, id, "Properties"])) {
        if (referenceTo(value, logicalId) !== "unqualified") continue;
        callers.push({ at: spanAt(yaml, at), caller: `${entry.caller} (${id})`, fix });
      }
    }
  }
  return callers;
}

/** Whether any resource of `types` names `logicalId` in its FunctionName (a Version, an Alias). */
function resourcesFor(resources: Data, types: readonly string[], logicalId: string): [string, Data][] {
  return Object.entries(resources).filter(
    (entry): entry is [string, Data] =>
      isRecord(entry[1]) && types.includes(String(entry[1].Type)) && isRecord(entry[1].Properties) && referenceTo(entry[1].Properties.FunctionName, logicalId) !== undefined,
  );
}

/** SnapStart functions of a SAM or CloudFormation template. */
export function templateSnapStartFacts(yaml: YamlDescriptor, filePath: string): SnapStartFacts {
  const template = yaml.data;
  const result: SnapStartFacts = { functions: [], filesRead: [] };
  if (!isRecord(template) || !isRecord(template.Resources)) return result;
  const resources = template.Resources;
  const globals = isRecord(template.Globals) && isRecord(template.Globals.Function) ? template.Globals.Function : {};
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isRecord(resource) || (resource.Type !== SAM_FUNCTION && resource.Type !== LAMBDA_FUNCTION)) continue;
    const sam = resource.Type === SAM_FUNCTION;
    const properties = isRecord(resource.Properties) ? resource.Properties : {};
    const here: Path = ["Resources", logicalId, "Properties"];
    /** A property of the function, or (SAM) of Globals.Function, with where it is written. */
    const setting = (key: string): { value: unknown; at: DescriptorSpan } | undefined => {
      if (key in properties) return isSet(properties[key]) ? { value: properties[key], at: spanAt(yaml, here, key) } : undefined;
      if (sam && key in globals && isSet(globals[key])) return { value: globals[key], at: spanAt(yaml, ["Globals", "Function"], key) };
      return undefined;
    };
    const snapStart = setting("SnapStart");
    if (!snapStart || !isRecord(snapStart.value) || snapStart.value.ApplyOn !== "PublishedVersions") continue;

    const runtime = setting("Runtime");
    const packageType = setting("PackageType")?.value === "Image" ? "image" : "zip";
    const autoPublishAlias = setting("AutoPublishAlias");
    const published =
      autoPublishAlias !== undefined || setting("AutoPublishCodeSha256") !== undefined || resourcesFor(resources, ["AWS::Lambda::Version"], logicalId).length > 0;
    const qualifiedName = sam ? `!Ref ${logicalId}.Alias (with AutoPublishAlias)` : `an AWS::Lambda::Alias or AWS::Lambda::Version of ${logicalId}`;
    const fix = `point it at ${qualifiedName} instead of the function itself`;
    const fn: SnapStartFunction = {
      name: logicalId,
      snapStartAt: snapStart.at,
      runtime: typeof runtime?.value === "string" ? runtime.value : undefined,
      runtimeAt: runtime?.at,
      packageType,
      published,
      publishFix: sam
        ? "add AutoPublishAlias (e.g. `AutoPublishAlias: live`): SAM then publishes a version on every deploy and wires the function's events to the alias"
        : `add an AWS::Lambda::Version for it (FunctionName: !Ref ${logicalId}) and invoke that version or an alias of it`,
      unqualifiedCallers: unqualifiedCallersIn(yaml, resources, ["Resources"], logicalId, fix),
    };
    if (sam && published && !autoPublishAlias) {
      // Without AutoPublishAlias, SAM wires Events and FunctionUrlConfig to the function itself.
      const samFix = "add AutoPublishAlias: SAM then wires the function's events and URL to the alias";
      const events = isRecord(properties.Events) ? properties.Events : {};
      for (const name of Object.keys(events)) fn.unqualifiedCallers.push({ at: spanAt(yaml, [...here, "Events"], name), caller: `The ${name} event`, fix: samFix });
      const url = setting("FunctionUrlConfig");
      if (url) fn.unqualifiedCallers.push({ at: url.at, caller: "The function URL", fix: samFix });
    }
    if (packageType === "image" && sam) {
      const metadata = isRecord(resource.Metadata) ? resource.Metadata : {};
      if (typeof metadata.DockerContext === "string") {
        const context = path.resolve(path.dirname(filePath), metadata.DockerContext);
        const dockerfile = path.resolve(context, typeof metadata.Dockerfile === "string" ? metadata.Dockerfile : "Dockerfile");
        fn.image = { dockerfile, context };
      }
    }
    const provisioned = setting("ProvisionedConcurrencyConfig");
    if (provisioned) fn.provisionedConcurrencyAt = provisioned.at;
    for (const [id, alias] of resourcesFor(resources, ["AWS::Lambda::Alias", "AWS::Lambda::Version"], logicalId)) {
      if (isRecord(alias.Properties) && isSet(alias.Properties.ProvisionedConcurrencyConfig)) {
        fn.provisionedConcurrencyAt ??= spanAt(yaml, ["Resources", id, "Properties"], "ProvisionedConcurrencyConfig");
      }
    }
    const fileSystems = setting("FileSystemConfigs");
    if (fileSystems && Array.isArray(fileSystems.value) && fileSystems.value.length > 0) fn.efsAt = fileSystems.at;
    const storage = setting("EphemeralStorage");
    const size = isRecord(storage?.value) ? Number(storage.value.Size) : NaN;
    if (storage && Number.isFinite(size)) fn.ephemeralStorage = { megabytes: size, at: storage.at };
    result.functions.push(fn);
  }
  return result;
}

/** The logical id the Serverless Framework gives a function's AWS::Lambda::Function (`get-user` → `GetDashuserLambdaFunction`). */
export function serverlessLogicalId(functionKey: string): string {
  const normalized = functionKey.replace(/-/g, "Dash").replace(/_/g, "Underscore");
  return `${normalized.charAt(0).toUpperCase()}${normalized.slice(1)}LambdaFunction`;
}

/** SnapStart functions of a serverless.yml (`functions.<key>.snapStart: true`). */
export function serverlessSnapStartFacts(yaml: YamlDescriptor, filePath: string): SnapStartFacts {
  const service = yaml.data;
  const result: SnapStartFacts = { functions: [], filesRead: [] };
  if (!isRecord(service) || !isRecord(service.functions)) return result;
  const provider = isRecord(service.provider) ? service.provider : {};
  const extraResources = isRecord(service.resources) && isRecord(service.resources.Resources) ? service.resources.Resources : {};
  for (const [key, config] of Object.entries(service.functions)) {
    if (!isRecord(config) || config.snapStart !== true) continue;
    const here: Path = ["functions", key];
    const runtimeValue = config.runtime ?? provider.runtime;
    const runtimeAt = "runtime" in config ? spanAt(yaml, here, "runtime") : "runtime" in provider ? spanAt(yaml, ["provider"], "runtime") : undefined;
    const versionsOff = provider.versionFunctions === false ? spanAt(yaml, ["provider"], "versionFunctions") : undefined;
    const functionVersionOff = config.versionFunction === false ? spanAt(yaml, here, "versionFunction") : undefined;
    const logicalId = serverlessLogicalId(key);
    const fn: SnapStartFunction = {
      name: key,
      snapStartAt: spanAt(yaml, here, "snapStart"),
      runtime: typeof runtimeValue === "string" ? runtimeValue : undefined,
      runtimeAt,
      packageType: config.image !== undefined ? "image" : "zip",
      published: !versionsOff && !functionVersionOff,
      publishFix: `remove \`${functionVersionOff ? "versionFunction" : "versionFunctions"}: false\`${functionVersionOff ? "" : ` from provider (line ${versionsOff?.line})`}: the framework then publishes a version on every deploy and wires the function's events to its SnapStart alias`,
      unqualifiedCallers: unqualifiedCallersIn(yaml, extraResources, ["resources", "Resources"], logicalId, `point it at the function's SnapStart alias or a version instead of ${logicalId}`),
    };
    // A provider-wide `versionFunctions: false` is reported at each function it affects, where a directive can take it.
    if (functionVersionOff) fn.unpublishedAt = functionVersionOff;
    const imageName = typeof config.image === "string" ? config.image : isRecord(config.image) ? config.image.name : undefined;
    const ecrImages = isRecord(provider.ecr) && isRecord(provider.ecr.images) ? provider.ecr.images : {};
    const image = typeof imageName === "string" ? ecrImages[imageName] : undefined;
    if (isRecord(image) && typeof image.path === "string") {
      const context = path.resolve(path.dirname(filePath), image.path);
      fn.image = { dockerfile: path.resolve(context, typeof image.file === "string" ? image.file : "Dockerfile"), context };
    }
    if (config.provisionedConcurrency !== undefined && config.provisionedConcurrency !== 0) fn.provisionedConcurrencyAt = spanAt(yaml, here, "provisionedConcurrency");
    if (config.fileSystemConfig !== undefined) fn.efsAt = spanAt(yaml, here, "fileSystemConfig");
    const storage = Number(config.ephemeralStorageSize);
    if (config.ephemeralStorageSize !== undefined && Number.isFinite(storage)) {
      fn.ephemeralStorage = { megabytes: storage, at: spanAt(yaml, here, "ephemeralStorageSize") };
    }
    result.functions.push(fn);
  }
  return result;
}

/** Whether a file exists and is readable: facts about files that are not there are not facts. */
export function readTextIfPresent(filePath: string): string | undefined {
  try {
    return fs.readFileSync(filePath, "utf8");
  } catch {
    return undefined;
  }
}
