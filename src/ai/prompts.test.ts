import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONVEX_EXPERT_PROMPT } from './prompts.js';

const SEED = new URL('../../../shared/seed/convex-expert.md', import.meta.url);

/** The seed's body: everything after its YAML front matter, without the blank lines that follow it. */
function seedBody(text: string): string {
  const match = /^---\n[\s\S]*?\n---\n/.exec(text);
  if (!match) throw new Error('the seed has no front matter');
  return text.slice(match[0].length).replace(/^\n+/, '');
}

describe('prompts/convex-expert.md', () => {
  it('is the body of ../shared/seed/convex-expert.md, verbatim', () => {
    const seed = readFileSync(SEED, 'utf8');
    expect(CONVEX_EXPERT_PROMPT).toBe(seedBody(seed));
    expect(CONVEX_EXPERT_PROMPT.startsWith('You are an expert Convex backend developer')).toBe(true);
    expect(CONVEX_EXPERT_PROMPT).not.toContain('tools: Read, Edit');
  });
});
