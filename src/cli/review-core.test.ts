import { describe, expect, it } from 'vitest';
import { parsePatch } from '../diff/patch.js';
import type { ChangedFile } from '../plan/plan.js';
import { failingFindings, reviewChange } from './review-core.js';

const SCHEMA = `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({ notes: defineTable({ body: v.string() }) });
`;
const NOTES = `import { query } from "./_generated/server";
export const old = query({ args: {}, handler: async (ctx) => await ctx.db.query("notes").collect() });
export const fresh = query({ handler: async (ctx) => await ctx.db.query("notes").take(5) });
`;
const files = new Map([
  ['package.json', JSON.stringify({ dependencies: { convex: '^1.31.0' } })],
  ['convex/schema.ts', SCHEMA],
  ['convex/notes.ts', NOTES],
  ['convex/untouched.ts', `import { query } from "./_generated/server";\nexport const bad = query({ handler: async () => 1 });\n`],
  ['scripts/seed.ts', `export const x = 1;\n`],
]);
const changed: ChangedFile[] = [
  { path: 'convex/notes.ts', status: 'modified', patch: parsePatch('@@ -1,2 +1,3 @@\n import { query } from "./_generated/server";\n export const old = query({ args: {}, handler: async (ctx) => await ctx.db.query("notes").collect() });\n+export const fresh = query({ handler: async (ctx) => await ctx.db.query("notes").take(5) });') },
  { path: 'scripts/seed.ts', status: 'added', patch: parsePatch('@@ -0,0 +1 @@\n+export const x = 1;') },
  { path: 'convex/gone.ts', status: 'removed' },
];

describe('reviewChange (no git, no network)', () => {
  it('plans the changed Convex files as the action would: inline on added lines, the rest in the summary', async () => {
    const review = await reviewChange({ files, changedFiles: changed, settings: new Map() }, { skip: 'no key' });
    expect(review.reviewed.map((f) => f.path)).toEqual(['convex/notes.ts']);
    expect(new Set(review.plan.findings.map((f) => f.path))).toEqual(new Set(['convex/notes.ts']));
    expect(review.plan.inline.map((c) => [c.finding.ruleId, c.line])).toEqual([['require-args-validator', 3]]);
    expect(review.plan.notInline.map((n) => [n.finding.ruleId, n.reason])).toContainEqual(['unbounded-collect', 'below-inline-severity']);
    expect(review.claude).toEqual({ ran: false, reason: 'no key' });
    expect(failingFindings(review, 'error').map((f) => f.ruleId)).toEqual(['require-args-validator']);
    expect(failingFindings(review, 'never')).toEqual([]);
  });

  it('hands Claude the reviewed files with their static findings, and plans its comments too', async () => {
    let seen: string[] = [];
    const review = await reviewChange(
      { files, changedFiles: changed, settings: new Map([['unbounded-collect', 'off'], ['public-function-auth-check', 'off']]) },
      {
        run: async (input) => {
          seen = input.files.map((f) => `${f.path}:${f.staticFindings.map((s) => s.ruleId).join(',')}`);
          return {
            model: 'claude-test', findings: [{ ruleId: 'claude/security', source: 'claude', severity: 'warning', path: 'convex/notes.ts', line: 3, endLine: 3, message: 'Anyone can read every note', fingerprint: 'v1:0000000000000001' }],
            summaries: ['One public query reads everything.'], usage: { inputTokens: 10, outputTokens: 5, cacheCreationTokens: 0, cacheReadTokens: 0 }, requests: 1,
            reviewed: ['convex/notes.ts'], leftOut: [], failures: [], refusals: 0, dropped: { duplicateOfStatic: 0, suppressed: 0, repeated: 0 }, contextLeftOut: [],
          };
        },
      },
    );
    expect(seen).toEqual(['convex/notes.ts:require-args-validator']);
    expect(review.plan.inline.map((c) => c.finding.ruleId)).toEqual(['require-args-validator', 'claude/security']);
    expect(review.claude).toMatchObject({ ran: true, model: 'claude-test', reviewed: 1, candidates: 1, requests: 1 });
    expect(failingFindings(review, 'warning').map((f) => f.ruleId)).toEqual(['require-args-validator']);
  });

  it('says so when no Convex file changed, and does not ask Claude', async () => {
    const review = await reviewChange({ files, changedFiles: [changed[1]], settings: new Map() }, { run: () => Promise.reject(new Error('not called')) });
    expect(review.reviewed).toEqual([]);
    expect(review.plan.findings).toEqual([]);
    expect(review.claude).toBeUndefined();
    expect(review.notes).toEqual(['This change touches no files under the Convex functions folders.']);
  });
});
