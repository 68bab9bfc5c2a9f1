import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../core/finding.js';
import { applyFixes } from './apply.js';

let n = 0;
function finding(ruleId: string, line: number, replacement: string, options: { endLine?: number; severity?: Severity } = {}): Finding {
  return {
    ruleId,
    source: 'static',
    severity: options.severity ?? 'warning',
    path: 'convex/a.ts',
    line,
    endLine: options.endLine ?? line,
    message: ruleId,
    fix: { line, endLine: options.endLine ?? line, replacement },
    fingerprint: `v1:${String(n++).padStart(16, '0')}`,
  };
}

const TEXT = 'const a = 1;\nconst b = 2;\nconst c = 3;\n';

describe('applyFixes', () => {
  it('replaces whole lines, a multi-line range with any number of lines, bottom to top', () => {
    const out = applyFixes('convex/a.ts', TEXT, [finding('one', 1, 'const a = 10;'), finding('two', 2, 'const b = 20;\nconst bb = 21;', { endLine: 3 })]);
    expect(out.text).toBe('const a = 10;\nconst b = 20;\nconst bb = 21;\n');
    expect(out.applied.map((f) => f.ruleId)).toEqual(['one', 'two']);
    expect(out.skipped).toEqual([]);
  });

  it('never applies two fixes on overlapping lines: the more severe (then the first) wins, the other is left', () => {
    const low = finding('info-rule', 2, 'const b = "info";', { severity: 'info' });
    const high = finding('error-rule', 1, 'const a = 1; const b = "error";', { endLine: 2, severity: 'error' });
    const out = applyFixes('convex/a.ts', TEXT, [low, high]);
    expect(out.text).toBe('const a = 1; const b = "error";\nconst c = 3;\n');
    expect(out.applied.map((f) => f.ruleId)).toEqual(['error-rule']);
    expect(out.skipped).toEqual([{ finding: low, reason: 'overlaps another fix' }]);
  });

  it('keeps CRLF line endings on replaced lines', () => {
    const out = applyFixes('convex/a.ts', 'const a = 1;\r\nconst b = 2;\r\n', [finding('r', 1, 'const a = 10;\nconst z = 0;')]);
    expect(out.text).toBe('const a = 10;\r\nconst z = 0;\r\nconst b = 2;\r\n');
  });

  it('skips a fix outside the file, one that changes nothing, and one that would break the parse', () => {
    const outside = finding('outside', 4, 'x');
    const same = finding('same', 2, 'const b = 2;');
    const broken = finding('broken', 3, 'const c = (3;');
    const out = applyFixes('convex/a.ts', TEXT, [outside, same, broken]);
    expect(out.text).toBe(TEXT);
    expect(out.skipped.map((s) => [s.finding.ruleId, s.reason])).toEqual([
      ['same', 'changes nothing'],
      ['broken', 'would not parse'],
      ['outside', 'outside the file'],
    ]);
  });

  it('applies to a file that did not parse (no parse to keep), and to a last line without a newline', () => {
    const out = applyFixes('convex/a.ts', 'const a = (;\nconst b = 2;', [finding('r', 2, 'const b = 20;')]);
    expect(out.text).toBe('const a = (;\nconst b = 20;');
  });
});
