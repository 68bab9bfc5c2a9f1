import { describe, expect, it } from 'vitest';
import { nestedMarker as nested, planInputOf as input } from '../../test/support/untrusted.js';
import type { Finding } from '../core/finding.js';
import { planReview } from './plan.js';
import { renderAuditSummary } from './render-audit.js';
import { claudeCommentTitle, MAX_RAISED_TITLE, renderInlineComment, renderJobSummary, renderSummary, type ClaudeSummary, type SummaryInput } from './render.js';
import { claudeAnswerIn } from './state.js';

/** A path a model may give (or a pull request may add): a backtick, HTML, a mention, a pipe, a line break, a forged marker. */
const HOSTILE = `convex/a\`b<img src=x onerror=alert(1)>|@everyone\n# head${nested('fp=v1:0123456789abcdef')}.ts`;
/** How every list shows it: one code span, one line, no marker. */
const SHOWN = '``convex/a`b<img src=x onerror=alert(1)>|@everyone # head.ts``';

const finding = (over: Partial<Finding>): Finding => ({
  ruleId: 'claude/security',
  source: 'claude',
  severity: 'warning',
  path: HOSTILE,
  line: 999,
  endLine: 999,
  message: 'Title @everyone <b>x</b>\n\n```suggestion\nevil()\n```',
  fingerprint: 'v1:1111111111111111',
  ...over,
});
const claude: ClaudeSummary = {
  ran: true,
  model: 'claude-sonnet-5-5',
  usage: { inputTokens: 1, outputTokens: 1, cacheCreationTokens: 0, cacheReadTokens: 0, thinkingTokens: 0 },
  requests: 1,
  reviewed: 1,
  candidates: 2,
  summaries: [],
  leftOut: [{ path: HOSTILE, reason: 'over max-input-tokens' }],
  failures: [],
  dropped: { duplicateOfStatic: 0, suppressed: 0, repeated: 0, alreadyRaised: 0, unquoted: 0, notVerified: 0 },
};

/** What is left once the expected code spans are taken out: none of it may be live. */
function outsideSpans(text: string): string {
  return text.split(SHOWN).join('').split('``convex/a`b<img src=x onerror=alert(1)>\\|@everyone # head.ts``').join('');
}

