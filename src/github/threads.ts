/**
 * The action's own review threads, listed once a run: whether each is resolved (an earlier Claude
 * comment whose thread is resolved is shown to Claude as such), and resolving those of fixed
 * findings. The default GITHUB_TOKEN may read them but not resolve them (GraphQL answers 200 with
 * a FORBIDDEN error); then the summary lists the fix and the thread is left alone — no reply on it.
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

/** A review thread the action opened: its first comment is ours and carries these fingerprints. */
export interface OwnThread {
  id: string;
  isResolved: boolean;
  fingerprints: string[];
}

/** The threads, or why they could not be read (`forbidden`: the token may not ask). */
export type ThreadsRead = { threads: OwnThread[] } | { forbidden: true } | { error: unknown };

/** The threads whose first comment is the action's own (by `botLogin`), with its fingerprints. */
export async function listOwnThreads(octokit: Octokit, pull: PullRef, botLogin: string): Promise<OwnThread[]> {
  // GraphQL names bots without the `[bot]` suffix REST gives them.
  const me = botLogin.replace(/\[bot\]$/, '');
  const own: OwnThread[] = [];
  for (let cursor: string | null = null; ; ) {
    const page: ThreadsPage = await octokit.graphql<ThreadsPage>(THREADS, { owner: pull.owner, name: pull.repo, number: pull.prNumber, cursor });
    const threads = page.repository?.pullRequest?.reviewThreads;
    if (!threads) break;
    for (const t of threads.nodes) {
      const first = t.comments.nodes[0];
      if (!first || first.author?.login.replace(/\[bot\]$/, '') !== me) continue;
      const fingerprints = fingerprintsIn(first.body);
      if (fingerprints.length > 0) own.push({ id: t.id, isResolved: t.isResolved, fingerprints });
    }
    if (!threads.pageInfo.hasNextPage) break;
    cursor = threads.pageInfo.endCursor;
  }
  return own;
}

/** Never throws: a token that may not read threads, or a failed read, is a value. */
export async function readOwnThreads(octokit: Octokit, pull: PullRef, botLogin: string): Promise<ThreadsRead> {
  try {
    return { threads: await listOwnThreads(octokit, pull, botLogin) };
  } catch (error) {
    return isForbidden(error) ? { forbidden: true } : { error };
  }
}

export interface ResolveOutcome {
  /** Fingerprints whose thread this run resolved (or found resolved already). */
  resolved: Set<string>;
  /** The token may not resolve threads: nothing was changed. */
  forbidden: boolean;
}

/** Resolves the threads (as listed by `listOwnThreads` earlier in the run) of the fixed fingerprints. */
export async function resolveFixedThreads(octokit: Octokit, threads: readonly OwnThread[], fixed: ReadonlySet<string>): Promise<ResolveOutcome> {
  const outcome: ResolveOutcome = { resolved: new Set(), forbidden: false };
  if (fixed.size === 0) return outcome;
  const open: { id: string; fingerprint: string }[] = [];
  for (const t of threads) {
    for (const fp of t.fingerprints) {
      if (!fixed.has(fp)) continue;
      if (t.isResolved) outcome.resolved.add(fp);
      else open.push({ id: t.id, fingerprint: fp });
    }
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
