import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.js';
import { parsePatch } from '../diff/patch.js';
import { anchorComments, snap, type AnchorFile } from './anchor.js';
import type { ModelComment } from './output.js';

// New file lines 1..12; the hunk shows new lines 4..9 with 6 and 7 added.
const TEXT = [
  'import { query } from "./_generated/server";', // 1
  '', // 2
  'export const list = query({', // 3
  '  args: {},', // 4
  '  handler: async (ctx) => {', // 5
  '    const all = await ctx.db.query("messages").collect();', // 6
  '    return all.filter((m) => m.public);', // 7
  '  },', // 8
  '});', // 9
  '', // 10
  'export const other = 1;', // 11
  '', // 12
].join('\n');
const PATCH = parsePatch(['@@ -4,4 +4,6 @@', '   args: {},', '   handler: async (ctx) => {', '+    const all = await ctx.db.query("messages").collect();', '+    return all.filter((m) => m.public);', '   },', ' });'].join('\n'));
const file = (staticFindings: Finding[] = [], text = TEXT): AnchorFile => ({ path: 'convex/a.ts', text, patch: PATCH, staticFindings });
const comment = (over: Partial<ModelComment>): ModelComment => ({ path: 'convex/a.ts', line: 6, severity: 'warning', category: 'security', title: 'T', body: 'B', ...over });
const staticAt = (ruleId: string, line: number): Finding => ({ ruleId, source: 'static', severity: 'warning', path: 'convex/a.ts', line, endLine: line, message: 'm', fingerprint: 'v1:0000000000000000' });

describe('anchoring Claude comments', () => {
  it('keeps a comment on a commentable line, as a claude/<category> finding with a v1 fingerprint', () => {
    const { findings } = anchorComments([comment({ line: 7, start_line: 6, suggestion: 'x' })], [file()]);
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'claude/security', source: 'claude', line: 6, endLine: 7, message: 'T', detail: 'B', fix: { line: 6, endLine: 7, replacement: 'x' } }),
    ]);
    expect(findings[0].fingerprint).toMatch(/^v1:[0-9a-f]{16}$/);
  });

  it('snaps each end at most 3 lines onto the hunk (new lines 4-9), and no further', () => {
    expect(snap(PATCH, 6, 7)).toEqual({ start: 6, end: 7 });
    expect(snap(PATCH, 12, 12)).toEqual({ start: 9, end: 9 });
    expect(snap(PATCH, 13, 13)).toBeUndefined();
    expect(snap(PATCH, 1, 6)).toEqual({ start: 4, end: 6 });
    expect(snap(PATCH, 2, 12)).toEqual({ start: 4, end: 9 });
  });

  it('drops a suggestion written for other lines than the ones the comment lands on', () => {
    const [moved] = anchorComments([comment({ line: 11, suggestion: 'x' })], [file()]).findings;
    expect(moved).toMatchObject({ line: 9, endLine: 9 });
    expect(moved.fix).toBeUndefined();
  });

  it('leaves a comment far outside the diff where it was, for the summary', () => {
    const [far] = anchorComments([comment({ line: 30 })], [file()]).findings;
    expect(far).toMatchObject({ line: 30, endLine: 30 });
  });

  it('goes by the same fingerprint whatever the wording or line shift', () => {
    const a = anchorComments([comment({ line: 6, title: 'one wording' })], [file()]).findings[0];
    const shifted = `// a new first line\n${TEXT}`;
    const shiftedPatch = parsePatch(['@@ -4,4 +5,6 @@', '   args: {},', '   handler: async (ctx) => {', '+    const all = await ctx.db.query("messages").collect();', '+    return all.filter((m) => m.public);', '   },', ' });'].join('\n'));
    const b = anchorComments([comment({ line: 7, title: 'another wording', body: 'other' })], [{ ...file([], shifted), patch: shiftedPatch }]).findings[0];
    expect(b.fingerprint).toBe(a.fingerprint);
  });

  it('drops a comment repeating a static finding of a matching concern on the same lines, not another concern', () => {
    const statics = [staticAt('unbounded-collect', 6)];
    const r = anchorComments([comment({ line: 6, category: 'performance' }), comment({ line: 6, category: 'security' })], [file(statics)]);
    expect(r.findings.map((f) => f.ruleId)).toEqual(['claude/security']);
    expect(r.dropped).toEqual({ duplicateOfStatic: 1, suppressed: 0, repeated: 0 });
  });

  it('drops comments the code suppresses with the `claude` id, and repeats of the same comment', () => {
    const suppressed = TEXT.replace('    const all', '    // convex-review-disable-next-line claude -- reviewed\n    const all');
    const patch = parsePatch(['@@ -4,4 +4,7 @@', '   args: {},', '   handler: async (ctx) => {', '+    // convex-review-disable-next-line claude -- reviewed', '+    const all = await ctx.db.query("messages").collect();', '+    return all.filter((m) => m.public);', '   },', ' });'].join('\n'));
    const r = anchorComments([comment({ line: 7 }), comment({ line: 8 }), comment({ line: 8, title: 'again' })], [{ ...file([], suppressed), patch }]);
    expect(r.findings.map((f) => f.line)).toEqual([8]);
    expect(r.dropped).toEqual({ duplicateOfStatic: 0, suppressed: 1, repeated: 1 });
  });

  it('keeps a comment on a file it was not given, for the summary', () => {
    const r = anchorComments([comment({ path: 'convex/elsewhere.ts', line: 3 })], [file()]);
    expect(r.findings).toEqual([expect.objectContaining({ path: 'convex/elsewhere.ts', line: 3, endLine: 3 })]);
  });
});
