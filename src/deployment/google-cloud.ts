import path from "node:path";
import { parseJson } from "../config/json.js";
import { pathExists } from "../discovery/regular-file.js";
import { GCLOUD_IGNORE_FILE } from "./discover.js";
import { draft, FILE_START, type FunctionDraft, type ReadContext } from "./reading.js";

interface Manifest {
  name?: unknown;
  main?: unknown;
  dependencies?: unknown;
  devDependencies?: unknown;
}


/**
 * What makes a package a Google Cloud deployment. Cloud Functions (and Cloud Run functions, App Engine) start the
 * package's `main`, `index.js` when it names none, and keep the instance for many requests; no memory snapshot of
 * one instance is restored into another, so the entry is `none`.
 */
const GOOGLE_CLOUD_MARKERS: { describes: (manifest: Manifest, dir: string) => boolean; source: string }[] = [
  {
    describes: (manifest) => dependsOn(manifest, "@google-cloud/functions-framework"),
    source: "https://github.com/GoogleCloudPlatform/functions-framework-nodejs#readme, https://cloud.google.com/functions/docs/writing#directory-structure-nodejs",
  },
  {
    describes: (manifest) => dependsOn(manifest, "firebase-functions"),
    source: "https://firebase.google.com/docs/functions/organize-functions",
  },
  // `gcloud functions deploy`, `gcloud app deploy` and `gcloud run deploy --source` upload the folder it sits in.
  { describes: (_manifest, dir) => pathExists(path.join(dir, GCLOUD_IGNORE_FILE)), source: "https://cloud.google.com/sdk/gcloud/reference/topic/gcloudignore" },
];

function dependsOn(manifest: Manifest, name: string): boolean {
  return [manifest.dependencies, manifest.devDependencies].some((deps) => typeof deps === "object" && deps !== null && name in deps);
}

/** A package deployed to Google Cloud: its `main` as a function that is never snapshotted. */
export function readGoogleCloudPackage(file: string, text: string, context: ReadContext): FunctionDraft[] {
  const parsed = parseJson(text);
  // A package.json that does not parse is reported by the startup snapshot reader, which reads every one.
  if (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null) return [];
  const manifest = parsed.value as Manifest;
  const dir = path.dirname(file);
  if (!GOOGLE_CLOUD_MARKERS.some((marker) => marker.describes(manifest, dir))) return [];
  const main = typeof manifest.main === "string" && manifest.main !== "" ? manifest.main : "index.js";
  const entry = context.resolver.resolve(path.resolve(dir, main), dir);
  const name = typeof manifest.name === "string" ? manifest.name : path.basename(dir);
  return [draft({ name, descriptorKind: "google-cloud", source: { file, ...FILE_START }, projectRoot: dir, entry, handler: undefined, runtime: "nodejs", lambda: false, snapshot: "none" })];
}
