/**
 * The CLI as users run it (the bundle, spawned): `rules`, --min-severity/--quiet on check and
 * review, --format github, --rules, no silent green outside git, and a reader that closes the
 * pipe early (`| head`).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../src/convex/rules/index.js';
import type { Finding } from '../../src/core/finding.js';
import { GIT_ENV } from '../support/tmp-repo.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;
const EXAMPLE = 'examples/chat-app/head';

const env = (): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env, ...GIT_ENV };
  for (const name of ['FORCE_COLOR', 'NO_COLOR', 'ANTHROPIC_BASE_URL', 'ANTHROPIC_API_KEY']) delete e[name];
  return e;
};
const run = (args: string[], cwd = ROOT) => spawnSync(process.execPath, [CLI, ...args], { cwd, env: env(), encoding: 'utf8' });

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'convex-review-kit-'));
  made.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
const git = (repo: string, ...args: string[]): string => execFileSync('git', args, { cwd: repo, env: env(), encoding: 'utf8' }).trim();

const QUERY = `import { query } from "./_generated/server";\nexport const list = query({ handler: async (ctx, args) => [args, await ctx.db.query("messages").first()] });\n`;
const APP = { 'package.json': JSON.stringify({ dependencies: { convex: '^1.31.0' } }), 'convex/messages.ts': QUERY, 'convex/README.md': '# Functions\n' };

describe('convex-review rules', () => {
  it('prints every rule with its severity, category, fix and docs link, and a total', () => {
    const out = run(['rules']);
    expect(out.status).toBe(0);
    expect(out.stderr).toBe('');
    const lines = out.stdout.split('\n');
    expect(lines[0]).toMatch(/^RULE +SEVERITY +CATEGORY +FIX +TITLE$/);
    for (const rule of ALL_RULES) {
      const at = lines.findIndex((l) => l.startsWith(`${rule.id} `));
      expect(lines[at]).toContain(rule.severity);
      expect(lines[at]).toContain(rule.category);
      expect(lines[at]).toContain(rule.title);
      expect(/ yes {2}/.test(lines[at])).toBe(rule.fixable === true);
      expect(lines[at + 1].trim()).toBe(`https://github.com/convex-review/convex-review/blob/main/docs/rules/${rule.id}.md`);
    }
    expect(out.stdout).toMatch(new RegExp(`\\n${ALL_RULES.length} rules, ${ALL_RULES.filter((r) => r.fixable).length} with a fix \\(--fix applies it\\)`));
  });

  it('--format json: one entry per rule, fixable from the rule', () => {
    const out = JSON.parse(run(['rules', '--format', 'json']).stdout);
    expect(out.version).toBe(1);
    expect(out.rules).toHaveLength(ALL_RULES.length);
    for (const rule of ALL_RULES) expect(out.rules.find((r: { id: string }) => r.id === rule.id)).toMatchObject({ severity: rule.severity, category: rule.category, fixable: rule.fixable === true });
  });

  it('takes no other option', () => {
    const out = run(['rules', '--quiet']);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('--quiet is not an option of rules');
  });
});

describe('check output', () => {
  it('--quiet hides info with a count line; each finding ends with its docs link', () => {
    const all = run(['check', EXAMPLE]);
    const quiet = run(['check', EXAMPLE, '--quiet']);
    expect(all.stdout).toMatch(/ info {5}/);
    expect(quiet.stdout).not.toMatch(/ info {5}/);
    expect(quiet.stdout).toMatch(/\n\d+ findings? below warning hidden \(\d+ info\) by --min-severity warning\n✖/);
    for (const line of quiet.stdout.split('\n').filter((l) => /^ {2}\d+:\d+ /.test(l))) expect(line).toMatch(/ [a-z-]+ https:\/\/github\.com\/convex-review\/convex-review\/blob\/main\/docs\/rules\/[a-z-]+\.md$/);
    expect(quiet.status).toBe(all.status);
  });

  it('--format github: one workflow command per finding, repo-root paths', () => {
    const json = JSON.parse(run(['check', EXAMPLE, '--format', 'json']).stdout);
    const out = run(['check', EXAMPLE, '--format', 'github']);
    const commands = out.stdout.trimEnd().split('\n');
    expect(commands).toHaveLength(json.findings.length);
    for (const c of commands) expect(c).toMatch(/^::(error|warning|notice) file=examples\/chat-app\/head\/convex\/[^,]+,line=\d+,endLine=\d+,(col=\d+,)?title=convex-review%3A [a-z-]+::\S/);
    expect(commands.filter((c) => c.startsWith('::error ')).length).toBe(json.findings.filter((f: Finding) => f.severity === 'error').length);
    expect(out.status).toBe(1);
  });

  it('--rules is --rule', () => {
    const ids = (args: string[]) => JSON.parse(run(['check', EXAMPLE, '--format', 'json', ...args]).stdout).findings.map((f: Finding) => f.ruleId);
    expect(ids([])).toContain('require-args-validator');
    expect(ids(['--rules', 'require-args-validator=off'])).not.toContain('require-args-validator');
  });
});

describe('no silent green', () => {
  it('checks a file of a functions folder outside git; a README there exits 2 saying why and where', () => {
    const app = folder(APP);
    const ok = run(['check', 'convex/messages.ts'], app);
    expect(ok.stdout).toContain('require-args-validator');
    expect(ok.status).toBe(1);
    const inside = run(['check'], join(app, 'convex'));
    expect(inside.stdout).toContain('1 file checked');
    const readme = run(['check', 'convex/README.md'], app);
    expect(readme.status).toBe(2);
    expect(readme.stdout).toBe('');
    expect(readme.stderr).toBe(
      `convex-review: nothing to check. PATH 'convex/README.md' is not a file the rules read (TypeScript or JavaScript: .ts, .tsx, .mts, .cts, .js, .jsx, .mjs, .cjs, not .d.ts). Looked in the project root ${app} (no .git or convex.json; the nearest folder with package.json).\n`,
    );
  });
});

describe('a reader that closes the pipe early (| head)', () => {
  /** Runs the CLI with its stdout closed before it writes: every write hits EPIPE. */
  const closedEarly = (args: string[]) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stderr }));
    });

  it.each([
    [['check', EXAMPLE], 1],
    [['rules'], 0],
    [['--help'], 0],
  ])('%j ends quietly with its usual exit code', async (args, code) => {
    const out = await closedEarly(args);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(code);
  });

  it('through a shell pipe into head', () => {
    const out = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" check ${EXAMPLE} | head -1`], { cwd: ROOT, env: env(), encoding: 'utf8' });
    expect(out.stderr).toBe('');
    expect(out.stdout.split('\n')).toHaveLength(2);
    expect(out.status).toBe(1); // the findings, as without head
  });
});

