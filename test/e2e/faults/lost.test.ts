/**
 * Nothing lost: when GitHub will not take the review (a write that keeps failing, a rate limit
 * that lifts in an hour) or will not list the whole pull request (its 3,000-file cap), every
 * static finding still reaches a person — inline, in the sticky summary, or in the job summary —
 * and the step says in words what happened. `node dist/index.js` against the strict fake.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubFake, type FixtureTree, type GitHubFake } from '../../fakes/github.js';
import { validateSarif } from '../../support/sarif.js';
import { BASE, HEAD } from '../fixture.js';
import { expectNoDuplicates, expectNothingLost, ownPosts, runOnPull, staticFindingsOf } from './matrix.js';

const REVIEWS = 'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews';
const SUMMARIES = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';
const CHANGED = ['convex/messages.ts', 'convex/stats.ts'];
const BAD_GATEWAY = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';

const annotations = (stdout: string) => stdout.split('\n').filter((l) => /^::(error|warning|notice) /.test(l));
/** The `::error::` line(s) that fail the step (setFailed), decoded. */
const failures = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('::error::'))
    .map((l) => l.slice('::error::'.length).replace(/%0A/g, '\n').replace(/%25/g, '%'));

let gh: GitHubFake;
let out: string;
afterEach(async () => {
  await gh?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});
beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'convex-review-lost-'));
});

const findings = staticFindingsOf(HEAD as FixtureTree, CHANGED);

/** What must hold after a run whose writes failed for good: the report was written in full, then the step failed in words. */
function expectReportedThenFailed(run: Awaited<ReturnType<typeof runOnPull>>, sarifPath: string): void {
  expect(run.code).toBe(1);
  expect(run.stderr).toBe('');
  // Every finding in the job summary, the 10 most severe as annotations, the outputs, the SARIF.
  expectNothingLost(gh, run, findings);
  for (const f of findings) expect(run.jobSummary).toContain(`\`${f.path}:${f.line}\``);
  expect(run.jobSummary).toContain('### All findings');
  expect(annotations(run.stdout).filter((l) => !l.startsWith('::error::'))).toHaveLength(Math.min(10, findings.length));
  expect(run.outputs.findings).toBe(String(findings.length));
  expect(run.outputs['inline-comments']).toBe('0');
  expect(run.outputs['review-url']).toBe('');
  const sarif = JSON.parse(readFileSync(sarifPath, 'utf8'));
  expect(validateSarif(sarif), JSON.stringify(validateSarif.errors)).toBe(true);
  expect(sarif.runs[0].results).toHaveLength(findings.length);
  // A reason, not a stack or a page of HTML.
  expect(run.stdout).not.toMatch(/<html|<body|<h1/i);
  expect(run.stdout).not.toContain('internal error');
  expect(run.stdout).not.toMatch(/^\s+at /m);
}

