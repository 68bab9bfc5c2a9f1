/**
 * Publishing a pull request's review: the one review with its inline comments (refused anchors
 * move to the summary), the threads of fixed findings resolved, the sticky summary upserted.
 * A write GitHub will not take never loses a finding: what was not posted is listed in what was
 * (the summary) and always in the job summary, and the failure is handed back to fail the step
 * after the report. A read-only token stops the writes, not the run.
 */
import * as core from '@actions/core';
import { ruleTitle } from '../convex/rules/index.js';
import { plural } from '../core/text.js';
import { isReadOnlyError, type Octokit } from '../github/client.js';
import { adviceFor, gitHubFailure } from '../github/errors.js';
import { postReview, upsertSummary, type PullRef, type ReviewComment } from '../github/publish.js';
import { readOwnThreads, resolveFixedThreads, type ResolveOutcome } from '../github/threads.js';
import { notPosted, withRefused, type InlineComment, type ReviewPlan } from '../plan/plan.js';
import { renderInlineComment, renderReviewBody, renderSummary, type SummaryInput } from '../plan/render.js';
import { findingChanges, stateOf, type ClaudeAnswer, type OpenFinding } from '../plan/state.js';
import { dependsOnChange } from '../plan/dependents.js';
import type { ChangeReview } from '../review/review.js';
import type { ActionConfig } from './config.js';
import type { History } from './history.js';

export interface Published {
  /** The summary as posted (or as it would have been); the job summary shows the same, with every finding. */
  summary: SummaryInput;
  reviewUrl: string;
  summaryUrl: string;
  /** A write that failed for good: the step fails for it, after the report. */
  failure?: unknown;
}

interface Context {
  octokit: Octokit;
  pull: PullRef;
  headSha: string;
  runId: string;
}

/** What the snapshot says beyond the review: every file the PR changes, what was read, what was skipped. */
export interface SnapshotFacts {
  changedPaths: readonly string[];
  files: ReadonlyMap<string, string>;
  skipped: SummaryInput['skipped'];
  notes: readonly string[];
}

export async function publishReview(ctx: Context, review: ChangeReview, history: History, config: ActionConfig, facts: SnapshotFacts): Promise<Published> {
  const posted = await postInline(ctx, review.plan, history.botLogin);
  const reviewed = new Set(review.reviewedPaths);
  // A finding open at the last review is fixed when this run checked its file and rule again and it is gone.
  const changes = findingChanges(
    history.summary?.state,
    posted.plan.findings,
    (o) => config.rules.get(o.ruleId) !== 'off' && (reviewed.has(o.path) || (dependsOnChange(o.ruleId, facts.changedPaths) && facts.files.has(o.path))),
  );
  const resolved = posted.readOnly ? { outcome: { resolved: new Set<string>(), forbidden: false }, notes: [] } : await resolveThreads(ctx, history, changes.fixed);
  const summary: SummaryInput = {
    ...summaryBase(review, history, ctx.headSha, facts),
    plan: posted.plan,
    notes: [...facts.notes, ...posted.notes, ...resolved.notes],
    postedInline: posted.count,
    ...(history.summary?.state
      ? {
          changes: {
            added: changes.added.length,
            carried: changes.carried.length,
            fixed: changes.fixed.map((finding) => ({ finding, resolved: resolved.outcome.resolved.has(finding.fingerprint) })),
            cannotResolve: resolved.outcome.forbidden,
          },
        }
      : {}),
    state: stateOf(ctx.headSha, posted.plan.findings),
    ...claudeAnswerOf(review, ctx.headSha),
  };
  let readOnly = posted.readOnly;
  if (!readOnly && (review.reviewedPaths.length > 0 || history.summary)) {
    try {
      const summaryUrl = await upsertSummary(ctx.octokit, ctx.pull, history.summary, renderSummary(summary), history.botLogin);
      // The review may have failed: its comments are listed in the summary, and the step fails after the report.
      return { summary, reviewUrl: posted.reviewUrl, summaryUrl, ...(posted.failure !== undefined ? { failure: posted.failure } : {}) };
    } catch (error) {
      if (!isReadOnlyError(error)) {
        // Nothing of this run reached the pull request but, perhaps, the review.
        const failure = posted.failure ?? error;
        const what =
          posted.failure !== undefined || (posted.count === 0 && review.plan.inline.length > 0)
            ? `${theReview(review.plan)} and the summary comment were not posted`
            : `the summary comment was not posted${posted.count > 0 ? ' (the review was)' : ''}`;
        return { summary: { ...summary, notes: [...facts.notes, failureLine(`Could not post to the pull request: ${reasonOf(failure)}. So ${what}; every finding is listed below.`, failure)] }, reviewUrl: posted.reviewUrl, summaryUrl: '', failure };
      }
      readOnly = true;
    }
  }
  if (!readOnly) return { summary, reviewUrl: posted.reviewUrl, summaryUrl: '' };
  core.warning('convex-review: the token cannot write to this pull request (a fork PR under pull_request gets a read-only token); the findings are in the job summary and annotations.');
  return { summary: { ...summary, notes: [...summary.notes, 'The token could not write to the pull request: no review or summary comment was posted.'] }, reviewUrl: '', summaryUrl: '' };
}

