import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cli } from '../support/run-cli.js';
import { tmpRepo } from '../support/tmp-repo.js';
import type { Finding } from '../../src/core/finding.js';

const APP = {
  'app/package.json': JSON.stringify({ dependencies: { convex: '^1.31.0' } }),
  'app/convex/messages.ts': `import { query as q } from "./_generated/server";
export const list = q({ handler: async (ctx, args) => [args, await ctx.db.query("messages").first()] });
export const old = q(async (ctx) => ctx.db.query("messages").first());
`,
  'app/convex/ok.ts': `import { query } from "./_generated/server";\nexport const fine = query({ args: {}, handler: async () => 1 });\n`,
};

describe('convex-review check --format json', () => {
  it('prints exactly the contract envelope, with repo-root paths and fingerprints', async () => {
    const repo = tmpRepo(APP);
    const { code, stdout, stderr } = await cli(['check', 'app', '--format', 'json'], repo);
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(['version', 'tool', 'files', 'skipped', 'findings']);
    expect(out.version).toBe(1);
    expect(out.tool).toEqual({ name: 'convex-review', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(out.files).toBe(2);
    expect(out.skipped).toEqual([]);
    const mine = (out.findings as Finding[]).filter((f) => f.ruleId === 'require-args-validator' || f.ruleId === 'no-old-function-syntax');
    expect(mine.map((f: Finding) => [f.ruleId, f.path, f.line, f.endLine, f.severity])).toEqual([
      ['require-args-validator', 'app/convex/messages.ts', 2, 2, 'error'],
      ['no-old-function-syntax', 'app/convex/messages.ts', 3, 3, 'warning'],
    ]);
    for (const f of out.findings as Finding[]) {
      expect(f.source).toBe('static');
      expect(f.fingerprint).toMatch(/^v1:[0-9a-f]{16}$/);
      expect(f.docsUrl).toMatch(/^https:\/\/docs\.convex\.dev\//);
    }
    expect(code).toBe(1); // an error finding, default --fail-on error
    expect(stderr).toBe('');
  });

  it('keeps repo-root paths and fingerprints when run from a subfolder', async () => {
    const repo = tmpRepo(APP);
    const fromRoot = JSON.parse((await cli(['check', 'app', '--format', 'json'], repo)).stdout);
    const fromSub = JSON.parse((await cli(['check', '.', '--format', 'json'], join(repo, 'app/convex'))).stdout);
    expect(fromSub.findings).toEqual(fromRoot.findings);
  });

  it('lists large and binary files in skipped and gives a broken file parse-error only', async () => {
    const repo = tmpRepo({
      ...APP,
      'app/convex/huge.ts': 'export const a = 1;\n'.repeat(60_000),
      'app/convex/blob.js': Buffer.from([0x65, 0x00, 0x66]),
      'app/convex/broken.ts': `import { query } from "./_generated/server";\nexport const x = query({ handler: async () => { return ( });\n`,
    });
    const out = JSON.parse((await cli(['check', 'app', '--format', 'json'], repo)).stdout);
    expect(out.skipped).toEqual([
      { path: 'app/convex/blob.js', reason: 'binary (contains NUL bytes)' },
      { path: 'app/convex/huge.ts', reason: 'larger than 1 MB (1.1 MB)' },
    ]);
    const broken = out.findings.filter((f: Finding) => f.path === 'app/convex/broken.ts');
    expect(broken.map((f: Finding) => f.ruleId)).toEqual(['parse-error']);
    expect(broken[0].severity).toBe('info');
  });
});

describe('convex-review check (text)', () => {
  it('groups by file with cwd-relative paths, a total and the time taken, no colour off a TTY', async () => {
    const repo = tmpRepo(APP);
    const { stdout } = await cli(['check', '--rule', 'public-function-auth-check=off'], join(repo, 'app'));
    expect(stdout).toMatch(/^convex\/messages\.ts\n {2}2:\d+ +error +Public query has no `args` validator/);
    expect(stdout).toContain('(fix available)');
    expect(stdout).toMatch(/✖ 2 problems \(1 error, 1 warning, 0 info\) · 2 files checked in \d+\.\d\ds\n$/);
    expect(stdout).not.toContain('\x1b[');
  });

  it('says so and exits 2 when there is no Convex code (no silent green: test/cli/no-silent-green.test.ts)', async () => {
    const repo = tmpRepo({ 'web/index.ts': 'export {}' });
    const { code, stdout, stderr } = await cli(['check', 'web'], repo);
    expect(code).toBe(2);
    expect(stderr).toContain("nothing to check. PATH 'web': there is no Convex functions folder in this project (looked for convex.json and convex/ folders)");
    expect(stdout).toBe('');
  });
});

describe('exit codes and usage errors', () => {
  it('follows --fail-on', async () => {
    const repo = tmpRepo(APP);
    expect((await cli(['check', 'app', '--fail-on', 'never'], repo)).code).toBe(0);
    expect((await cli(['check', 'app', '--rule', 'require-args-validator=off'], repo)).code).toBe(0);
    expect((await cli(['check', 'app', '--rule', 'require-args-validator=off', '--fail-on', 'warning'], repo)).code).toBe(1);
    expect((await cli(['check', 'app', '--rule', 'require-args-validator=off,no-old-function-syntax=off', '--fail-on', 'warning'], repo)).code).toBe(0);
    expect((await cli(['check', 'app', '--rule', 'require-args-validator=off,no-old-function-syntax=off', '--fail-on', 'info'], repo)).code).toBe(1);
    expect((await cli(['check', 'app', '--rule', 'no-old-function-syntax=error', '--rule', 'require-args-validator=info'], repo)).code).toBe(1);
  });

  it.each([
    [['check', '--format', 'xml'], "--format: 'xml' is not a format; use one of text, json"],
    [['check', '--fail-on', 'high'], "--fail-on: 'high' is not a severity; use one of error, warning, info, never"],
    [['check', '--rule', 'no-such-rule=off'], "--rule: unknown rule id 'no-such-rule'. Valid ids: aggregate-not-synced, client-called-action-writes, collect-for-count, "],
    [['check', '--rule', 'require-args-validator=loud'], "--rule: 'loud' is not a setting for require-args-validator; use one of off, error, warning, info"],
    [['check', '--rule', 'oops'], "--rule: 'oops' is not ID=SETTING"],
    [['check', '--colour'], "Unknown option '--colour'"],
    [['lint'], "unknown command 'lint'; the commands are: check"],
    [[], 'a command is required: check'],
    [['check', 'does/not/exist'], "PATH 'does/not/exist' does not exist"],
  ])('%j exits 2 naming the problem', async (args, message) => {
    const repo = tmpRepo(APP);
    const { code, stderr, stdout } = await cli(args, repo);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
  });

  it('reports a broken convex.json as a config error naming the file', async () => {
    const repo = tmpRepo({ ...APP, 'app/convex.json': '{ "functions": ' });
    const { code, stderr } = await cli(['check', 'app'], repo);
    expect(code).toBe(2);
    expect(stderr).toContain('app/convex.json: not valid JSON');
  });
});