describe('a write that keeps failing', () => {
  beforeEach(async () => {
    gh = await startGitHubFake({ owner: 'acme', repo: 'app', pulls: [{ number: 1, base: BASE, head: HEAD }] });
  });

  it('502 (an HTML page) on every review POST: the summary comment lists the comments the review could not carry, the job summary every finding; the step fails in words; a re-run posts once', async () => {
    gh.failNext({ route: REVIEWS, status: 502, body: BAD_GATEWAY, times: 100 });
    const sarifPath = join(out, 'convex-review.sarif');
    const run = await runOnPull(gh, { inputs: { 'sarif-file': sarifPath } });
    expectReportedThenFailed(run, sarifPath);
    expect(failures(run.stdout)).toEqual([
      'convex-review: GitHub answered 502 Bad Gateway on POST /repos/acme/app/pulls/1/reviews. Re-run the job; nothing already posted is posted twice.',
    ]);
    const note = 'Could not post the review: GitHub answered 502 Bad Gateway on POST /repos/acme/app/pulls/1/reviews. Its 4 inline comments are listed here instead. Re-run the job; nothing already posted is posted twice.';
    expect(run.jobSummary).toContain(note);
    // The summary comment got through: the comments meant for inline are listed there, with why.
    expectNoDuplicates(gh);
    const [summary] = ownPosts(gh).summaries;
    expect(String(summary.body)).toContain(note);
    expect(String(summary.body)).toMatch(/`convex\/messages\.ts:22` .*\(`floating-convex-promise`; the review could not be posted\)/);
    expect(run.outputs['summary-url']).toMatch(/#issuecomment-\d+$/);
    expect(run.outputs['reviewed-sha']).toBe((await gh.snapshot(1)).headSha);
    expect(gh.count({ route: REVIEWS })).toBe(3);

    // GitHub is back: the re-run posts the review and the summary, once.
    gh.clearFaults();
    const again = await runOnPull(gh);
    expect(again.code).toBe(0);
    expectNoDuplicates(gh);
    expect(ownPosts(gh).reviews).toHaveLength(1);
    expectNothingLost(gh, again, findings);
  });

  it('a secondary rate limit that persists: waits within max-wait-seconds, gives up without announcing a retry, reports, and fails saying when it lifts', async () => {
    gh.rateLimitNext({ kind: 'secondary', route: REVIEWS, retryAfter: 1, times: 100 });
    const sarifPath = join(out, 'convex-review.sarif');
    const run = await runOnPull(gh, { inputs: { 'sarif-file': sarifPath } });
    expectReportedThenFailed(run, sarifPath);
    expect(run.stdout).toMatch(/GitHub secondary rate limit on POST \/repos\/\{owner\}\/\{repo\}\/pulls\/\{pull_number\}\/reviews; retry 3 in 1s/);
    expect(run.stdout).toMatch(/GitHub secondary rate limit on POST \/repos\/\{owner\}\/\{repo\}\/pulls\/\{pull_number\}\/reviews; giving up after 3 retries/);
    expect(run.stdout).not.toContain('retry 4');
    const [failure] = failures(run.stdout);
    expect(failure).toMatch(
      /^convex-review: GitHub's secondary rate limit stopped the run \(403 on POST \/repos\/acme\/app\/pulls\/1\/reviews\); it lifts at \d\d:\d\d UTC \(in 1 s\)\. Re-run the job after \d\d:\d\d UTC\.$/,
    );
    // The limit is on the review: the summary comment still gets through and lists its comments.
    expect(run.jobSummary).toContain("Could not post the review: GitHub's secondary rate limit stopped the run");
    expect(gh.count({ route: REVIEWS })).toBe(4);
    expectNoDuplicates(gh);
    expect(String(ownPosts(gh).summaries[0].body)).toContain("Could not post the review: GitHub's secondary rate limit stopped the run");
  });

  it('a token that cannot write (403, not a fork PR): the findings are reported, then the step fails naming the permission', async () => {
    const forbidden = { message: 'Resource not accessible by personal access token', documentation_url: 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request', status: '403' };
    gh.failNext({ route: REVIEWS, status: 403, body: forbidden, times: 100 });
    gh.failNext({ route: SUMMARIES, status: 403, body: forbidden, times: 100 });
    const sarifPath = join(out, 'convex-review.sarif');
    const run = await runOnPull(gh, { inputs: { 'sarif-file': sarifPath } });
    expectReportedThenFailed(run, sarifPath);
    expect(failures(run.stdout)).toEqual([
      'convex-review: GitHub answered 403 Forbidden on POST /repos/acme/app/pulls/1/reviews: Resource not accessible by personal access token. Check that the token may write to pull requests (permissions: pull-requests: write).',
    ]);
    expect(run.jobSummary).toContain('> Could not post to the pull request: GitHub answered 403 Forbidden on POST /repos/acme/app/pulls/1/reviews: Resource not accessible by personal access token.');
    expect(gh.count({ route: REVIEWS })).toBe(1);
    expectNoDuplicates(gh, { summaries: 0 });
  });

  it('the read-only token of a fork PR still degrades: the findings in the job summary and annotations, and the step passes', async () => {
    const run = await runOnPull(gh, { token: 'ghs_read' });
    expect(run.code).toBe(0);
    expect(failures(run.stdout)).toEqual([]);
    expect(run.jobSummary).toContain('The token could not write to the pull request: no review or summary comment was posted.');
    expectNothingLost(gh, run, findings);
    expectNoDuplicates(gh, { summaries: 0 });
  });
});

describe('a rate limit that lifts in an hour', () => {
  beforeEach(async () => {
    gh = await startGitHubFake({ owner: 'acme', repo: 'app', pulls: [{ number: 1, base: BASE, head: HEAD }] });
  });

  it('on the writes: does not wait, reports the static review, says when the limit lifts and to re-run then, and fails', async () => {
    gh.rateLimitNext({ kind: 'primary', method: 'POST', resetIn: 3600, times: 100 });
    const sarifPath = join(out, 'convex-review.sarif');
    const started = Date.now();
    const run = await runOnPull(gh, { inputs: { 'sarif-file': sarifPath } });
    expect(Date.now() - started).toBeLessThan(30_000);
    expectReportedThenFailed(run, sarifPath);
    expect(run.stdout).toMatch(/GitHub primary rate limit on POST \/repos\/\{owner\}\/\{repo\}\/pulls\/\{pull_number\}\/reviews; it lifts in 360\ds \(about [^)]+\), past the 60s left of max-wait-seconds \(60\): not waiting/);
    expect(run.stdout).not.toMatch(/retry \d+ in/);
    const [failure] = failures(run.stdout);
    expect(failure).toMatch(
      /^convex-review: GitHub's API rate limit for this token is used up \(403 on POST \/repos\/acme\/app\/pulls\/1\/reviews\); it lifts at (\d\d:\d\d) UTC \(in (59|60) min\)\. Re-run the job after \1 UTC\.$/,
    );
    expect(run.jobSummary).toMatch(/> Could not post to the pull request: GitHub's API rate limit for this token is used up .*; it lifts at \d\d:\d\d UTC \(in (59|60) min\)\. .* Re-run the job after \d\d:\d\d UTC\./);
    expect(gh.count({ route: REVIEWS })).toBe(1);
    expectNoDuplicates(gh, { summaries: 0 });
  });

  it('on the reads: fails at once, with a job summary that says when the limit lifts', async () => {
    gh.rateLimitNext({ kind: 'primary', route: 'GET /repos/{owner}/{repo}/pulls/{pull_number}', resetIn: 3600, times: 100 });
    const started = Date.now();
    const run = await runOnPull(gh);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(/retry \d+ in/);
    expect(failures(run.stdout)[0]).toMatch(/^convex-review: GitHub's API rate limit for this token is used up \(403 on GET \/repos\/acme\/app\/pulls\/1\); it lifts at (\d\d:\d\d) UTC/);
    expect(run.jobSummary).toMatch(/⚠️ \*\*The review did not finish:\*\* GitHub's API rate limit for this token is used up .*\.\n\nRe-run the job after \d\d:\d\d UTC\./);
    expect(run.outputs.findings).toBe('0');
    expect(gh.creations()).toEqual([]);
  });

  it('on reading what earlier runs posted: posts nothing blind, reports the static review, and fails', async () => {
    gh.rateLimitNext({ kind: 'primary', route: 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments', resetIn: 3600, times: 100 });
    const sarifPath = join(out, 'convex-review.sarif');
    const run = await runOnPull(gh, { inputs: { 'sarif-file': sarifPath } });
    expectReportedThenFailed(run, sarifPath);
    expect(run.jobSummary).toMatch(
      /> Could not read what earlier runs posted on the pull request: GitHub's API rate limit for this token is used up \(403 on GET \/repos\/acme\/app\/issues\/1\/comments\); it lifts at (\d\d:\d\d) UTC \(in (59|60) min\)\. So nothing was posted \(posting blind could repeat comments\); every finding is listed below\. Re-run the job after \1 UTC\./,
    );
    expect(failures(run.stdout)[0]).toMatch(/^convex-review: GitHub's API rate limit for this token is used up \(403 on GET \/repos\/acme\/app\/issues\/1\/comments\)/);
    expect(gh.creations()).toEqual([]);
  });

  it('max-wait-seconds bounds the wait, and a bad value is named with what is accepted', async () => {
    gh.rateLimitNext({ kind: 'primary', route: REVIEWS, resetIn: 5, times: 1 });
    const short = await runOnPull(gh, { inputs: { 'max-wait-seconds': '2' } });
    expect(short.code).toBe(1);
    expect(short.stdout).toMatch(/past the 2s left of max-wait-seconds \(2\): not waiting/);

    gh.rateLimitNext({ kind: 'primary', route: REVIEWS, resetIn: 1, times: 1 });
    const waited = await runOnPull(gh);
    expect(waited.code).toBe(0);
    expect(waited.stdout).toMatch(/GitHub primary rate limit on POST \/repos\/\{owner\}\/\{repo\}\/pulls\/\{pull_number\}\/reviews; retry 1 in \ds/);
    expectNoDuplicates(gh);
    expectNothingLost(gh, waited, findings);

    const bad = await runOnPull(gh, { inputs: { 'max-wait-seconds': 'an hour' } });
    expect(bad.code).toBe(1);
    expect(failures(bad.stdout)).toEqual(["convex-review: input max-wait-seconds: 'an hour' is not a whole number from 0 to 21600"]);
  });
});

describe("Convex files past GitHub's 3,000-file list", () => {
  /** Eight files that sort before `convex/`, so that a list capped at 5 names no Convex file. */
  const assets = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`assets/f${i}.txt`, `asset ${i}\n`]));
  const head = { ...HEAD, ...assets } as FixtureTree;

  beforeEach(async () => {
    gh = await startGitHubFake({ owner: 'acme', repo: 'app', maxListedFiles: 5, pulls: [{ number: 1, base: BASE, head }] });
  });

  it('says the PR is too large to list, reviews the Convex files past the list through the trees, and puts their findings in the summary', async () => {
    const listed = (await gh.snapshot(1)).files.length;
    expect(listed).toBe(11);
    const run = await runOnPull(gh);
    expect(run.code).toBe(0);
    expectNoDuplicates(gh);
    expect(ownPosts(gh).reviews).toHaveLength(0); // no diff, so nothing inline
    expectNothingLost(gh, run, findings);

    const summary = String(ownPosts(gh).summaries[0].body);
    expect(summary).toContain('Reviewed `');
    expect(summary).toContain('· 2 files ·');
    expect(summary).toContain(
      '> This pull request is too large for GitHub to list in full: it changes 11 files, and GitHub lists only the first 5. Reviewed: 0 Convex files from the list, with their diffs; and 2 changed Convex files past the list, found by comparing the head and base trees and reviewed without a diff, so their findings are in this summary and none is inline: `convex/messages.ts`, `convex/stats.ts`.',
    );
    // At or above the inline severity, each says why it is not inline.
    for (const f of findings.filter((f) => f.severity !== 'info')) {
      expect(summary).toMatch(new RegExp(`\`${f.path}:${f.line}\` .*\\(\`${f.ruleId}\`; past GitHub's 3,000-file list, so no diff to comment on\\)`));
    }
    expect(summary).not.toContain('No issues found');
    expect(summary).not.toContain('touches no files under the reviewed paths');
    expect(summary).not.toContain('binary or too large');
    expect(run.jobSummary).toContain('too large for GitHub to list in full');
    expect(run.outputs.findings).toBe(String(findings.length));
    // The head's tree (read anyway) and the base's: one more call.
    expect(gh.count({ route: 'GET /repos/{owner}/{repo}/git/trees/{tree_sha}' })).toBe(2);
  });

  it('says so when every Convex file was in the list', async () => {
    await gh.close();
    const early = { ...HEAD, ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`zz/f${i}.txt`, `late ${i}\n`])) } as FixtureTree;
    gh = await startGitHubFake({ owner: 'acme', repo: 'app', maxListedFiles: 5, pulls: [{ number: 1, base: BASE, head: early }] });
    const run = await runOnPull(gh);
    expect(run.code).toBe(0);
    expectNoDuplicates(gh);
    expectNothingLost(gh, run, findings);
    expect(String(ownPosts(gh).summaries[0].body)).toContain(
      '> This pull request is too large for GitHub to list in full: it changes 11 files, and GitHub lists only the first 5. Reviewed: 2 Convex files from the list, with their diffs; comparing the head and base trees found no other changed Convex file past the list.',
    );
  });

  it('says so when the trees cannot be compared, and that the review covers only the listed files', async () => {
    const { baseSha } = await gh.snapshot(1);
    gh.failNext({ path: new RegExp(`/git/trees/${baseSha}$`), status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' } });
    const run = await runOnPull(gh);
    expect(run.code).toBe(0);
    expect(run.jobSummary).toContain(
      '> This pull request is too large for GitHub to list in full: it changes 11 files, and GitHub lists only the first 5. The files past the list could not be found (GitHub answered 404 Not Found on GET /repos/acme/app/git/trees/',
    );
    expect(run.jobSummary).toContain('so they were not reviewed: this review covers only the listed files.');
    expectNoDuplicates(gh, { summaries: 0 }); // no listed Convex file: nothing to post, the job summary explains
  });
});
