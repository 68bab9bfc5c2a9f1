import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.js';
import { parsePatch } from '../diff/patch.js';
import { renderInlineComment } from '../plan/render.js';
import { anchorComments, normalizeTitle, snap, type AnchorFile } from './anchor.js';
import { parseReviewOutput, type ModelComment } from './output.js';
import type { RaisedComment } from './report.js';

// New file lines 1..20; the hunk shows new lines 4..9 with 6 and 7 added.
const LINES = [
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
  'export const far = query({', // 13
  '  args: {},', // 14
  '  handler: async (ctx) => {', // 15
  '    const all = await ctx.db.query("messages").collect();', // 16
  '    return all;', // 17
  '  },', // 18
  '});', // 19
  '', // 20
];
const TEXT = LINES.join('\n');
const HUNK = ['   args: {},', '   handler: async (ctx) => {', '+    const all = await ctx.db.query("messages").collect();', '+    return all.filter((m) => m.public);', '   },', ' });'];
const PATCH = parsePatch(['@@ -4,4 +4,6 @@', ...HUNK].join('\n'));
const file = (staticFindings: Finding[] = [], text = TEXT, alreadyRaised?: RaisedComment[]): AnchorFile => ({ path: 'convex/a.ts', text, patch: PATCH, staticFindings, alreadyRaised });
const comment = (over: Partial<ModelComment>): ModelComment => ({
  path: 'convex/a.ts',
  line: 6,
  severity: 'warning',
  category: 'security',
  title: 'T',
  body: 'B',
  evidence: LINES[5],
  confidence: 7,
  restates: null,
  ...over,
});
const staticAt = (ruleId: string, line: number): Finding => ({ ruleId, source: 'static', severity: 'warning', path: 'convex/a.ts', line, endLine: line, message: 'm', fingerprint: 'v1:0000000000000000' });
const NONE = { duplicateOfStatic: 0, suppressed: 0, repeated: 0, alreadyRaised: 0, unquoted: 0, notVerified: 0 };
const TAKE = '    const all = await ctx.db.query("messages").take(100);';

describe('anchoring Claude comments', () => {
  it('keeps a comment on the quoted lines, as a claude/<category> finding with a v1 fingerprint and its confidence beside it', () => {
    const r = anchorComments([comment({ line: 7, start_line: 6, evidence: `${LINES[5]}\n${LINES[6]}`, suggestion: `${TAKE}\n    return all;`, confidence: 9 })], [file()]);
    expect(r.findings).toEqual([
      expect.objectContaining({ ruleId: 'claude/security', source: 'claude', line: 6, endLine: 7, message: 'T', detail: 'B', fix: { line: 6, endLine: 7, replacement: `${TAKE}\n    return all;` } }),
    ]);
    expect(r.findings[0].fingerprint).toMatch(/^v1:[0-9a-f]{16}$/);
    expect(r.findings[0]).not.toHaveProperty('confidence');
    expect(r.confidence).toEqual(new Map([[r.findings[0].fingerprint, 9]]));
    expect(r).toMatchObject({ dropped: NONE, suggestionsRemoved: 0 });
  });

  it('snaps each end at most 3 lines onto the hunk (new lines 4-9), and no further', () => {
    expect(snap(PATCH, 6, 7)).toEqual({ start: 6, end: 7 });
    expect(snap(PATCH, 12, 12)).toEqual({ start: 9, end: 9 });
    expect(snap(PATCH, 13, 13)).toBeUndefined();
    expect(snap(PATCH, 1, 6)).toEqual({ start: 4, end: 6 });
    expect(snap(PATCH, 2, 12)).toEqual({ start: 4, end: 9 });
  });

  it('leaves a comment whose quoted lines are far outside the diff where they are, for the summary', () => {
    const [far] = anchorComments([comment({ line: 17, evidence: LINES[16] })], [file()]).findings;
    expect(far).toMatchObject({ line: 17, endLine: 17 });
  });

  it('goes by the same fingerprint whatever the wording or line shift', () => {
    const a = anchorComments([comment({ title: 'one wording' })], [file()]).findings[0];
    const shifted = `// a new first line\n${TEXT}`;
    const shiftedPatch = parsePatch(['@@ -4,4 +5,6 @@', ...HUNK].join('\n'));
    const b = anchorComments([comment({ line: 7, title: 'another wording', body: 'other' })], [{ ...file([], shifted), patch: shiftedPatch }]).findings[0];
    expect(b).toMatchObject({ line: 7, endLine: 7 });
    expect(b.fingerprint).toBe(a.fingerprint);
  });

  it('drops comments the code suppresses with the `claude` id', () => {
    const suppressed = TEXT.replace('    const all', '    // convex-review-disable-next-line claude -- reviewed\n    const all');
    const patch = parsePatch(['@@ -4,4 +4,7 @@', '   args: {},', '   handler: async (ctx) => {', '+    // convex-review-disable-next-line claude -- reviewed', ...HUNK.slice(2)].join('\n'));
    const r = anchorComments([comment({ line: 7 }), comment({ line: 8, evidence: LINES[6], title: 'other' })], [{ ...file([], suppressed), patch }]);
    expect(r.findings.map((f) => f.line)).toEqual([8]);
    expect(r.dropped).toEqual({ ...NONE, suppressed: 1 });
  });

  it('keeps a comment on a file it was not given, for the summary, without a suggestion', () => {
    const r = anchorComments([comment({ path: 'convex/elsewhere.ts', line: 3, suggestion: 'x' })], [file()]);
    expect(r.findings).toEqual([expect.objectContaining({ path: 'convex/elsewhere.ts', line: 3, endLine: 3 })]);
    expect(r.findings[0].fix).toBeUndefined();
    expect(r.suggestionsRemoved).toBe(1);
  });
});

