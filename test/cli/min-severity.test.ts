/**
 * check's outputs for people and for CI, in-process: --min-severity / --quiet hide findings from
 * every format (a line counts them in text; fail-on still counts them), each text finding ends
 * with its rule's page, --format github prints workflow commands, and --rules is --rule.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { cli } from '../support/run-cli.js';
import { tmpRepo } from '../support/tmp-repo.js';

const DOCS = 'https://github.com/convex-review/convex-review/blob/main/docs/rules';
// One error (require-args-validator), one warning (no-old-function-syntax), infos (public-function-auth-check).
const APP = {
  'package.json': JSON.stringify({ dependencies: { convex: '^1.31.0' } }),
  'convex/messages.ts': `import { query } from "./_generated/server";
export const list = query({ handler: async (ctx, args) => [args, await ctx.db.query("messages").first()] });
export const old = query(async (ctx) => ctx.db.query("messages").first());
`,
};

describe('--min-severity and --quiet', () => {
  it('hide info from the text output, with a line that counts what was hidden', async () => {
    const repo = tmpRepo(APP);
    const all = await cli(['check'], repo);
    expect(all.stdout).toContain(' info ');
    const quiet = await cli(['check', '--quiet'], repo);
    expect(quiet.stdout).not.toMatch(/ info {4}/);
    expect(quiet.stdout).toContain('require-args-validator');
    expect(quiet.stdout).toContain('no-old-function-syntax');
    expect(quiet.stdout).toMatch(/\n2 findings below warning hidden \(2 info\) by --min-severity warning\n✖ 2 problems \(1 error, 1 warning, 0 info\)/);
    expect(quiet.code).toBe(1);
    const time = (out: string) => out.replace(/\d+\.\d\ds/, 'T');
    expect(time((await cli(['check', '--min-severity', 'warning'], repo)).stdout)).toBe(time(quiet.stdout));
  });

  it('hide from json, sarif and github too, with no count line in them', async () => {
    const repo = tmpRepo(APP);
    const json = JSON.parse((await cli(['check', '--min-severity', 'error', '--format', 'json'], repo)).stdout);
    expect(json.findings.map((f: Finding) => f.ruleId)).toEqual(['require-args-validator']);
    const sarif = JSON.parse((await cli(['check', '--min-severity', 'error', '--format', 'sarif'], repo)).stdout);
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['require-args-validator']);
    const github = await cli(['check', '--min-severity', 'error', '--format', 'github'], repo);
    expect(github.stdout.trim().split('\n')).toHaveLength(1);
    expect(github.stdout).toMatch(/^::error file=convex\/messages\.ts,/);
  });

  it('only display: a hidden finding still fails the run, and the count line says so', async () => {
    const repo = tmpRepo(APP);
    const run = await cli(['check', '--quiet', '--fail-on', 'info', '--rule', 'require-args-validator=off', '--rule', 'no-old-function-syntax=off'], repo);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('2 findings below warning hidden (2 info) by --min-severity warning; 2 of them are at or above --fail-on info, so the run fails');
    expect(run.stdout).toContain('✔ No problems shown');
    const passing = await cli(['check', '--quiet', '--rule', 'require-args-validator=off', '--rule', 'no-old-function-syntax=off'], repo);
    expect(passing.code).toBe(0);
    expect(passing.stdout).not.toContain('so the run fails');
  });

  it('--quiet and --min-severity together, or a bad severity, exit 2', async () => {
    const repo = tmpRepo(APP);
    expect(await cli(['check', '--quiet', '--min-severity', 'info'], repo)).toMatchObject({ code: 2, stderr: expect.stringContaining('--quiet is --min-severity warning') });
    expect(await cli(['check', '--min-severity', 'loud'], repo)).toMatchObject({ code: 2, stderr: expect.stringContaining("--min-severity: 'loud' is not a severity; use one of error, warning, info") });
  });
});

describe('check text output', () => {
  it('ends each finding with its rule docs link', async () => {
    const { stdout } = await cli(['check'], tmpRepo(APP));
    const findingLines = stdout.split('\n').filter((l) => /^ {2}\d+:\d+/.test(l));
    expect(findingLines.length).toBeGreaterThanOrEqual(3);
    for (const line of findingLines) {
      const id = line.match(/ ([a-z-]+) https:/)![1];
      expect(line.endsWith(`${id} ${DOCS}/${id}.md`)).toBe(true);
    }
  });
});

describe('--format github', () => {
  it('prints one workflow command per finding, repo-root paths, escaped properties', async () => {
    const repo = tmpRepo({ ...APP, 'app/convex/we,ird:name.ts': APP['convex/messages.ts'], 'app/package.json': APP['package.json'] });
    const { code, stdout, stderr } = await cli(['check', '.', '--format', 'github', '--rule', 'public-function-auth-check=off'], `${repo}/app/convex`);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1)).toEqual([
      '::error file=app/convex/we%2Cird%3Aname.ts,line=2,endLine=2,col=21,title=convex-review%3A require-args-validator::Public query has no `args` validator: any client can call it with any arguments',
      expect.stringMatching(/^::warning file=app\/convex\/we%2Cird%3Aname\.ts,line=3,endLine=3,col=\d+,title=convex-review%3A no-old-function-syntax::\S/),
    ]);
  });
});

describe('--rules', () => {
  it('is --rule (the Action input name), repeatable and mixed with --rule', async () => {
    const repo = tmpRepo(APP);
    const both = await cli(['check', '--format', 'json', '--rules', 'require-args-validator=off', '--rule', 'no-old-function-syntax=off'], repo);
    const ids = JSON.parse(both.stdout).findings.map((f: Finding) => f.ruleId);
    expect(ids).not.toContain('require-args-validator');
    expect(ids).not.toContain('no-old-function-syntax');
    expect(await cli(['check', '--rules', 'no-such-rule=off'], repo)).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown rule id 'no-such-rule'") });
  });
});
