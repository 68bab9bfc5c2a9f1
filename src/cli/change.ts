/**
 * A change in a git checkout, read for the shared review: the head's files (at a commit or in the
 * working tree), chosen by src/change, and the changed files with hunks for those under a
 * functions folder. Only git here: listing, reading, diffing.
 */
import { readProjectFiles } from '../change/read.js';
import { reviewedFiles } from '../change/select.js';
import type { ChangedFile, ProjectFiles } from '../change/types.js';
import { changedFiles, listFiles, patchOf, readFiles } from './git.js';

const PATCH_CONCURRENCY = 8;

export interface GitChange {
  project: ProjectFiles;
  /** Every changed file; those under a functions folder carry their patch. */
  changedFiles: ChangedFile[];
}

/** `head` undefined: the working tree. */
export async function readChange(root: string, base: string, head: string | undefined): Promise<GitChange> {
  const [entries, changes] = await Promise.all([listFiles(root, head), changedFiles(root, base, head)]);
  const project = await readProjectFiles(entries, (paths) => readFiles(root, head, paths));
  const inRoots = new Set(reviewedFiles(changes.files, project.roots, [], []).map((f) => f.path));
  const queue = changes.files.filter((f) => inRoots.has(f.path));
  const patched = new Map<string, ChangedFile>();
  const worker = async (): Promise<void> => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      const patch = await patchOf(root, base, head, f, changes.untracked.has(f.path));
      patched.set(f.path, { ...f, ...(patch ? { patch } : {}) });
    }
  };
  await Promise.all(Array.from({ length: PATCH_CONCURRENCY }, worker));
  return { project, changedFiles: changes.files.map((f) => patched.get(f.path) ?? f) };
}
