import { describe, expect, it } from 'vitest';
import { addUsage, costUsd, NO_USAGE, promptTokens } from './pricing.js';

describe('cost from usage', () => {
  const usage = { inputTokens: 1_000_000, outputTokens: 100_000, cacheCreationTokens: 200_000, cacheReadTokens: 2_000_000, thinkingTokens: 0 };

  it('prices every kind of token at its own rate', () => {
    // claude-sonnet-5-5: $2 in, $10 out, $2.50 cache write, $0.20 cache read per million.
    expect(costUsd('claude-sonnet-5-5', usage)).toBeCloseTo(2 + 1 + 0.5 + 0.4, 10);
  });

  it('prices a dated snapshot id as its alias, and an unknown model not at all', () => {
    expect(costUsd('claude-sonnet-4-5-20250929', usage)).toBeCloseTo(3 + 1.5 + 0.75 + 0.6, 10);
    expect(costUsd('claude-next-9', usage)).toBeUndefined();
  });

  it('sums usage, and counts cached prompt tokens toward the prompt', () => {
    const sum = addUsage(usage, { ...NO_USAGE, inputTokens: 5, cacheReadTokens: 7, thinkingTokens: 0 });
    expect(sum).toEqual({ inputTokens: 1_000_005, outputTokens: 100_000, cacheCreationTokens: 200_000, cacheReadTokens: 2_000_007, thinkingTokens: 0 });
    expect(promptTokens(sum)).toBe(3_200_012);
  });
});