describe('grounding: a comment goes where its evidence is', () => {
  it('re-anchors a comment given a wrong line onto the quoted line, exactly, suggestion and all', () => {
    const [f] = anchorComments([comment({ line: 11, evidence: LINES[5], suggestion: TAKE })], [file()]).findings;
    expect(f).toMatchObject({ line: 6, endLine: 6, fix: { line: 6, endLine: 6, replacement: TAKE } });
  });

  it('takes the occurrence nearest the given line, at any distance', () => {
    const lines = (line: number, start_line?: number) => anchorComments([comment({ line, start_line })], [file()]).findings.map((f) => [f.line, f.endLine]);
    expect(lines(6)).toEqual([[6, 6]]);
    expect(lines(1)).toEqual([[6, 6]]);
    // Line 16 is the same text, outside the diff: it stays there, for the summary.
    expect(lines(15)).toEqual([[16, 16]]);
    expect(lines(400, 300)).toEqual([[16, 16]]);
  });

  it('compares whitespace-normalised lines, a multi-line quote on consecutive lines; blank lines around it, CRs and copied line numbers do not matter', () => {
    const at = (evidence: string) => anchorComments([comment({ line: 1, evidence })], [file()]).findings.map((f) => [f.line, f.endLine]);
    expect(at('const   all = await ctx.db.query("messages").collect();  ')).toEqual([[6, 6]]);
    expect(at(`\n${LINES[5].trim()}\r\n\t${LINES[6]}\r\n\n`)).toEqual([[6, 7]]);
    expect(at(`6+ ${LINES[5]}\n7+ ${LINES[6]}`)).toEqual([[6, 7]]);
    expect(at(` 6  ${LINES[5]}`)).toEqual([[6, 6]]);
    // Consecutive only: lines 6 and 8 are not a quote.
    expect(at(`${LINES[5]}\n${LINES[7]}`)).toEqual([]);
  });

  it('finds a fragment of a line, or from the end of one line to the start of another, when long enough', () => {
    const at = (evidence: string) => anchorComments([comment({ evidence })], [file()]).findings.map((f) => [f.line, f.endLine]);
    expect(at('ctx.db.query("messages").collect()')).toEqual([[6, 6]]);
    expect(at('.collect();\n    return all.filter(')).toEqual([[6, 7]]);
    expect(at('all')).toEqual([]);
  });

  it('drops a comment whose quote is not in the file, or empty, as unquoted', () => {
    const r = anchorComments(
      [comment({ evidence: 'await ctx.db.delete(id);' }), comment({ evidence: '' }), comment({ evidence: ' \n\t\n' }), comment({ evidence: '...' }), comment({ title: 'kept' })],
      [file()],
    );
    expect(r.findings.map((f) => f.message)).toEqual(['kept']);
    expect(r.dropped).toEqual({ ...NONE, unquoted: 4 });
  });
});

