import { describe, expect, it } from 'vitest';
import { DEFAULT_TOKEN_RATIO, estimateTokens, TokenEstimator } from './tokens.js';

describe('token estimates', () => {
  it('start from characters / 4 times a conservative ratio, then follow a measurement', () => {
    const estimator = new TokenEstimator();
    expect(estimator.tokens('x'.repeat(400))).toBe(Math.ceil(100 * DEFAULT_TOKEN_RATIO));
    expect(estimator.measured).toBe(false);
    estimator.calibrate(estimateTokens('x'.repeat(4000)), 1_250, 'count_tokens');
    expect(estimator.source).toBe('count_tokens');
    expect(estimator.tokens('x'.repeat(400))).toBe(125);
    expect(estimator.scale(1000)).toBe(1250);
  });

  it('ignore a measurement of nothing', () => {
    const estimator = new TokenEstimator();
    estimator.calibrate(0, 10, 'first response');
    expect(estimator.measured).toBe(false);
  });
});
