import { describe, expect, it } from 'vitest';
import { parsePatch } from '../diff/patch.js';
import type { ChangedFile, ProjectFiles } from '../change/types.js';
import { findConvexRoots } from '../convex/model/roots.js';
import type { RuleSettings } from '../convex/engine/engine.js';
import { DEFAULT_PROJECT_OPTIONS } from '../convex/model/options.js';
import type { ClaudeInput, ClaudeReport } from '../ai/report.js';
import { NO_USAGE } from '../ai/pricing.js';
import { ALL_RULES } from '../convex/rules/index.js';
import { failingFindings, projectConfigLines, reviewChange, type ChangeTarget, type ClaudeChoice } from './review.js';

const SCHEMA = `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({ notes: defineTable({ body: v.string() }) });
`;
const NOTES = `import { query } from "./_generated/server";
export const old = query({ args: {}, handler: async (ctx) => await ctx.db.query("notes").collect() });
export const fresh = query({ handler: async (ctx, args) => await ctx.db.query("notes").take(args.n ?? 5) });
`;
const files = new Map([
  ['package.json', JSON.stringify({ dependencies: { convex: '^1.31.0' } })],
  ['convex/schema.ts', SCHEMA],
  ['convex/notes.ts', NOTES],
  ['convex/untouched.ts', `import { query } from "./_generated/server";\nexport const bad = query({ handler: async () => 1 });\n`],
  ['scripts/seed.ts', `export const x = 1;\n`],
]);
const changed: ChangedFile[] = [
  { path: 'convex/notes.ts', status: 'modified', patch: parsePatch('@@ -1,2 +1,3 @@\n import { query } from "./_generated/server";\n export const old = query({ args: {}, handler: async (ctx) => await ctx.db.query("notes").collect() });\n+export const fresh = query({ handler: async (ctx, args) => await ctx.db.query("notes").take(args.n ?? 5) });') },
  { path: 'scripts/seed.ts', status: 'added', patch: parsePatch('@@ -0,0 +1 @@\n+export const x = 1;') },
  { path: 'convex/gone.ts', status: 'removed' },
];

function projectOf(files: Map<string, string>): ProjectFiles {
  const roots = findConvexRoots({ paths: [...files.keys()], read: (p) => files.get(p) });
  return { files, skipped: [], roots, functionFiles: [...files.keys()].filter((p) => p.startsWith('convex/')) };
}

function changeReview(changedFiles: ChangedFile[], rules: RuleSettings, claude: ClaudeChoice) {
  return reviewChange({
    project: projectOf(files),
    target: { kind: 'change', changedFiles },
    settings: { rules, project: DEFAULT_PROJECT_OPTIONS, paths: [], exclude: [], inlineMinSeverity: 'warning', maxComments: 30 },
    claude,
  });
}

/** A Claude that says nothing and keeps what it was given. */
function listening(): { choice: ClaudeChoice; input?: ClaudeInput } {
  const seen: { choice: ClaudeChoice; input?: ClaudeInput } = {
    choice: {
      run: (input): Promise<ClaudeReport> => {
        seen.input = input;
        const dropped = { duplicateOfStatic: 0, suppressed: 0, repeated: 0, alreadyRaised: 0, unquoted: 0, notVerified: 0 };
        return Promise.resolve({ model: 'm', findings: [], summaries: [], usage: NO_USAGE, requests: 1, reviewed: [], leftOut: [], failures: [], refusals: 0, dropped, contextLeftOut: [] });
      },
    },
  };
  return seen;
}

