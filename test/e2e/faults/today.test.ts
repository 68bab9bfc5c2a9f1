/**
 * The fault matrix, cases that hold today: each one runs `node dist/index.js` against the strict
 * fakes with one fault or odd input, twice (the same event again), and asserts what must hold
 * whatever happened — the step's exit code, at most one review, exactly one summary when the
 * token can write, every static finding of the reviewed files inline, in the summary or (when
 * nothing could be written) in the job summary, nothing posted twice, no pending review left.
 * A case adds only what is particular to it.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { fingerprintMarker, runMarker, summaryMarker } from '../../../src/plan/markers.js';
import { stateMarker, stateOf } from '../../../src/plan/state.js';
import { reply, startAnthropicFake, type AnthropicFake, type AnthropicFakeOptions, type FakeCall } from '../../fakes/anthropic.js';
import { startGitHubFake, type FakePullInput, type FaultRule, type FixtureTree, type GitHubFake, type GitHubFakeOptions } from '../../fakes/github.js';
import type { ActionRun } from '../../support/action-runner.js';
import { BASE, HEAD } from '../fixture.js';
import { expectNoDuplicates, expectNothingLost, ownPosts, runOnPull, staticFindingsOf } from './matrix.js';

const REVIEWS = /\/pulls\/1\/reviews$/;
const ISSUE_COMMENTS = /\/issues\/1\/comments$/;
const CHANGED = ['convex/messages.ts', 'convex/stats.ts'];
/** GitHub's answer when it cannot place an inline comment. */
const LINE_NOT_RESOLVED = { message: 'Unprocessable Entity', errors: ['Line could not be resolved'], documentation_url: 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request', status: '422' };

// ---------------------------------------------------------------------------------------------
// A case and the body every case runs through

interface World {
  gh: GitHubFake;
  anthropic?: AnthropicFake;
  run: ActionRun;
  /** The static findings of the reviewed files (what must not be lost). */
  findings: Finding[];
  summary: string;
}

interface Case {
  name: string;
  base?: FixtureTree;
  head?: FixtureTree;
  pull?: Partial<FakePullInput>;
  github?: Omit<GitHubFakeOptions, 'pulls'>;
  /** Files whose static findings must be accounted for. */
  reviewed: string[];
  /** Files the action does not analyze (too large, binary): left out of the expected analysis. */
  unread?: string[];
  /** Which of the findings must be inline after the first run (default: warnings and errors). */
  inline?: (f: Finding) => boolean;
  token?: string;
  inputs?: Record<string, string>;
  /** The token cannot write: nothing is posted, everything is in the job summary. */
  readOnly?: boolean;
  /** Nothing to review: no review, no summary. */
  nothingToReview?: boolean;
  /** The Claude cases: the Anthropic fake's options and its script before each run. */
  claude?: { fake?: AnthropicFakeOptions; script: (anthropic: AnthropicFake, run: number) => void; inputs?: Record<string, string> };
  /** Faults and seeds before run 1 and run 2. */
  arrange?: (gh: GitHubFake, run: number, findings: Finding[]) => void | Promise<void>;
  /** What is particular to the case, after each run. */
  check?: (w: World, run: number) => void | Promise<void>;
}

const isInlineSeverity = (f: Finding) => f.severity !== 'info';
const without = (tree: FixtureTree, paths: readonly string[] = []): FixtureTree => Object.fromEntries(Object.entries(tree).filter(([p]) => !paths.includes(p)));

async function play(c: Case): Promise<void> {
  const head = c.head ?? HEAD;
  const gh = await startGitHubFake({ owner: 'acme', repo: 'app', ...c.github, pulls: [{ number: 1, base: c.base ?? BASE, head, authorAssociation: 'MEMBER', ...c.pull }] });
  const anthropic = c.claude ? await startAnthropicFake(c.claude.fake) : undefined;
  try {
    await runTwice(c, head, gh, anthropic);
  } finally {
    await gh.close();
    await anthropic?.close();
  }
}

async function runTwice(c: Case, head: FixtureTree, gh: GitHubFake, anthropic: AnthropicFake | undefined): Promise<void> {
  const findings = staticFindingsOf(without(head, c.unread), c.reviewed);
  const writes = !c.readOnly && !c.nothingToReview;

  for (const n of [1, 2]) {
    await c.arrange?.(gh, n, findings);
    if (anthropic) c.claude!.script(anthropic, n);
    const run = await runOnPull(gh, {
      ...(c.token ? { token: c.token } : {}),
      inputs: { ...c.inputs, ...(anthropic ? { 'anthropic-api-key': 'sk-test', ...c.claude!.inputs } : {}) },
      ...(anthropic ? { env: { ANTHROPIC_BASE_URL: anthropic.url } } : {}),
    });
    const log = `run ${n}:\n${run.stdout}\n${run.stderr}`;
    expect(run.code, log).toBe(0);
    expect(run.stdout, log).not.toContain('internal error');

    const own = ownPosts(gh);
    expectNoDuplicates(gh, { summaries: writes ? 1 : 0 });
    if (!writes) expect(own.reviews).toHaveLength(0);
    expect(gh.state(1).reviews.filter((r) => r.state === 'PENDING'), 'pending reviews left behind').toEqual([]);
    // The job summary lists every finding on every run: when the token can write, that is no excuse.
    expectNothingLost(gh, run, findings);
    if (n === 1 && writes) {
      const expected = findings.filter(c.inline ?? isInlineSeverity).map((f) => `${f.ruleId} at ${f.path}:${f.line}`);
      const inline = new Set(own.fingerprints);
      expect(findings.filter((f) => inline.has(f.fingerprint)).map((f) => `${f.ruleId} at ${f.path}:${f.line}`)).toEqual(expect.arrayContaining(expected));
    }
    if (n === 2) expect(run.outputs['inline-comments'], 'a re-run posts no inline comment').toBe('0');
    const summary = own.summaries.map((s) => String(s.body)).join('\n');
    await c.check?.({ gh, anthropic, run, findings, summary }, n);
  }
  expect(gh.errors).toEqual([]);
  if (anthropic) expect(anthropic.errors).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// Helpers for the cases

/**
 * A fault on one page of a paginated list. The fake's matchers see the path, not the query, so
 * the fault is armed when the page's request arrives (the fake logs a request before it looks for
 * faults).
 */
function failOnPage(gh: GitHubFake, path: RegExp, page: number, rule: FaultRule): void {
  const requests = gh.requests;
  const push = requests.push.bind(requests);
  let fired = false;
  requests.push = (...entries) => {
    for (const e of entries) {
      if (!fired && e.method === 'GET' && path.test(e.path) && Number(e.query.page ?? '1') === page) {
        fired = true;
        gh.failNext({ ...rule, method: 'GET', path });
      }
    }
    return push(...entries);
  };
}

const failedPages = (gh: GitHubFake, path: RegExp) => gh.requests.filter((r) => r.method === 'GET' && path.test(r.path) && r.injected === 'fault').map((r) => Number(r.query.page ?? '1'));

/** A Claude answer from what the request shows: one comment on the first commentable line of each file. */
function quietAnswer(call: FakeCall) {
  const batch = call.promptText.slice(call.promptText.lastIndexOf('<pr-data kind="changed-files">'));
  const comments = batch
    .split(/^## File: /m)
    .slice(1)
    .map((section) => {
      const path = section.slice(0, section.indexOf('\n'));
      const line = Number(/^### Commentable lines: (\d+)/m.exec(section)![1]);
      // The evidence is that line's code, as the numbered view shows it (`12+ code`).
      const evidence = new RegExp(`^ *${line}[+ ·] (.*)$`, 'm').exec(section)![1];
      return { path, line, severity: 'warning', category: 'maintainability', title: `Claude looked at ${path}`, body: 'Explained in one sentence.', evidence, confidence: 8, restates: null };
    });
  return reply.json({ comments, verdicts: [], summary: 'Looked at the batch.' });
}

const claudeFailure = (summary: string) => summary.split('\n').filter((l) => l.startsWith('> ⚠️ Claude:'));

/** The static review in full and Claude's trouble said once per batch; the step passes. */
function claudeCheck(failure: RegExp | null, batches = 1) {
  return ({ summary, run }: World, _run?: number) => {
    const lines = claudeFailure(summary);
    if (failure === null) {
      expect(lines).toEqual([]);
    } else {
      expect(lines, summary).toHaveLength(batches); // said once per batch
      for (const l of lines) expect(l).toMatch(failure);
      expect(lines.join('\n')).toContain('The static review is complete regardless.');
      expect(run.jobSummary).toContain(lines[0]);
      expect(run.outputs['claude-comments']).toBe('0');
    }
    expect(summary).toContain('### Claude (`claude-sonnet-5-5`)');
  };
}

// Fixture files for the odd-input cases.
const NOTES = `import { query, mutation } from "./_generated/server";
import { v } from "convex/values";

export const listNotes = query({
  args: { channelId: v.id("channels") },
  handler: async (ctx, { channelId }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) return [];
    return await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channelId", channelId))
      .take(20);
  },
});

export const renameChannel = mutation({
  args: { channelId: v.id("channels"), name: v.string() },
  handler: async (ctx, { channelId, name }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) throw new Error("Not signed in");
    await ctx.db.patch("channels", channelId, { name });
  },
});
`;
const NOTES_MOVED = `${NOTES}
export const addNote = mutation({
  args: { channelId: v.id("channels"), body: v.string() },
  handler: async (ctx, { channelId, body }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) throw new Error("Not signed in");
    ctx.db.insert("messages", { channelId, body });
  },
});
`;
/** A new file whose patch is past the fake's `maxPatchBytes` below: GitHub lists it without one. */
const BIG = `import { mutation } from "./_generated/server";

${Array.from({ length: 120 }, (_, i) => `export function helper${i}(value: number): number {\n  return value * ${i} + ${i % 7};\n}`).join('\n')}

export const big = mutation({
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) throw new Error("Not signed in");
    await ctx.db.insert("channels", { name: "big" });
  },
});
`;
/** Latin-1 bytes (é, ü as single bytes): not UTF-8. */
const LATIN1 = Buffer.from(
  `import { query } from "./_generated/server";

// Grüße, café
export const greet = query({
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) return "Grüße";
    return "café";
  },
});
`,
  'latin1',
);
const HUGE = `export const values = [\n${'  1234567890, 1234567890, 1234567890, 1234567890, 1234567890,\n'.repeat(33_000)}];\n`;
const BROKEN = `import { query } from "./_generated/server";

export const oops = query({
  args: {},
  handler: async (ctx) => {
    return [ ;
  },
});
`;
const BINARY = Buffer.concat([Buffer.from('export const x = 1;\n'), Buffer.from([0, 1, 2, 3, 0, 255, 0]), Buffer.from('\n')]);
const LEGACY = `import { query } from "./_generated/server";

export const old = query(async (ctx) => {
  return await ctx.db.query("messages").collect();
});
`;

const notAnalyzed = (path: string, reason: RegExp) => ({ summary, run }: World) => {
  const line = summary.split('\n').find((l) => l.startsWith(`- \`${path}\`:`));
  expect(line, summary).toBeDefined();
  expect(line).toMatch(reason);
  expect(run.jobSummary).toContain(line);
};

// ---------------------------------------------------------------------------------------------
// The cases

const GITHUB_CASES: Case[] = [
  {
    name: 'a 422 "Line could not be resolved" on the first review POST: the comments are probed and all posted',
    reviewed: CHANGED,
    arrange: (gh, run) => {
      if (run === 1) gh.failNext({ method: 'POST', path: REVIEWS, status: 422, body: LINE_NOT_RESOLVED });
    },
    check: ({ gh, summary }, run) => {
      if (run === 1) expect(gh.count({ method: 'POST', path: REVIEWS })).toBeGreaterThan(2);
      expect(summary).not.toContain('GitHub refused');
    },
  },
  {
    name: 'a 422 GitHub keeps giving for one anchor: that comment is listed in the summary as refused, the rest are posted',
    reviewed: CHANGED,
    // Run 1: the review, the probe of the first half and the probe of its first comment are
    // refused; run 2 posts that comment alone, and GitHub refuses it again.
    inline: (f) => isInlineSeverity(f) && !(f.ruleId === 'floating-convex-promise'),
    arrange: (gh, run) => gh.failNext({ method: 'POST', path: REVIEWS, status: 422, body: LINE_NOT_RESOLVED, times: run === 1 ? 3 : 1 }),
    check: ({ summary, run: result }) => {
      expect(summary).toMatch(/`convex\/messages\.ts:22` [^\n]*\(`floating-convex-promise`; GitHub refused the anchor\)/);
      expect(result.code).toBe(0);
    },
  },
  {
    name: 'a 502 after GitHub created the review: it finds its run marker and does not post again',
    reviewed: CHANGED,
    arrange: (gh, run) => {
      if (run === 1) gh.failNext({ method: 'POST', path: REVIEWS, status: 502, afterApplying: true });
    },
    check: ({ gh, run }, n) => {
      if (n === 1) {
        expect(gh.count({ method: 'POST', path: REVIEWS })).toBe(1);
        expect(run.outputs['review-url']).not.toBe('');
      }
    },
  },
  {
    name: 'a 403 secondary rate limit on the review POST clears after a retry',
    reviewed: CHANGED,
    arrange: (gh, run) => {
      if (run === 1) gh.rateLimitNext({ kind: 'secondary', status: 403, retryAfter: 1, method: 'POST', path: REVIEWS });
    },
    check: ({ gh }, run) => {
      if (run === 1) expect(gh.count({ method: 'POST', path: REVIEWS, status: 403 })).toBe(1);
    },
  },
  {
    name: 'a 429 secondary rate limit on the summary POST clears after a retry',
    reviewed: CHANGED,
    arrange: (gh, run) => {
      if (run === 1) gh.rateLimitNext({ kind: 'secondary', status: 429, retryAfter: 1, method: 'POST', path: ISSUE_COMMENTS });
    },
    check: ({ gh }, run) => {
      if (run === 1) expect(gh.count({ method: 'POST', path: ISSUE_COMMENTS, status: 429 })).toBe(1);
    },
  },
  {
    name: 'a 403 primary rate limit on the file list clears at its reset',
    reviewed: CHANGED,
    arrange: (gh, run) => {
      if (run === 1) gh.rateLimitNext({ kind: 'primary', status: 403, resetIn: 1, method: 'GET', path: /\/pulls\/1\/files$/ });
    },
    check: ({ gh }, run) => {
      if (run === 1) expect(gh.count({ method: 'GET', path: /\/pulls\/1\/files$/, status: 403 })).toBe(1);
    },
  },
  {
    name: 'a 502 on page 2 of the PR file list (the Convex files are on page 2): retried, nothing missed',
    // 100 documentation files sort before convex/: the reviewed files are on the second page.
    head: { ...HEAD, ...Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`a-docs/page-${String(i).padStart(3, '0')}.md`, `# page ${i}\n`])) },
    reviewed: CHANGED,
    arrange: (gh, run) => {
      if (run === 1) failOnPage(gh, /\/pulls\/1\/files$/, 2, { status: 502 });
    },
    check: ({ gh, summary }, run) => {
      if (run === 1) expect(failedPages(gh, /\/pulls\/1\/files$/)).toEqual([2]);
      expect(summary).toMatch(/Reviewed `[0-9a-f]{7}` · 2 files/);
    },
  },
  {
    name: 'a 502 on page 2 of the review comments and of the issue comments on the re-run (its own are on page 2): nothing posted twice',
    reviewed: CHANGED,
    arrange: async (gh, run) => {
      if (run === 1) {
        // 100 human review comments and 100 human issue comments come first: the action's own land on page 2.
        for (let i = 0; i < 100; i++) {
          await gh.seedReviewComment(1, { author: 'reviewer', body: `Nit ${i}`, path: 'convex/messages.ts', line: 18 });
          gh.seedIssueComment(1, { author: 'reviewer', body: `Comment ${i}` });
        }
      } else {
        failOnPage(gh, /\/pulls\/1\/comments$/, 2, { status: 502 });
        failOnPage(gh, ISSUE_COMMENTS, 2, { status: 502 });
      }
    },
    check: ({ gh }, run) => {
      if (run === 2) {
        expect(failedPages(gh, /\/pulls\/1\/comments$/)).toEqual([2]);
        expect(failedPages(gh, ISSUE_COMMENTS)).toEqual([2]);
      }
    },
  },
  {
    name: 'a file GitHub lists without a patch (past its patch size): its findings go to the summary',
    head: { ...HEAD, 'convex/big.ts': BIG },
    github: { maxPatchBytes: 4_000 },
    reviewed: [...CHANGED, 'convex/big.ts'],
    inline: (f) => isInlineSeverity(f) && f.path !== 'convex/big.ts',
    check: ({ gh, findings, summary }, run) => {
      const big = findings.filter((f) => f.path === 'convex/big.ts');
      expect(big.length).toBeGreaterThan(0);
      for (const f of big) expect(summary).toMatch(new RegExp(`\`convex/big\\.ts:${f.line}\` [^\\n]*\\(\`${f.ruleId}\`; (file has no diff on GitHub \\(binary or too large\\)|below the inline severity)\\)`));
      if (run === 1) expect(gh.state(1).reviewComments.some((c) => c.path === 'convex/big.ts')).toBe(false);
    },
  },
  {
    name: 'a binary file under convex/: listed as not analyzed, the rest reviewed',
    head: { ...HEAD, 'convex/blob.ts': BINARY },
    reviewed: CHANGED,
    unread: ['convex/blob.ts'],
    check: notAnalyzed('convex/blob.ts', /binary/),
  },
  {
    name: 'a renamed file with a new problem: reviewed under its new path',
    base: { ...BASE, 'convex/notes.ts': NOTES },
    head: { ...HEAD, 'convex/notebook.ts': NOTES_MOVED },
    reviewed: [...CHANGED, 'convex/notebook.ts'],
    check: async ({ gh, findings }, run) => {
      if (run === 1) {
        const file = (await gh.snapshot(1)).files.find((f) => f.filename === 'convex/notebook.ts');
        expect(file).toMatchObject({ status: 'renamed', previousFilename: 'convex/notes.ts' });
        expect(findings.some((f) => f.path === 'convex/notebook.ts' && f.ruleId === 'floating-convex-promise')).toBe(true);
      }
    },
  },
  {
    name: 'a deleted file: the rest reviewed, the deleted one not mentioned as a finding',
    base: { ...BASE, 'convex/legacy.ts': LEGACY },
    reviewed: CHANGED,
    check: ({ summary }) => expect(summary).not.toContain('convex/legacy.ts:'),
  },
  {
    name: 'an empty PR (no files): nothing posted, the job summary says so',
    head: BASE,
    reviewed: [],
    nothingToReview: true,
    check: ({ gh, run }) => {
      expect(gh.creations()).toEqual([]);
      expect(run.jobSummary).toContain('## convex-review');
      expect(run.jobSummary).toMatch(/No issues found|0 files/);
    },
  },
  {
    name: 'a file that is not UTF-8 (Latin-1): analyzed, its finding posted',
    head: { ...HEAD, 'convex/greet.ts': LATIN1 },
    reviewed: [...CHANGED, 'convex/greet.ts'],
    check: ({ findings }) => expect(findings.some((f) => f.path === 'convex/greet.ts' && f.ruleId === 'require-args-validator')).toBe(true),
  },
  {
    name: 'a 2 MB file: listed as not analyzed (larger than 1 MB), the rest reviewed',
    head: { ...HEAD, 'convex/huge.ts': HUGE },
    reviewed: CHANGED,
    unread: ['convex/huge.ts'],
    check: notAnalyzed('convex/huge.ts', /larger than 1 MB \(2\.\d MB\)/),
  },
  {
    name: 'a file that does not parse: one parse-error in the summary, the rest reviewed',
    head: { ...HEAD, 'convex/broken.ts': BROKEN },
    reviewed: [...CHANGED, 'convex/broken.ts'],
    check: ({ findings, summary }) => {
      expect(findings.filter((f) => f.path === 'convex/broken.ts').map((f) => f.ruleId)).toEqual(['parse-error']);
      expect(summary).toMatch(/`convex\/broken\.ts:\d+` [^\n]*\(`parse-error`; below the inline severity\)/);
    },
  },
  {
    name: 'a read-only token (a fork PR under pull_request): passes, posts nothing, findings in the job summary and annotations',
    pull: { fork: true, authorAssociation: 'CONTRIBUTOR' },
    token: 'ghs_read',
    readOnly: true,
    reviewed: CHANGED,
    check: ({ gh, run, findings }) => {
      expect(gh.creations().every((r) => r.status === 403)).toBe(true);
      expect(run.stdout).toContain('the token cannot write to this pull request');
      expect(run.jobSummary).toContain('The token could not write to the pull request');
      for (const f of findings.filter((x) => x.severity === 'error')) {
        expect(run.stdout).toMatch(new RegExp(`::error [^\\n]*file=${f.path.replace(/[./]/g, '\\$&')},line=${f.line}`));
      }
      for (const f of findings) expect(run.jobSummary).toContain(`\`${f.path}:${f.line}\``);
    },
  },
  {
    name: "forged markers by a human (fingerprints, a summary with state, this run's run marker) are ignored: findings still posted",
    reviewed: CHANGED,
    arrange: async (gh, run, findings) => {
      if (run !== 1) return;
      const { headSha } = await gh.snapshot(1);
      await gh.seedReviewComment(1, { author: 'mallory', path: 'convex/messages.ts', line: 22, body: `looks fine\n${findings.map((f) => fingerprintMarker(f.fingerprint)).join('\n')}` });
      gh.seedReview(1, { author: 'mallory', body: `LGTM\n${runMarker(headSha, '4242')}` });
      gh.seedIssueComment(1, { author: 'mallory', body: `All clear\n\n${summaryMarker(headSha)}\n${stateMarker(stateOf(headSha, findings))}` });
      // The review POST fails before it is applied: the action must not take mallory's run marker for its own review.
      gh.failNext({ method: 'POST', path: REVIEWS, status: 502 });
    },
    check: ({ gh, run }, n) => {
      const state = gh.state(1);
      const mallory = state.issueComments.filter((c) => (c.user as { login: string }).login === 'mallory');
      expect(mallory).toHaveLength(1);
      expect(String(mallory[0].body)).toMatch(/^All clear/);
      expect(gh.count({ method: 'PATCH', path: `/repos/acme/app/issues/comments/${mallory[0].id}` })).toBe(0);
      if (n === 1) {
        expect(run.outputs['review-url']).not.toBe('');
        expect(Number(run.outputs['inline-comments'])).toBe(4);
      }
    },
  },
];

/** One retry (the SDK's default is 4, with backoff): a failing Claude pass costs seconds, not minutes. */
// The verification pass has tests of its own (test/e2e/claude.test.ts); these count review requests.
const claudeInputs = { 'max-retries': '1', 'claude-verify': 'false' };

const CLAUDE_CASES: Case[] = [
  {
    name: 'Claude: a 429 then success: Claude’s comments posted once, no failure noted',
    reviewed: CHANGED,
    claude: {
      inputs: claudeInputs,
      script: (a, run) => {
        if (run === 1) a.enqueue(reply.error(429, 'rate_limit_error', { retryAfterMs: 50 }));
        a.setFallback(quietAnswer);
      },
    },
    check: (w, run) => {
      claudeCheck(null)(w, run);
      const claude = w.gh.state(1).reviewComments.filter((c) => String(c.body).includes('· Claude ·'));
      expect(claude).toHaveLength(2);
      if (run === 1) expect(w.anthropic!.count(429)).toBe(1);
      expect(w.run.outputs['claude-comments']).toBe('2');
    },
  },
  {
    name: 'Claude: 529 overloaded until the retries run out',
    reviewed: CHANGED,
    claude: { inputs: claudeInputs, script: (a) => a.setFallback(reply.error(529, 'overloaded_error', { retryAfterMs: 5 })) },
    check: (w, run) => {
      claudeCheck(/HTTP 529 overloaded_error: Overloaded, still failing after 1 retries \(convex\/messages\.ts, convex\/stats\.ts\)/)(w, run);
      expect(w.anthropic!.count(529)).toBe(2 * run); // one batch, tried twice (max-retries 1)
    },
  },
  {
    name: 'Claude: 500 api_error until the retries run out',
    reviewed: CHANGED,
    claude: { inputs: claudeInputs, script: (a) => a.setFallback(reply.error(500, 'api_error', { retryAfterMs: 5 })) },
    check: claudeCheck(/HTTP 500 api_error: Internal server error, still failing after 1 retries/),
  },
  {
    name: 'Claude: no answer within claude-timeout-seconds',
    reviewed: CHANGED,
    claude: { inputs: { ...claudeInputs, 'claude-timeout-seconds': '10' }, script: (a) => a.setFallback(reply.slow(14_000, reply.json({ comments: [], verdicts: [], summary: 'late' }))) },
    check: claudeCheck(/claude-timeout-seconds \(10 s\) ran out \(convex\/messages\.ts, convex\/stats\.ts\)/),
  },
  {
    name: 'Claude: malformed JSON, and the repair is malformed too',
    reviewed: CHANGED,
    claude: { inputs: claudeInputs, script: (a) => a.setFallback(reply.text('Here is my review: {"comments": [')) },
    check: claudeCheck(/did not match the format, even after one repair request/),
  },
  {
    name: 'Claude: every answer cut off at max_tokens, even after the split',
    reviewed: CHANGED,
    claude: { inputs: claudeInputs, script: (a) => a.setFallback(reply.maxTokens('{"comments": [{"path": "convex/mess')) },
    // Asked again at effort low, then split once, and each half is cut off again: two batches, two lines.
    check: claudeCheck(/cut off at max-output-tokens \(32000\), even at effort low and after splitting the batch/, 2),
  },
  {
    name: 'Claude: a refusal',
    reviewed: CHANGED,
    claude: { inputs: claudeInputs, script: (a) => a.setFallback(reply.refusal()) },
    // A refused batch is split once (one file can be what the model declines): both halves refused.
    check: claudeCheck(/declined to review this batch \(stop_reason refusal\)/, 2),
  },
  {
    name: 'Claude: a 401 for a bad key',
    reviewed: CHANGED,
    claude: { fake: { apiKeys: ['sk-the-real-one'] }, inputs: claudeInputs, script: (a) => a.setFallback(quietAnswer) },
    check: (w, run) => {
      claudeCheck(/the API refused the request \(HTTP 401 authentication_error/)(w, run);
      expect(w.anthropic!.count(401)).toBe(run); // no retry of a 401
    },
  },
];

describe('fault matrix: what holds today (node dist/index.js, run twice)', () => {
  it.each(GITHUB_CASES.map((c) => [c.name, c] as const))('GitHub: %s', async (_name, c) => play(c), 90_000);
  it.each(CLAUDE_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => play(c), 90_000);
});
