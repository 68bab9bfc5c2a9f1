import { describe, expect, it } from 'vitest';
import { hunkAt, isRangeInOneHunk, parsePatch } from './patch.js';

describe('parsePatch', () => {
  it('collects added and context lines per hunk on the new side, across several hunks', () => {
    const p = parsePatch('@@ -1,3 +1,4 @@\n a\n-b\n+B\n+C\n c\n@@ -10,2 +11,3 @@ function f() {\n x\n+y\n z\n');
    expect(p.hunks.map((h) => [...h.rightLines])).toEqual([[1, 2, 3, 4], [11, 12, 13]]);
    expect([...p.added]).toEqual([2, 3, 12]);
    expect(hunkAt(p, 12)?.index).toBe(1);
    expect(hunkAt(p, 7)).toBeUndefined();
  });

  it('never treats the no-newline marker as a line, and ignores CRLF', () => {
    const p = parsePatch('@@ -1,2 +1,2 @@\r\n a\r\n-b\r\n+B\r\n\\ No newline at end of file\r\n');
    expect([...p.hunks[0].rightLines]).toEqual([1, 2]);
    expect([...p.added]).toEqual([2]);
  });

  it('gives deletion-only hunks no added lines and keeps their context', () => {
    const p = parsePatch('@@ -1,3 +1,2 @@\n a\n-b\n c\n');
    expect([...p.added]).toEqual([]);
    expect([...p.hunks[0].rightLines]).toEqual([1, 2]);
  });

  it('checks that a range lies in one hunk', () => {
    const p = parsePatch('@@ -1,3 +1,4 @@\n a\n-b\n+B\n+C\n c\n@@ -10,2 +11,3 @@\n x\n+y\n z\n');
    expect(isRangeInOneHunk(p, 2, 4)).toBe(true);
    expect(isRangeInOneHunk(p, 4, 11)).toBe(false);
    expect(isRangeInOneHunk(p, 3, 2)).toBe(false);
  });

  it('handles a new file and an empty patch', () => {
    expect([...parsePatch('@@ -0,0 +1,2 @@\n+a\n+b\n').added]).toEqual([1, 2]);
    expect(parsePatch('').hunks).toEqual([]);
  });
});