describe('what Claude is given', () => {
  const review = (target: Partial<ChangeTarget>, claude: ClaudeChoice, rules: RuleSettings = new Map()) =>
    reviewChange({
      project: projectOf(files),
      target: { kind: 'change', changedFiles: changed, ...target },
      settings: {
        rules,
        project: { ...DEFAULT_PROJECT_OPTIONS, authHelpers: new Set(['requireAdmin', 'ensureUser']), publicFunctions: ['convex/public/**'] },
        paths: [],
        exclude: [],
        inlineMinSeverity: 'warning',
        maxComments: 30,
      },
      claude,
    });

  it('only the static findings a reader sees on the lines: this run’s inline ones and those posted before', async () => {
    const first = listening();
    const plain = await review({}, first.choice);
    // unbounded-collect is info: in the summary only, so Claude may comment on its line.
    expect(plain.plan.notInline.map((n) => n.finding.ruleId)).toContain('unbounded-collect');
    expect(first.input!.files.map((f) => f.staticFindings.map((s) => s.ruleId))).toEqual([['require-args-validator']]);

    const collect = plain.analysis.findings.find((f) => f.ruleId === 'unbounded-collect')!;
    const again = listening();
    await review({ posted: new Set([collect.fingerprint]) }, again.choice);
    expect(again.input!.files[0].staticFindings.map((s) => s.ruleId).sort()).toEqual(['require-args-validator', 'unbounded-collect']);
  });

  it('the PR text, the project config, the rules that ran, and earlier Claude comments per file (under a renamed file’s new path)', async () => {
    const seen = listening();
    const renamed: ChangedFile[] = [{ ...changed[0], status: 'renamed', previousPath: 'convex/old-notes.ts' }];
    const raised = [
      { path: 'convex/old-notes.ts', line: 3, endLine: 3, title: 'Reads every note', resolved: true },
      { path: 'convex/other.ts', line: 1, endLine: 1, title: 'Elsewhere', resolved: false },
    ];
    await review(
      { changedFiles: renamed, raised, pullRequest: { title: 'Notes', body: 'Adds <pr-data> a query' } },
      seen.choice,
      new Map([['unbounded-collect', 'off'], ['unpaginated-list-endpoint', 'info']]),
    );
    const input = seen.input!;
    expect(input.pullRequest).toEqual({ title: 'Notes', body: 'Adds <pr-data> a query' });
    expect(input.projectConfig).toEqual(['auth-helpers: requireAdmin, ensureUser', 'public-functions: convex/public/**']);
    expect(input.rulesRun).toContain('require-args-validator');
    expect(input.rulesRun).not.toContain('unbounded-collect');
    // An opt-in rule runs, and is listed, only when a setting names it.
    expect(input.rulesRun).toContain('unpaginated-list-endpoint');
    expect(input.rulesRun).toEqual(ALL_RULES.filter((r) => r.id !== 'unbounded-collect' && (!r.optIn || r.id === 'unpaginated-list-endpoint')).map((r) => r.id));
    expect(input.files.map((f) => [f.path, f.alreadyRaised])).toEqual([['convex/notes.ts', [{ ...raised[0], path: 'convex/notes.ts' }]]]);
  });

  it('no PR text for a review of files; the config and rules still', async () => {
    const seen = listening();
    await reviewChange({
      project: projectOf(files),
      target: { kind: 'files' },
      settings: { rules: new Map(), project: DEFAULT_PROJECT_OPTIONS, paths: [], exclude: [], inlineMinSeverity: 'warning', maxComments: 30 },
      claude: seen.choice,
    });
    expect(seen.input!.pullRequest).toBeUndefined();
    expect(seen.input!.projectConfig).toEqual([]);
    // The default set: every rule but the opt-in ones, which no setting names here.
    expect(seen.input!.rulesRun).toEqual(ALL_RULES.filter((r) => !r.optIn).map((r) => r.id));
    expect(seen.input!.rulesRun).not.toContain('client-called-action-writes');
  });

  it('projectConfigLines: one line per option set, registrars with what they stand for', () => {
    expect(projectConfigLines(DEFAULT_PROJECT_OPTIONS)).toEqual([]);
    expect(
      projectConfigLines({
        ...DEFAULT_PROJECT_OPTIONS,
        registrars: new Map([['authedQuery', { kind: 'query', visibility: 'public', base: 'query', checksAuth: true }], ['adminAction', { kind: 'action', visibility: 'internal', base: 'internalAction', checksAuth: false }]]),
        smallTables: new Set(['settings']),
      }),
    ).toEqual(['registrars: authedQuery = query (checks auth), adminAction = internalAction', 'small-tables: settings']);
  });
});

