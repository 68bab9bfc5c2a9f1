/**
 * What earlier runs left on the pull request: the action's own identity, the fingerprints it
 * posted, the Claude comments among them (and whether their threads are resolved), its sticky
 * summary (with the state of the last review and Claude's last answer) and, from that, which files
 * Claude must read this time.
 */
import type { RaisedComment } from '../ai/report.js';
import { reviewedFiles } from '../change/select.js';
import type { Octokit } from '../github/client.js';
import { botLoginOf, findSummary, ownReviewComments, type PullRef, type SummaryComment } from '../github/publish.js';
import { reviewScope, type ReviewScope } from '../github/scope.js';
import { readOwnThreads, type ThreadsRead } from '../github/threads.js';
import type { Snapshot } from '../github/snapshot.js';
import type { ActionConfig } from './config.js';

export interface History {
  botLogin: string;
  posted: Set<string>;
  summary?: SummaryComment;
  scope: ReviewScope;
  /** Paths of the last review's open findings that the head no longer has (renamed or deleted since). */
  formerPaths: string[];
  /** The Claude comments earlier runs posted (untrusted titles, read from our own comments only). */
  raised: RaisedComment[];
  /**
   * The action's own review threads, listed once (resolved or not; resolving fixed findings uses
   * the same list); undefined when nothing needed them (no Claude comment, no open finding).
   */
  threads?: ThreadsRead;
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
    return { history: { botLogin: '', posted: new Set(), scope: { kind: 'full', reason: "the pull request's earlier reviews could not be read" }, formerPaths: [], raised: [] }, failure };
  }
}

export async function readHistory(octokit: Octokit, pull: PullRef, snapshot: Snapshot, config: ActionConfig, forceFull: string | undefined): Promise<History> {
  const botLogin = await botLoginOf(octokit, config.githubToken);
  const [own, summary] = await Promise.all([ownReviewComments(octokit, pull, botLogin), findSummary(octokit, pull, botLogin)]);
  const threads = own.claude.length > 0 || (summary?.state?.open.length ?? 0) > 0 ? await readOwnThreads(octokit, pull, botLogin) : undefined;
  // A token that may not read the threads (or a failed read) leaves every comment unresolved.
  const resolved = new Set(threads && 'threads' in threads ? threads.threads.filter((t) => t.isResolved).flatMap((t) => t.fingerprints) : []);
  const raised = own.claude.map((c) => ({ path: c.path, line: c.line, endLine: c.endLine, title: c.title, resolved: resolved.has(c.fingerprint) }));
  const prFiles = reviewedFiles(snapshot.changedFiles, snapshot.project.roots, config.paths, config.exclude);
  const scope = await reviewScope(octokit, pull.owner, pull.repo, {
    incremental: config.incremental,
    forceFull,
    previousSha: summary?.reviewedSha,
    headSha: snapshot.pr.headSha,
    prFiles,
  });
  const formerPaths = [...new Set((summary?.state?.open ?? []).map((o) => o.path))].filter((p) => !snapshot.project.files.has(p));
  return { botLogin, posted: own.posted, summary, scope, formerPaths, raised, ...(threads ? { threads } : {}) };
}
