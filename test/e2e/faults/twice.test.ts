/**
 * The fault matrix, "twice is a bug": writes GitHub carries out late or after an error, a stale
 * pending review, a summary deleted mid-run, a renamed file — none may yield a second review, a
 * second summary or a comment posted again. Through `node dist/index.js` against the GitHub fake.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubFake, type GitHubFake } from '../../fakes/github.js';
import { summaryShaIn } from '../../../src/plan/markers.js';
import { BASE, HEAD } from '../fixture.js';
import { expectNoDuplicates, expectNothingLost, ownPosts, PR_EVENT, runOnPull, staticFindingsOf } from './matrix.js';

const REVIEW_POST = 'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews';
const COMMENT_POST = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';
const COMMENT_PATCH = 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}';
const REVIEWED = ['convex/messages.ts', 'convex/stats.ts'];

let gh: GitHubFake;
beforeEach(async () => {
  gh = await startGitHubFake({ owner: 'acme', repo: 'app', pulls: [{ number: 1, base: BASE, head: HEAD }] });
});
afterEach(async () => gh.close());

/** Written down by hand, so that the matrix's expectations never come from the analyzer alone. */
const HEAD_FINDINGS = [
  'floating-convex-promise error convex/messages.ts:22',
  'internal-ref-for-server-calls warning convex/messages.ts:23',
  'no-filter-on-db-query warning convex/messages.ts:32',
  'require-args-validator warning convex/stats.ts:3',
  'public-function-auth-check info convex/stats.ts:11',
];

it('the fixture has the static findings the matrix expects', () => {
  expect(staticFindingsOf(HEAD, REVIEWED).map((f) => `${f.ruleId} ${f.severity} ${f.path}:${f.line}`)).toEqual(HEAD_FINDINGS);
});

describe('twice is a bug', () => {
  it('finds a review GitHub writes half a second after answering 502, instead of posting a second', async () => {
    gh.failNext({ route: REVIEW_POST, status: 502, landsAfterMs: 500 });
    const run = await runOnPull(gh);
    expect(run.code).toBe(0);
    expect(gh.count({ route: REVIEW_POST })).toBe(1);
    expectNoDuplicates(gh);
    expectNothingLost(gh, run, staticFindingsOf(HEAD, REVIEWED));
    expect(ownPosts(gh).reviews).toHaveLength(1);
    expect(run.outputs['review-url']).toBe(ownPosts(gh).reviews[0].html_url);
  });

  it('posts one summary when GitHub created it and then answered 502', async () => {
    gh.failNext({ route: COMMENT_POST, status: 502, afterApplying: true });
    const run = await runOnPull(gh);
    expect(run.code).toBe(0);
    expectNoDuplicates(gh);
    expectNothingLost(gh, run, staticFindingsOf(HEAD, REVIEWED));
    expect(run.outputs['summary-url']).toMatch(/#issuecomment-\d+$/);
  });

  it('posts one summary when its creation lands late after a 502', async () => {
    gh.failNext({ route: COMMENT_POST, status: 502, landsAfterMs: 500 });
    const run = await runOnPull(gh);
    expect(run.code).toBe(0);
    expect(gh.count({ route: COMMENT_POST })).toBe(1);
    expect(run.outputs['summary-url']).toBe(ownPosts(gh).summaries[0].html_url);
    expectNoDuplicates(gh);
  });

  it('clears its own stale pending review (a cancelled run) and posts, instead of blaming the anchors', async () => {
    gh.seedReview(1, { author: 'github-actions[bot]', body: '', state: 'PENDING' });
    const run = await runOnPull(gh);
    expect(run.code).toBe(0);
    const state = gh.state(1);
    expect(state.reviews.filter((r) => r.state === 'PENDING')).toHaveLength(0);
    expect(ownPosts(gh).reviews).toHaveLength(1);
    expect(ownPosts(gh).fingerprints).toHaveLength(4);
    expect(gh.count({ route: 'DELETE /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}' })).toBe(1);
    expect(String(ownPosts(gh).summaries[0].body)).not.toContain('GitHub refused');
    expectNoDuplicates(gh);
  });

  it('creates the summary again when it was deleted while the run went on (404 on the edit)', async () => {
    expect((await runOnPull(gh)).code).toBe(0);
    const [summary] = ownPosts(gh).summaries;
    // A person deletes the summary as the edit arrives: GitHub's own route answers 404.
    gh.meanwhileNext({ route: COMMENT_PATCH, run: () => gh.deleteIssueComment(Number(summary.id)) });
    const again = await runOnPull(gh);
    expect(again.code).toBe(0);
    const now = ownPosts(gh).summaries;
    expect(now).toHaveLength(1);
    expect(now[0].id).not.toBe(summary.id);
    expectNoDuplicates(gh);
  });

  it('does not post again the comments of a file the PR added and a later push renamed', async () => {
    expect((await runOnPull(gh)).code).toBe(0);
    const before = ownPosts(gh).fingerprints.length;
    expect(gh.state(1).reviewComments.some((c) => c.path === 'convex/stats.ts')).toBe(true);
    const { 'convex/stats.ts': stats, ...rest } = HEAD;
    const renamedHead = await gh.push(1, { ...rest, 'convex/metrics.ts': stats });
    const second = await runOnPull(gh, { event: { ...PR_EVENT, action: 'synchronize' } });
    expect(second.code).toBe(0);
    expect(summaryShaIn(String(ownPosts(gh).summaries[0].body))).toBe(renamedHead);
    expect(gh.state(1).reviewComments.filter((c) => c.path === 'convex/metrics.ts')).toHaveLength(0);
    expect(ownPosts(gh).fingerprints).toHaveLength(before);
    expectNoDuplicates(gh);
  });
});
