import path from "node:path";
import { pathToFileURL } from "node:url";

/**
 * `filePath` relative to `cwd`, in the platform's separators. Names that are not absolute
 * (such as `<text>` for stdin) pass through unchanged, which also keeps `path.relative`
 * from consulting `process.cwd()`.
 */
export function relativePath(cwd: string, filePath: string): string {
  if (!path.isAbsolute(cwd) || !path.isAbsolute(filePath)) return filePath;
  const relative = path.relative(cwd, filePath);
  return relative === "" ? filePath : relative;
}

/** Relative path with forward slashes, as GitHub and SARIF expect on every platform. */
export function relativePosixPath(cwd: string, filePath: string): string {
  return relativePath(cwd, filePath).split(path.sep).join("/");
}

/** Whether a relative path escapes its base directory (or could not be made relative). */
export function isOutside(relativePosix: string): boolean {
  return relativePosix === ".." || relativePosix.startsWith("../") || path.isAbsolute(relativePosix);
}

/** Percent-encodes each segment of a forward-slash path so it is a valid relative URI reference. */
export function encodeUriPath(relativePosix: string): string {
  return relativePosix.split("/").map(encodeURIComponent).join("/");
}

/** `file:` URI of a directory, always ending in `/` so relative URIs resolve inside it. */
export function directoryUri(directory: string): string {
  const href = pathToFileURL(directory).href;
  return href.endsWith("/") ? href : `${href}/`;
}

export function fileUri(filePath: string): string {
  return pathToFileURL(filePath).href;
}
