/**
 * Adopting on an existing app: `--update-baseline` records today's findings, `--baseline` then
 * shows only new ones (check and review), the config file's `baseline:` is the default, and a
 * broken or missing baseline exits 2 naming it. In-process, and through the bundle.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { cli } from '../support/run-cli.js';
import { tmpRepo, GIT_ENV } from '../support/tmp-repo.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;

const LEGACY = {
  'convex/notes.ts': `import { query } from "./_generated/server";
export const list = query({ handler: async (ctx, args) => (await ctx.db.query("notes").collect()).concat(args.extra ?? []) });
export const count = query({ handler: async (ctx) => (await ctx.db.query("notes").collect()).length });
`,
  'convex/users.ts': `import { query } from "./_generated/server";
export const all = query({ handler: async (ctx) => await ctx.db.query("users").collect() });
`,
};
/** A new function with a new problem (no args validator), planted after the baseline was recorded. */
const PLANTED = `import { mutation } from "./_generated/server";
export const remove = mutation({ handler: async (ctx, args: any) => { await ctx.db.delete(args.id); } });
`;

const json = (stdout: string): Finding[] => JSON.parse(stdout).findings as Finding[];

describe('check --baseline', () => {
  it('records the findings, then shows only a new one, which alone fails the run', async () => {
    const repo = tmpRepo(LEGACY);
    const before = await cli(['check', '--format', 'json'], repo);
    const legacy = json(before.stdout);
    expect(legacy.length).toBeGreaterThan(0);
    expect(before.code).toBe(1);

    const recorded = await cli(['check', '--baseline', 'baseline.json', '--update-baseline'], repo);
    expect(recorded).toEqual({ code: 0, stdout: `Recorded ${legacy.length} findings in the baseline baseline.json.\n`, stderr: '' });
    const file = JSON.parse(readFileSync(join(repo, 'baseline.json'), 'utf8'));
    expect(file.findings.map((e: { fingerprint: string }) => e.fingerprint).sort()).toEqual(legacy.map((f) => f.fingerprint).sort());

    const quiet = await cli(['check', '--baseline', 'baseline.json'], repo);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toContain('✔ No problems');
    expect(quiet.stdout).toContain(`\n${legacy.length} findings in the baseline baseline.json not shown.\n`);

    // Lines move above the old findings (no new fingerprint), and a new problem appears.
    writeFileSync(join(repo, 'convex/notes.ts'), `// moved down\n\n${LEGACY['convex/notes.ts']}`);
    writeFileSync(join(repo, 'convex/admin.ts'), PLANTED);
    const after = await cli(['check', '--baseline', 'baseline.json', '--format', 'json'], repo);
    const fresh = json(after.stdout);
    expect(fresh.map((f) => `${f.path} ${f.ruleId}`).sort()).toEqual(['convex/admin.ts public-function-auth-check', 'convex/admin.ts require-args-validator']);
    expect(after.stderr).toBe(`${legacy.length} findings in the baseline baseline.json not shown.\n`);
    expect(after.code).toBe(1);
  });

  it('says which recorded findings are gone, and an update on one folder keeps the others', async () => {
    const repo = tmpRepo(LEGACY);
    await cli(['check', '--baseline', 'b.json', '--update-baseline'], repo);
    const all = JSON.parse(readFileSync(join(repo, 'b.json'), 'utf8')).findings as { path: string }[];
    const inUsers = all.filter((e) => e.path === 'convex/users.ts').length;

    writeFileSync(join(repo, 'convex/users.ts'), 'export const nothing = 1;\n');
    const fixed = await cli(['check', '--baseline', 'b.json'], repo);
    expect(fixed.stdout).toContain(`${inUsers === 1 ? '1 finding of the baseline is' : `${inUsers} findings of the baseline are`} no longer found (fixed or changed); --update-baseline drops`);

    const partial = await cli(['check', 'convex/users.ts', '--baseline', 'b.json', '--update-baseline'], repo);
    expect(partial.stdout).toBe(`Recorded 0 findings in the baseline b.json (and kept ${all.length - inUsers} findings of files this run did not check).\n`);
    const kept = JSON.parse(readFileSync(join(repo, 'b.json'), 'utf8')).findings as { path: string }[];
    expect(kept.map((e) => e.path)).not.toContain('convex/users.ts');
    expect(kept).toHaveLength(all.length - inUsers);
  });

  it("uses the config file's baseline (repository-relative) when --baseline is not given", async () => {
    const repo = tmpRepo({ ...LEGACY, '.github/convex-review.yml': 'baseline: .github/convex-review-baseline.json\n' });
    const recorded = await cli(['check', '--update-baseline'], join(repo, 'convex'));
    expect(recorded.code).toBe(0);
    expect(recorded.stdout).toMatch(/^Recorded \d+ findings in the baseline \.github\/convex-review-baseline\.json\.\n$/);
    const run = await cli(['check', '.'], repo);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\d+ findings in the baseline \.github\/convex-review-baseline\.json not shown\.\n$/);
  });

  it('exits 2 on a broken, missing or absent baseline, naming it', async () => {
    const repo = tmpRepo({ ...LEGACY, 'broken.json': '{"version": 1, "tool": "convex-review", "findings": [\n<<<<<<< HEAD\n' });
    const broken = await cli(['check', '--baseline', 'broken.json'], repo);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^convex-review: broken\.json: not valid JSON \([^\n]+\)\n$/);
    const update = await cli(['check', '--baseline', 'broken.json', '--update-baseline'], repo);
    expect(update.code).toBe(2);
    expect(update.stderr).toMatch(/^convex-review: broken\.json: not valid JSON \([^\n]+\)\. Fix it, or delete it to record the baseline anew\n$/);

    const missing = await cli(['check', '--baseline', 'nope.json'], repo);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`convex-review: baseline nope.json: no such file (looked at ${join(repo, 'nope.json')}); record one with --update-baseline\n`);

    const none = await cli(['check', '--update-baseline'], repo);
    expect(none).toMatchObject({ code: 2, stderr: 'convex-review: --update-baseline writes the baseline: give its file with --baseline FILE (or set baseline: in the config file)\n' });
  });
});

