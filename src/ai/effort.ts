/**
 * How hard Claude thinks (`output_config.effort`). Sonnet 5.5 thinks adaptively at `high` by
 * default, and thinking counts against `max_tokens`: a review asks for `medium`, and an answer cut
 * off by the output limit is asked again one level lower before the batch is split.
 */
export const EFFORTS = ['low', 'medium', 'high', 'xhigh', 'max'] as const;
export type Effort = (typeof EFFORTS)[number];

/** The next level down, or undefined at `low`. */
export function lowerEffort(effort: Effort): Effort | undefined {
  const i = EFFORTS.indexOf(effort);
  return i > 0 ? EFFORTS[i - 1] : undefined;
}

/**
 * Models that take no `output_config.effort` (the API answers 400): Claude 3, the 4.0 snapshots,
 * Opus 4.1, Sonnet 4.5 and Haiku 4.5 (effort came with Opus 4.5; source: the effort page of
 * platform.claude.com/docs, read 2026-12-06). Their requests are sent without it, and a cut-off
 * answer goes straight to the split.
 */
const WITHOUT_EFFORT = [/^claude-3/, /^claude-(sonnet|opus)-4-\d{8}$/, /^claude-opus-4-1/, /^claude-sonnet-4-5/, /^claude-haiku-4-5/];

export function takesEffort(model: string): boolean {
  return !WITHOUT_EFFORT.some((re) => re.test(model));
}
