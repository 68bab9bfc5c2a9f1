import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.js';
import { parsePatch } from '../diff/patch.js';
import { planReview, type ChangedFile, type PlanInput } from './plan.js';
import { renderInlineComment, renderSummary } from './render.js';
import { fingerprintsIn, summaryShaIn } from './markers.js';

const finding = (over: Partial<Finding>): Finding => ({
  ruleId: 'no-filter-on-db-query',
  source: 'static',
  severity: 'warning',
  path: 'convex/a.ts',
  line: 2,
  endLine: 2,
  message: 'm',
  fingerprint: `v1:${'0'.repeat(15)}${over.line ?? 2}`,
  ...over,
});

// Lines 2-3 and 12 added; 1, 4, 11, 13 context.
const PATCH = parsePatch('@@ -1,3 +1,4 @@\n a\n-b\n+B\n+C\n c\n@@ -10,2 +11,3 @@\n x\n+y\n z\n');
const base = (over: Partial<PlanInput> = {}): PlanInput => ({
  findings: [],
  changedFiles: [{ path: 'convex/a.ts', status: 'modified', patch: PATCH }],
  isDependentFinding: () => false,
  posted: new Set(),
  inlineMinSeverity: 'warning',
  maxComments: 30,
  ...over,
});

describe('planReview', () => {
  it('puts findings on added lines inline, and the rest in the summary with a reason', () => {
    const plan = planReview(
      base({
        findings: [
          finding({ line: 2 }),
          finding({ line: 4 }),
          finding({ line: 12, severity: 'info' }),
          finding({ path: 'convex/bin.ts', line: 1 }),
          finding({ path: 'convex/other.ts', line: 1 }),
        ],
        changedFiles: [
          { path: 'convex/a.ts', status: 'modified', patch: PATCH },
          { path: 'convex/bin.ts', status: 'modified' },
        ],
      }),
    );
    expect(plan.inline.map((c) => `${c.path}:${c.line}`)).toEqual(['convex/a.ts:2']);
    expect(plan.notInline.map((n) => `${n.finding.path}:${n.finding.line} ${n.reason}`)).toEqual([
      'convex/a.ts:4 not-on-added-line',
      'convex/bin.ts:1 no-patch',
      'convex/a.ts:12 below-inline-severity',
    ]);
    // An untouched file's findings are not this PR's, unless a change makes them relevant.
    expect(plan.findings.some((f) => f.path === 'convex/other.ts')).toBe(false);
  });

  it('keeps findings in untouched files that a change made relevant, in the summary', () => {
    const plan = planReview(base({ findings: [finding({ path: 'convex/other.ts', ruleId: 'unknown-index' })], isDependentFinding: (f) => f.ruleId === 'unknown-index' }));
    expect(plan.notInline.map((n) => n.reason)).toEqual(['untouched-file']);
  });

  it('makes a multi-line suggestion only when the fix range lies in one hunk', () => {
    const inHunk = finding({ line: 2, fix: { line: 2, endLine: 3, replacement: 'x' } });
    const acrossHunks = finding({ line: 3, fix: { line: 3, endLine: 11, replacement: 'x' }, fingerprint: 'v1:00000000000000ff' });
    const plan = planReview(base({ findings: [inHunk, acrossHunks] }));
    expect(plan.inline.map((c) => [c.startLine, c.line, c.withSuggestion])).toEqual([
      [2, 3, true],
      [undefined, 3, false],
    ]);
  });

  it('skips what was already posted (also under a renamed file\'s old path) and caps inline comments', () => {
    const findings = [finding({ line: 2, severity: 'error' }), finding({ line: 3 }), finding({ line: 12, fingerprint: 'v1:new' })];
    const plan = planReview(
      base({ findings, posted: new Set(['v1:old-name']), aliasesOf: (f) => (f.line === 2 ? ['v1:old-name'] : []), maxComments: 1 }),
    );
    expect(plan.alreadyPosted.map((f) => f.line)).toEqual([2]);
    expect(plan.inline.map((c) => c.line)).toEqual([3]);
    expect(plan.notInline.map((n) => [n.finding.line, n.reason])).toEqual([[12, 'over-max-comments']]);
  });

  it('puts the most severe findings inline first when the cap bites', () => {
    const files: ChangedFile[] = [{ path: 'convex/a.ts', status: 'modified', patch: PATCH }];
    const plan = planReview(base({ changedFiles: files, maxComments: 1, findings: [finding({ line: 2 }), finding({ line: 3, severity: 'error' })] }));
    expect(plan.inline.map((c) => c.finding.severity)).toEqual(['error']);
  });
});