describe('review', () => {
  it('--quiet hides info from the inline comments and summary; README.md and tsconfig.json are not reviewed files', () => {
    const repo = folder({});
    git(repo, 'init', '--quiet');
    git(repo, 'symbolic-ref', 'HEAD', 'refs/heads/main');
    writeFileSync(join(repo, 'package.json'), APP['package.json']);
    mkdirSync(join(repo, 'convex'));
    writeFileSync(join(repo, 'convex/schema.ts'), 'export default {};\n');
    git(repo, 'add', '--all');
    git(repo, 'commit', '--quiet', '-m', 'base');
    writeFileSync(join(repo, 'convex/messages.ts'), QUERY);
    writeFileSync(join(repo, 'convex/README.md'), '# Functions\n');
    writeFileSync(join(repo, 'convex/tsconfig.json'), '{}\n');

    const all = JSON.parse(run(['review', '--no-claude', '--format', 'json'], repo).stdout);
    expect(all.files.filter((f: { reviewed: boolean }) => f.reviewed).map((f: { path: string }) => f.path)).toEqual(['convex/messages.ts']);
    expect(all.findings.map((f: Finding) => f.severity)).toContain('info');

    const quietJson = JSON.parse(run(['review', '--no-claude', '--format', 'json', '--quiet'], repo).stdout);
    expect(quietJson.findings.length).toBeGreaterThan(0);
    expect(quietJson.findings.every((f: Finding) => f.severity !== 'info')).toBe(true);
    expect(quietJson.inline.every((c: { severity: string }) => c.severity !== 'info')).toBe(true);

    const quiet = run(['review', '--no-claude', '--quiet'], repo);
    expect(quiet.stdout).toMatch(/\n\d+ findings? below warning hidden \(\d+ info\) by --min-severity warning\n$/);
    expect(quiet.stdout).not.toContain('public-function-auth-check');
    expect(quiet.status).toBe(1);
  });
});
