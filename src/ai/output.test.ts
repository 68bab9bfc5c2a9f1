import { describe, expect, it } from 'vitest';
import { parseReviewOutput, REVIEW_OUTPUT_SCHEMA } from './output.js';

const comment = { path: 'convex/a.ts', line: 4, severity: 'warning', category: 'security', title: 't', body: 'b' };

describe('the review output contract', () => {
  it('accepts a valid answer, optional fields included', () => {
    const r = parseReviewOutput(JSON.stringify({ comments: [{ ...comment, start_line: 2, suggestion: 'x' }], summary: 's' }));
    expect(r).toEqual({ ok: true, review: { comments: [{ ...comment, start_line: 2, suggestion: 'x' }], summary: 's' } });
  });

  it.each([
    ['{"comments": [', /not JSON/],
    ['[]', /not a JSON object/],
    [JSON.stringify({ comments: [] }), /summary must be a string/],
    [JSON.stringify({ comments: [{ ...comment, line: 0 }], summary: '' }), /comments\[0\]\.line must be a positive integer/],
    [JSON.stringify({ comments: [{ ...comment, line: 2.5 }], summary: '' }), /line must be a positive integer/],
    [JSON.stringify({ comments: [{ ...comment, severity: 'critical' }], summary: '' }), /severity must be one of error, warning, info/],
    [JSON.stringify({ comments: [{ ...comment, category: 'style' }], summary: '' }), /category must be one of correctness/],
    [JSON.stringify({ comments: [{ ...comment, extra: 1 }], summary: '' }), /comments\[0\]\.extra is not part of the format/],
    [JSON.stringify({ comments: [], summary: '', verdict: 'approve' }), /verdict is not part of the format/],
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
    expect(objects).toHaveLength(2);
    for (const o of objects) expect(o).toMatchObject({ additionalProperties: false });
    for (const refused of ['minimum', 'maximum', 'maxLength', 'minLength', 'pattern']) expect(keywords.has(refused)).toBe(false);
  });
});
