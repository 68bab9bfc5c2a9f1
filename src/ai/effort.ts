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
