/**
 * A pull request's review as a pipeline: read it, recall what earlier runs left, review, publish,
 * report. Each stage returns what it adds; nothing is threaded through as shared state.
 */
import * as core from '@actions/core';
import { claudeGate, needsAuthorPermission, type GateInput } from '../ai/gate.js';
import { plural } from '../core/text.js';
import { fetchConfig } from '../github/config.js';
import { fetchAuthorPermission } from '../github/membership.js';
import type { Octokit } from '../github/client.js';
import type { PullRef } from '../github/publish.js';
import { fetchPullRequest, fetchSnapshot, type Snapshot } from '../github/snapshot.js';
import { adviceFor, gitHubFailure } from '../github/errors.js';
import { notPosted } from '../plan/plan.js';
import { renderJobSummary, type SummaryInput } from '../plan/render.js';
import { RULE_IDS, ruleTitle } from '../convex/rules/index.js';
import { reviewChange, type ChangeReview } from '../review/review.js';
import { actionClaude } from './claude-pass.js';
import { reviewSettingsOf, withConfigFile, type ActionConfig } from './config.js';
import { readHistory, type History } from './history.js';
import { setOutputs } from './outputs.js';
import { publishReview, type Published, type SnapshotFacts } from './publish.js';
import { ReportedFailure, report } from './report.js';

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
  // From here on a failed request costs the pull request its comments, never the findings: the
  // report is written in any case, and only then does the step fail, saying why.
  const read = await readHistory(octokit, pull, snapshot, config, forceFull).then(
    (history): { history: History; failure?: Failure } => ({ history }),
    (error: unknown) => ({ history: unreadHistory(), failure: { stage: 'history' as const, error } }),
  );
  const history = read.history;
  const scope = history.scope;
  const gate: GateInput = { mode: config.claude, hasKey: Boolean(config.anthropicApiKey), claudeFor: config.claudeFor, authorAssociation: pr.authorAssociation, labels: pr.labels };
  // author_association shows private org members as CONTRIBUTOR: only then is the permission asked.
  if (!read.failure && needsAuthorPermission(gate)) gate.permission = await fetchAuthorPermission(octokit, pull.owner, pull.repo, pr.authorLogin);
  const claude = read.failure
    ? { skip: 'Nothing can be posted to the pull request this run (see below), so Claude was not asked: static review only.' }
    : actionClaude(claudeGate(gate), config, env);
  const review = await reviewChange({
    project: snapshot.project,
    target: {
      kind: 'change',
      changedFiles: snapshot.changedFiles,
      posted: history.posted,
      formerPaths: history.formerPaths,
      ...(scope.kind === 'incremental' ? { claudeScope: { paths: scope.paths, since: scope.since } } : {}),
    },
    settings: reviewSettingsOf(config),
    claude,
  });
  const headSha = pr.headSha;
  const facts = {
    changedPaths: snapshot.changedFiles.map((f) => f.path),
    files: snapshot.project.files,
    skipped: snapshot.project.skipped,
    notes: [...snapshotNotes(snapshot, review), ...review.notes],
  };
  // A write that fails for good (5xx after the retries, a rate limit past max-wait-seconds, a
  // token that may not write) is reported like a failed read: the findings reach the job summary,
  // annotations, outputs and SARIF first.
  let published: Published | undefined;
  let failure = read.failure;
  if (!failure) {
    try {
      published = await publishReview({ octokit, pull, headSha, runId: env.GITHUB_RUN_ID ?? String(Date.now()) }, review, history, config, facts);
    } catch (error) {
      failure = { stage: 'publish', error };
    }
  }
  // The review failed but the summary, listing its comments, got through: report it as posted, then fail.
  if (!failure && published?.reviewFailure !== undefined) failure = { stage: 'publish', error: published.reviewFailure };
  const summary = published ? publishedSummary(published) : unpublishedSummary(review, history, headSha, facts, failure!);
  await report(
    {
      jobSummary: renderJobSummary(summary),
      findings: summary.plan.findings,
      outputs: published ? { inline: published.postedInline, sha: headSha, reviewUrl: published.reviewUrl, summaryUrl: published.summaryUrl } : { inline: 0, sha: headSha },
      claude: review.claudeReport,
      review,
    },
    config,
    env,
  );
  if (failure) throw new ReportedFailure(failure.error);
}