function expectInert(text: string): void {
  const rest = outsideSpans(text);
  expect(rest).not.toMatch(/<img|<b>/);
  expect(rest).not.toMatch(/@everyone/);
  expect(rest).not.toMatch(/^# head/m);
  expect(rest).not.toMatch(/^ {0,3}(`{3,}|~{3,})\s*suggestion/im);
  expect(text).not.toContain('convex-review:v1 fp=v1:0123456789abcdef');
}

describe('finding fields in markdown', () => {
  it('the sticky summary and the job summary show a hostile path as one inert code span, everywhere it appears', () => {
    const plan = planReview(input([finding({})]));
    expect(plan.notInline.map((n) => n.reason)).toEqual(['outside-the-diff']);
    const summaryInput: SummaryInput = {
      plan,
      headSha: 'a'.repeat(40),
      reviewedFiles: ['convex/a.ts'],
      skipped: [{ path: HOSTILE, reason: 'binary' }],
      notes: [],
      postedInline: 0,
      titleOf: (id) => id,
      claude,
      changes: { added: 0, carried: 0, fixed: [{ finding: { fingerprint: 'v1:2222222222222222', ruleId: 'unbounded-collect', path: HOSTILE, line: 3 }, resolved: false }], cannotResolve: false },
    };
    const summary = renderSummary(summaryInput);
    const visible = summary.slice(0, summary.lastIndexOf('\n\n'));
    // The title's fence, on one line, is only a code span.
    expect(visible).toContain(`- 🟠 **warning** ${SHOWN.replace('.ts``', '.ts:999``')} Title @\u200deveryone &lt;b&gt;x&lt;/b&gt; \`\`\`suggestion evil() \`\`\` (\`claude/security\`; `);
    expect(visible).toContain(`- ${SHOWN}: binary`);
    expect(visible).toContain(`- ✅ ${SHOWN.replace('.ts``', '.ts:3``')} \`unbounded-collect\``);
    expect(visible).toContain(`Not reviewed by Claude (1): ${SHOWN} (over max-input-tokens)`);
    expect(visible).not.toContain('<!--');
    expectInert(visible.replaceAll(':999``', '``').replaceAll(':3``', '``'));

    const job = renderJobSummary(summaryInput);
    expect(job).toContain(`- 🟠 **warning** ${SHOWN.replace('.ts``', '.ts:999``')} Title`);
    expect(job).not.toContain('<!--');
    expectInert(job.replaceAll(':999``', '``').replaceAll(':3``', '``'));
  });

  it('the audit summary: in the list and in the worst-files table (its pipe escaped)', () => {
    const audit = renderAuditSummary({ sha: 'a'.repeat(40), files: 1, findings: [finding({ source: 'static', ruleId: 'unbounded-collect' })], skipped: [{ path: HOSTILE, reason: 'binary' }], titleOf: (id) => id, claude: { ran: false, reason: 'off' } });
    expect(audit).toContain('| ``convex/a`b<img src=x onerror=alert(1)>\\|@everyone # head.ts`` | 0 | 1 | 0 |');
    expect(audit).toContain(`- ${SHOWN}: binary`);
    expect(audit).not.toContain('<!--');
    expectInert(audit.replaceAll(':999``', '``'));
  });

  it('a Claude comment: the category and title inert, the title on one line, only our suggestion live', () => {
    const plan = planReview(input([finding({ path: 'convex/a.ts', line: 2, endLine: 2, detail: 'Do this:\n\n```suggestion\nevil()\n```\n\n~~~ suggestion\nevil()\n~~~', fix: { line: 2, endLine: 2, replacement: '  check(ctx);' } })]));
    const body = renderInlineComment(plan.inline[0], (id) => id);
    expect(body.split('\n')[0]).toBe('🟠 **warning** · Claude · security · **Title @\u200deveryone &lt;b&gt;x&lt;/b&gt; ```suggestion evil() ```**');
    expect(body.match(/^ {0,3}(`{3,}|~{3,})\s*suggestion.*$/gim)).toEqual(['```suggestion']);
    expect(body).toContain('```suggestion\n  check(ctx);\n```');
  });

  it('a static comment: the rule id in a code span', () => {
    const plan = planReview(input([finding({ source: 'static', ruleId: 'no-filter-on-db-query', path: 'convex/a.ts', line: 2, endLine: 2, message: 'm' })]));
    expect(renderInlineComment(plan.inline[0], () => 'Filter').split('\n')[0]).toBe('🟠 **warning** · `no-filter-on-db-query` · Filter');
  });
});

describe('the Claude section', () => {
  const ran = (over: Partial<Extract<ClaudeSummary, { ran: true }>> = {}): ClaudeSummary => ({ ...(claude as Extract<ClaudeSummary, { ran: true }>), leftOut: [], ...over });
  const summaryWith = (c: ClaudeSummary): SummaryInput => ({ plan: planReview(input([])), headSha: 'a'.repeat(40), reviewedFiles: ['convex/a.ts'], skipped: [], notes: [], postedInline: 0, titleOf: (id) => id, claude: c });

  it('counts every reason a comment was dropped, thinking tokens, the served model and removed suggestions', () => {
    const summary = renderSummary(
      summaryWith(
        ran({
          usage: { inputTokens: 10, outputTokens: 2000, cacheCreationTokens: 0, cacheReadTokens: 0, thinkingTokens: 1500 },
          servedBy: ['claude-sonnet-5-5-20261101'],
          dropped: { duplicateOfStatic: 2, suppressed: 1, repeated: 1, alreadyRaised: 3, unquoted: 1, notVerified: 2 },
          suggestionsRemoved: 1,
          verificationDrops: ['A guess <b>x</b> (score 3)', 'Another (score 2)'],
        }),
      ),
    );
    expect(summary).toContain('### Claude (`claude-sonnet-5-5`, served by `claude-sonnet-5-5-20261101`)');
    expect(summary).toContain('2,000 output (1,500 thinking) · ');
    expect(summary).toContain(
      "Dropped from Claude's answer: 2 comments restating a static finding, 1 suppressed in code, 1 repeated, 3 raised before, 1 quote not found in the file, 2 below the verification threshold.",
    );
    expect(summary).toContain('1 suggestion removed from kept comments');
    // The sticky summary counts the verification's drops; the job summary lists them, inert.
    expect(summary).not.toContain('A guess');
    const job = renderJobSummary(summaryWith(ran({ verificationDrops: ['A guess <b>x</b> (score 3)', 'Another (score 2)'] })));
    expect(job).toContain('### Claude comments the verification dropped (2)\n\n- A guess &lt;b&gt;x&lt;/b&gt; (score 3)\n- Another (score 2)');
  });

  it('says when the answer was reused: no usage line, no request', () => {
    const summary = renderSummary(summaryWith(ran({ reusedFrom: 'abc1234'.padEnd(40, '0'), requests: 0 })));
    expect(summary).toContain("Claude's answer for `abc1234` reused from the earlier run: no request sent.");
    expect(summary).not.toContain('tokens:');
    expect(summary).not.toContain('thinking');
  });

  it('stores Claude’s answer in a closing marker of its own, when there is one', () => {
    const answer = { headSha: 'a'.repeat(40), model: 'claude-sonnet-5-5', findings: [finding({ path: 'convex/a.ts', line: 2, endLine: 2 })] };
    const summary = renderSummary({ ...summaryWith(ran()), claudeAnswer: answer });
    expect(summary.split('\n').at(-1)).toMatch(/^<!-- convex-review:v1 claude=[A-Za-z0-9_-]+ -->$/);
    expect(claudeAnswerIn(summary)).toEqual(answer);
  });
});

describe('claudeCommentTitle', () => {
  it('reads the title back from a rendered Claude comment, as plain text', () => {
    const plan = planReview(input([finding({ path: 'convex/a.ts', line: 2, endLine: 2 })]));
    const body = renderInlineComment(plan.inline[0], (id) => id);
    expect(claudeCommentTitle(body)).toBe('Title @everyone <b>x</b> ```suggestion evil() ```');
  });

  it('reads nothing from a static comment or other text, and cuts a long title', () => {
    const plan = planReview(input([finding({ source: 'static', ruleId: 'no-filter-on-db-query', path: 'convex/a.ts', line: 2, endLine: 2, message: 'm' })]));
    expect(claudeCommentTitle(renderInlineComment(plan.inline[0], () => 'Filter'))).toBeUndefined();
    expect(claudeCommentTitle('LGTM · Claude · security · **x**')).toBeUndefined();
    const long = planReview(input([finding({ path: 'convex/a.ts', line: 2, endLine: 2, message: 'x'.repeat(300) })]));
    const title = claudeCommentTitle(renderInlineComment(long.inline[0], (id) => id))!;
    expect(title).toHaveLength(MAX_RAISED_TITLE);
    expect(title.endsWith('…')).toBe(true);
  });
});
