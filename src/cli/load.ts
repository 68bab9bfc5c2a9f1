/**
 * A folder on disk, read for the shared review: every file of the repository is listed (not
 * node_modules or .git), src/change chooses what the analysis reads — the Convex roots that
 * overlap the requested paths and the project files above them — and only those are read.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { readProjectFiles } from '../change/read.js';
import type { ListedFile, ProjectFiles } from '../change/types.js';
import { UsageError } from '../core/errors.js';

const SKIP_DIRS = new Set(['node_modules', '.git']);

export interface LoadedTree {
  /** Absolute path every repository-relative path is relative to. */
  repoRoot: string;
  project: ProjectFiles;
  /** The requested paths, repository-relative ('' for the root). */
  requested: string[];
}

export async function loadTree(paths: readonly string[], cwd: string): Promise<LoadedTree> {
  const absolute = paths.map((p) => resolve(cwd, p));
  for (const [i, p] of absolute.entries()) {
    if (!existsSync(p)) throw new UsageError(`PATH '${paths[i]}' does not exist`);
  }
  const repoRoot = findRepoRoot(absolute[0]);
  const toRepo = (abs: string): string => relative(repoRoot, abs).split(sep).join('/');
  const requested = absolute.map(toRepo);
  if (requested.some((r) => r.startsWith('..'))) {
    throw new UsageError(`all PATHs must be inside one repository (${repoRoot}); check them one repository at a time`);
  }
  const listing: ListedFile[] = [];
  for (const abs of listFiles(repoRoot)) listing.push({ path: toRepo(abs), size: statSync(abs).size });
  const project = await readProjectFiles(listing, async (wanted) => new Map(wanted.map((p) => [p, readFileSync(join(repoRoot, p))])), { within: requested });
  return { repoRoot, project, requested };
}

function findRepoRoot(start: string): string {
  const startDir = statSync(start).isDirectory() ? start : dirname(start);
  for (let dir = startDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return startDir;
  }
}

function* listFiles(abs: string): Generator<string> {
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    if (entry.isDirectory() && SKIP_DIRS.has(entry.name)) continue;
    const child = join(abs, entry.name);
    if (entry.isDirectory()) yield* listFiles(child);
    else if (entry.isFile()) yield child;
  }
}
