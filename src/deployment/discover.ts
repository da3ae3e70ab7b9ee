import fs from "node:fs";
import path from "node:path";
import { descriptorKindOfName as lintedDescriptorKind } from "./descriptor-files.js";
import { GitignoreFiles, LINTABLE_EXTENSIONS } from "../discovery/find-files.js";
import { gitignoreVerdict, type IgnoreLayer } from "../discovery/ignore-layers.js";

/** What a file found by name may describe; templates are confirmed by their text, since any YAML or JSON may be one. */
export type DescriptorCandidateKind = "template" | "serverless" | "dockerfile" | "compose" | "cdk" | "sst" | "package" | "wrangler";

export interface DescriptorCandidate {
  file: string;
  kind: DescriptorCandidateKind;
}

/**
 * Folders never searched: dependencies, version control, and build output of the deployment tools (a copy of the
 * project's own descriptors and code: `sam build` writes .aws-sam, `serverless package` .serverless, `cdk synth`
 * cdk.out, SST .sst, Next.js .next, Nitro/Nuxt .output and .nitro, Vercel .vercel, Turborepo .turbo).
 */
export const SKIPPED_FOLDERS = new Set([
  "node_modules", ".git", ".aws-sam", ".serverless", "cdk.out", ".sst", ".next", ".nuxt", ".output", ".nitro",
  ".vercel", ".turbo", ".cache", "coverage", ".esbuild", ".webpack", ".build",
]);

/** A file whose mere presence beside a package.json makes the package a Google Cloud deployment. */
export const GCLOUD_IGNORE_FILE = ".gcloudignore";

/**
 * Whether a change to this file may change what the deployment readers find: a descriptor or a file that may be
 * one (a package.json, any YAML or JSON a descriptor may include), code (an entry, a CDK app and its stacks), a
 * tsconfig (an entry's build output mapped to its source), or a marker.
 */
export function mayChangeDeployment(filePath: string): boolean {
  const name = path.basename(filePath);
  return candidateKindOfName(name) !== undefined || LINTABLE_EXTENSIONS.includes(path.extname(name)) || name === "tsconfig.json" || name === GCLOUD_IGNORE_FILE;
}

/** The kind a file name alone tells, or "template" for YAML/JSON that may hold a CloudFormation template. */
export function candidateKindOfName(name: string): DescriptorCandidateKind | undefined {
  const lower = name.toLowerCase();
  if (/^serverless\.(ya?ml|json)$/.test(lower)) return "serverless";
  // The names the deployment rules lint as Dockerfiles (Dockerfile, Dockerfile.*, *.dockerfile, Containerfile).
  if (lintedDescriptorKind(name) === "dockerfile") return "dockerfile";
  if (/^(docker-)?compose(\.[\w-]+)?\.ya?ml$/.test(lower)) return "compose";
  if (lower === "cdk.json") return "cdk";
  if (/^sst\.config\.[cm]?[jt]s$/.test(lower)) return "sst";
  if (lower === "package.json") return "package";
  if (/^wrangler\.(toml|jsonc?)$/.test(lower)) return "wrangler";
  if (/\.(ya?ml|json|template)$/.test(lower) && !NOT_TEMPLATES.has(lower)) return "template";
  return undefined;
}

/** JSON and YAML files that are never CloudFormation templates, so their text is not read to check. */
const NOT_TEMPLATES = new Set([
  "package-lock.json", "tsconfig.json", "jsconfig.json", "tslint.json", ".eslintrc.json", "composer.json", "renovate.json",
  "pnpm-lock.yaml", "pnpm-workspace.yaml", ".prettierrc.json", "lerna.json", "nx.json", "turbo.json", "vercel.json", "biome.json",
  "samconfig.yaml", "samconfig.yml", "buildspec.yml", ".travis.yml", "codecov.yml", "mkdocs.yml",
]);

/**
 * Descriptor files in and below each root (a root that is a file counts as its folder), plus those directly in the
 * folders above a root up to `cwd` when the root is inside it: `snapcheck src` run in a SAM project still reads its
 * template.yaml. What a .gitignore excludes is not a descriptor of the project (a generated copy, a scratch folder),
 * unless `useIgnores` is false (`--no-ignore`). Iterative, never follows symbolic links to folders, and sorted, so
 * every run sees the same model.
 */
export function findDescriptorFiles(roots: readonly string[], cwd: string, { useIgnores = true }: { useIgnores?: boolean } = {}): DescriptorCandidate[] {
  const found = new Map<string, DescriptorCandidateKind>();
  const walked = new Set<string>();
  const ancestorsRead = new Set<string>();
  // An unreadable .gitignore is reported by file discovery; here it just ignores nothing.
  const gitignoreFiles = new GitignoreFiles(cwd);
  const add = (dir: string, name: string, gitignores: readonly IgnoreLayer[]) => {
    const kind = candidateKindOfName(name);
    const file = path.join(dir, name);
    if (kind && !gitignoreVerdict(gitignores, file, false)) found.set(file, kind);
  };
  for (const root of roots) {
    const start = isDirectory(root) ? path.resolve(cwd, root) : path.dirname(path.resolve(cwd, root));
    const stack = [{ dir: start, gitignores: useIgnores ? gitignoreFiles.above(start) : [] }];
    while (stack.length > 0) {
      const { dir, gitignores: above } = stack.pop()!;
      if (walked.has(dir)) continue;
      walked.add(dir);
      const own = useIgnores ? gitignoreFiles.in(dir) : null;
      const gitignores = own ? [...above, own] : above;
      for (const entry of listDir(dir)) {
        if (entry.isDirectory()) {
          const folder = path.join(dir, entry.name);
          if (!SKIPPED_FOLDERS.has(entry.name) && !gitignoreVerdict(gitignores, folder, true)) stack.push({ dir: folder, gitignores });
        } else if (entry.isFile()) {
          add(dir, entry.name, gitignores);
        }
      }
    }
    const fromCwd = path.relative(cwd, start);
    if (fromCwd.startsWith("..") || path.isAbsolute(fromCwd)) continue;
    for (let dir = path.dirname(start); fromCwd !== "" && !walked.has(dir) && !ancestorsRead.has(dir); dir = path.dirname(dir)) {
      ancestorsRead.add(dir);
      const gitignores = useIgnores ? [...gitignoreFiles.above(dir), ...[gitignoreFiles.in(dir)].filter((layer): layer is IgnoreLayer => layer !== null)] : [];
      for (const entry of listDir(dir)) if (entry.isFile()) add(dir, entry.name, gitignores);
      if (dir === cwd || dir === path.dirname(dir)) break;
    }
  }
  return [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([file, kind]) => ({ file, kind }));
}

function listDir(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    // A folder that cannot be read holds no descriptor we can use; file discovery reports it.
    return [];
  }
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
