/**
 * Token estimates before sending. Characters / 4 undercounts the Sonnet 5.x tokenizer (by about
 * 30% on code), so the estimate is scaled by a ratio measured for this run: the API's own count of
 * the shared prefix (`messages.countTokens`, free), or — when that fails — the first response's
 * prompt tokens; until then a conservative default. Budgets use the estimate; the summary shows the
 * counts the API reports.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Before any measurement: the Sonnet 5.x tokenizer's observed excess over characters / 4. */
export const DEFAULT_TOKEN_RATIO = 1.3;

export class TokenEstimator {
  /** How the ratio was set, for the log: `default`, `count_tokens` or `first response`. */
  source: 'default' | 'count_tokens' | 'first response' = 'default';
  private ratio = DEFAULT_TOKEN_RATIO;

  tokens(text: string): number {
    return Math.ceil(estimateTokens(text) * this.ratio);
  }

  /** Scales a characters/4 estimate already made. */
  scale(charEstimate: number): number {
    return Math.ceil(charEstimate * this.ratio);
  }

  /** `counted` real tokens for text whose characters/4 estimate was `estimated`. */
  calibrate(estimated: number, counted: number, source: 'count_tokens' | 'first response'): void {
    if (estimated <= 0 || counted <= 0) return;
    this.ratio = counted / estimated;
    this.source = source;
  }

  get measured(): boolean {
    return this.source !== 'default';
  }
}
