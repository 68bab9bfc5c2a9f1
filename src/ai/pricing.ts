/**
 * List prices in USD per million tokens, for `cost-usd` — an estimate from the usage the API
 * reports, at standard (not batch, not regional) rates with 5-minute cache writes.
 *
 * Source: the model overview pages on platform.claude.com/docs (models/<model>/overview), read
 * 2026-11-24. Where a page gives only input/output prices, the cache prices follow the pricing
 * page's multipliers (5-minute write 1.25× input, cache hit 0.1× input). Haiku 5.5 is left out:
 * its price depends on the prompt length. A model not listed here reports tokens and no cost.
 */
export const PRICES_AS_OF = '2026-11-24';

export interface ModelPrice {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

export const PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-sonnet-5-5': { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 },
  'claude-sonnet-5': { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 },
  'claude-opus-5-5': { input: 4, output: 20, cacheWrite: 5, cacheRead: 0.4 },
  'claude-fable-5-1': { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 1 },
  'claude-opus-4-6': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-sonnet-4-6': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-sonnet-4-5': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-haiku-4-5': { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 },
};

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  /** The part of `outputTokens` Claude spent thinking (`usage.output_tokens_details.thinking_tokens`). */
  thinkingTokens: number;
}

export const NO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0, thinkingTokens: 0 };

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheCreationTokens: a.cacheCreationTokens + b.cacheCreationTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    thinkingTokens: a.thinkingTokens + b.thinkingTokens,
  };
}

/** Every prompt token, whatever it was billed as: what `max-input-tokens` counts. */
export function promptTokens(u: TokenUsage): number {
  return u.inputTokens + u.cacheCreationTokens + u.cacheReadTokens;
}

/** Undefined for a model without a price (dated snapshot ids price as their alias). */
export function costUsd(model: string, u: TokenUsage): number | undefined {
  const price = PRICES[model] ?? PRICES[model.replace(/-\d{8}$/, '')];
  if (!price) return undefined;
  return (u.inputTokens * price.input + u.outputTokens * price.output + u.cacheCreationTokens * price.cacheWrite + u.cacheReadTokens * price.cacheRead) / 1_000_000;
}
