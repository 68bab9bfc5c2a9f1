/**
 * Posting to the pull request: one review with every inline comment, and one sticky summary.
 * GitHub rejects a whole review when one anchor is off, without saying which; a 5xx may come
 * after the review was created. Neither may lose a finding or post a review twice.
 */
import { fingerprintsIn, runIn, summaryShaIn } from '../plan/markers.js';
import { claudeCommentTitle } from '../plan/render.js';
import { claudeAnswerIn, stateIn, type ClaudeAnswer, type SummaryState } from '../plan/state.js';
import { statusOf, type Octokit } from './client.js';

export interface ReviewComment {
  path: string;
  line: number;
  side: 'RIGHT';
  start_line?: number;
  start_side?: 'RIGHT';
  body: string;
}

export interface PullRef {
  owner: string;
  repo: string;
  prNumber: number;
}

export interface PostReviewResult {
  /** Indexes (into the comments given) of the comments now on GitHub. */
  posted: number[];
  /** Indexes of comments GitHub refused (or that bisection ran out of tries for). */
  refused: number[];
  reviewUrl?: string;
  /** Requests spent finding the refused comments. */
  probes: number;
}

/** Pending-review probes allowed when GitHub refuses a review (each probe is two requests). */
export const MAX_PROBES = 12;
const POST_ATTEMPTS = 3;

export async function postReview(
  octokit: Octokit,
  pull: PullRef,
  review: { headSha: string; runId: string; body: string; comments: ReviewComment[] },
  botLogin: string,
): Promise<PostReviewResult> {
  const all = review.comments.map((_, i) => i);
  const first = await createCommentReview(octokit, pull, review, all, botLogin);
  if (first.ok) return { posted: all, refused: [], reviewUrl: first.url, probes: 0 };

  // 422: find the comments GitHub accepts with pending (invisible, deleted again) reviews. The
  // whole set is known to fail, so the search starts from its halves (one comment: it is refused).
  const probe = { left: MAX_PROBES, used: 0 };
  const accepted: number[] = [];
  const refused: number[] = all.length === 1 ? [...all] : [];
  if (all.length > 1) {
    const half = Math.ceil(all.length / 2);
    await bisect(octokit, pull, review, all.slice(0, half), probe, accepted, refused);
    await bisect(octokit, pull, review, all.slice(half), probe, accepted, refused);
  }
  accepted.sort((a, b) => a - b);
  if (accepted.length === 0) return { posted: [], refused: all, probes: probe.used };
  const second = await createCommentReview(octokit, pull, review, accepted, botLogin);
  if (second.ok) return { posted: accepted, refused: refused.sort((a, b) => a - b), reviewUrl: second.url, probes: probe.used };
  return { posted: [], refused: all, probes: probe.used };
}

async function bisect(
  octokit: Octokit,
  pull: PullRef,
  review: { headSha: string; comments: ReviewComment[] },
  subset: number[],
  probe: { left: number; used: number },
  accepted: number[],
  refused: number[],
): Promise<void> {
  if (subset.length === 0) return;
  if (probe.left <= 0) {
    refused.push(...subset);
    return;
  }
  probe.left--;
  probe.used++;
  if (await acceptsPending(octokit, pull, review, subset)) {
    accepted.push(...subset);
    return;
  }
  if (subset.length === 1) {
    refused.push(...subset);
    return;
  }
  const half = Math.ceil(subset.length / 2);
  await bisect(octokit, pull, review, subset.slice(0, half), probe, accepted, refused);
  await bisect(octokit, pull, review, subset.slice(half), probe, accepted, refused);
}

/**
 * A pending review validates anchors like a real one but is visible to nobody; it is deleted at
 * once. (A stale pending review of ours never meets a probe: the COMMENT review before the probes
 * is refused by it first, and clears it.)
 */
async function acceptsPending(octokit: Octokit, pull: PullRef, review: { headSha: string; comments: ReviewComment[] }, subset: number[]): Promise<boolean> {
  try {
    const { data } = await octokit.rest.pulls.createReview(reviewRequest(pull, review, subset));
    await octokit.rest.pulls.deletePendingReview({ owner: pull.owner, repo: pull.repo, pull_number: pull.prNumber, review_id: data.id });
    return true;
  } catch (error) {
    if (statusOf(error) === 422) return false;
    throw error;
  }
}

