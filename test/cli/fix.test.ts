/**
 * `--fix` and `--fix-dry-run`: in-process through runCli for the details, and through the bundle
 * (spawned) on a copy of the bundled example and on a git working tree for `review --fix`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/diff/unified.js';
import { cli } from '../support/run-cli.js';
import { tmpRepo, GIT_ENV } from '../support/tmp-repo.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;

const PACKAGE = JSON.stringify({ dependencies: { convex: '^1.31.0' } });
const SERVER = `import { mutation, query } from "./_generated/server";\nimport { v } from "convex/values";\n`;
/** Line 7: the await fix and the table-name fix on one line; line 10: the old syntax. */
const MESSAGES = `${SERVER}
export const send = mutation({
  args: { channelId: v.id("channels") },
  handler: async (ctx, { channelId }) => {
    ctx.db.patch(channelId, { name: "active" });
  },
});
export const count = query(async (ctx) => 1);
`;
const FIXED = `${SERVER}
export const send = mutation({
  args: { channelId: v.id("channels") },
  handler: async (ctx, { channelId }) => {
    await ctx.db.patch("channels", channelId, { name: "active" });
  },
});
export const count = query({ args: {}, handler: async (ctx) => 1 });
`;
const APP = { 'package.json': PACKAGE, 'convex/messages.ts': MESSAGES };

function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (abs: string): void => {
    for (const name of readdirSync(abs)) {
      if (name === '.git') continue;
      const child = join(abs, name);
      if (statSync(child).isDirectory()) walk(child);
      else files[relative(dir, child)] = readFileSync(child, 'utf8');
    }
  };
  walk(dir);
  return files;
}

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...GIT_ENV };
  for (const name of ['FORCE_COLOR', 'NO_COLOR', 'ANTHROPIC_BASE_URL', 'ANTHROPIC_API_KEY']) delete env[name];
  return env;
}

function spawnCli(args: string[], cwd: string) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, env: cleanEnv(), encoding: 'utf8' });
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: cleanEnv(), encoding: 'utf8' }).trim();
}

describe('check --fix', () => {
  it('writes every fix, the two on one line both (neither undoing the other), and reports what it applied', async () => {
    const repo = tmpRepo(APP);
    const { code, stdout, stderr } = await cli(['check', '--fix'], repo);
    expect(readFileSync(join(repo, 'convex/messages.ts'), 'utf8')).toBe(FIXED);
    // Three problems, though two fixes: the table-name edit rides on the await fix of the same line
    // (one suggestion per line, FIXED has both), and the report counts and lists what it fixed.
    expect(stdout).toContain('✔ Fixed 3 problems in 1 file:');
    expect(stdout).toMatch(/convex\/messages\.ts:7 {2}`ctx\.db\.patch\(…\)` is not awaited {2}floating-convex-promise/);
    expect(stdout).toMatch(/convex\/messages\.ts:7 .*explicit-table-name/);
    expect(stdout).toMatch(/convex\/messages\.ts:10 .*no-old-function-syntax/);
    // What is left is the rules' verdict on the fixed file: no fix available any more.
    expect(stdout).not.toContain('(fix available)');
    expect(stderr).toBe('');
    expect(code).toBe(0);

    const again = await cli(['check', '--fix'], repo);
    expect(again.stdout).toContain('--fix: no fix to apply.');
    expect(readFileSync(join(repo, 'convex/messages.ts'), 'utf8')).toBe(FIXED);
  });

  it('puts what it applied and left in the JSON envelope, with the findings of the fixed files', async () => {
    const repo = tmpRepo(APP);
    const { code, stdout } = await cli(['check', '--fix', '--format', 'json'], repo);
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(['version', 'tool', 'files', 'skipped', 'findings', 'fixes']);
    expect(out.findings.filter((f: { fix?: unknown }) => f.fix)).toEqual([]);
    expect(out.fixes).toMatchObject({ mode: 'write', written: ['convex/messages.ts'], left: [], passes: 1 });
    expect(out.fixes.applied.map((f: { ruleId: string }) => f.ruleId).sort()).toEqual(['explicit-table-name', 'floating-convex-promise', 'no-old-function-syntax']);
    // The finding fixed by another's merged suggestion has no fix of its own and names that finding.
    const awaited = out.fixes.applied.find((f: { ruleId: string }) => f.ruleId === 'floating-convex-promise');
    const table = out.fixes.applied.find((f: { ruleId: string }) => f.ruleId === 'explicit-table-name');
    expect(table).toMatchObject({ path: 'convex/messages.ts', line: 7, fixedBy: awaited.fingerprint });
    expect(table.fix).toBeUndefined();
    expect(awaited.fixedBy).toBeUndefined();
    expect(code).toBe(0);
  });

  it('fixes only under the PATHs given', async () => {
    const repo = tmpRepo({ ...APP, 'convex/other.ts': `${SERVER}export const n = query(async () => 1);\n` });
    await cli(['check', 'convex/messages.ts', '--fix'], repo);
    expect(readFileSync(join(repo, 'convex/messages.ts'), 'utf8')).toBe(FIXED);
    expect(readFileSync(join(repo, 'convex/other.ts'), 'utf8')).toContain('query(async () => 1)');
  });
});