describe('rendering', () => {
  it('renders an inline comment with title, detail, suggestion, Convex and rule docs and the fingerprint marker, inert', () => {
    const f = finding({ message: 'Table <b>@team</b>', detail: 'why', docsUrl: 'https://docs.convex.dev/x', fix: { line: 2, endLine: 2, replacement: 'ok()' } });
    const body = renderInlineComment({ finding: f, path: f.path, line: 2, withSuggestion: true }, () => 'Filter on a database query');
    expect(body).toBe(
      '🟠 **warning** · `no-filter-on-db-query` · Filter on a database query\n\nTable &lt;b&gt;@\u200dteam&lt;/b&gt;\n\nwhy\n\n```suggestion\nok()\n```\n\n[Convex docs](https://docs.convex.dev/x) · [Rule docs](https://github.com/convex-review/convex-review/blob/main/docs/rules/no-filter-on-db-query.md)\n\n<!-- convex-review:v1 fp=' +
        f.fingerprint +
        ' -->',
    );
    expect(fingerprintsIn(body)).toEqual([f.fingerprint]);
  });

  it('keeps every body under GitHub\'s limit', () => {
    const f = finding({ detail: 'x'.repeat(100_000) });
    expect(renderInlineComment({ finding: f, path: f.path, line: 2, withSuggestion: false }, () => 't').length).toBeLessThanOrEqual(65_536);
  });

  it('says "no issues found" on a clean pass and carries the reviewed sha', () => {
    const body = renderSummary({
      plan: { findings: [], inline: [], alreadyPosted: [], notInline: [] },
      headSha: 'abcdef1234567890abcdef1234567890abcdef12',
      reviewedFiles: ['convex/a.ts'],
      skipped: [],
      notes: [],
      postedInline: 0,
      titleOf: () => 't',
    });
    expect(body).toContain('✅ **No issues found**');
    expect(summaryShaIn(body)).toBe('abcdef1234567890abcdef1234567890abcdef12');
  });
});

describe('Claude findings in the plan', () => {
  const claude = (over: Partial<Finding>): Finding => finding({ ruleId: 'claude/security', source: 'claude', message: 'Ownership is not checked', detail: 'Compare `doc.ownerId` with the caller.', ...over });

  it('go inline on any commentable line (context too) within one hunk; off the diff or on another file they go to the summary', () => {
    const plan = planReview(
      base({
        findings: [
          claude({ line: 1, endLine: 1 }),
          claude({ line: 11, endLine: 13, fix: { line: 11, endLine: 13, replacement: 'x' } }),
          claude({ line: 3, endLine: 11 }),
          claude({ path: 'convex/other.ts', line: 5, endLine: 5 }),
        ],
      }),
    );
    expect(plan.inline.map((c) => [c.startLine, c.line, c.withSuggestion])).toEqual([
      [undefined, 1, false],
      [11, 13, true],
    ]);
    expect(plan.notInline.map((n) => `${n.finding.path}:${n.finding.line} ${n.reason}`)).toEqual(['convex/a.ts:3 outside-the-diff', 'convex/other.ts:5 outside-the-diff']);
  });

  it('render as Claude comments: sanitized words, a suggestion block, how to silence, and the fingerprint marker', () => {
    const plan = planReview(base({ findings: [claude({ line: 2, endLine: 2, detail: 'Ping @everyone <img src=x> <!-- convex-review:v1 fp=v1:0123456789abcdef -->', fix: { line: 2, endLine: 2, replacement: '  check(ctx);' } })] }));
    const body = renderInlineComment(plan.inline[0], (id) => id);
    expect(body).toMatch(/^🟠 \*\*warning\*\* · Claude · security · \*\*Ownership is not checked\*\*/);
    expect(body).toContain('Ping @\u200deveryone &lt;img src=x&gt;');
    expect(body).toContain('```suggestion\n  check(ctx);\n```');
    expect(body).toContain('convex-review-disable-next-line claude');
    expect(fingerprintsIn(body)).toEqual([plan.inline[0].finding.fingerprint]);
  });

  it('the summary carries the Claude usage line, its batch summaries, what it left out and what failed', () => {
    const plan = planReview(base({ findings: [] }));
    const summary = renderSummary({
      plan,
      headSha: 'a'.repeat(40),
      reviewedFiles: ['convex/a.ts', 'convex/b.ts'],
      skipped: [],
      notes: [],
      postedInline: 0,
      titleOf: (id) => id,
      claude: {
        ran: true,
        model: 'claude-sonnet-5-5',
        usage: { inputTokens: 1234, outputTokens: 56, cacheCreationTokens: 2000, cacheReadTokens: 4000, thinkingTokens: 0 },
        costUsd: 0.01,
        requests: 3,
        reviewed: 1,
        candidates: 2,
        summaries: ['No <b>risk</b> found.'],
        leftOut: [{ path: 'convex/b.ts', reason: 'over max-input-tokens (200,000)' }],
        failures: ['HTTP 529 overloaded_error, still failing after 4 retries (convex/c.ts)'],
        dropped: { duplicateOfStatic: 1, suppressed: 0, repeated: 0, alreadyRaised: 0, unquoted: 0, notVerified: 0 },
      },
    });
    expect(summary).toContain('### Claude (`claude-sonnet-5-5`)');
    expect(summary).toContain('Reviewed 1 of 2 changed files in 3 requests · tokens: 1,234 input, 2,000 cache write, 4,000 cache read, 56 output · ≈ $0.0100');
    expect(summary).toContain('- No &lt;b&gt;risk&lt;/b&gt; found.');
    expect(summary).toContain('Not reviewed by Claude (1): `convex/b.ts` (over max-input-tokens (200,000))');
    expect(summary).toContain('> ⚠️ Claude: HTTP 529 overloaded_error, still failing after 4 retries (convex/c.ts). The static review is complete regardless.');
    expect(summary).toContain("Dropped from Claude's answer: 1 comment restating a static finding.");
    expect(summaryShaIn(summary)).toBe('a'.repeat(40));
  });
});
