import { describe, expect, it } from 'vitest';
import { lowerEffort, takesEffort } from './effort.js';

describe('effort', () => {
  it('steps down one level at a time, to low', () => {
    expect(['max', 'xhigh', 'high', 'medium', 'low'].map((e) => lowerEffort(e as never))).toEqual(['xhigh', 'high', 'medium', 'low', undefined]);
  });

  it('is sent only to models that take it', () => {
    for (const model of ['claude-sonnet-5-5', 'claude-opus-5-5', 'claude-haiku-5-5', 'claude-fable-5-1', 'claude-sonnet-4-6', 'claude-opus-4-5', 'claude-sonnet-5-5-20261001']) expect(takesEffort(model), model).toBe(true);
    for (const model of ['claude-sonnet-4-5', 'claude-sonnet-4-5-20250929', 'claude-haiku-4-5', 'claude-opus-4-1', 'claude-sonnet-4-20250514', 'claude-3-7-sonnet-latest']) expect(takesEffort(model), model).toBe(false);
  });
});