// No user or system git config, a fixed identity: the same repositories on every machine.
const git = (repo: string, ...args: string[]): string => execFileSync('git', args, { cwd: repo, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' }).trim();

describe('review --baseline', () => {
  it('keeps a recorded finding of a changed file out of the inline comments and out of fail-on', async () => {
    const repo = tmpRepo(LEGACY);
    git(repo, 'init', '--quiet');
    git(repo, 'symbolic-ref', 'HEAD', 'refs/heads/main');
    git(repo, 'add', '--all');
    git(repo, 'commit', '--quiet', '--message', 'base');
    git(repo, 'checkout', '--quiet', '-b', 'feature');
    // The change swaps notes.ts's two functions (one of them lands on added lines, its
    // fingerprint unchanged) and adds a new problem.
    const [imports, list, count] = LEGACY['convex/notes.ts'].trimEnd().split('\n');
    writeFileSync(join(repo, 'convex/notes.ts'), [imports, count, list, ''].join('\n'));
    writeFileSync(join(repo, 'convex/admin.ts'), PLANTED);

    const base = ['review', '--no-claude', '--base', 'main', '--format', 'json', '--fail-on', 'error'];
    const bare = await cli(base, repo);
    const bareInline = JSON.parse(bare.stdout).inline as { path: string }[];
    expect(bareInline.map((c) => c.path)).toContain('convex/notes.ts');

    // Recorded on the base's files only: admin.ts is new.
    writeFileSync(join(repo, 'convex/admin.ts'), 'export const nothing = 1;\n');
    expect((await cli([...base, '--baseline', 'b.json', '--update-baseline'], repo)).code).toBe(0);
    writeFileSync(join(repo, 'convex/admin.ts'), PLANTED);

    const run = await cli([...base, '--baseline', 'b.json'], repo);
    const out = JSON.parse(run.stdout) as { inline: { path: string; ruleId: string }[]; findings: Finding[] };
    expect(out.inline.map((c) => `${c.path} ${c.ruleId}`)).toEqual(['convex/admin.ts require-args-validator']);
    expect(out.findings.some((f) => f.path === 'convex/notes.ts')).toBe(true);
    expect(run.stderr).toMatch(/^\d+ findings? in the baseline b\.json only in the summary, not inline\.\n$/);
    expect(run.code).toBe(1);

    const text = await cli(['review', '--no-claude', '--base', 'main', '--baseline', 'b.json', '--fail-on', 'never'], repo);
    expect(text.stdout).toContain('in the baseline (known before this PR)');
  });
});

describe('node dist/cli.js check --baseline', () => {
  it('records, then reports only a planted problem; a broken baseline exits 2 naming it', () => {
    const repo = tmpRepo(LEGACY);
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'check', ...args], { cwd: repo, encoding: 'utf8' });
    const recorded = run('--update-baseline', '--baseline', '.convex-review-baseline.json');
    expect(recorded.status).toBe(0);
    expect(recorded.stdout).toMatch(/^Recorded \d+ findings in the baseline \.convex-review-baseline\.json\.\n$/);
    expect(run('--baseline', '.convex-review-baseline.json').status).toBe(0);

    writeFileSync(join(repo, 'convex/admin.ts'), PLANTED);
    const after = run('--baseline', '.convex-review-baseline.json', '--format', 'json');
    expect(after.status).toBe(1);
    expect(json(after.stdout).map((f) => `${f.path}:${f.line} ${f.ruleId}`).sort()).toEqual(['convex/admin.ts:2 public-function-auth-check', 'convex/admin.ts:2 require-args-validator']);

    writeFileSync(join(repo, '.convex-review-baseline.json'), '{"version": 1, "tool": "convex-review"}\n');
    const broken = run('--baseline', '.convex-review-baseline.json');
    expect(broken.status).toBe(2);
    expect(broken.stderr).toBe('convex-review: .convex-review-baseline.json: findings: must be a list of findings\n');
  });
});
