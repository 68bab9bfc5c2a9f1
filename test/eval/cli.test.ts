/**
 * `convex-review eval` in-process (src/cli/main.ts runCli), on a tiny eval folder made here: the
 * static-only totals against numbers worked out by hand, a stale recording failing with its
 * message, and a regression beyond the margin exiting 1.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { tmpRepo } from '../support/tmp-repo.js';

const SCHEMA = `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  items: defineTable({ name: v.string() }),
});
`;
const ITEMS = `import { mutation } from "./_generated/server";
import { v } from "convex/values";

export const rename = mutation({
  args: { itemId: v.id("items"), name: v.string() },
  handler: async (ctx, { itemId, name }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) throw new Error("Not signed in");
    await ctx.db.patch("items", itemId, { name });
  },
});
`;

const caseJson = (o: Record<string, unknown>): string => `${JSON.stringify(o, null, 2)}\n`;

/**
 * Two cases: a mutation that drops an `await` (labelled: the mutator's span, words "await"), and
 * a clean change (a comment line added). By hand: 1 expectation, met by the static rule inline;
 * 1 inline comment, on the labelled line, matching; 1 clean case with 0 inline comments.
 */
function evalFolder(): string {
  return tmpRepo({
    'eval/apps/items/package.json': '{ "dependencies": { "convex": "^1.17.0" } }\n',
    'eval/apps/items/convex/auth.config.ts': 'export default { providers: [{ domain: "https://auth.example.com", applicationID: "convex" }] };\n',
    'eval/apps/items/convex/schema.ts': SCHEMA,
    'eval/apps/items/convex/items.ts': ITEMS,
    'eval/cases/items-unawaited/case.json': caseJson({
      id: 'items-unawaited',
      kind: 'mutation',
      split: 'dev',
      source: 'test',
      mutation: { app: 'items', edits: [{ file: 'convex/items.ts', find: '    await ctx.db.patch(', replace: '    ctx.db.patch(' }] },
      expect: [{ id: 'bug', path: 'convex/items.ts', lines: 'mutation', min_severity: 'warning', words: ['await'], label: 'mutation' }],
      max_inline: 0,
    }),
    'eval/cases/items-comment/case.json': caseJson({
      id: 'items-comment',
      kind: 'clean',
      split: 'held-out',
      source: 'test',
      mutation: { app: 'items', edits: [{ file: 'convex/items.ts', find: 'export const rename', replace: '/** Renames an item. */\nexport const rename' }] },
      max_inline: 0,
    }),
  });
}

async function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, color: false, env, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('convex-review eval', () => {
  it('scores a static-only run as worked out by hand', async () => {
    const repo = evalFolder();
    const { code, stdout, stderr } = await run(['eval', '--no-claude', '--format', 'json'], repo);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const all = report.totals.all;
    expect(all.cases).toBe(2);
    expect(all.expectations).toBe(1);
    expect(all.recall).toEqual({ hit: 1, of: 1 });
    expect(all.inlineRecall).toEqual({ hit: 1, of: 1 });
    expect(all.staticRecall).toEqual({ hit: 1, of: 1 });
    expect(all.precisionLabelled).toEqual({ hit: 1, of: 1 });
    expect(all.inline).toBe(1);
    expect(all.noise).toBe(0);
    expect(all.cleanCases).toBe(1);
    expect(all.inlinePerCleanPr).toBe(0);
    expect(all.claude).toBeUndefined();
    expect(report.totals.dev.recall).toEqual({ hit: 1, of: 1 });
    expect(report.totals.heldOut.expectations).toBe(0);
    const unawaited = report.cases.find((c: { id: string }) => c.id === 'items-unawaited');
    expect(unawaited.comments.map((c: { ruleId: string; line: number; matches: string[] }) => [c.ruleId, c.line, c.matches])).toEqual([['floating-convex-promise', 9, ['bug']]]);
    expect(report.claude).toBe('off (static rules only)');
  });

  it('prints a table, and Markdown with --format markdown', async () => {
    const repo = evalFolder();
    const text = await run(['eval', '--no-claude'], repo);
    expect(text.stdout).toMatch(/items-unawaited\s+mutation\s+dev\s+1\/1/);
    expect(text.stdout).toMatch(/recall \(inline or summary\)\s+100\.0% \(1\/1\)/);
    const md = await run(['eval', '--no-claude', '--format', 'markdown'], repo);
    expect(md.stdout).toContain('| case | kind | split |');
  });

  it('fails a replay whose request has no recording: "stale recording — re-record with a key"', async () => {
    const repo = evalFolder();
    const fixture = {
      case: 'items-unawaited',
      source: { kind: 'hand-written', by: 'test' },
      count_tokens: 1000,
      answers: [{ text: { comments: [], verdicts: [], summary: 'Nothing to add.' } }],
    };
    mkdirSync(join(repo, 'eval/fixtures'), { recursive: true });
    writeFileSync(join(repo, 'eval/fixtures/items-unawaited.json'), JSON.stringify(fixture));
    const recorded = await run(['eval', '--mode', 'record', '--from-fixtures'], repo);
    expect(recorded.code).toBe(0);
    expect(recorded.stdout).toContain('Recorded 2 request(s) of items-unawaited');
    const replayed = await run(['eval'], repo);
    expect(replayed.stderr).toBe('');
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toContain('answers from a hand-written fixture (not a model)');

    // The request changes (the case's head does): its recording no longer answers it.
    const app = join(repo, 'eval/apps/items/convex/items.ts');
    writeFileSync(app, readFileSync(app, 'utf8').replace('Not signed in', 'Sign in first'));
    const stale = await run(['eval'], repo);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('stale recording — re-record with a key');
    expect(stale.stderr).toMatch(/case items-unawaited: POST \/v1\/messages(\/count_tokens)? key [0-9a-f]{24}/);
  });

  it('exits 1 on a regression beyond the margin, 0 within it', async () => {
    const repo = evalFolder();
    const written = await run(['eval', '--no-claude', '--baseline', 'eval/baseline.json', '--update-baseline'], repo);
    expect(written.code).toBe(0);
    expect(JSON.parse(readFileSync(join(repo, 'eval/baseline.json'), 'utf8')).metrics.recall).toBe(1);
    expect((await run(['eval', '--no-claude', '--baseline', 'eval/baseline.json'], repo)).code).toBe(0);

    // The rule that finds the bug is turned off in the app: recall falls from 100% to 0%.
    mkdirSync(join(repo, 'eval/apps/items/.github'), { recursive: true });
    writeFileSync(join(repo, 'eval/apps/items/.github/convex-review.yml'), 'rules:\n  floating-convex-promise: off\n');
    const worse = await run(['eval', '--no-claude', '--baseline', 'eval/baseline.json'], repo);
    expect(worse.code).toBe(1);
    expect(worse.stdout).toMatch(/REGRESSION recall: 100\.0% → 0\.0% \(-100\.0 points; margin 2 points\)/);
    expect(worse.stderr).toContain('regression beyond the margins');
  });

  it('refuses what cannot work, as a usage error', async () => {
    const repo = evalFolder();
    expect((await run(['eval', '--mode', 'live'], repo)).stderr).toContain('set ANTHROPIC_API_KEY');
    expect((await run(['eval', '--repeat', '3'], repo)).stderr).toContain('--mode live');
    expect((await run(['eval', '--case', 'nope', '--no-claude'], repo)).stderr).toContain('no case nope');
    expect((await run(['check', '--mode', 'live'], repo)).stderr).toContain('--mode is an option of eval');
    expect((await run(['eval', '--update-baseline'], repo)).code).toBe(2);
  });
});
