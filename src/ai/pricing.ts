/**
 * List prices in USD per million tokens, for `cost-usd` — an estimate from the usage the API
 * reports, at standard (not batch, not regional: `inference_geo: us` costs 1.1×) rates with
 * 5-minute cache writes. Prices are per request: Haiku 5.5 charges every token of a request at a
 * higher rate once its prompt (input + cache reads + cache writes) passes 100,000 tokens.
 *
 * Sources, read 2026-12-06: the model overview pages on platform.claude.com/docs
 * (models/<model>/overview: input, output, 5m cache write, cache read) and, for the changes since
 * (Sonnet 5.5 cache reads cut from $0.20 to $0.10 on 2026-10-07; Haiku 5.5's prompt-length
 * tiers), pricing-table changelogs that cite platform.claude.com's pricing page. A model not listed
 * here reports tokens and no cost.
 */
export const PRICES_AS_OF = '2026-12-06';

export interface ModelPrice {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

/** A model priced by prompt length: `above` applies to a request whose prompt exceeds `threshold` tokens. */
interface TieredPrice {
  upTo: ModelPrice;
  threshold: number;
  above: ModelPrice;
}

export const PRICES: Readonly<Record<string, ModelPrice | TieredPrice>> = {
  // Cache reads $0.10 since 2026-10-07 (0.05× input).
  'claude-sonnet-5-5': { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.1 },
  'claude-sonnet-5': { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 },
  // Cache reads 0.05× input.
  'claude-opus-5-5': { input: 4, output: 20, cacheWrite: 5, cacheRead: 0.2 },
  'claude-opus-5': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-fable-5-1': { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 1 },
  'claude-haiku-5-5': {
    upTo: { input: 0.1, output: 0.5, cacheWrite: 0.125, cacheRead: 0.01 },
    threshold: 100_000,
    above: { input: 0.5, output: 2.5, cacheWrite: 0.625, cacheRead: 0.05 },
  },
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

/**
 * The cost of ONE request's usage (a tiered model is priced by that request's prompt length);
 * undefined for a model without a price (dated snapshot ids price as their alias). Sum it per
 * request: a run's summed usage cannot tell the tiers apart.
 */
export function requestCostUsd(model: string, u: TokenUsage): number | undefined {
  const entry = PRICES[model] ?? PRICES[model.replace(/-\d{8}$/, '')];
  if (!entry) return undefined;
  const price = 'threshold' in entry ? (promptTokens(u) > entry.threshold ? entry.above : entry.upTo) : entry;
  return (u.inputTokens * price.input + u.outputTokens * price.output + u.cacheCreationTokens * price.cacheWrite + u.cacheReadTokens * price.cacheRead) / 1_000_000;
}

/** Whether the model has a price on file. */
export function isPriced(model: string): boolean {
  return requestCostUsd(model, NO_USAGE) !== undefined;
}