/** A review of some of the comments; without `event` it stays pending. plugin-retry is off (see below). */
function reviewRequest(pull: PullRef, review: { headSha: string; comments: ReviewComment[] }, subset: number[]) {
  return {
    owner: pull.owner,
    repo: pull.repo,
    pull_number: pull.prNumber,
    commit_id: review.headSha,
    comments: subset.map((i) => review.comments[i]),
    request: { retries: 0 },
  };
}

/**
 * Creates the COMMENT review. plugin-retry is off for this POST: a 5xx may arrive after GitHub
 * created the review, so before trying again we look for this run's marker among the reviews.
 */
async function createCommentReview(
  octokit: Octokit,
  pull: PullRef,
  review: { headSha: string; runId: string; body: string; comments: ReviewComment[] },
  subset: number[],
  botLogin: string,
): Promise<{ ok: true; url: string } | { ok: false }> {
  let clearedPending = false;
  for (let attempt = 1; ; attempt++) {
    try {
      const { data } = await octokit.rest.pulls.createReview({ ...reviewRequest(pull, review, subset), event: 'COMMENT', body: review.body });
      return { ok: true, url: data.html_url };
    } catch (error) {
      const status = statusOf(error);
      if (status === 422 && isPendingConflict(error) && !clearedPending) {
        clearedPending = await deleteOwnPendingReviews(octokit, pull, botLogin);
        if (clearedPending) continue;
      }
      if (status === 422) return { ok: false };
      if (status !== undefined && status < 500) throw error;
      const existing = await lookPatiently(() => findRunReview(octokit, pull, review.headSha, review.runId, botLogin));
      if (existing) return { ok: true, url: existing };
      if (attempt >= POST_ATTEMPTS) throw error;
      await sleep(attempt * 1000);
    }
  }
}

/** How many times, a second apart, a run looks for its own write after a 5xx before writing again. */
const LATE_WRITE_LOOKS = 3;
const LOOK_INTERVAL_MS = 1000;

/**
 * After a 5xx, GitHub may still carry out the write a moment later: looks for it a few times,
 * a second apart, so that a late write is found instead of written a second time.
 */
async function lookPatiently<T>(find: () => Promise<T | undefined>): Promise<T | undefined> {
  for (let look = 1; ; look++) {
    const found = await find();
    if (found !== undefined || look >= LATE_WRITE_LOOKS) return found;
    await sleep(LOOK_INTERVAL_MS);
  }
}

/**
 * GitHub allows one pending review per user and pull request. A run cancelled in the middle of
 * its anchor probes (the README's `cancel-in-progress: true`) can leave its pending review behind,
 * and every later review — pending or not — is then refused with a 422 that is not about anchors.
 */
function isPendingConflict(error: unknown): boolean {
  const data = (error as { response?: { data?: unknown } }).response?.data;
  return /one pending review/i.test(JSON.stringify(data ?? (error as Error).message ?? ''));
}

/** Deletes the action's own pending reviews (nobody else can see them); true when one was deleted. */
async function deleteOwnPendingReviews(octokit: Octokit, pull: PullRef, botLogin: string): Promise<boolean> {
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { owner: pull.owner, repo: pull.repo, pull_number: pull.prNumber, per_page: 100 });
  const stale = reviews.filter((r) => r.state === 'PENDING' && r.user?.login === botLogin);
  for (const r of stale) await octokit.rest.pulls.deletePendingReview({ owner: pull.owner, repo: pull.repo, pull_number: pull.prNumber, review_id: r.id });
  return stale.length > 0;
}

async function findRunReview(octokit: Octokit, pull: PullRef, headSha: string, runId: string, botLogin: string): Promise<string | undefined> {
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { owner: pull.owner, repo: pull.repo, pull_number: pull.prNumber, per_page: 100 });
  const isThisRun = (body: string | null | undefined): boolean => {
    const run = runIn(body ?? '');
    return run?.headSha === headSha && run.runId === runId;
  };
  return reviews.find((r) => r.user?.login === botLogin && isThisRun(r.body))?.html_url;
}

