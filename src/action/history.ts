/**
 * What earlier runs left on the pull request: the action's own identity, the fingerprints it
 * posted, its sticky summary (with the state of the last review) and, from that, which files
 * Claude must read this time.
 */
import { reviewedFiles } from '../change/select.js';
import type { Octokit } from '../github/client.js';
import { botLoginOf, findSummary, postedFingerprints, type PullRef, type SummaryComment } from '../github/publish.js';
import { reviewScope, type ReviewScope } from '../github/scope.js';
import type { Snapshot } from '../github/snapshot.js';
import type { ActionConfig } from './config.js';

export interface History {
  botLogin: string;
  posted: Set<string>;
  summary?: SummaryComment;
  scope: ReviewScope;
  /** Paths of the last review's open findings that the head no longer has (renamed or deleted since). */
  formerPaths: string[];
}

/**
 * The history, or — when it cannot be read — a stand-in that posts nothing (posting blind could
 * repeat comments) with the failure, for the report.
 */
export async function readHistoryOrFailure(
  octokit: Octokit,
  pull: PullRef,
  snapshot: Snapshot,
  config: ActionConfig,
  forceFull: string | undefined,
): Promise<{ history: History; failure?: unknown }> {
  try {
    return { history: await readHistory(octokit, pull, snapshot, config, forceFull) };
  } catch (failure) {
    return { history: { botLogin: '', posted: new Set(), scope: { kind: 'full', reason: "the pull request's earlier reviews could not be read" }, formerPaths: [] }, failure };
  }
}

export async function readHistory(octokit: Octokit, pull: PullRef, snapshot: Snapshot, config: ActionConfig, forceFull: string | undefined): Promise<History> {
  const botLogin = await botLoginOf(octokit, config.githubToken);
  const [posted, summary] = await Promise.all([postedFingerprints(octokit, pull, botLogin), findSummary(octokit, pull, botLogin)]);
  const prFiles = reviewedFiles(snapshot.changedFiles, snapshot.project.roots, config.paths, config.exclude);
  const scope = await reviewScope(octokit, pull.owner, pull.repo, {
    incremental: config.incremental,
    forceFull,
    previousSha: summary?.reviewedSha,
    headSha: snapshot.pr.headSha,
    prFiles,
  });
  const formerPaths = [...new Set((summary?.state?.open ?? []).map((o) => o.path))].filter((p) => !snapshot.project.files.has(p));
  return { botLogin, posted, summary, scope, formerPaths };
}
