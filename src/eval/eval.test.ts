import { describe, expect, it } from 'vitest';
import { parsePatch } from '../diff/patch.js';
import { compareBaseline, type Baseline } from './baseline.js';
import { applyEdits, CaseError, parseCaseSpec } from './cases.js';
import { unifiedHunks } from '../diff/unified.js';
import { changedFilesOf } from './diff.js';
import { enclosingFunction, scoreCase } from './match.js';
import { canonicalJson, messageFromSse, requestKey, sseOf } from './recordings.js';
import type { EvalCase } from './types.js';
import type { Finding } from '../core/finding.js';

describe('diff', () => {
  it('gives git-like hunks whose added lines are the changed head lines', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const after = before.replace('line 5\n', 'line five\n').replace('line 15\n', '');
    const patch = parsePatch(unifiedHunks(before, after));
    expect([...patch.added]).toEqual([5]);
    expect(patch.hunks).toHaveLength(2);
    expect(patch.hunks[0].newStart).toBe(2);
    const files = changedFilesOf(new Map([['a.ts', before], ['gone.ts', 'x']]), new Map([['a.ts', after], ['new.ts', 'y\n']]));
    expect(files.map((f) => [f.path, f.status])).toEqual([['a.ts', 'modified'], ['gone.ts', 'removed'], ['new.ts', 'added']]);
  });
});

describe('cases', () => {
  const base = { id: 'x', kind: 'mutation', split: 'dev', source: 's', max_inline: 0, mutation: { app: 'a', edits: [{ file: 'f.ts', find: 'b', replace: 'B' }] } };
  it('checks each field and names it', () => {
    expect(() => parseCaseSpec({ ...base, split: 'test' }, 'f')).toThrow(/case x: split must be one of dev, held-out/);
    expect(() => parseCaseSpec({ ...base, expect: [{ id: 'e', path: 'f.ts', label: 'mutation' }] }, 'f')).toThrow(/give lines or function/);
    expect(() => parseCaseSpec({ ...base, kind: 'clean', expect: [{ id: 'e', path: 'f.ts', lines: [1, 1], label: 'mutation' }] }, 'f')).toThrow(/clean case expects nothing/);
    expect(() => parseCaseSpec({ ...base, kind: 'fix-commit' }, 'f')).toThrow(/recipe/);
    expect(() => parseCaseSpec({ ...base, extra: 1 }, 'f')).toThrow(/unknown field 'extra'/);
  });
  it('the mutator writes the label: the span of the first replacement, or the lines around a deletion', () => {
    const files = new Map([['f.ts', 'a\nb\nc\nd\n']]);
    expect(applyEdits(files, [{ file: 'f.ts', find: 'c\n', replace: 'C1\nC2\n' }], 'x').span).toEqual([3, 4]);
    expect(applyEdits(files, [{ file: 'f.ts', find: 'c\n', replace: '' }], 'x').span).toEqual([2, 3]);
    expect(() => applyEdits(new Map([['f.ts', 'a a']]), [{ file: 'f.ts', find: 'a', replace: '' }], 'x')).toThrow(CaseError);
  });
});

describe('matching', () => {
  const head = 'export const one = q({\n  a,\n  b,\n});\n\nexport const two = q({\n  c,\n  d,\n  e,\n  f,\n});\n';
  const c: EvalCase = {
    id: 'c', kind: 'mutation', split: 'dev', source: '', tags: [], maxInline: 0, base: new Map(), head: new Map([['f.ts', head]]),
    expect: [
      { id: 'near', path: 'f.ts', lines: [2, 2], minSeverity: 'warning', words: ['await|promise'], label: 'mutation', category: ['correctness'] },
      { id: 'fn', path: 'f.ts', function: 'two', minSeverity: 'info', words: [], label: 'mutation' },
    ],
    forbid: [{ path: 'f.ts', lines: [12, 12], why: 'fine' }],
  };
  const f = (line: number, extra: Partial<Finding> = {}): Finding => ({ ruleId: 'floating-convex-promise', source: 'static', severity: 'error', path: 'f.ts', line, endLine: line, message: 'not awaited', fingerprint: 'x', ...extra });
  it('matches within ±2 lines or in the same function, with severity, category and words', () => {
    expect(enclosingFunction(head, 9)).toBe('two');
    const s = scoreCase(c, [
      { finding: f(4), inline: true, category: 'correctness' },
      { finding: f(5, { message: 'nothing' , ruleId: 'other' }), inline: true, category: 'correctness' },
      { finding: f(10), inline: false, category: 'correctness' },
      { finding: f(12, { severity: 'info' }), inline: true, category: 'performance' },
    ]);
    expect(s.comments.map((x) => x.matches)).toEqual([['near'], [], ['fn'], ['fn']]);
    expect(s.expectations.map((e) => [e.id, e.matched, e.matchedInline])).toEqual([['near', true, true], ['fn', true, true]]);
    expect(s.noise).toBe(1);
    expect(s.overBudget).toBe(true);
    expect(s.forbiddenHits).toBe(1);
  });
});

describe('recordings', () => {
  it('keys requests by canonical JSON: key order is not semantic', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(requestKey('POST', '/v1/messages', '{"model":"m","max_tokens":1}')).toBe(requestKey('post', '/v1/messages', '{"max_tokens":1,"model":"m"}'));
    expect(requestKey('POST', '/v1/messages', '{"model":"m"}')).not.toBe(requestKey('POST', '/v1/messages/count_tokens', '{"model":"m"}'));
  });
  it('a final message survives the round trip through the SSE events', () => {
    const message = {
      id: 'msg_1', type: 'message', role: 'assistant', model: 'm',
      content: [{ type: 'thinking', thinking: 'hmm', signature: 'sig' }, { type: 'text', text: '{"comments":[]}', citations: null }],
      stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 10, output_tokens: 5 },
    };
    expect(messageFromSse(sseOf(message))).toEqual(message);
  });
});

describe('baseline', () => {
  const b = (recall: number, inlinePerCleanPr: number): Baseline => ({
    format: 1, claude: 'off',
    metrics: { recall, inlineRecall: recall, staticRecall: recall, claudeRecall: null, precisionLabelled: 1, inlinePerCleanPr, forbiddenHits: 0, overBudget: 0 },
    cases: {},
  });
  it('is a regression only beyond the margins: recall −2 points, inline noise +0.5 per clean PR', () => {
    expect(compareBaseline(b(0.5, 0), b(0.49, 0.5)).regressions).toEqual([]);
    expect(compareBaseline(b(0.5, 0), b(0.47, 0)).regressions.map((r) => r.split(':')[0])).toEqual(['recall', 'inlineRecall', 'staticRecall']);
    expect(compareBaseline(b(0.5, 0), b(0.5, 0.6)).regressions).toEqual([expect.stringMatching(/^inlinePerCleanPr: 0 → 0.6/)]);
  });
});
