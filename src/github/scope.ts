/**
 * Which of the PR's files this run re-reviews. On a push after an earlier review, only the files
 * changed since the reviewed SHA (the compare API) that the PR itself changes — an "Update branch"
 * merge brings the base branch's changes into that range, and those are not the PR's. Anchors
 * still come from the PR's own diff. When the range cannot be trusted, the whole PR.
 */
import type { ChangedFile } from '../plan/plan.js';
import { statusOf, type Octokit } from './client.js';

/** The compare API lists at most this many files. */
export const COMPARE_FILE_CAP = 300;

export type ReviewScope =
  | { kind: 'full'; reason: string }
  | { kind: 'incremental'; since: string; paths: ReadonlySet<string> };

export interface ScopeInput {
  incremental: boolean;
  /** Why this run must be a full review whatever happened before (workflow_dispatch). */
  forceFull?: string;
  previousSha?: string;
  headSha: string;
  prFiles: readonly ChangedFile[];
}

export async function reviewScope(octokit: Octokit, owner: string, repo: string, input: ScopeInput): Promise<ReviewScope> {
  if (!input.incremental) return { kind: 'full', reason: 'incremental reviews are off (input incremental: false)' };
  if (input.forceFull) return { kind: 'full', reason: input.forceFull };
  if (!input.previousSha) return { kind: 'full', reason: 'first review of this pull request' };
  if (input.previousSha === input.headSha) return { kind: 'full', reason: `\`${short(input.headSha)}\` was reviewed before; reviewing it again in full` };
  let data;
  try {
    ({ data } = await octokit.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${input.previousSha}...${input.headSha}`, per_page: 1 }));
  } catch (error) {
    if (statusOf(error) === 404) return { kind: 'full', reason: `the last reviewed commit \`${short(input.previousSha)}\` is no longer reachable (force-push?)` };
    throw error;
  }
  if (data.status !== 'ahead') {
    return { kind: 'full', reason: `the last reviewed commit \`${short(input.previousSha)}\` is not an ancestor of the head (force-push or rebase)` };
  }
  const changed = data.files ?? [];
  if (changed.length >= COMPARE_FILE_CAP) {
    return { kind: 'full', reason: `${COMPARE_FILE_CAP} or more files changed since \`${short(input.previousSha)}\` (the compare API lists no more)` };
  }
  const inRange = new Set(changed.flatMap((f) => [f.filename, ...(f.previous_filename ? [f.previous_filename] : [])]));
  const paths = new Set(input.prFiles.filter((f) => inRange.has(f.path)).map((f) => f.path));
  return { kind: 'incremental', since: input.previousSha, paths };
}

function short(sha: string): string {
  return sha.slice(0, 7);
}