describe('never dropping a distinct problem', () => {
  it('keeps a distinct comment (restates: null) on the line of a static finding, even one of a related concern', () => {
    const statics = [staticAt('require-args-validator', 4), staticAt('unbounded-collect', 6)];
    const r = anchorComments(
      [comment({ line: 4, evidence: LINES[3], title: 'Anyone can list every message' }), comment({ category: 'performance', title: 'Collects in a loop' })],
      [file(statics)],
    );
    expect(r.findings.map((f) => [f.ruleId, f.line])).toEqual([
      ['claude/security', 4],
      ['claude/performance', 6],
    ]);
    expect(r.dropped).toEqual(NONE);
  });

  it('drops a comment that restates a rule with a finding near its lines, or in the same exported function', () => {
    const r = anchorComments(
      [comment({ category: 'performance', restates: 'unbounded-collect' }), comment({ line: 7, evidence: LINES[6], restates: 'require-args-validator' })],
      // Line 3 is 4 lines above line 7, but in the same function `list`.
      [file([staticAt('unbounded-collect', 6), staticAt('require-args-validator', 3)])],
    );
    expect(r.findings).toEqual([]);
    expect(r.dropped).toEqual({ ...NONE, duplicateOfStatic: 2 });
  });

  it('keeps a comment that restates a rule whose finding the reader does not see, or that is far away in another function', () => {
    // The caller passes only the findings that reach the reader: an info finding not posted is not there.
    const notShown = anchorComments([comment({ restates: 'unbounded-collect' })], [file([staticAt('no-filter-on-db-query', 6)])]);
    expect(notShown.findings).toHaveLength(1);
    const elsewhere = anchorComments([comment({ restates: 'unbounded-collect' })], [file([staticAt('unbounded-collect', 16)])]);
    expect(elsewhere.findings).toHaveLength(1);
    expect(elsewhere.dropped).toEqual(NONE);
  });

  it('keeps two different titles on one line; drops the same title twice in one function and category as repeated', () => {
    const r = anchorComments(
      [
        comment({ title: 'Missing auth check' }),
        comment({ title: 'Unbounded read' }),
        comment({ line: 7, evidence: LINES[6], title: 'missing an  AUTH check.' }),
        comment({ category: 'correctness', title: 'Missing auth check' }),
        comment({ line: 16, title: 'Missing auth check' }),
      ],
      [file()],
    );
    expect(r.findings.map((f) => [f.ruleId, f.line, f.message])).toEqual([
      ['claude/security', 6, 'Missing auth check'],
      ['claude/security', 6, 'Unbounded read'],
      ['claude/correctness', 6, 'Missing auth check'],
      ['claude/security', 16, 'Missing auth check'],
    ]);
    expect(r.dropped).toEqual({ ...NONE, repeated: 1 });
  });

  it('drops what an earlier run raised (same function and title, resolved or not), not the same title elsewhere', () => {
    const raised: RaisedComment[] = [
      { path: 'convex/a.ts', line: 7, endLine: 7, title: 'The auth check is missing', resolved: true },
      { path: 'convex/a.ts', line: 5, endLine: 5, title: 'Unbounded read', resolved: false },
    ];
    const r = anchorComments(
      [comment({ title: 'the auth check is missing!' }), comment({ category: 'performance', title: 'unbounded read' }), comment({ line: 16, title: 'Unbounded read' })],
      [file([], TEXT, raised)],
    );
    expect(r.findings.map((f) => [f.line, f.message])).toEqual([[16, 'Unbounded read']]);
    expect(r.dropped).toEqual({ ...NONE, alreadyRaised: 2 });
  });

  it('normalises titles: case, punctuation and articles; not other words', () => {
    expect(normalizeTitle('  The `ctx.db` read is UNBOUNDED!  ')).toBe('ctx db read is unbounded');
    expect(normalizeTitle('No auth check')).not.toBe(normalizeTitle('Auth check'));
  });
});

