/**
 * A change in a git checkout, as the review needs it: the head's Convex files (at a commit or in
 * the working tree) and the changed files, with hunks for those under a functions folder — the
 * same shapes the action builds from a pull request (src/github/snapshot.ts).
 */
import type { SkippedFile } from '../core/finding.js';
import { baseOf, dirOf, isSourcePath, isTsconfigPath, isUnder, joinPath } from '../convex/model/paths.js';
import { enclosingConvexFolder, findConvexRoots, functionsDirFromConvexJson } from '../convex/model/roots.js';
import { reviewedFiles } from '../github/snapshot.js';
import type { ChangedFile } from '../plan/plan.js';
import { changedFiles, listFiles, patchOf, readFiles, type TreeEntry } from './git.js';
import { MAX_FILE_BYTES } from './load.js';

const PATCH_CONCURRENCY = 8;

export interface Change {
  /** The head's files the analysis reads (Convex code, convex.json, package.json …). */
  files: Map<string, string>;
  skipped: SkippedFile[];
  /** Every changed file; those under a functions folder carry their patch. */
  changedFiles: ChangedFile[];
}

/** `head` undefined: the working tree. */
export async function readChange(root: string, base: string, head: string | undefined): Promise<Change> {
  const [entries, changes] = await Promise.all([listFiles(root, head), changedFiles(root, base, head)]);
  const { files, skipped } = await readAnalysisFiles(root, head, entries);
  const roots = findConvexRoots({ paths: [...files.keys()], read: (p) => files.get(p) });
  const inRoots = new Set(reviewedFiles(changes.files, roots, [], []).map((f) => f.path));
  const queue = changes.files.filter((f) => inRoots.has(f.path));
  const patched = new Map<string, ChangedFile>();
  const worker = async (): Promise<void> => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      const patch = await patchOf(root, base, head, f, changes.untracked.has(f.path));
      patched.set(f.path, { ...f, ...(patch ? { patch } : {}) });
    }
  };
  await Promise.all(Array.from({ length: PATCH_CONCURRENCY }, worker));
  return { files, skipped, changedFiles: changes.files.map((f) => patched.get(f.path) ?? f) };
}

const notInDeps = (p: string): boolean => !p.split('/').includes('node_modules');
const isConfig = (p: string): boolean => baseOf(p) === 'convex.json' || /^convex\.config\.[cm]?[jt]s$/.test(baseOf(p));

/**
 * What the rules read, as the action selects it: config files first (they say where the functions
 * folders are), then the code under those folders and the package.json / tsconfig*.json files
 * above them.
 */
async function readAnalysisFiles(root: string, head: string | undefined, entries: readonly TreeEntry[]): Promise<{ files: Map<string, string>; skipped: SkippedFile[] }> {
  const files = new Map<string, string>();
  const skipped: SkippedFile[] = [];
  const bySize = new Map(entries.map((e) => [e.path, e.size]));
  const read = async (paths: readonly string[]): Promise<void> => {
    const small = paths.filter((p) => {
      const size = bySize.get(p) ?? 0;
      if (size <= MAX_FILE_BYTES) return true;
      skipped.push({ path: p, reason: `larger than 1 MB (${(size / 1024 / 1024).toFixed(1)} MB)` });
      return false;
    });
    for (const [path, content] of await readFiles(root, head, small)) {
      if (content.includes(0)) skipped.push({ path, reason: 'binary (contains NUL bytes)' });
      else files.set(path, content.toString('utf8'));
    }
  };

  const paths = entries.map((e) => e.path).filter(notInDeps);
  await read(paths.filter(isConfig));
  const dirs = new Set<string>();
  for (const [path, text] of files) {
    if (baseOf(path) === 'convex.json') {
      try {
        dirs.add(functionsDirFromConvexJson(path, text));
      } catch {
        // reported by root discovery, naming the file
      }
    } else if (/\bdefineComponent\s*\(/.test(text)) dirs.add(dirOf(path));
  }
  for (const p of paths) {
    const folder = enclosingConvexFolder(p);
    if (folder !== undefined) dirs.add(folder);
  }
  const wanted = paths.filter((p) => !files.has(p) && [...dirs].some((d) => isUnder(p, d)) && (isSourcePath(p) || /\/_generated\/(api|server|dataModel)\.d\.ts$/.test(p)));
  const packageJsons = [...dirs].flatMap(ancestorsOf).map((d) => joinPath(d, 'package.json')).filter((p) => bySize.has(p) && !files.has(p));
  // tsconfig*.json in and above the functions folders: their `paths` aliases and `extends`.
  const aboveRoots = new Set([...dirs].flatMap(ancestorsOf));
  const tsconfigs = paths.filter((p) => isTsconfigPath(p) && !files.has(p) && (aboveRoots.has(dirOf(p)) || [...dirs].some((d) => isUnder(p, d))));
  await read([...new Set([...wanted, ...packageJsons, ...tsconfigs])]);
  skipped.sort((a, b) => a.path.localeCompare(b.path));
  return { files, skipped };
}

function ancestorsOf(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; ; d = dirOf(d)) {
    out.push(d);
    if (d === '') return out;
  }
}
