/**
 * Resolving the review threads of fixed findings. The default GITHUB_TOKEN may not (GraphQL
 * answers 200 with a FORBIDDEN error); then the summary lists the fix and the thread is left alone —
 * no reply on it.
 */
import { fingerprintsIn } from '../plan/markers.js';
import type { Octokit } from './client.js';
import type { PullRef } from './publish.js';

const THREADS = `query($owner: String!, $name: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $name) { pullRequest(number: $number) {
    reviewThreads(first: 100, after: $cursor) {
      pageInfo { hasNextPage endCursor }
      nodes { id isResolved comments(first: 1) { nodes { body author { login } } } }
    } } } }`;

const RESOLVE = `mutation($threadId: ID!) { resolveReviewThread(input: { threadId: $threadId }) { thread { id isResolved } } }`;

interface ThreadsPage {
  repository: { pullRequest: { reviewThreads: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Thread[] } } | null } | null;
}
interface Thread {
  id: string;
  isResolved: boolean;
  comments: { nodes: { body: string; author: { login: string } | null }[] };
}

export interface ResolveOutcome {
  /** Fingerprints whose thread this run resolved (or found resolved already). */
  resolved: Set<string>;
  /** The token may not resolve threads: nothing was changed. */
  forbidden: boolean;
}

export async function resolveFixedThreads(octokit: Octokit, pull: PullRef, botLogin: string, fixed: ReadonlySet<string>): Promise<ResolveOutcome> {
  const outcome: ResolveOutcome = { resolved: new Set(), forbidden: false };
  if (fixed.size === 0) return outcome;
  // GraphQL names bots without the `[bot]` suffix REST gives them.
  const me = botLogin.replace(/\[bot\]$/, '');
  const open: { id: string; fingerprint: string }[] = [];
  for (let cursor: string | null = null; ; ) {
    const page: ThreadsPage = await octokit.graphql<ThreadsPage>(THREADS, { owner: pull.owner, name: pull.repo, number: pull.prNumber, cursor });
    const threads = page.repository?.pullRequest?.reviewThreads;
    if (!threads) break;
    for (const t of threads.nodes) {
      const first = t.comments.nodes[0];
      if (!first || first.author?.login.replace(/\[bot\]$/, '') !== me) continue;
      for (const fp of fingerprintsIn(first.body)) {
        if (!fixed.has(fp)) continue;
        if (t.isResolved) outcome.resolved.add(fp);
        else open.push({ id: t.id, fingerprint: fp });
      }
    }
    if (!threads.pageInfo.hasNextPage) break;
    cursor = threads.pageInfo.endCursor;
  }
  for (const thread of open) {
    try {
      await octokit.graphql(RESOLVE, { threadId: thread.id });
      outcome.resolved.add(thread.fingerprint);
    } catch (error) {
      if (isForbidden(error)) {
        outcome.forbidden = true;
        return outcome;
      }
      throw error;
    }
  }
  return outcome;
}

/** Octokit's GraphqlResponseError carries the response's `errors`; FORBIDDEN is the token's limit. */
function isForbidden(error: unknown): boolean {
  const errors = (error as { errors?: { type?: string }[] } | undefined)?.errors;
  return Array.isArray(errors) && errors.some((e) => e.type === 'FORBIDDEN');
}
