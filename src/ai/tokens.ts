/**
 * Token estimates before sending: characters / 4, rounded up. Claude's tokenizer averages about
 * 3.5–4 characters per token on code, so this slightly under-counts dense code; the budget is a
 * guard against runaway cost, and the real counts reported by the API are what the summary shows.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
