import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.js';
import { planReview } from '../plan/plan.js';
import { NOT_INLINE_REASONS } from '../plan/plan.js';
import { parsePatch } from '../diff/patch.js';
import { formatBaseline, parseBaseline, splitByBaseline, staleEntries, updatedBaseline, type BaselineEntry } from './baseline.js';

const fp = (n: number): string => `v1:${n.toString(16).padStart(16, '0')}`;
const finding = (over: Partial<Finding> & { n: number }): Finding => {
  const { n, ...rest } = over;
  return { ruleId: 'require-args-validator', source: 'static', severity: 'error', path: 'convex/a.ts', line: n, endLine: n, message: `m${n}`, fingerprint: fp(n), ...rest };
};
const entry = (f: Finding): BaselineEntry => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, path: f.path, line: f.line, message: f.message });

describe('the baseline file', () => {
  it('is sorted by path, line, rule and fingerprint, one finding a line, the same whatever the input order', () => {
    const findings = [finding({ n: 9, path: 'convex/b.ts', line: 1 }), finding({ n: 3, line: 7, ruleId: 'z-rule' }), finding({ n: 2, line: 7 }), finding({ n: 1, line: 12 })];
    const text = formatBaseline(findings.map(entry));
    expect(text).toBe(
      [
        '{',
        '  "version": 1,',
        '  "tool": "convex-review",',
        '  "findings": [',
        `    {"fingerprint":"${fp(2)}","ruleId":"require-args-validator","path":"convex/a.ts","line":7,"message":"m2"},`,
        `    {"fingerprint":"${fp(3)}","ruleId":"z-rule","path":"convex/a.ts","line":7,"message":"m3"},`,
        `    {"fingerprint":"${fp(1)}","ruleId":"require-args-validator","path":"convex/a.ts","line":12,"message":"m1"},`,
        `    {"fingerprint":"${fp(9)}","ruleId":"require-args-validator","path":"convex/b.ts","line":1,"message":"m9"}`,
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
    expect(formatBaseline([...findings].reverse().map(entry))).toBe(text);
    expect(parseBaseline(text, 'b.json').entries.map((e) => e.fingerprint)).toEqual([fp(2), fp(3), fp(1), fp(9)]);
  });

  it('writes an empty baseline that reads back, and keeps untrusted text inert (JSON-escaped, one line)', () => {
    expect(formatBaseline([])).toBe('{\n  "version": 1,\n  "tool": "convex-review",\n  "findings": []\n}\n');
    expect(parseBaseline(formatBaseline([]), 'b.json').entries).toEqual([]);
    const odd = entry(finding({ n: 1, message: 'line one\n"quoted" </script>\u2028' }));
    const text = formatBaseline([odd]);
    expect(text.split('\n')).toHaveLength(8);
    expect(parseBaseline(text, 'b.json').entries).toEqual([odd]);
  });

  it.each([
    ['{', /^b\.json: not valid JSON \(/],
    ['[]', /^b\.json: not a convex-review baseline: expected an object with version, tool and findings$/],
    ['{"version":1,"tool":"convex-review","findings":[],"extra":1}', /^b\.json: extra: unknown key; accepted keys: version, tool, findings$/],
    ['{"version":1,"tool":"eslint","findings":[]}', /^b\.json: tool: "eslint" is not "convex-review": not a convex-review baseline$/],
    ['{"version":2,"tool":"convex-review","findings":[]}', /^b\.json: version: 2 is not supported; use 1$/],
    ['{"version":1,"tool":"convex-review"}', /^b\.json: findings: must be a list of findings$/],
    ['{"version":1,"tool":"convex-review","findings":[{"fingerprint":"v2:abc","ruleId":"r","path":"p","line":1,"message":"m"}]}', /^b\.json: findings\[0\]\.fingerprint: "v2:abc" is not a fingerprint v1 \('v1:' and 16 hex digits\)$/],
    [`{"version":1,"tool":"convex-review","findings":[{"fingerprint":"${fp(1)}","ruleId":"r","path":"p","line":0,"message":"m"}]}`, /^b\.json: findings\[0\]\.line: must be a line number \(1 or more\)$/],
    [`{"version":1,"tool":"convex-review","findings":[{"fingerprint":"${fp(1)}","ruleId":"r","path":"p","line":1,"message":"m","why":"x"}]}`, /^b\.json: findings\[0\]\.why: unknown key; accepted keys: fingerprint, ruleId, path, line, message$/],
    [`{"version":1,"tool":"convex-review","findings":[{"fingerprint":"${fp(1)}","ruleId":3,"path":"p","line":1,"message":"m"}]}`, /^b\.json: findings\[0\]\.ruleId: must be a string$/],
  ])('refuses %s, naming the file and the place', (text, message) => {
    expect(() => parseBaseline(text, 'b.json')).toThrow(message);
  });
});

describe('comparing with the baseline', () => {
  it('splits findings by fingerprint only: a recorded finding that moved lines is still known', () => {
    const baseline = parseBaseline(formatBaseline([entry(finding({ n: 1 }))]), 'b.json');
    const moved = finding({ n: 1, line: 40 });
    const fresh = finding({ n: 2 });
    expect(splitByBaseline([moved, fresh], baseline.fingerprints)).toEqual({ fresh: [fresh], known: [moved] });
  });

  it('names the entries of covered paths that no finding matches any more', () => {
    const baseline = parseBaseline(formatBaseline([finding({ n: 1 }), finding({ n: 2 }), finding({ n: 3, path: 'convex/b.ts' })].map(entry)), 'b.json');
    const stale = staleEntries(baseline, [finding({ n: 1 })], (p) => p === 'convex/a.ts');
    expect(stale.map((e) => e.fingerprint)).toEqual([fp(2)]);
  });

  it('on update, records the static findings of covered paths and keeps the entries of the others', () => {
    const previous = [finding({ n: 1 }), finding({ n: 5, path: 'convex/other.ts' })].map(entry);
    const now = [finding({ n: 2 }), finding({ n: 2 }), finding({ n: 3, source: 'claude', ruleId: 'claude/auth' })];
    const { entries, recorded, kept } = updatedBaseline(previous, now, (p) => p === 'convex/a.ts');
    expect(entries.map((e) => e.fingerprint)).toEqual([fp(2), fp(5)]);
    expect({ recorded, kept }).toEqual({ recorded: 1, kept: 1 });
  });
});

describe('the plan under a baseline', () => {
  it('puts a known finding in the summary with its reason, even on an added line', () => {
    const patch = parsePatch('@@ -1,1 +1,3 @@\n a\n+b\n+c\n');
    const known = finding({ n: 2 });
    const fresh = finding({ n: 3 });
    const plan = planReview({
      findings: [known, fresh],
      changedFiles: [{ path: 'convex/a.ts', status: 'modified', patch }],
      isDependentFinding: () => false,
      posted: new Set(),
      baseline: new Set([known.fingerprint]),
      inlineMinSeverity: 'warning',
      maxComments: 30,
    });
    expect(plan.inline.map((c) => c.finding)).toEqual([fresh]);
    expect(plan.notInline).toEqual([{ finding: known, reason: 'in-baseline' }]);
    expect(NOT_INLINE_REASONS['in-baseline']).toBe('in the baseline (known before this PR)');
  });
});
