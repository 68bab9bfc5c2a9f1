/**
 * The fault matrix's shared checks: the action (`node dist/index.js`) against the strict fakes
 * with a fault injected, and what must hold whatever the fault — at most one review and exactly
 * one summary, every static finding of the reviewed files somewhere a person will see it (inline,
 * the summary, or — when nothing could be written — the job summary), nothing twice.
 */
import { expect } from 'vitest';
import { analyzeFiles } from '../../../src/convex/analyze.js';
import type { Finding } from '../../../src/core/finding.js';
import { fingerprintsIn, summaryShaIn } from '../../../src/plan/markers.js';
import type { FixtureTree, GitHubFake } from '../../fakes/github.js';
import { runAction, type ActionRun, type RunOptions } from '../../support/action-runner.js';

export const PR_EVENT = { action: 'opened', number: 1, pull_request: { number: 1 } };

export function runOnPull(gh: GitHubFake, over: Partial<RunOptions> = {}): Promise<ActionRun> {
  return runAction({ apiUrl: gh.url, eventName: 'pull_request', event: PR_EVENT, ...over });
}

/** The static findings the action must account for: those of `paths` in the head tree. */
export function staticFindingsOf(head: FixtureTree, paths: readonly string[]): Finding[] {
  const files = new Map<string, string>();
  for (const [path, content] of Object.entries(head)) {
    const text = typeof content === 'string' ? content : Buffer.isBuffer(content) ? content.toString('utf8') : undefined;
    if (text !== undefined) files.set(path, text);
  }
  return analyzeFiles(files).findings.filter((f) => paths.includes(f.path));
}

/** Reviews and summaries by the action's identity (pending reviews are invisible and not counted). */
export function ownPosts(gh: GitHubFake, pull = 1, login = 'github-actions[bot]') {
  const state = gh.state(pull);
  const reviews = state.reviews.filter((r) => (r.user as { login?: string } | undefined)?.login === login && r.state !== 'PENDING');
  const summaries = state.issueComments.filter((c) => (c.user as { login?: string } | undefined)?.login === login && summaryShaIn(String(c.body)) !== undefined);
  const fingerprints = state.reviewComments.filter((c) => (c.user as { login?: string } | undefined)?.login === login).flatMap((c) => fingerprintsIn(String(c.body)));
  return { reviews, summaries, fingerprints };
}

/**
 * At most one review, exactly one summary (unless `summaries` says otherwise), no fingerprint
 * posted twice, no pending review left behind, and nothing the fake itself failed at.
 */
export function expectNoDuplicates(gh: GitHubFake, expected: { summaries?: number } = {}): void {
  expect(gh.errors).toEqual([]);
  expect(gh.state(1).reviews.filter((r) => r.state === 'PENDING')).toEqual([]);
  const own = ownPosts(gh);
  expect(own.reviews.length).toBeLessThanOrEqual(1);
  expect(own.summaries).toHaveLength(expected.summaries ?? 1);
  expect(new Set(own.fingerprints).size).toBe(own.fingerprints.length);
}

/**
 * Nothing lost: every finding is inline (by fingerprint) or listed in the sticky summary
 * (`path:line` and rule on one line) — and only when no summary could be written, in the job
 * summary instead (which lists every finding whatever was posted, so it proves nothing otherwise).
 */
export function expectNothingLost(gh: GitHubFake, run: ActionRun, findings: readonly Finding[]): void {
  const own = ownPosts(gh);
  const inline = new Set(own.fingerprints);
  const written = own.summaries.length > 0;
  const lines = (written ? own.summaries.map((c) => String(c.body)).join('\n') : run.jobSummary).split('\n');
  for (const f of findings) {
    const listed = lines.some((l) => l.includes(`\`${f.path}:${f.line}\``) && l.includes(`\`${f.ruleId}\``));
    const where = inline.has(f.fingerprint) ? 'inline' : listed ? (written ? 'summary' : 'job summary') : 'nowhere';
    expect(`${f.ruleId} at ${f.path}:${f.line}: ${where}`).not.toMatch(/: nowhere$/);
  }
}
