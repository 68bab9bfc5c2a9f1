import { describe, expect, it } from 'vitest';
import { parseReviewOutput, REVIEW_OUTPUT_SCHEMA } from './output.js';

const comment = { path: 'convex/a.ts', line: 4, severity: 'warning', category: 'security', title: 't', body: 'b', evidence: 'const a = 1;', confidence: 7, restates: null };
const verdict = { id: 1, keep: true, score: 8, reason: 'r' };

describe('the review output contract', () => {
  it('accepts a valid answer, optional fields included', () => {
    const answer = { comments: [{ ...comment, start_line: 2, suggestion: 'x' }, { ...comment, restates: 'unbounded-collect', confidence: 0 }], verdicts: [], summary: 's' };
    expect(parseReviewOutput(JSON.stringify(answer))).toEqual({ ok: true, review: answer });
  });

  it('accepts a verification answer: verdicts, no comments', () => {
    const answer = { comments: [], verdicts: [verdict, { ...verdict, id: 2, keep: false, score: 0 }], summary: '' };
    expect(parseReviewOutput(JSON.stringify(answer))).toEqual({ ok: true, review: answer });
  });

  it.each([
    ['{"comments": [', /not JSON/],
    ['[]', /not a JSON object/],
    [JSON.stringify({ comments: [], verdicts: [] }), /summary must be a string/],
    [JSON.stringify({ comments: [], summary: '' }), /verdicts must be an array/],
    [JSON.stringify({ comments: [{ ...comment, line: 0 }], verdicts: [], summary: '' }), /comments\[0\]\.line must be a positive integer/],
    [JSON.stringify({ comments: [{ ...comment, line: 2.5 }], verdicts: [], summary: '' }), /line must be a positive integer/],
    [JSON.stringify({ comments: [{ ...comment, severity: 'critical' }], verdicts: [], summary: '' }), /severity must be one of error, warning, info/],
    [JSON.stringify({ comments: [{ ...comment, category: 'style' }], verdicts: [], summary: '' }), /category must be one of correctness/],
    [JSON.stringify({ comments: [{ ...comment, extra: 1 }], verdicts: [], summary: '' }), /comments\[0\]\.extra is not part of the format/],
    [JSON.stringify({ comments: [], verdicts: [], summary: '', verdict: 'approve' }), /verdict is not part of the format/],
    [JSON.stringify({ comments: [{ ...comment, evidence: undefined }], verdicts: [], summary: '' }), /comments\[0\]\.evidence must be a string/],
    [JSON.stringify({ comments: [{ ...comment, confidence: 11 }], verdicts: [], summary: '' }), /confidence must be an integer from 0 to 10/],
    [JSON.stringify({ comments: [{ ...comment, confidence: -1 }], verdicts: [], summary: '' }), /confidence must be an integer from 0 to 10/],
    [JSON.stringify({ comments: [{ ...comment, confidence: 7.5 }], verdicts: [], summary: '' }), /confidence must be an integer from 0 to 10/],
    [JSON.stringify({ comments: [{ ...comment, restates: undefined }], verdicts: [], summary: '' }), /restates must be a rule id or null/],
    [JSON.stringify({ comments: [{ ...comment, restates: 3 }], verdicts: [], summary: '' }), /restates must be a rule id or null/],
    [JSON.stringify({ comments: [], verdicts: [{ ...verdict, score: 12 }], summary: '' }), /verdicts\[0\]\.score must be an integer from 0 to 10/],
    [JSON.stringify({ comments: [], verdicts: [{ ...verdict, id: '1' }], summary: '' }), /verdicts\[0\]\.id must be an integer/],
    [JSON.stringify({ comments: [], verdicts: [{ ...verdict, keep: 'yes' }], summary: '' }), /keep must be a boolean/],
    [JSON.stringify({ comments: [], verdicts: [{ ...verdict, reason: undefined }], summary: '' }), /reason must be a string/],
    [JSON.stringify({ comments: [], verdicts: [{ ...verdict, why: 'x' }], summary: '' }), /verdicts\[0\]\.why is not part of the format/],
  ])('refuses %s, saying what broke', (text, error) => {
    const r = parseReviewOutput(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(error);
  });

  it('keeps the schema inside the structured-output subset: every object closed, no bounds keywords', () => {
    const objects: unknown[] = [];
    const keywords = new Set<string>();
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (o.type === 'object') objects.push(o);
      for (const [k, v] of Object.entries(o)) {
        if (k !== 'properties') keywords.add(k);
        if (k === 'properties') Object.values(v as object).forEach(walk);
        else walk(v);
      }
    };
    walk(REVIEW_OUTPUT_SCHEMA);
    expect(objects).toHaveLength(3);
    for (const o of objects) expect(o).toMatchObject({ additionalProperties: false });
    for (const refused of ['minimum', 'maximum', 'maxLength', 'minLength', 'pattern']) expect(keywords.has(refused)).toBe(false);
  });

  it('requires evidence, confidence and restates (a rule id or null), and verdicts beside comments', () => {
    const items = REVIEW_OUTPUT_SCHEMA.properties.comments.items;
    expect(items.required).toEqual(expect.arrayContaining(['evidence', 'confidence', 'restates']));
    expect(items.properties.restates.anyOf).toEqual([{ type: 'string' }, { type: 'null' }]);
    expect(REVIEW_OUTPUT_SCHEMA.required).toEqual(['comments', 'verdicts', 'summary']);
    expect(REVIEW_OUTPUT_SCHEMA.properties.verdicts.items.required).toEqual(['id', 'keep', 'score', 'reason']);
  });
});
