import { describe, expect, it } from 'vitest';
import { addUsage, isPriced, NO_USAGE, promptTokens, requestCostUsd } from './pricing.js';

describe('cost from usage', () => {
  const usage = { inputTokens: 1_000_000, outputTokens: 100_000, cacheCreationTokens: 200_000, cacheReadTokens: 2_000_000, thinkingTokens: 40_000 };

  it('prices every kind of token at its own rate (thinking is part of the output)', () => {
    // claude-sonnet-5-5: $2 in, $10 out, $2.50 cache write, $0.10 cache read per million (since 2026-10-07).
    expect(requestCostUsd('claude-sonnet-5-5', usage)).toBeCloseTo(2 + 1 + 0.5 + 0.2, 10);
    // claude-opus-5-5: $4 in, $20 out, $5 write, $0.20 read.
    expect(requestCostUsd('claude-opus-5-5', usage)).toBeCloseTo(4 + 2 + 1 + 0.4, 10);
  });

  it('prices a request of a tiered model by its own prompt length', () => {
    const small = { ...NO_USAGE, inputTokens: 60_000, cacheReadTokens: 40_000, outputTokens: 1_000 };
    const large = { ...small, inputTokens: 60_001 };
    // Haiku 5.5 up to 100k prompt tokens: $0.10 in, $0.50 out, $0.01 read.
    expect(requestCostUsd('claude-haiku-5-5', small)).toBeCloseTo((60_000 * 0.1 + 1_000 * 0.5 + 40_000 * 0.01) / 1e6, 12);
    // Past 100k, every token of the request at the higher rate: $0.50 in, $2.50 out, $0.05 read.
    expect(requestCostUsd('claude-haiku-5-5', large)).toBeCloseTo((60_001 * 0.5 + 1_000 * 2.5 + 40_000 * 0.05) / 1e6, 12);
  });

  it('prices a dated snapshot id as its alias, and an unknown model not at all', () => {
    expect(requestCostUsd('claude-sonnet-4-5-20250929', usage)).toBeCloseTo(3 + 1.5 + 0.75 + 0.6, 10);
    expect(requestCostUsd('claude-next-9', usage)).toBeUndefined();
    expect(isPriced('claude-next-9')).toBe(false);
    expect(isPriced('claude-sonnet-5-5')).toBe(true);
  });

  it('sums usage, and counts cached prompt tokens toward the prompt', () => {
    const sum = addUsage(usage, { ...NO_USAGE, inputTokens: 5, cacheReadTokens: 7, thinkingTokens: 3 });
    expect(sum).toEqual({ inputTokens: 1_000_005, outputTokens: 100_000, cacheCreationTokens: 200_000, cacheReadTokens: 2_000_007, thinkingTokens: 40_003 });
    expect(promptTokens(sum)).toBe(3_200_012);
  });
});
