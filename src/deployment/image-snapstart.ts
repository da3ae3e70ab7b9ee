import fs from "node:fs";
import path from "node:path";
import { SNAPSTART_IMAGE_OPT_IN, snapStartSupportOf } from "../knowledge/snapstart.js";
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
  const stack = [context];
  let seen = 0;
  for (let dir = stack.pop(); dir !== undefined && seen < MAX_CONTEXT_FILES; dir = stack.pop()) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) stack.push(full);
      if (!entry.isFile() || !RUNTIME_SOURCE.test(entry.name) || ++seen > MAX_CONTEXT_FILES) continue;
      try {
        if (fs.statSync(full).size > MAX_CONTEXT_FILE_BYTES) continue;
        filesRead.push(full);
        if (fs.readFileSync(full, "utf8").includes(SNAPSTART_IMAGE_OPT_IN.restoreApiPath)) return true;
      } catch {
        // Unreadable: it calls nothing we can see.
      }
    }
  }
  return false;
}
