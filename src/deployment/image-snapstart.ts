import fs from "node:fs";
import { SNAPSTART_IMAGE_OPT_IN, snapStartSupportOf } from "../knowledge/snapstart.js";
import { filesBelow } from "../discovery/files-below.js";
import { ContainerImage } from "./dockerfile.js";

/** Files of a build context searched for the Runtime API restore call: a custom runtime or bootstrap is small. */
const MAX_CONTEXT_FILES = 400;
const MAX_CONTEXT_FILE_BYTES = 1024 * 1024;
const SKIPPED_DIRS = new Set(["node_modules", ".git", "cdk.out", ".aws-sam"]);
const RUNTIME_SOURCE = /\.(?:[cm]?[jt]s|py|sh|go|rs|rb|java|cs)$|^bootstrap$/;

/**
 * How an image opts in to SnapStart: a Lambda base image that coordinates it (Java, Python, .NET), the label, or
 * code in its build context that calls the Runtime API restore endpoint. `missing` when none; undefined when the
 * Dockerfile cannot be read (nothing is known). `filesRead` collects what was read.
 */
export function imageSnapStartOptIn(
  image: { dockerfile: string; context: string },
  filesRead: string[],
): "base-image" | "label" | "restore-api" | "missing" | undefined {
  filesRead.push(image.dockerfile);
  let text: string;
  try {
    text = fs.readFileSync(image.dockerfile, "utf8");
  } catch {
    return undefined;
  }
  const container = new ContainerImage(image.dockerfile, image.context, text);
  if (!container.finalStage) return undefined;
  const base = SNAPSTART_IMAGE_OPT_IN.managedBaseImage.exec(container.baseImage);
  if (base && (base[2] === undefined || snapStartSupportOf(`${base[1]}${base[2]}`)?.supported)) return "base-image";
  if (container.allowsSnapStart) return "label";
  return callsRestoreApi(image.context, filesRead) ? "restore-api" : "missing";
}

function callsRestoreApi(context: string, filesRead: string[]): boolean {
  const sources = filesBelow(context, { entersFolder: (name) => !SKIPPED_DIRS.has(name), wantsFile: (name) => RUNTIME_SOURCE.test(name), maxFiles: MAX_CONTEXT_FILES });
  for (const file of sources) {
    try {
      if (fs.statSync(file).size > MAX_CONTEXT_FILE_BYTES) continue;
      filesRead.push(file);
      if (fs.readFileSync(file, "utf8").includes(SNAPSTART_IMAGE_OPT_IN.restoreApiPath)) return true;
    } catch {
      // Unreadable: it calls nothing we can see.
    }
  }
  return false;
}
