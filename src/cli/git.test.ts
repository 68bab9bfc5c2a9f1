import { describe, expect, it } from 'vitest';
import { parsePatch } from '../diff/patch.js';
import { addedFilePatch, hunksOf, parseLsTree, parseNameStatus } from './git.js';

describe('git output parsers', () => {
  it('reads --name-status -z, renames and copies with both paths', () => {
    const out = ['M', 'convex/a.ts', 'R087', 'convex/old name.ts', 'convex/new name.ts', 'A', 'convex/b.ts', 'D', 'convex/c.ts', 'C100', 'x.ts', 'y.ts', 'T', 'l.ts', ''].join('\0');
    expect(parseNameStatus(out)).toEqual([
      { path: 'convex/a.ts', status: 'modified' },
      { path: 'convex/new name.ts', status: 'renamed', previousPath: 'convex/old name.ts' },
      { path: 'convex/b.ts', status: 'added' },
      { path: 'convex/c.ts', status: 'removed' },
      { path: 'y.ts', status: 'copied', previousPath: 'x.ts' },
      { path: 'l.ts', status: 'changed' },
    ]);
    expect(parseNameStatus('')).toEqual([]);
  });

  it('keeps only the hunks of a file diff, as GitHub sends them', () => {
    const diff = [
      'diff --git a/convex/a.ts b/convex/a.ts',
      'index 1111111..2222222 100644',
      '--- a/convex/a.ts',
      '+++ b/convex/a.ts',
      '@@ -1,2 +1,3 @@ export const x = 1;',
      ' a',
      '+b',
      ' c',
      '',
    ].join('\n');
    expect(hunksOf(diff)).toBe('@@ -1,2 +1,3 @@ export const x = 1;\n a\n+b\n c');
    expect(hunksOf('diff --git a/x b/x\nsimilarity index 100%\nrename from x\nrename to y\n')).toBeUndefined();
  });

  it('makes an all-added patch for an untracked file, and none for binary content', () => {
    const patch = addedFilePatch(Buffer.from('one\ntwo\nthree\n'))!;
    expect(patch).toBe('@@ -0,0 +1,3 @@\n+one\n+two\n+three');
    expect([...parsePatch(patch).added]).toEqual([1, 2, 3]);
    expect([...parsePatch(addedFilePatch(Buffer.from('only'))!).added]).toEqual([1]);
    expect(addedFilePatch(Buffer.from(''))).toBe('');
    expect(addedFilePatch(Buffer.from([0x61, 0x00]))).toBeUndefined();
  });

  it('lists regular files of ls-tree -l, without symlinks or submodules', () => {
    const out = [
      '100644 blob 1111111111111111111111111111111111111111     120\tconvex/a b.ts',
      '120000 blob 2222222222222222222222222222222222222222      10\tconvex/link.ts',
      '160000 commit 3333333333333333333333333333333333333333       -\tvendor/sub',
      '100755 blob 4444444444444444444444444444444444444444 2000000\tscripts/run.ts',
      '',
    ].join('\0');
    expect(parseLsTree(out)).toEqual([
      { path: 'convex/a b.ts', size: 120 },
      { path: 'scripts/run.ts', size: 2000000 },
    ]);
  });
});
