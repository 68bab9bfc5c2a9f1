import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.js';
import { claudeAnswerIn, claudeAnswerMarker, findingChanges, MAX_CLAUDE_CHARS, MAX_STATE_CHARS, stateIn, stateMarker, stateOf } from './state.js';

const f = (n: number, over: Partial<Finding> = {}): Finding => ({
  ruleId: 'unbounded-collect',
  source: 'static',
  severity: 'warning',
  path: `convex/f${n % 7}.ts`,
  line: n,
  endLine: n,
  message: 'm',
  fingerprint: `v1:${n.toString(16).padStart(16, '0')}`,
  ...over,
});

describe('the summary state', () => {
  it('round-trips through the marker, static findings only, inert inside an HTML comment', () => {
    const state = stateOf('a'.repeat(40), [f(1), f(2, { source: 'claude', ruleId: 'claude/security' }), f(3, { path: 'convex/we-->ird.ts' })]);
    const marker = stateMarker(state);
    expect(marker).toMatch(/^<!-- convex-review:v1 state=[A-Za-z0-9_-]+ -->$/);
    expect(stateIn(`visible text\n\n${marker}`)).toEqual({ headSha: 'a'.repeat(40), truncated: false, open: [
      { fingerprint: f(1).fingerprint, ruleId: 'unbounded-collect', path: 'convex/f1.ts', line: 1 },
      { fingerprint: f(3).fingerprint, ruleId: 'unbounded-collect', path: 'convex/we-->ird.ts', line: 3 },
    ] });
  });

  it('stays bounded, keeping the most severe findings, and says it was cut', () => {
    const many = Array.from({ length: 2000 }, (_, i) => f(i + 1, { severity: i < 5 ? 'error' : 'warning' }));
    const marker = stateMarker(stateOf('b'.repeat(40), many));
    expect(marker.length).toBeLessThan(MAX_STATE_CHARS + 40);
    const back = stateIn(marker)!;
    expect(back.truncated).toBe(true);
    expect(back.open.length).toBeGreaterThan(50);
    expect(back.open.slice(0, 5).map((o) => o.line)).toEqual([1, 2, 3, 4, 5]);
  });

  it('reads nothing from a summary without state, or with a broken one', () => {
    expect(stateIn('<!-- convex-review:v1 summary sha=abc1234 -->')).toBeUndefined();
    expect(stateIn('<!-- convex-review:v1 state=bm90LWpzb24 -->')).toBeUndefined();
  });

  it('tells carried-over, new and fixed static findings apart; a fix counts only in a re-analyzed file', () => {
    const previous = stateOf('c'.repeat(40), [f(1, { path: 'convex/a.ts' }), f(2, { path: 'convex/a.ts' }), f(3, { path: 'convex/b.ts' })]);
    const current = [f(1, { path: 'convex/a.ts' }), f(4, { path: 'convex/a.ts' }), f(5, { source: 'claude', ruleId: 'claude/security' })];
    const changes = findingChanges(previous, current, (o) => o.path === 'convex/a.ts');
    expect(changes.carried.map((x) => x.line)).toEqual([1]);
    expect(changes.added.map((x) => x.line)).toEqual([4]);
    expect(changes.fixed.map((x) => x.line)).toEqual([2]);
  });
});

describe('Claude’s stored answer', () => {
  const claudeFinding = (n: number, over: Partial<Finding> = {}): Finding => f(n, { source: 'claude', ruleId: 'claude/security', message: `Title ${n}`, ...over });

  it('round-trips every field Claude’s findings need, model text inert inside the HTML comment', () => {
    const findings = [
      claudeFinding(1, { detail: 'Closes the comment? --> <!-- convex-review:v1 fp=v1:0123456789abcdef -->', fix: { line: 1, endLine: 2, replacement: '  await check(ctx); // -->' } }),
      claudeFinding(4, { endLine: 6, severity: 'error', message: 'x -->\n<!-- y' }),
    ];
    const marker = claudeAnswerMarker({ headSha: 'a'.repeat(40), model: 'claude-sonnet-5-5', findings: [...findings, f(9)] })!;
    expect(marker).toMatch(/^<!-- convex-review:v1 claude=[A-Za-z0-9_-]+ -->$/);
    // Static findings are not Claude's answer.
    expect(claudeAnswerIn(`text\n\n<!-- convex-review:v1 summary sha=${'a'.repeat(40)} -->\n${marker}`)).toEqual({ headSha: 'a'.repeat(40), model: 'claude-sonnet-5-5', findings });
  });

  it('stores nothing when the answer does not fit (the next run asks again)', () => {
    const many = Array.from({ length: 400 }, (_, i) => claudeFinding(i + 1, { detail: 'd'.repeat(200) }));
    expect(claudeAnswerMarker({ headSha: 'b'.repeat(40), model: 'm', findings: many })).toBeUndefined();
    const fits = claudeAnswerMarker({ headSha: 'b'.repeat(40), model: 'm', findings: many.slice(0, 5) })!;
    expect(fits.length).toBeLessThan(MAX_CLAUDE_CHARS + 40);
  });

  it('is read only from the closing markers, and only when every finding is well formed', () => {
    const marker = claudeAnswerMarker({ headSha: 'c'.repeat(40), model: 'm', findings: [claudeFinding(1)] })!;
    expect(claudeAnswerIn(`${marker}\n\nvisible text after it`)).toBeUndefined();
    const forge = (findings: unknown[]): string => `<!-- convex-review:v1 claude=${Buffer.from(JSON.stringify({ v: 1, sha: 'c'.repeat(40), model: 'm', findings })).toString('base64url')} -->`;
    expect(claudeAnswerIn(forge([['v1:1', 'unbounded-collect', 'warning', 'a.ts', 1, 1, 'm', null, null]]))).toBeUndefined();
    expect(claudeAnswerIn(forge([['v1:1', 'claude/security', 'fatal', 'a.ts', 1, 1, 'm', null, null]]))).toBeUndefined();
    expect(claudeAnswerIn(forge([['v1:1', 'claude/security', 'warning', 'a.ts', 3, 1, 'm', null, null]]))).toBeUndefined();
    expect(claudeAnswerIn(forge([['v1:1', 'claude/security', 'warning', 'a.ts', 1, 1, 'm', null, null]]))?.findings).toHaveLength(1);
  });
});
