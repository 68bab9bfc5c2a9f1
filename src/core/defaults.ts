/**
 * Defaults shared by the Action's inputs and the CLI's options, in one neutral place: a local
 * review spends and posts what a pull request's would.
 */
import type { Severity, Threshold } from './finding.js';

export const DEFAULT_MODEL = 'claude-sonnet-5-5';

/**
 * `maxOutputTokens` leaves room for thinking (it counts against max_tokens) at effort `medium`;
 * `minScore` is the verification score a Claude comment needs (0–10).
 */
export const CLAUDE_DEFAULTS = { maxInputTokens: 200_000, maxOutputTokens: 32_000, effort: 'medium', verify: true, minScore: 6, concurrency: 3, maxRetries: 4, timeoutSeconds: 300 } as const;

/** The Action's `inline-min-severity` default. */
export const INLINE_MIN_SEVERITY: Severity = 'warning';

/** The Action's `max-comments` default. */
export const MAX_COMMENTS = 30;

/** The Action's `max-wait-seconds` default: the longest a run waits out GitHub's rate limits, in all. */
export const MAX_WAIT_SECONDS = 60;

/** The Action's `claude-for` default: pull requests by repository members. */
export const CLAUDE_FOR_DEFAULT = 'members';

/**
 * `fail-on` when neither the flag/input nor the config file sets it. The two hosts differ on
 * purpose (the binding contract): locally a run is a check that should fail on errors; in a pull
 * request the review comments are the signal, and failing the step is opted into.
 */
export const FAIL_ON_DEFAULT = { cli: 'error', action: 'never' } as const satisfies Record<string, Threshold>;
