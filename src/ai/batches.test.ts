import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.js';
import { parsePatch } from '../diff/patch.js';
import { planBatches, reviewOrder } from './batches.js';
import type { FileSection } from './prompt.js';

const finding = { ruleId: 'r', source: 'static', severity: 'warning', path: 'p', line: 1, endLine: 1, message: 'm', fingerprint: 'v1:0000000000000000' } as Finding;
function section(path: string, tokens: number, addedLines: number, withFinding = false): FileSection {
  return { file: { path, text: '', patch: parsePatch(''), staticFindings: withFinding ? [finding] : [] }, text: path, tokens, addedLines };
}

describe('batching under budgets', () => {
  it('orders files with static findings first, then by added lines, then by path', () => {
    const order = reviewOrder([section('b.ts', 1, 5), section('a.ts', 1, 5), section('c.ts', 1, 50), section('d.ts', 1, 1, true)]);
    expect(order.map((s) => s.file.path)).toEqual(['d.ts', 'c.ts', 'a.ts', 'b.ts']);
  });

  it('packs files into requests under the per-request budget, counting the shared prefix once per request', () => {
    const plan = planBatches([section('a.ts', 600, 30), section('b.ts', 500, 20), section('c.ts', 300, 10)], { prefixTokens: 100, maxBatchTokens: 1000, maxInputTokens: 10_000 });
    expect(plan.batches.map((b) => b.map((s) => s.file.path))).toEqual([['a.ts'], ['b.ts', 'c.ts']]);
    expect(plan.estimatedInputTokens).toBe(100 + 600 + 100 + 500 + 300);
    expect(plan.leftOut).toEqual([]);
  });

  it('names every file left out: too big for one request, or past max-input-tokens (smaller later files still tried)', () => {
    const plan = planBatches([section('huge.ts', 5000, 99), section('a.ts', 600, 30), section('b.ts', 500, 20), section('c.ts', 100, 10)], {
      prefixTokens: 100,
      maxBatchTokens: 1000,
      maxInputTokens: 1000,
    });
    expect(plan.batches.map((b) => b.map((s) => s.file.path))).toEqual([['a.ts', 'c.ts']]);
    expect(plan.leftOut).toEqual([
      { path: 'huge.ts', reason: 'too large for one request (~5,000 tokens)' },
      { path: 'b.ts', reason: 'over max-input-tokens (1,000)' },
    ]);
    expect(plan.estimatedInputTokens).toBeLessThanOrEqual(1000);
  });

  it('counts what joining a section to a batch adds (the separator) against max-input-tokens', () => {
    const sections = [section('a.ts', 400, 30), section('b.ts', 400, 20), section('c.ts', 100, 10)];
    const limits = { prefixTokens: 100, maxBatchTokens: 1000, maxInputTokens: 1000 };
    expect(planBatches(sections, limits).estimatedInputTokens).toBe(1000);
    const plan = planBatches(sections, { ...limits, separatorTokens: 1 });
    expect(plan.batches.map((b) => b.map((s) => s.file.path))).toEqual([['a.ts', 'b.ts']]);
    expect(plan.leftOut).toEqual([{ path: 'c.ts', reason: 'over max-input-tokens (1,000)' }]);
    expect(plan.estimatedInputTokens).toBe(100 + 400 + 1 + 400);
  });

  it('sends nothing with a zero budget, and says so for every file', () => {
    const plan = planBatches([section('a.ts', 10, 1)], { prefixTokens: 100, maxBatchTokens: 1000, maxInputTokens: 0 });
    expect(plan.batches).toEqual([]);
    expect(plan.leftOut.map((l) => l.path)).toEqual(['a.ts']);
  });
});