/**
 * The summary of a run that could not read what earlier runs posted: nothing was posted (posting
 * blind could repeat comments), every finding is listed, and the reason.
 */
export function unpostedSummary(review: ChangeReview, history: History, headSha: string, facts: SnapshotFacts, error: unknown): SummaryInput {
  const line = `Could not read what earlier runs posted on the pull request: ${reasonOf(error)}. So nothing was posted (posting blind could repeat comments); every finding is listed below.`;
  return { ...summaryBase(review, history, headSha, facts), plan: notPosted(review.plan), notes: [...facts.notes, failureLine(line, error)], postedInline: 0 };
}

function summaryBase(review: ChangeReview, history: History, headSha: string, facts: SnapshotFacts): Omit<SummaryInput, 'plan' | 'notes' | 'postedInline'> {
  const scope = history.scope;
  return {
    headSha,
    reviewedFiles: review.reviewedPaths,
    skipped: facts.skipped,
    titleOf: ruleTitle,
    claude: review.claudeSummary,
    scope: scope.kind === 'full' ? scope : { kind: 'incremental', since: scope.since, files: scope.paths.size },
  };
}

/**
 * Claude's answer, kept in the summary for a later run on the same head (which then sends no
 * request). Only a whole answer: a batch that failed is asked again next time.
 */
function claudeAnswerOf(review: ChangeReview, headSha: string): { claudeAnswer?: ClaudeAnswer } {
  const report = review.claudeReport;
  if (!report || report.failures.length > 0) return {};
  return { claudeAnswer: { headSha, model: report.model, findings: report.findings } };
}

function theReview(plan: ReviewPlan): string {
  return plan.inline.length > 0 ? `the review (${plural(plan.inline.length, 'inline comment')})` : 'the review';
}

/** GitHub's answer in words, or what else went wrong. */
function reasonOf(error: unknown): string {
  return gitHubFailure(error)?.reason ?? `an internal error (${error instanceof Error ? error.message : String(error)})`;
}

/** The line with what to do next, when GitHub's answer says. */
function failureLine(line: string, error: unknown): string {
  const github = gitHubFailure(error);
  return github ? `${line} ${adviceFor(github)}` : line;
}

interface PostedInline {
  plan: ReviewPlan;
  count: number;
  reviewUrl: string;
  readOnly: boolean;
  notes: string[];
  /** GitHub would not take the review (5xx after the retries, a rate limit past the wait, a token that may not write). */
  failure?: unknown;
}

/**
 * The review with its inline comments. When GitHub will not take it, its comments move to the
 * summary (which may still get through) and the failure is kept for the end of the run.
 */
async function postInline(ctx: Context, plan: ReviewPlan, botLogin: string): Promise<PostedInline> {
  if (plan.inline.length === 0) return { plan, count: 0, reviewUrl: '', readOnly: false, notes: [] };
  try {
    const comments = plan.inline.map(toReviewComment);
    const result = await postReview(ctx.octokit, ctx.pull, { headSha: ctx.headSha, runId: ctx.runId, body: renderReviewBody(plan, ctx.headSha, ctx.runId), comments }, botLogin);
    const refused = result.refused.map((i) => plan.inline[i]);
    const notes = refused.length > 0 ? [`GitHub refused ${refused.length} inline comment(s); they are listed above instead.`] : [];
    return { plan: withRefused(plan, refused), count: result.posted.length, reviewUrl: result.reviewUrl ?? '', readOnly: false, notes };
  } catch (error) {
    if (isReadOnlyError(error)) return { plan, count: 0, reviewUrl: '', readOnly: true, notes: [] };
    const note = failureLine(`Could not post the review: ${reasonOf(error)}. Its ${plural(plan.inline.length, 'inline comment')} are listed here instead.`, error);
    return { plan: notPosted(plan), count: 0, reviewUrl: '', readOnly: false, notes: [note], failure: error };
  }
}

function toReviewComment(c: InlineComment): ReviewComment {
  return {
    path: c.path,
    line: c.line,
    side: 'RIGHT',
    ...(c.startLine !== undefined ? { start_line: c.startLine, start_side: 'RIGHT' as const } : {}),
    body: renderInlineComment(c, ruleTitle),
  };
}

/**
 * Resolves the threads of fixed findings when the token may, from the threads the history listed;
 * a failure here costs a note, not the run.
 */
async function resolveThreads(ctx: Context, history: History, fixed: readonly OpenFinding[]): Promise<{ outcome: ResolveOutcome; notes: string[] }> {
  if (fixed.length === 0) return { outcome: { resolved: new Set(), forbidden: false }, notes: [] };
  try {
    const read = history.threads ?? (await readOwnThreads(ctx.octokit, ctx.pull, history.botLogin));
    if ('forbidden' in read) return { outcome: { resolved: new Set(), forbidden: true }, notes: [] };
    if ('error' in read) throw read.error;
    return { outcome: await resolveFixedThreads(ctx.octokit, read.threads, new Set(fixed.map((f) => f.fingerprint))), notes: [] };
  } catch (error) {
    return { outcome: { resolved: new Set(), forbidden: false }, notes: [`Could not resolve the review threads of fixed findings: ${(error as Error).message}`] };
  }
}
