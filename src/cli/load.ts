/**
 * Reads what the static pass needs from the working tree: every file under the requested
 * paths and under the Convex roots they touch, plus convex.json / package.json / tsconfig*.json
 * above them (tsconfig `paths` aliases).
 * Large and binary files are left out and listed, never silently dropped.
 */
import { existsSync, openSync, readFileSync, readSync, closeSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { SkippedFile } from '../core/finding.js';
import { isSourcePath, isTsconfigPath, isUnder } from '../convex/model/paths.js';
import { enclosingConvexFolder, findConvexRoots } from '../convex/model/roots.js';

export const MAX_FILE_BYTES = 1024 * 1024;
const SKIP_DIRS = new Set(['node_modules', '.git']);

export interface LoadedTree {
  /** Absolute path every repository-relative path is relative to. */
  repoRoot: string;
  files: Map<string, string>;
  skipped: SkippedFile[];
  /** The requested paths, repository-relative ('' for the root). */
  requested: string[];
}

export function loadTree(paths: readonly string[], cwd: string): LoadedTree {
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

  const listed = new Set<string>();
  const list = (repoPath: string): void => {
    for (const file of listFiles(join(repoRoot, repoPath))) listed.add(toRepo(file));
  };
  for (const r of requested) list(r);
  // Context above the requested paths: project files, and the whole functions folder when a
  // path lies inside one (cross-file rules need all of it).
  for (const r of requested) {
    for (let dir = r; ; dir = parentOf(dir)) {
      for (const name of ['convex.json', 'package.json', ...tsconfigsIn(join(repoRoot, dir))]) {
        const candidate = dir === '' ? name : `${dir}/${name}`;
        if (existsSync(join(repoRoot, candidate))) listed.add(candidate);
      }
      if (dir === '') break;
    }
  }
  const cache = new Map<string, string | undefined>();
  const readText = (p: string): string | undefined => {
    if (!cache.has(p)) cache.set(p, safeRead(join(repoRoot, p)));
    return cache.get(p);
  };
  for (const root of findConvexRoots({ paths: [...listed], read: readText })) {
    if (!requested.some((r) => isUnder(r, root.functionsDir) && r !== root.functionsDir)) continue;
    list(root.functionsDir);
  }
  for (const r of requested) {
    // A path inside a `convex/` folder with no convex.json: take the whole folder.
    const folder = enclosingConvexFolder(r);
    if (folder !== undefined) list(folder);
  }

  const files = new Map<string, string>();
  const skipped: SkippedFile[] = [];
  for (const p of [...listed].sort()) {
    const wanted = isSourcePath(p) || /(^|\/)(convex|package)\.json$/.test(p) || isTsconfigPath(p) || /\/_generated\/(api|server|dataModel)\.d\.ts$/.test(p);
    if (!wanted) continue;
    const abs = join(repoRoot, p);
    const size = statSync(abs).size;
    if (size > MAX_FILE_BYTES) {
      skipped.push({ path: p, reason: `larger than 1 MB (${(size / 1024 / 1024).toFixed(1)} MB)` });
      continue;
    }
    const text = readText(p);
    if (text === undefined) skipped.push({ path: p, reason: 'binary (contains NUL bytes)' });
    else files.set(p, text);
  }
  return { repoRoot, files, skipped, requested };
}

function tsconfigsIn(absDir: string): string[] {
  try {
    return readdirSync(absDir).filter(isTsconfigPath).sort();
  } catch {
    return [];
  }
}

function findRepoRoot(start: string): string {
  const startDir = statSync(start).isDirectory() ? start : dirname(start);
  for (let dir = startDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return startDir;
  }
}

function parentOf(repoPath: string): string {
  const i = repoPath.lastIndexOf('/');
  return i < 0 ? '' : repoPath.slice(0, i);
}

function* listFiles(abs: string): Generator<string> {
  const stat = statSync(abs, { throwIfNoEntry: false });
  if (!stat) return;
  if (stat.isFile()) {
    yield abs;
    return;
  }
  if (!stat.isDirectory()) return;
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    if (entry.isDirectory() && SKIP_DIRS.has(entry.name)) continue;
    const child = join(abs, entry.name);
    if (entry.isDirectory()) yield* listFiles(child);
    else if (entry.isFile()) yield child;
  }
}

/** The file as UTF-8 text, or undefined when it holds NUL bytes (binary). */
function safeRead(abs: string): string | undefined {
  const fd = openSync(abs, 'r');
  try {
    const head = Buffer.alloc(8192);
    const n = readSync(fd, head, 0, head.length, 0);
    if (head.subarray(0, n).includes(0)) return undefined;
  } finally {
    closeSync(fd);
  }
  return readFileSync(abs, 'utf8');
}
