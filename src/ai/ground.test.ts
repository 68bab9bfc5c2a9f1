import { describe, expect, it } from 'vitest';
import { findEvidence, MIN_FRAGMENT, normalizedLines } from './ground.js';

const LINES = normalizedLines(['const id = await ctx.db.insert("t", doc);', '', 'await ctx.db.insert("t", doc);', '  return id;', 'await ctx.db.insert("t", doc);'].join('\n'));

describe('finding the evidence in a file', () => {
  it('takes the nearest occurrence; at the same distance whole lines, then the closest start', () => {
    expect(findEvidence(LINES, 'await ctx.db.insert("t", doc);', { start: 1, end: 1 })).toEqual({ start: 1, end: 1, whole: false });
    expect(findEvidence(LINES, 'await ctx.db.insert("t", doc);', { start: 2, end: 2 })).toEqual({ start: 3, end: 3, whole: true });
    expect(findEvidence(LINES, 'await ctx.db.insert("t", doc);', { start: 4, end: 4 })).toEqual({ start: 3, end: 3, whole: true });
    expect(findEvidence(LINES, 'await ctx.db.insert("t", doc);', { start: 90, end: 99 })).toEqual({ start: 5, end: 5, whole: true });
  });

  it('matches short quotes only as whole lines', () => {
    expect('return id;'.length).toBeGreaterThanOrEqual(MIN_FRAGMENT);
    expect(findEvidence(LINES, 'return id;', { start: 1, end: 1 })).toEqual({ start: 4, end: 4, whole: true });
    expect(findEvidence(LINES, 'id;', { start: 1, end: 1 })).toBeUndefined();
  });

  it('takes copied line numbers off only when every line has one', () => {
    expect(findEvidence(LINES, '3  await ctx.db.insert("t", doc);\n4    return id;', { start: 1, end: 1 })).toEqual({ start: 3, end: 4, whole: true });
    expect(findEvidence(LINES, '3  await ctx.db.insert("t", doc);\n  return id;', { start: 1, end: 1 })).toBeUndefined();
  });
});