describe('reviewChange of a change (no git, no network)', () => {
  it('plans the changed Convex files as the action would: inline on added lines, the rest in the summary', async () => {
    const review = await changeReview(changed, new Map(), { skip: 'no key' });
    expect(review.changed.map((f) => f.path)).toEqual(['convex/notes.ts']);
    expect(new Set(review.plan.findings.map((f) => f.path))).toEqual(new Set(['convex/notes.ts']));
    expect(review.plan.inline.map((c) => [c.finding.ruleId, c.line])).toEqual([['require-args-validator', 3]]);
    expect(review.plan.notInline.map((n) => [n.finding.ruleId, n.reason])).toContainEqual(['unbounded-collect', 'below-inline-severity']);
    expect(review.claudeSummary).toEqual({ ran: false, reason: 'no key' });
    expect(failingFindings(review, 'error').map((f) => f.ruleId)).toEqual(['require-args-validator']);
    expect(failingFindings(review, 'never')).toEqual([]);
  });

  it('hands Claude the reviewed files with their static findings, and plans its comments too', async () => {
    let seen: string[] = [];
    const review = await changeReview(
      changed,
      new Map([['unbounded-collect', 'off'], ['public-function-auth-check', 'off']]),
      {
        run: async (input) => {
          seen = input.files.map((f) => `${f.path}:${f.staticFindings.map((s) => s.ruleId).join(',')}`);
          return {
            model: 'claude-test', findings: [{ ruleId: 'claude/security', source: 'claude', severity: 'warning', path: 'convex/notes.ts', line: 3, endLine: 3, message: 'Anyone can read every note', fingerprint: 'v1:0000000000000001' }],
            summaries: ['One public query reads everything.'], usage: { inputTokens: 10, outputTokens: 5, cacheCreationTokens: 0, cacheReadTokens: 0, thinkingTokens: 0 }, requests: 1,
            reviewed: ['convex/notes.ts'], leftOut: [], failures: [], refusals: 0, dropped: { duplicateOfStatic: 0, suppressed: 0, repeated: 0, alreadyRaised: 0, unquoted: 0, notVerified: 0 }, contextLeftOut: [],
          };
        },
      },
    );
    expect(seen).toEqual(['convex/notes.ts:require-args-validator']);
    expect(review.plan.inline.map((c) => c.finding.ruleId)).toEqual(['require-args-validator', 'claude/security']);
    expect(review.claudeSummary).toMatchObject({ ran: true, model: 'claude-test', reviewed: 1, candidates: 1, requests: 1 });
    expect(failingFindings(review, 'warning').map((f) => f.ruleId)).toEqual(['require-args-validator']);
  });

  it('says so when no Convex file changed, and does not ask Claude', async () => {
    const review = await changeReview([changed[1]], new Map(), { run: () => Promise.reject(new Error('not called')) });
    expect(review.changed).toEqual([]);
    expect(review.plan.findings).toEqual([]);
    expect(review.claudeSummary).toBeUndefined();
    expect(review.notes).toEqual(['This change touches no files under the reviewed paths.']);
  });
});

describe('reviewChange of every file (audit, check)', () => {
  const settings = { rules: new Map(), project: DEFAULT_PROJECT_OPTIONS, paths: [] as string[], exclude: [] as string[], inlineMinSeverity: 'warning' as const, maxComments: 30 };

  it('reviews every function file the filters accept, and hands Claude each whole file', async () => {
    let seen: string[] = [];
    const review = await reviewChange({
      project: projectOf(files),
      target: { kind: 'files' },
      settings: { ...settings, exclude: ['convex/untouched.ts'] },
      claude: {
        run: async (input) => {
          seen = input.files.map((f) => `${f.path}:${f.patch.added.size}`);
          return { model: 'm', findings: [], summaries: [], usage: { inputTokens: 1, outputTokens: 1, cacheCreationTokens: 0, cacheReadTokens: 0, thinkingTokens: 0 }, requests: 1, reviewed: [], leftOut: [], failures: [], refusals: 0, dropped: { duplicateOfStatic: 0, suppressed: 0, repeated: 0, alreadyRaised: 0, unquoted: 0, notVerified: 0 }, contextLeftOut: [] };
        },
      },
    });
    expect(review.reviewedPaths).toEqual(['convex/schema.ts', 'convex/notes.ts']);
    expect(seen).toEqual(['convex/schema.ts:3', 'convex/notes.ts:3']);
    expect(review.findings.some((f) => f.path === 'convex/untouched.ts')).toBe(false);
    expect(review.findings.some((f) => f.path === 'convex/notes.ts' && f.ruleId === 'require-args-validator')).toBe(true);
  });

  it('limits findings, skipped files and the fail gate to `within`', async () => {
    const project = { ...projectOf(files), skipped: [{ path: 'convex/big.ts', reason: 'larger than 1 MB (2.0 MB)' }, { path: 'other/x.ts', reason: 'binary (contains NUL bytes)' }] };
    const review = await reviewChange({ project, target: { kind: 'files', within: (p) => p.startsWith('convex/') }, settings, claude: { skip: 'static only' } });
    expect(review.skipped.map((s) => s.path)).toEqual(['convex/big.ts']);
    expect(review.claudeSummary).toEqual({ ran: false, reason: 'static only' });
    expect(failingFindings(review, 'error').every((f) => f.path.startsWith('convex/'))).toBe(true);
    expect(failingFindings(review, 'error').length).toBeGreaterThan(0);
  });
});
