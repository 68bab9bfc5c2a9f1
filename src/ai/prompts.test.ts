import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CONVEX_EXPERT_PROMPT } from './prompts.js';

/**
 * prompts/convex-expert.md is the source of truth: the body (no front matter) of the original
 * Convex-expert agent prompt. Its sha256 is recorded here so an accidental edit fails; a deliberate
 * one updates the hash in the same commit.
 */
const RECORDED_SHA256 = '728d65524ab990ba42d546e73344977de1e06c07771daf4519489df488a7b651';

describe('prompts/convex-expert.md', () => {
  it('is the agent prompt body: no front matter, the agent first sentence first, no tool list', () => {
    expect(CONVEX_EXPERT_PROMPT.startsWith('---')).toBe(false);
    expect(CONVEX_EXPERT_PROMPT.startsWith('You are an expert Convex backend developer')).toBe(true);
    expect(CONVEX_EXPERT_PROMPT).not.toContain('tools: Read, Edit');
  });

  it('is byte for byte the recorded text', () => {
    expect(createHash('sha256').update(CONVEX_EXPERT_PROMPT, 'utf8').digest('hex')).toBe(RECORDED_SHA256);
  });
});