describe('suggestions: valid or gone', () => {
  const fixOf = (over: Partial<ModelComment>, text = TEXT) => {
    const r = anchorComments([comment(over)], [file([], text)]);
    expect(r.findings).toHaveLength(1);
    return { fix: r.findings[0].fix, removed: r.suggestionsRemoved, problem: [...r.suggestionProblems.values()][0] };
  };

  it('keeps a suggestion on exactly the quoted whole lines that changes them and parses (a final line break taken off)', () => {
    expect(fixOf({ suggestion: `${TAKE}\n` })).toEqual({ fix: { line: 6, endLine: 6, replacement: TAKE }, removed: 0, problem: undefined });
  });

  it('(a) removes it when the anchor is not exactly the quoted lines', () => {
    // Line 11 is off the hunk by 2: the comment snaps to line 9.
    expect(fixOf({ line: 11, evidence: LINES[10], suggestion: 'export const other = 2;' })).toEqual({ fix: undefined, removed: 1, problem: 'not-exact' });
  });

  it('(b) removes it when the quote is a fragment of its lines', () => {
    expect(fixOf({ evidence: 'ctx.db.query("messages").collect()', suggestion: 'ctx.db.query("messages").take(100)' })).toEqual({ fix: undefined, removed: 1, problem: 'not-the-quoted-lines' });
  });

  it('(c) removes it when it changes nothing but trailing whitespace', () => {
    expect(fixOf({ suggestion: `${LINES[5]}   \n` })).toEqual({ fix: undefined, removed: 1, problem: 'no-change' });
  });

  it('(d) removes it when the file would not parse with it; a file already broken elsewhere does not count against it', () => {
    expect(fixOf({ suggestion: '    const all = await ctx.db.query("messages").take(100;' })).toEqual({ fix: undefined, removed: 1, problem: 'breaks-parse' });
    const broken = TEXT.replace('export const other = 1;', 'export const other = ;');
    expect(fixOf({ suggestion: TAKE }, broken)).toMatchObject({ fix: { replacement: TAKE }, removed: 0 });
    expect(fixOf({ suggestion: '    const all = (;' }, broken)).toMatchObject({ fix: undefined, problem: 'breaks-parse' });
  });

  it('(e) removes it when it holds a ``` fence', () => {
    expect(fixOf({ suggestion: `\`\`\`ts\n${TAKE}\n\`\`\`` })).toEqual({ fix: undefined, removed: 1, problem: 'fence' });
    expect(fixOf({ suggestion: `${TAKE} // \`\`\`` })).toMatchObject({ fix: undefined, problem: 'fence' });
  });
});

describe('plain text bodies', () => {
  // A line that opens a suggestion fence on GitHub (CommonMark): up to 3 spaces, then ``` with an
  // info string free of backticks (```suggestion x``` on one line is a code span), or ~~~.
  const FENCE = /^ {0,3}(?:`{3,}\s*suggestion[^`\n]*|~{3,}\s*suggestion.*)$/gim;
  const rendered = (c: object) => {
    const answer = parseReviewOutput(JSON.stringify({ comments: [comment(c)], verdicts: [], summary: '' }));
    if (!answer.ok) throw new Error(answer.error);
    const [finding] = anchorComments(answer.review.comments, [file()]).findings;
    return renderInlineComment({ finding, path: finding.path, line: finding.endLine, withSuggestion: finding.fix !== undefined }, () => '');
  };
  const BODY = `Use take:\n\n\`\`\`suggestion\n${TAKE}\n\`\`\`\n\n~~~suggestion\nevil()\n~~~\n\n    \`\`\`suggestion\n\`\`\`suggestion inline\`\`\``;

  it('a ```suggestion fence in the model body never reaches GitHub as a live suggestion block', () => {
    const body = rendered({ body: BODY });
    expect(body.match(FENCE)).toBeNull();
    expect(body).toContain('\\`\\`\\`suggestion');
  });

  it('only our own `suggestion` field, checked, becomes one', () => {
    const body = rendered({ body: BODY, suggestion: TAKE });
    expect(body.match(FENCE)).toEqual(['```suggestion']);
    expect(body).toContain(`\`\`\`suggestion\n${TAKE}\n\`\`\``);
  });
});
