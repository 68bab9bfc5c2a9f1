/**
 * A pull request's review as a pipeline: read it, recall what earlier runs left, review, publish,
 * report. Each stage returns what it adds; nothing is threaded through as shared state.
 */
import * as core from '@actions/core';
import { claudeGate } from '../ai/gate.js';
import { fetchConfig } from '../github/config.js';
import type { Octokit } from '../github/client.js';
import type { PullRef } from '../github/publish.js';
import { fetchPullRequest, fetchSnapshot, type Snapshot } from '../github/snapshot.js';
import { renderJobSummary } from '../plan/render.js';
import { RULE_IDS } from '../convex/rules/index.js';
import { reviewChange } from '../review/review.js';
import { actionClaude } from './claude-pass.js';
import { reviewSettingsOf, withConfigFile, type ActionConfig } from './config.js';
import { readHistory } from './history.js';
import { setOutputs } from './outputs.js';
import { publishReview } from './publish.js';
import { report } from './report.js';

export async function runPullRequest(octokit: Octokit, pull: PullRef, inputs: ActionConfig, env: NodeJS.ProcessEnv, forceFull: string | undefined): Promise<void> {
  const pr = await fetchPullRequest(octokit, pull.owner, pull.repo, pull.prNumber);
  // From the base branch: a pull request cannot loosen its own review.
  const config = withConfigFile(inputs, await fetchConfig(octokit, pull.owner, pull.repo, pr.baseSha, RULE_IDS));
  if (pr.draft && config.skipDrafts) {
    core.notice(`convex-review: pull request #${pr.number} is a draft and skip-drafts is on`);
    setOutputs({});
    return;
  }
  const snapshot = await fetchSnapshot(octokit, pull.owner, pull.repo, pr, { log: (m) => core.info(m) });
  const history = await readHistory(octokit, pull, snapshot, config, forceFull);
  const scope = history.scope;
  const review = await reviewChange({
    project: snapshot.project,
    target: {
      kind: 'change',
      changedFiles: snapshot.changedFiles,
      posted: history.posted,
      ...(scope.kind === 'incremental' ? { claudeScope: { paths: scope.paths, since: scope.since } } : {}),
    },
    settings: reviewSettingsOf(config),
    claude: actionClaude(
      claudeGate({ mode: config.claude, hasKey: Boolean(config.anthropicApiKey), claudeFor: config.claudeFor, authorAssociation: pr.authorAssociation, labels: pr.labels }),
      config,
      env,
    ),
  });
  const headSha = pr.headSha;
  const published = await publishReview({ octokit, pull, headSha, runId: env.GITHUB_RUN_ID ?? String(Date.now()) }, review, history, config, {
    changedPaths: snapshot.changedFiles.map((f) => f.path),
    files: snapshot.project.files,
    skipped: snapshot.project.skipped,
    notes: [...snapshotNotes(snapshot), ...review.notes],
  });
  const notes = [...published.summary.notes];
  if (published.readOnly) {
    core.warning('convex-review: the token cannot write to this pull request (a fork PR under pull_request gets a read-only token); the findings are in the job summary and annotations.');
    notes.push('The token could not write to the pull request: no review or summary comment was posted.');
  }
  await report(
    {
      jobSummary: renderJobSummary({ ...published.summary, notes }),
      findings: published.plan.findings,
      outputs: { inline: published.postedInline, sha: headSha, reviewUrl: published.reviewUrl, summaryUrl: published.summaryUrl },
      claude: review.claudeReport,
      review,
    },
    config,
    env,
  );
}

function snapshotNotes(snapshot: Snapshot): string[] {
  if (!snapshot.listCapped) return [];
  return [`GitHub lists only ${snapshot.changedFiles.length} of this pull request's ${snapshot.pr.changedFiles} files (its cap is 3,000): the files past that were not reviewed.`];
}
