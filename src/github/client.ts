/** Octokit with rate-limit throttling and retries, pinned API version, base URL from the runner. */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { plural } from '../core/text.js';
import Bottleneck from 'bottleneck';
import { MAX_WAIT_SECONDS } from '../core/defaults.js';

export type Octokit = ReturnType<typeof getOctokit>;

export const API_VERSION = '2022-11-28';

/** GitHub's guidance: at least one second between content-creating requests. */
export const DEFAULT_WRITE_SPACING_MS = 1000;

export interface ClientOptions {
  token: string;
  baseUrl: string;
  log: (message: string) => void;
  /** Retries a rate-limited request this many times before giving up. */
  rateLimitRetries?: number;
  /**
   * The most seconds the whole run may spend waiting out GitHub's rate limits (the input
   * `max-wait-seconds`, default 60). A wait that does not fit in what is left is not started: the
   * request fails at once, and the run reports when the limit resets.
   */
  maxWaitSeconds?: number;
  /**
   * Spacing between content-creating requests (default 1 s). GitHub asks for at least one second
   * between them; Octokit's own default waits 3 s before a write that notifies (a review, a
   * comment), which cost every run 3 s between its review and its summary. Tests shorten it.
   */
  writeSpacingMs?: number;
}

export function createClient(options: ClientOptions): Octokit {
  const maxRetries = options.rateLimitRetries ?? 3;
  const maxWait = options.maxWaitSeconds ?? MAX_WAIT_SECONDS;
  let waited = 0;
  // Decide first, then say what was decided: the attempt that gives up never announces a retry.
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
      const what = `GitHub ${kind} rate limit on ${request.method} ${request.url}`;
      if (retryCount >= maxRetries) {
        options.log(`${what}; giving up after ${plural(retryCount, 'retry', 'retries')}`);
        return false;
      }
      if (retryAfter > maxWait - waited) {
        const at = new Date(Date.now() + retryAfter * 1000).toISOString();
        options.log(`${what}; it lifts in ${retryAfter}s (about ${at}), past the ${maxWait - waited}s left of max-wait-seconds (${maxWait}): not waiting`);
        return false;
      }
      waited += retryAfter;
      options.log(`${what}; retry ${retryCount + 1} in ${retryAfter}s`);
      return true;
    };
  return getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl,
      headers: { 'x-github-api-version': API_VERSION },
      throttle: {
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
        ...spacedWrites(options.writeSpacingMs ?? DEFAULT_WRITE_SPACING_MS),
      },
      // 429, like 403, is a rate limit: plugin-throttling alone decides whether to wait for it.
      retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    },
    throttling,
    retry,
  );
}

function spacedWrites(minTime: number): { write: Bottleneck.Group; notifications: Bottleneck.Group } {
  return {
    write: new Bottleneck.Group({ id: 'convex-review-write', maxConcurrent: 1, minTime }),
    notifications: new Bottleneck.Group({ id: 'convex-review-notifications', maxConcurrent: 1, minTime }),
  };
}

/** A 403 that means the token may read but not write (a fork PR under `pull_request`). */
export function isReadOnlyError(error: unknown): boolean {
  const e = error as { status?: number; message?: string; response?: { data?: { message?: string } } };
  const message = e.response?.data?.message ?? e.message ?? '';
  return e.status === 403 && /Resource not accessible by integration/i.test(message);
}

export function statusOf(error: unknown): number | undefined {
  return (error as { status?: number }).status;
}