/** A Claude comment an earlier run posted, as read back from its own review comment. */
export interface PostedClaudeComment {
  fingerprint: string;
  path: string;
  /** First and last line: on the head when GitHub still places it, else where it was posted (outdated). */
  line: number;
  endLine: number;
  /** From our own rendered header, plain text, cut short. */
  title: string;
}

export interface OwnReviewComments {
  /** Fingerprints this action already posted on the PR. */
  posted: Set<string>;
  claude: PostedClaudeComment[];
}

/**
 * What this action already posted on the PR, from its own review comments only (one listing):
 * every fingerprint, and the Claude comments among them — told by the header we render for them.
 */
export async function ownReviewComments(octokit: Octokit, pull: PullRef, botLogin: string): Promise<OwnReviewComments> {
  const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, { owner: pull.owner, repo: pull.repo, pull_number: pull.prNumber, per_page: 100 });
  const own = comments.filter((c) => c.user?.login === botLogin);
  const claude = own.flatMap((c): PostedClaudeComment[] => {
    const [fingerprint] = fingerprintsIn(c.body);
    const title = fingerprint ? claudeCommentTitle(c.body) : undefined;
    // `line` is null once the comment is outdated; `original_line` is where it was posted.
    const endLine = c.line ?? c.original_line;
    if (!fingerprint || title === undefined || !endLine) return [];
    const start = (c.line != null ? c.start_line : c.original_start_line) ?? endLine;
    return [{ fingerprint, path: c.path, line: Math.min(start, endLine), endLine, title }];
  });
  return { posted: new Set(own.flatMap((c) => fingerprintsIn(c.body))), claude };
}

export interface SummaryComment {
  id: number;
  url: string;
  reviewedSha: string;
  state?: SummaryState;
  /** Claude's answer for `reviewedSha`, when the run that wrote the summary stored one. */
  claude?: ClaudeAnswer;
}

export async function findSummary(octokit: Octokit, pull: PullRef, botLogin: string): Promise<SummaryComment | undefined> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner: pull.owner, repo: pull.repo, issue_number: pull.prNumber, per_page: 100 });
  for (const c of comments) {
    const sha = c.user?.login === botLogin ? summaryShaIn(c.body ?? '') : undefined;
    if (!sha) continue;
    const claude = claudeAnswerIn(c.body ?? '');
    // An answer stored for another head than the summary's is not this summary's: ignored.
    return { id: c.id, url: c.html_url, reviewedSha: sha, state: stateIn(c.body ?? ''), ...(claude && claude.headSha === sha ? { claude } : {}) };
  }
  return undefined;
}

/**
 * Edits the sticky summary in place, or creates it. An edit is safe to retry; a creation is not
 * (plugin-retry would post a second summary when a 5xx came after GitHub created the first), so
 * after a 5xx the summary is looked for again before another try. A summary deleted while the
 * run went on (404 on the edit) is created again.
 */
export async function upsertSummary(octokit: Octokit, pull: PullRef, existing: SummaryComment | undefined, body: string, botLogin: string): Promise<string> {
  if (existing) {
    try {
      const { data } = await octokit.rest.issues.updateComment({ owner: pull.owner, repo: pull.repo, comment_id: existing.id, body });
      return data.html_url;
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const { data } = await octokit.rest.issues.createComment({ owner: pull.owner, repo: pull.repo, issue_number: pull.prNumber, body, request: { retries: 0 } });
      return data.html_url;
    } catch (error) {
      const status = statusOf(error);
      if (status !== undefined && status < 500) throw error;
      const created = await lookPatiently(() => findSummary(octokit, pull, botLogin));
      if (created) {
        const { data } = await octokit.rest.issues.updateComment({ owner: pull.owner, repo: pull.repo, comment_id: created.id, body });
        return data.html_url;
      }
      if (attempt >= POST_ATTEMPTS) throw error;
      await sleep(attempt * 1000);
    }
  }
}

/** The login the token posts as: a GITHUB_TOKEN cannot ask, and posts as github-actions[bot]. */
export async function botLoginOf(octokit: Octokit, token: string): Promise<string> {
  // An installation token (GITHUB_TOKEN is one) may not ask; it always posts as the Actions bot.
  if (token.startsWith('ghs_')) return 'github-actions[bot]';
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return data.login;
  } catch {
    return 'github-actions[bot]';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
