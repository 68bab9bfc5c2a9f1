/**
 * A folder on disk, read for the shared review: every file of the repository is listed (not
 * node_modules or .git), src/change chooses what the analysis reads — the Convex roots that
 * overlap the requested paths and the project files above them — and only those are read.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { readProjectFiles } from '../change/read.js';
import { whyNothingToCheck, type RequestedPath } from '../change/nothing-to-check.js';
import { candidateFunctionDirs, isProjectConfigPath } from '../change/select.js';
import type { ListedFile, ProjectFiles } from '../change/types.js';
import { UsageError } from '../core/errors.js';

const SKIP_DIRS = new Set(['node_modules', '.git']);

export interface LoadedTree {
  /** Absolute path every repository-relative path is relative to. */
  repoRoot: string;
  /** How the root was found, for messages: `the folder with .git`, … */
  rootFoundBy: string;
  project: ProjectFiles;
  /** The requested paths, repository-relative ('' for the root). */
  requested: string[];
  /** The requested paths as typed, with what they are. */
  requestedPaths: RequestedPath[];
  /** Every folder of the tree that may hold Convex functions (for "nothing to check" messages). */
  functionDirs: string[];
}

export async function loadTree(paths: readonly string[], cwd: string): Promise<LoadedTree> {
  const absolute = paths.map((p) => resolve(cwd, p));
  for (const [i, p] of absolute.entries()) {
    if (!existsSync(p)) throw new UsageError(`PATH '${paths[i]}' does not exist`);
  }
  const { root: repoRoot, foundBy: rootFoundBy } = findProjectRoot(absolute[0]);
  const toRepo = (abs: string): string => relative(repoRoot, abs).split(sep).join('/');
  const requested = absolute.map(toRepo);
  if (requested.some((r) => r.startsWith('..'))) {
    throw new UsageError(`all PATHs must be inside one repository (${repoRoot}); check them one repository at a time`);
  }
  const listing: ListedFile[] = [];
  for (const abs of listFiles(repoRoot)) listing.push({ path: toRepo(abs), size: statSync(abs).size });
  const project = await readProjectFiles(listing, async (wanted) => new Map(wanted.map((p) => [p, readFileSync(join(repoRoot, p))])), { within: requested });
  const configs = new Map([...project.files].filter(([p]) => isProjectConfigPath(p)));
  return {
    repoRoot,
    rootFoundBy,
    project,
    requested,
    requestedPaths: requested.map((path, i) => ({ arg: paths[i], path, isFile: !statSync(absolute[i]).isDirectory() })),
    functionDirs: candidateFunctionDirs(
      listing.map((f) => f.path),
      configs,
    ),
  };
}

/**
 * The folder repository paths are relative to: the git repository's root; without git, the
 * nearest folder with a convex.json, else with a package.json, else the folder above `convex/`:
 * a path inside a functions folder is checked as part of its project.
 */
export function findProjectRoot(start: string): { root: string; foundBy: string } {
  const startDir = statSync(start).isDirectory() ? start : dirname(start);
  const ancestors: string[] = [];
  for (let dir = startDir; ; dir = dirname(dir)) {
    ancestors.push(dir);
    if (dirname(dir) === dir) break;
  }
  const git = ancestors.find((d) => existsSync(join(d, '.git')));
  if (git) return { root: git, foundBy: 'the folder with .git' };
  const convexJson = ancestors.find((d) => existsSync(join(d, 'convex.json')));
  if (convexJson) return { root: convexJson, foundBy: 'no .git; the nearest folder with convex.json' };
  const packageJson = ancestors.find((d) => existsSync(join(d, 'package.json')));
  if (packageJson) return { root: packageJson, foundBy: 'no .git or convex.json; the nearest folder with package.json' };
  const convexFolder = ancestors.find((d) => basename(d) === 'convex');
  if (convexFolder) return { root: dirname(convexFolder), foundBy: 'no .git, convex.json or package.json; the folder above convex/' };
  return { root: startDir, foundBy: "no .git, convex.json or package.json; PATH's own folder" };
}

/**
 * No silent green: exit 2 (a UsageError) when no PATH yields a file to check, saying why and
 * where we looked. When some do, the others are only named (returned as notes): a shell glob
 * such as `convex/*` may well include a README. A file the config file ignores is the team's
 * choice, not a mistake: it is named, never an error (a pre-commit hook passing only ignored
 * files must not block the commit).
 */
export function requireFilesToCheck(tree: LoadedTree, covered: readonly string[], ignored: (path: string) => boolean = () => false): string[] {
  const facts = { functionDirs: tree.functionDirs, covered };
  const byConfig = tree.requestedPaths.filter((r) => r.isFile && ignored(r.path));
  const notes = byConfig.map((r) => `PATH '${r.arg}' is ignored by the config file (ignore / exclude); not checked`);
  const rest = tree.requestedPaths.filter((r) => !byConfig.includes(r));
  const reasons = rest.map((r) => whyNothingToCheck(r, facts));
  const empty = reasons.filter((r): r is string => r !== undefined);
  if (empty.length < reasons.length || rest.length === 0) return [...notes, ...empty.map((r) => `${r}; not checked`)];
  const where = `project root ${tree.repoRoot} (${tree.rootFoundBy})`;
  throw new UsageError(`nothing to check. ${empty.join('. ')}. Looked in the ${where}.`);
}

function* listFiles(abs: string): Generator<string> {
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    if (entry.isDirectory() && SKIP_DIRS.has(entry.name)) continue;
    const child = join(abs, entry.name);
    if (entry.isDirectory()) yield* listFiles(child);
    else if (entry.isFile()) yield child;
  }
}
