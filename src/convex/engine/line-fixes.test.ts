import { describe, expect, it } from 'vitest';
import type { Severity } from '../../core/finding.js';
import type { SourceFile } from '../model/source-file.js';
import { projectOf } from '../../../test/support/convex.js';
import { applyEdits, resolveLineFixes, type FixOwner } from './line-fixes.js';

const TEXT = 'patch(id, x);\nconst b = 2;\nconst c = 3;\n';
const file = projectOf({ 'convex/a.ts': TEXT }).files[0];

function owner(id: string, start: number, end: number, newText: string, severity: Severity = 'warning', at: SourceFile = file): FixOwner {
  const line = TEXT.slice(0, start).split('\n').length;
  return { meta: { id }, file: at, severity, line, column: start + 1, fix: { start, end, newText } };
}

describe('resolveLineFixes', () => {
  it('merges edits on one line whose characters do not overlap into one fix on the most severe finding', () => {
    const awaitFix = owner('floating-convex-promise', 0, 0, 'await ', 'error');
    const tableFix = owner('explicit-table-name', 6, 6, '"t", ');
    const resolved = resolveLineFixes([tableFix, awaitFix]);
    expect([...resolved.keys()]).toEqual([awaitFix]);
    const fix = resolved.get(awaitFix)!;
    expect(fix.mergedFrom).toEqual(['explicit-table-name']);
    expect(fix.alsoFixes).toEqual([tableFix]);
    expect(applyEdits(TEXT, fix.edits).split('\n')[0]).toBe('await patch("t", id, x);');
  });

  it('names a merged finding of the same rule among those the fix also fixes, though not among the rule ids', () => {
    const first = owner('explicit-table-name', 6, 6, '"t", ');
    const second = owner('explicit-table-name', 10, 10, '"u", ');
    const fix = resolveLineFixes([second, first]).get(first)!;
    expect(fix.mergedFrom).toEqual([]);
    expect(fix.alsoFixes).toEqual([second]);
  });

  it('keeps only the first of two edits of the same characters, or two insertions at one point', () => {
    const a = owner('a', 6, 8, 'other');
    const b = owner('b', 7, 8, 'z');
    const c = owner('c', 6, 6, 'q');
    const resolved = resolveLineFixes([a, b, c]);
    expect([...resolved.keys()]).toEqual([a]);
    expect(resolved.get(a)).toEqual({ edits: [a.fix], mergedFrom: [], alsoFixes: [] });
  });

  it('leaves fixes on separate lines, or in other files, alone', () => {
    const other = projectOf({ 'convex/b.ts': TEXT }).files[0];
    const one = owner('a', 0, 5, 'x');
    const two = owner('b', 14, 19, 'let');
    const elsewhere = owner('c', 0, 5, 'y', 'warning', other);
    const resolved = resolveLineFixes([one, two, elsewhere, { ...owner('d', 0, 0, ''), fix: undefined }]);
    expect([...resolved.keys()]).toEqual([one, two, elsewhere]);
    expect(resolved.get(two)).toEqual({ edits: [two.fix], mergedFrom: [], alsoFixes: [] });
  });

  it('groups fixes whose line ranges chain into one another', () => {
    const multi = owner('a', 0, 16, 'P\nB', 'error'); // lines 1–2
    const second = owner('b', 20, 21, 'z'); // line 2, after the first edit
    const third = owner('c', 27, 32, 'var'); // line 3: its own group
    const resolved = resolveLineFixes([third, second, multi]);
    expect(resolved.get(multi)?.mergedFrom).toEqual(['b']);
    expect(resolved.get(multi)?.alsoFixes).toEqual([second]);
    expect(resolved.get(third)?.mergedFrom).toEqual([]);
    expect(resolved.has(second)).toBe(false);
  });
});
