/**
 * The action as users run it: `node dist/index.js` spawned with the runner's environment,
 * against the strict GitHub fake.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubFake, type GitHubFake } from '../fakes/github.js';
import { runAction } from '../support/action-runner.js';
import { BASE, HEAD } from './fixture.js';

let gh: GitHubFake;
beforeEach(async () => {
  gh = await startGitHubFake({ owner: 'acme', repo: 'app', pulls: [{ number: 1, base: BASE, head: HEAD }] });
});
afterEach(async () => gh.close());

const prEvent = { action: 'opened', number: 1, pull_request: { number: 1 } };
const run = (over: Partial<Parameters<typeof runAction>[0]> = {}) => runAction({ apiUrl: gh.url, eventName: 'pull_request', event: prEvent, ...over });

describe('the action on a pull request', () => {
  it('posts one COMMENT review on the head SHA with every inline comment, and one sticky summary', async () => {
    const result = await run();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { headSha } = await gh.snapshot(1);
    const state = gh.state(1);

    expect(state.reviews).toHaveLength(1);
    const review = state.reviews[0];
    expect(review).toMatchObject({ state: 'COMMENTED', commit_id: headSha, user: { login: 'github-actions[bot]' } });
    expect(String(review.body)).toContain(`<!-- convex-review:v1 run=${headSha}:4242 -->`);

    // Inline: the planted problems on added lines, each with its fingerprint marker.
    const ruleOf = (body: unknown) => /· `([a-z-]+)` ·/.exec(String(body))?.[1];
    const inline = state.reviewComments.map((c) => `${c.path}:${c.line} ${ruleOf(c.body)}`);
    expect(inline.sort()).toEqual([
      'convex/messages.ts:22 floating-convex-promise',
      'convex/messages.ts:23 internal-ref-for-server-calls',
      'convex/messages.ts:32 no-filter-on-db-query',
      'convex/stats.ts:3 require-args-validator',
    ]);
    // Most severe first: errors lead the review.
    expect(String(state.reviewComments[0].body)).toMatch(/^🔴 \*\*error\*\*/);
    for (const c of state.reviewComments) expect(String(c.body)).toMatch(/<!-- convex-review:v1 fp=v1:[0-9a-f]{16} -->$/);
    const floating = state.reviewComments.find((c) => String(c.body).includes('floating-convex-promise'))!;
    expect(String(floating.body)).toContain('```suggestion\n    await ctx.db.insert("messages", { channelId, body });\n```');

    // The summary: one issue comment with the reviewed SHA and the findings not posted inline.
    expect(state.issueComments).toHaveLength(1);
    const summary = String(state.issueComments[0].body);
    expect(summary).toContain(`<!-- convex-review:v1 summary sha=${headSha} -->`);
    expect(summary).toContain('### Not posted inline');
    expect(summary).toMatch(/`convex\/stats\.ts:11` Public mutation `touch` never checks who is calling \(`public-function-auth-check`; below the inline severity\)/);

    expect(result.outputs).toMatchObject({
      'reviewed-sha': headSha,
      'inline-comments': String(state.reviewComments.length),
      'review-url': String(review.html_url),
      'summary-url': String(state.issueComments[0].html_url),
    });
    expect(Number(result.outputs.findings)).toBeGreaterThan(state.reviewComments.length);
    expect(Number(result.outputs.errors) + Number(result.outputs.warnings) + Number(result.outputs.infos)).toBe(Number(result.outputs.findings));
    expect(result.jobSummary).toContain('### All findings');
    expect(result.stdout).toMatch(/::error [^\n]*file=convex\/messages\.ts,line=22/);
  });

  it('posts nothing new on a second run of the same SHA and edits the same summary', async () => {
    await run();
    const before = gh.state(1);
    const second = await run();
    const after = gh.state(1);
    expect(second.code).toBe(0);
    expect(after.reviews).toHaveLength(1);
    expect(after.reviewComments).toHaveLength(before.reviewComments.length);
    expect(after.issueComments).toHaveLength(1);
    expect(after.issueComments[0].id).toBe(before.issueComments[0].id);
    expect(second.outputs['inline-comments']).toBe('0');
    expect(second.outputs['review-url']).toBe('');
    expect(String(after.issueComments[0].body)).toContain('already commented on in an earlier run');
  });

  it('on a PR that changes no Convex file, posts nothing new but updates its earlier summary to say so', async () => {
    const docsOnly = await startGitHubFake({ owner: 'acme', repo: 'app', pulls: [{ number: 3, base: BASE, head: { ...BASE, 'README.md': '# app\n\nDocs only.\n' } }] });
    try {
      const stale = await docsOnly.seedIssueComment(3, { author: 'github-actions[bot]', body: `old\n\n<!-- convex-review:v1 summary sha=${'a'.repeat(40)} -->` });
      const result = await runAction({ apiUrl: docsOnly.url, eventName: 'pull_request', event: { action: 'synchronize', pull_request: { number: 3 } } });
      expect(result.code).toBe(0);
      const state = docsOnly.state(3);
      expect(state.reviews).toHaveLength(0);
      expect(state.issueComments).toHaveLength(1);
      expect(state.issueComments[0].id).toBe(stale.id);
      expect(String(state.issueComments[0].body)).toContain('This change touches no files under the reviewed paths.');
      expect(String(state.issueComments[0].body)).toContain('No issues found');
    } finally {
      await docsOnly.close();
    }
  });

  it('ignores markers in comments it did not write', async () => {
    await gh.seedIssueComment(1, { author: 'mallory', body: `<!-- convex-review:v1 summary sha=${'a'.repeat(40)} -->` });
    const result = await run();
    expect(result.code).toBe(0);
    const state = gh.state(1);
    expect(state.issueComments).toHaveLength(2);
    expect(state.issueComments[0].body).not.toContain('## convex-review');
  });

  it('with a read-only token (a fork PR), writes nothing, reports to the job summary and annotations, and passes', async () => {
    const result = await run({ token: 'ghs_read' });
    expect(result.code).toBe(0);
    const state = gh.state(1);
    expect(state.reviews).toHaveLength(0);
    expect(state.issueComments).toHaveLength(0);
    expect(result.stdout).toContain('the token cannot write to this pull request');
    expect(result.stdout).toMatch(/::error [^\n]*file=convex\/messages\.ts/);
    expect(result.jobSummary).toContain('floating-convex-promise');
    expect(result.jobSummary).toContain('The token could not write to the pull request');
    expect(gh.count({ method: 'POST', path: /\/reviews$/ })).toBe(1);
  });

  it('after a 5xx on the review POST (the review was created), posts exactly one review', async () => {
    gh.failNext({ method: 'POST', path: /\/pulls\/1\/reviews$/, status: 502, afterApplying: true });
    const result = await run();
    expect(result.code).toBe(0);
    expect(gh.state(1).reviews).toHaveLength(1);
    expect(gh.count({ method: 'POST', path: /\/pulls\/1\/reviews$/ })).toBe(1);
    expect(result.outputs['review-url']).not.toBe('');
  });

  it('after a 5xx before the review was created, posts it once on the next try', async () => {
    gh.failNext({ method: 'POST', path: /\/pulls\/1\/reviews$/, status: 503 });
    const result = await run();
    expect(result.code).toBe(0);
    expect(gh.state(1).reviews).toHaveLength(1);
    expect(gh.count({ method: 'POST', path: /\/pulls\/1\/reviews$/ })).toBe(2);
  });

  it('tells a bad input (its message only) from an internal error (message and stack in the log)', async () => {
    const bad = await run({ inputs: { 'fail-on': 'high' } });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("::error::convex-review: input fail-on: 'high' is not accepted; use one of error, warning, info, never");
    expect(bad.stdout).not.toMatch(/%0A\s+at /);
    expect(gh.requests).toHaveLength(0);

    // A GitHub request that fails for good is said in words, without a stack.
    gh.failNext({ route: 'GET /repos/{owner}/{repo}/pulls/{pull_number}', status: 404, body: { message: 'Not Found' } });
    const missing = await run();
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('::error::convex-review: GitHub answered 404 Not Found on GET /repos/acme/app/pulls/1. ');
    expect(missing.stdout).not.toMatch(/%0A\s+at /);

    // An answer the code cannot handle is ours: message and stack.
    gh.failNext({ route: 'GET /repos/{owner}/{repo}/pulls/{pull_number}', status: 200, body: { number: 1 } });
    const broken = await run();
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/::error::convex-review: internal error: /);
    expect(broken.stdout).toMatch(/::error::TypeError: [^\n]*%0A\s+at /);
  });

  it('fails the step by fail-on over all current findings, also on a re-run', async () => {
    const first = await run({ inputs: { 'fail-on': 'error' } });
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/::error::convex-review: \d+ finding\(s\) at or above fail-on: error/);
    const again = await run({ inputs: { 'fail-on': 'error' } });
    expect(again.code).toBe(1);
  });

  it('names a bad input and the accepted values, and fails', async () => {
    const result = await run({ inputs: { 'inline-min-severity': 'loud' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("input inline-min-severity: 'loud' is not accepted; use one of error, warning, info");
    expect(gh.requests).toHaveLength(0);
  });

  it('reviews a PR by number on workflow_dispatch, and skips unsupported events with a notice', async () => {
    const dispatch = await run({ eventName: 'workflow_dispatch', event: { inputs: {} }, inputs: { 'pr-number': '1' } });
    expect(dispatch.code).toBe(0);
    expect(gh.state(1).reviews).toHaveLength(1);
    const release = await run({ eventName: 'release', event: {} });
    expect(release.code).toBe(0);
    expect(release.stdout).toContain('::notice::convex-review: the release event is not supported');
  });
});
