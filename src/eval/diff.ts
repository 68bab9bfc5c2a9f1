/**
 * Two trees → the changed files a pull request between them would have, with their patches
 * (hunks with 3 lines of context, as `git diff` shows them), so a case needs no git. Pure.
 */
import type { ChangedFile } from '../change/types.js';
import { parsePatch, wholeFileAdded } from '../diff/patch.js';
import { unifiedHunks } from '../diff/unified.js';

export function changedFilesOf(base: ReadonlyMap<string, string>, head: ReadonlyMap<string, string>): ChangedFile[] {
  const paths = [...new Set([...base.keys(), ...head.keys()])].sort();
  const out: ChangedFile[] = [];
  for (const path of paths) {
    const before = base.get(path);
    const after = head.get(path);
    if (before === after) continue;
    if (after === undefined) out.push({ path, status: 'removed' });
    else if (before === undefined) out.push({ path, status: 'added', patch: wholeFileAdded(after) });
    else out.push({ path, status: 'modified', patch: parsePatch(unifiedHunks(before, after)) });
  }
  return out;
}
