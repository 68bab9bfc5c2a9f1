import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../core/categories.js';
import { CONVEX_EXPERT_PROMPT, REVIEW_TASK_PROMPT } from './prompts.js';

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

describe('prompts/review.md', () => {
  it('takes precedence over the agent prompt and names the agent sections that do not apply, as the agent prompt titles them', () => {
    expect(REVIEW_TASK_PROMPT).toContain('This task takes precedence over the instructions above wherever they differ.');
    for (const title of ['Workflow', 'Response Format', 'Example Implementation Style', 'When Debugging']) {
      expect(CONVEX_EXPERT_PROMPT).toContain(`\n## ${title}\n`);
      expect(REVIEW_TASK_PROMPT).toContain(`"${title}"`);
    }
    expect(REVIEW_TASK_PROMPT).not.toMatch(/Always Do|Never Do/);
  });

  it('describes what is sent: the numbered view with removed lines in place, the data blocks, the shared context', () => {
    for (const part of ['`12+ code`', '`12  code`', '`12· code`', '`   - code`', '`…`', 'Commentable lines', 'Static findings', 'Raised', '<pr-data>', '`project-context`', '`changed-files`']) {
      expect(REVIEW_TASK_PROMPT).toContain(part);
    }
    expect(REVIEW_TASK_PROMPT).not.toMatch(/removed lines are left out/i);
  });

  it('describes every output field, and its examples are comments and an answer in that format', () => {
    for (const field of ['path', 'line', 'start_line', 'evidence', 'confidence', 'restates', 'severity', 'category', 'title', 'body', 'suggestion', 'verdicts', 'summary']) {
      expect(REVIEW_TASK_PROMPT).toContain(`\`${field}\``);
    }
    const examples = [...REVIEW_TASK_PROMPT.matchAll(/```json\n([\s\S]*?)```/g)].flatMap((m) => m[1].trim().split('\n')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const comments = examples.filter((e) => 'evidence' in e);
    expect(comments).toHaveLength(2);
    for (const c of comments) {
      expect(Object.keys(c).sort()).toEqual(expect.arrayContaining(['body', 'category', 'confidence', 'evidence', 'line', 'path', 'restates', 'severity', 'title']));
      expect(CATEGORIES).toContain(c.category);
      expect(c.body).not.toContain('```');
    }
    expect(examples.filter((e) => 'comments' in e)).toEqual([{ comments: [], verdicts: [], summary: expect.any(String) }]);
  });
});