/** A GitHub request that failed for good, and at which stage: reading what earlier runs left, or posting. */
interface Failure {
  stage: 'history' | 'publish';
  error: unknown;
}

/** Stands in for the history when it could not be read: nothing is posted then, so none of it is needed but the scope. */
function unreadHistory(): History {
  return { botLogin: '', posted: new Set(), scope: { kind: 'full', reason: "the pull request's earlier reviews could not be read" }, formerPaths: [] };
}

function publishedSummary(published: Published): SummaryInput {
  const notes = [...published.summary.notes];
  if (published.readOnly) {
    core.warning('convex-review: the token cannot write to this pull request (a fork PR under pull_request gets a read-only token); the findings are in the job summary and annotations.');
    notes.push('The token could not write to the pull request: no review or summary comment was posted.');
  }
  return { ...published.summary, notes };
}

/**
 * The job summary's view when nothing or not everything could be posted: every finding, the ones
 * meant for inline comments listed with why they are not on the pull request, and what failed.
 */
function unpublishedSummary(review: ChangeReview, history: History, headSha: string, facts: SnapshotFacts, failure: Failure): SummaryInput {
  const github = gitHubFailure(failure.error);
  const error = failure.error;
  const reason = github ? github.reason : `an internal error (${error instanceof Error ? error.message : String(error)})`;
  // Publishing posts the review first: a failure anywhere else came after it was posted.
  const reviewFailed = failure.stage === 'history' || !github || /\/pulls\/\d+\/reviews(\/|$)/.test(github.request);
  const theReview = review.plan.inline.length > 0 ? `the review (${plural(review.plan.inline.length, 'inline comment')})` : 'the review';
  const what = reviewFailed
    ? `${theReview} and the summary comment were not posted`
    : `the summary comment was not posted${review.plan.inline.length > 0 ? ' (the review was)' : ''}`;
  const line =
    failure.stage === 'history'
      ? `Could not read what earlier runs posted on the pull request: ${reason}. So nothing was posted (posting blind could repeat comments); every finding is listed below.`
      : `Could not post to the pull request: ${reason}. So ${what}; every finding is listed below.`;
  const scope = history.scope;
  return {
    plan: reviewFailed ? notPosted(review.plan) : review.plan,
    headSha,
    reviewedFiles: review.reviewedPaths,
    skipped: facts.skipped,
    notes: [...facts.notes, github ? `${line} ${adviceFor(github)}` : line],
    postedInline: 0,
    titleOf: ruleTitle,
    claude: review.claudeSummary,
    scope: scope.kind === 'full' ? scope : { kind: 'incremental', since: scope.since, files: scope.paths.size },
  };
}

const NAMED_PAST_CAP = 20;

/** A pull request past GitHub's 3,000-file list: said plainly, with what was reviewed and how. */
function snapshotNotes(snapshot: Snapshot, review: ChangeReview): string[] {
  const cap = snapshot.listCap;
  if (!cap) return [];
  const tooLarge = `This pull request is too large for GitHub to list in full: it changes ${cap.total.toLocaleString('en-US')} files, and GitHub lists only the first ${cap.listed.toLocaleString('en-US')}.`;
  if (cap.unavailable) {
    return [`${tooLarge} The files past the list could not be found (${cap.unavailable}), so they were not reviewed: this review covers only the listed files.`];
  }
  const past = new Set(cap.found);
  const reviewedPast = review.reviewedPaths.filter((p) => past.has(p));
  const listed = review.reviewedPaths.length - reviewedPast.length;
  const fromList = `Reviewed: ${plural(listed, 'Convex file')} from the list, with their diffs`;
  if (reviewedPast.length === 0) {
    return [`${tooLarge} ${fromList}; comparing the head and base trees found no other changed Convex file past the list.`];
  }
  const named = reviewedPast.slice(0, NAMED_PAST_CAP).map((p) => `\`${p}\``).join(', ');
  const more = reviewedPast.length > NAMED_PAST_CAP ? ` and ${reviewedPast.length - NAMED_PAST_CAP} more` : '';
  return [
    `${tooLarge} ${fromList}; and ${plural(reviewedPast.length, 'changed Convex file')} past the list, found by comparing the head and base trees and reviewed without a diff, so their findings are in this summary and none is inline: ${named}${more}.`,
  ];
}
