import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './unified.js';

const lines = (count: number, change: (i: number) => string | undefined = () => undefined): string =>
  Array.from({ length: count }, (_, i) => change(i + 1) ?? `line ${i + 1}`).join('\n') + '\n';

// That git apply takes these diffs is tested in test/cli/fix.test.ts (the pure core does no IO).
describe('unifiedDiff', () => {
  it('prints git-style hunks with three lines of context', () => {
    const before = lines(10);
    const after = lines(10, (i) => (i === 5 ? 'LINE 5' : undefined));
    expect(unifiedDiff('convex/a.ts', before, after)).toBe(
      [
        'diff --git a/convex/a.ts b/convex/a.ts',
        '--- a/convex/a.ts',
        '+++ b/convex/a.ts',
        '@@ -2,7 +2,7 @@',
        ' line 2',
        ' line 3',
        ' line 4',
        '-line 5',
        '+LINE 5',
        ' line 6',
        ' line 7',
        ' line 8',
        '',
      ].join('\n'),
    );
  });

  it('is empty for equal texts, splits distant changes into hunks and joins near ones', () => {
    expect(unifiedDiff('a.ts', 'x\n', 'x\n')).toBe('');
    const far = unifiedDiff('a.ts', lines(30), lines(30, (i) => (i === 2 || i === 25 ? `L${i}` : undefined)));
    expect(far.match(/^@@ .* @@$/gm)).toEqual(['@@ -1,5 +1,5 @@', '@@ -22,7 +22,7 @@']);
    const near = unifiedDiff('a.ts', lines(30), lines(30, (i) => (i === 10 || i === 15 ? `L${i}` : undefined)));
    expect(near.match(/^@@ .* @@$/gm)).toEqual(['@@ -7,12 +7,12 @@']);
  });
});
