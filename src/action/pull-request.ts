/**
 * A pull request's review as a pipeline: read it, recall what earlier runs left, review, publish,
 * report. Each stage returns what it adds; nothing is threaded through as shared state.
 */
import * as core from '@actions/core';
import { fetchBaseline } from '../github/baseline.js';
import { fetchConfig } from '../github/config.js';
import type { Octokit } from '../github/client.js';
import type { PullRef } from '../github/publish.js';
import { fetchPullRequest, fetchSnapshot, listCapNotes } from '../github/snapshot.js';
import { renderJobSummary } from '../plan/render.js';
import { RULE_IDS } from '../convex/rules/index.js';
import { reviewChange } from '../review/review.js';
import { pullRequestClaude } from './claude-pass.js';
import { reviewSettingsOf, withConfigFile, type ActionConfig } from './config.js';
import { readHistoryOrFailure } from './history.js';
import { publishReview, unpostedSummary, type SnapshotFacts } from './publish.js';
import { ReportedFailure } from './failure.js';
import { report } from './report.js';
import { writeEmptySarif } from './sarif-file.js';
import { setOutputs } from './step-outputs.js';

export async function runPullRequest(octokit: Octokit, pull: PullRef, inputs: ActionConfig, env: NodeJS.ProcessEnv, forceFull: string | undefined): Promise<void> {
  const pr = await fetchPullRequest(octokit, pull.owner, pull.repo, pull.prNumber);
  // From the base branch: a pull request cannot loosen its own review.
  const config = withConfigFile(inputs, await fetchConfig(octokit, pull.owner, pull.repo, pr.baseSha, RULE_IDS));
  if (pr.draft && config.skipDrafts) {
    core.notice(`convex-review: pull request #${pr.number} is a draft and skip-drafts is on`);
    setOutputs({});
    if (config.sarifFile) writeEmptySarif(config.sarifFile, env.GITHUB_WORKSPACE ?? process.cwd());
    return;
  }
  // The committed baseline, from the base branch too: its findings go to the summary, never inline.
  const baseline = config.baseline !== undefined ? await fetchBaseline(octokit, pull.owner, pull.repo, pr.baseSha, config.baseline) : undefined;
  const snapshot = await fetchSnapshot(octokit, pull.owner, pull.repo, pr, { log: (m) => core.info(m) });
  // From here on a failed request costs the pull request its comments, never the findings: the
  // report is written in any case, and only then does the step fail, saying why.
  const { history, failure: unread } = await readHistoryOrFailure(octokit, pull, snapshot, config, forceFull);
  const scope = history.scope;
  const claude =
    unread !== undefined
      ? { skip: 'Nothing can be posted to the pull request this run (see below), so Claude was not asked: static review only.' }
      : await pullRequestClaude(octokit, pull, pr, config, env, history.summary?.claude);
  const review = await reviewChange({
    project: snapshot.project,
    target: {
      kind: 'change',
      changedFiles: snapshot.changedFiles,
      posted: history.posted,
      formerPaths: history.formerPaths,
      raised: history.raised,
      pullRequest: { title: pr.title, body: pr.body },
      ...(scope.kind === 'incremental' ? { claudeScope: { paths: scope.paths, since: scope.since } } : {}),
    },
    settings: { ...reviewSettingsOf(config), ...(baseline ? { baseline: baseline.fingerprints } : {}) },
    claude,
  });
  const headSha = pr.headSha;
  const facts: SnapshotFacts = {
    changedPaths: snapshot.changedFiles.map((f) => f.path),
    files: snapshot.project.files,
    skipped: snapshot.project.skipped,
    notes: [...listCapNotes(snapshot, review.reviewedPaths), ...review.notes],
  };
  const published =
    unread !== undefined
      ? { summary: unpostedSummary(review, history, headSha, facts, unread), reviewUrl: '', summaryUrl: '', failure: unread }
      : await publishReview({ octokit, pull, headSha, runId: env.GITHUB_RUN_ID ?? String(Date.now()) }, review, history, config, facts);
  const { summary } = published;
  await report(
    {
      jobSummary: renderJobSummary(summary),
      findings: summary.plan.findings,
      outputs: { inline: summary.postedInline, sha: headSha, reviewUrl: published.reviewUrl, summaryUrl: published.summaryUrl },
      claude: review.claudeReport,
      review,
    },
    config,
    env,
  );
  if (published.failure !== undefined) throw new ReportedFailure(published.failure);
}