describe('check --fix-dry-run', () => {
  it('prints the diff --fix would write, writes nothing, and exits as the files are', async () => {
    const repo = tmpRepo(APP);
    const { code, stdout, stderr } = await cli(['check', '--fix-dry-run'], repo);
    expect(readFileSync(join(repo, 'convex/messages.ts'), 'utf8')).toBe(MESSAGES);
    expect(stdout).toBe(unifiedDiff('convex/messages.ts', MESSAGES, FIXED));
    expect(stdout).toContain('-    ctx.db.patch(channelId, { name: "active" });\n+    await ctx.db.patch("channels", channelId, { name: "active" });\n');
    expect(stderr).toBe('--fix would apply 2 fixes (3 problems) to 1 file. Nothing was written.\n');
    expect(code).toBe(1); // the floating promise, an error, is still there

    // The diff is what --fix writes: git apply takes it.
    writeFileSync(join(repo, 'fix.patch'), stdout);
    git(repo, 'init', '--quiet');
    git(repo, 'apply', 'fix.patch');
    expect(readFileSync(join(repo, 'convex/messages.ts'), 'utf8')).toBe(FIXED);
  });

  it('carries the diff in the JSON envelope, beside the findings as they are', async () => {
    const repo = tmpRepo(APP);
    const { stdout } = await cli(['check', '--fix-dry-run', '--format', 'json'], repo);
    const out = JSON.parse(stdout);
    expect(out.findings.filter((f: { fix?: unknown }) => f.fix)).toHaveLength(2);
    expect(out.fixes).toMatchObject({ mode: 'dry-run', written: [], diff: unifiedDiff('convex/messages.ts', MESSAGES, FIXED) });
    expect(readFileSync(join(repo, 'convex/messages.ts'), 'utf8')).toBe(MESSAGES);
  });
});

describe('review --fix', () => {
  it('is a usage error with --head, naming why', async () => {
    const { code, stderr } = await cli(['review', '--fix', '--head', 'main'], tmpRepo(APP));
    expect(code).toBe(2);
    expect(stderr).toContain('--fix fixes the files of the working tree, and --head main reviews a commit, which has none to write: drop --head');
  });
});

describe('the fixes through the bundle', () => {
  it('check --fix-dry-run on a copy of the bundled example prints a diff and writes nothing; --fix writes it', () => {
    const repo = tmpRepo({});
    cpSync(join(ROOT, 'examples/chat-app/head'), repo, { recursive: true });
    const before = readTree(repo);

    const dry = spawnCli(['check', '--fix-dry-run'], repo);
    expect(dry.stdout).toMatch(/^diff --git a\/convex\//);
    expect(dry.stderr).toMatch(/^--fix would apply \d+ fix(es)?( \(\d+ problems\))? to \d+ files?/);
    expect(readTree(repo)).toEqual(before);

    const fix = spawnCli(['check', '--fix'], repo);
    expect(fix.stdout).toMatch(/✔ Fixed \d+ problems? in \d+ files?:/);
    const after = readTree(repo);
    const diff = Object.keys(after)
      .sort()
      .map((path) => unifiedDiff(path, before[path], after[path]))
      .join('');
    expect(diff).toBe(dry.stdout);
    expect(spawnCli(['check', '--fix-dry-run'], repo).stdout).toBe('');
  });

  it('review --fix fixes the changed files of the working tree and reviews the result', () => {
    const repo = tmpRepo({});
    git(repo, 'init', '--quiet');
    git(repo, 'symbolic-ref', 'HEAD', 'refs/heads/main');
    mkdirSync(join(repo, 'convex'));
    writeFileSync(join(repo, 'package.json'), PACKAGE);
    writeFileSync(join(repo, 'convex/old.ts'), `${SERVER}export const n = query(async () => 1);\n`);
    git(repo, 'add', '--all');
    git(repo, 'commit', '--quiet', '--message', 'base');
    writeFileSync(join(repo, 'convex/messages.ts'), MESSAGES);

    const run = spawnCli(['review', '--fix', '--no-claude'], repo);
    expect(run.stdout).toContain('✔ Fixed 3 problems in 1 file:');
    expect(readFileSync(join(repo, 'convex/messages.ts'), 'utf8')).toBe(FIXED);
    // An unchanged file is not the change's: left as it is.
    expect(readFileSync(join(repo, 'convex/old.ts'), 'utf8')).toContain('query(async () => 1)');
    expect(run.status).toBe(0);
  });
});

describe('unifiedDiff', () => {
  it('applies with git apply: insertions, deletions, changes at both ends, no final newline', () => {
    const lines = (count: number, change: (i: number) => string | undefined = () => undefined): string =>
      Array.from({ length: count }, (_, i) => change(i + 1) ?? `line ${i + 1}`).join('\n') + '\n';
    const repo = tmpRepo({});
    git(repo, 'init', '--quiet');
    const cases: Array<[string, string]> = [
      [lines(12), lines(12, (i) => (i === 1 ? 'first\nsecond' : i === 12 ? 'LAST' : undefined))],
      [lines(8), lines(8, (i) => (i === 4 ? 'a\nb\nc' : undefined)).replace('line 7\n', '')],
      ['one\ntwo\nthree', 'one\nTWO\nthree'],
    ];
    for (const [i, [before, after]] of cases.entries()) {
      const path = `convex/f${i}.ts`;
      mkdirSync(join(repo, 'convex'), { recursive: true });
      writeFileSync(join(repo, path), before);
      writeFileSync(join(repo, 'fix.patch'), unifiedDiff(path, before, after));
      git(repo, 'apply', 'fix.patch');
      expect(readFileSync(join(repo, path), 'utf8')).toBe(after);
    }
  });
});
