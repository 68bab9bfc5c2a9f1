/**
 * Publishing a pull request's review: the one review with its inline comments (refused anchors
 * move to the summary), the threads of fixed findings resolved, the sticky summary upserted.
 * Each step returns what it adds; a read-only token stops the writes, not the run.
 */
import { ruleTitle } from '../convex/rules/index.js';
import { isReadOnlyError, type Octokit } from '../github/client.js';
import { postReview, upsertSummary, type PullRef, type ReviewComment } from '../github/publish.js';
import { resolveFixedThreads, type ResolveOutcome } from '../github/threads.js';
import { notPosted, withRefused, type InlineComment, type ReviewPlan } from '../plan/plan.js';
import { plural } from '../core/text.js';
import { adviceFor, gitHubFailure } from '../github/errors.js';
import { renderInlineComment, renderReviewBody, renderSummary, type SummaryInput } from '../plan/render.js';
import { findingChanges, stateOf, type OpenFinding } from '../plan/state.js';
import { dependsOnChange } from '../plan/dependents.js';
import type { ChangeReview } from '../review/review.js';
import type { ActionConfig } from './config.js';
import type { History } from './history.js';

export interface Published {
  /** The plan after GitHub's refusals. */
  plan: ReviewPlan;
  postedInline: number;
  reviewUrl: string;
  summaryUrl: string;
  /** The token could not write to the pull request. */
  readOnly: boolean;
  /** The summary as rendered (the job summary shows the same, with every finding). */
  summary: SummaryInput;
  /** The review could not be posted (the summary, listing its comments, was): the step fails for it after the report. */
  reviewFailure?: unknown;
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
  const resolved = posted.readOnly ? { outcome: { resolved: new Set<string>(), forbidden: false }, notes: [] } : await resolveThreads(ctx, history.botLogin, changes.fixed);
  const scope = history.scope;
  const summary: SummaryInput = {
    plan: posted.plan,
    headSha: ctx.headSha,
    reviewedFiles: review.reviewedPaths,
    skipped: facts.skipped,
    notes: [...facts.notes, ...posted.notes, ...resolved.notes],
    postedInline: posted.count,
    titleOf: ruleTitle,
    claude: review.claudeSummary,
    scope: scope.kind === 'full' ? scope : { kind: 'incremental', since: scope.since, files: scope.paths.size },
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
  };
  let summaryUrl = '';
  let readOnly = posted.readOnly;
  if (!readOnly && (review.reviewedPaths.length > 0 || history.summary)) {
    try {
      summaryUrl = await upsertSummary(ctx.octokit, ctx.pull, history.summary, renderSummary(summary), history.botLogin);
    } catch (error) {
      // When the review failed too, its failure is the one to report: nothing reached the pull request.
      if (posted.failure !== undefined) throw posted.failure;
      if (!isReadOnlyError(error)) throw error;
      readOnly = true;
    }
  }
  return { plan: posted.plan, postedInline: posted.count, reviewUrl: posted.reviewUrl, summaryUrl, readOnly, summary, ...(posted.failure !== undefined ? { reviewFailure: posted.failure } : {}) };
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
    const github = gitHubFailure(error);
    if (!github) throw error;
    const note = `Could not post the review: ${github.reason}. Its ${plural(plan.inline.length, 'inline comment')} are listed here instead. ${adviceFor(github)}`;
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

/** Resolves the threads of fixed findings when the token may; a failure here costs a note, not the run. */
async function resolveThreads(ctx: Context, botLogin: string, fixed: readonly OpenFinding[]): Promise<{ outcome: ResolveOutcome; notes: string[] }> {
  try {
    return { outcome: await resolveFixedThreads(ctx.octokit, ctx.pull, botLogin, new Set(fixed.map((f) => f.fingerprint))), notes: [] };
  } catch (error) {
    return { outcome: { resolved: new Set(), forbidden: false }, notes: [`Could not resolve the review threads of fixed findings: ${(error as Error).message}`] };
  }
}
