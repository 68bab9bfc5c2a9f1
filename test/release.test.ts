/**
 * scripts/release.mjs in a throwaway clone of this repository (never here): its refusals, its dry
 * run, and a real release — the commit, the tags, the bumped files and the rebuilt dist/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const RELEASE = join(ROOT, 'scripts/release.mjs');
const BUILD = join(ROOT, 'scripts/build.mjs');

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Release Test',
  GIT_AUTHOR_EMAIL: 'release-test@example.invalid',
  GIT_COMMITTER_NAME: 'Release Test',
  GIT_COMMITTER_EMAIL: 'release-test@example.invalid',
  GIT_CONFIG_COUNT: '2',
  GIT_CONFIG_KEY_0: 'commit.gpgSign',
  GIT_CONFIG_VALUE_0: 'false',
  GIT_CONFIG_KEY_1: 'tag.gpgSign',
  GIT_CONFIG_VALUE_1: 'false',
};

let work: string;
let repo: string;

const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' }).trim();
const release = (...args: string[]) => spawnSync(process.execPath, [RELEASE, ...args], { cwd: repo, env, encoding: 'utf8' });
const read = (path: string): string => readFileSync(join(repo, path), 'utf8');
const today = (): string => new Date().toISOString().slice(0, 10);

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'convex-review-release-test-'));
  repo = join(work, 'repo');
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', ROOT, repo], { env });
  // On a branch, whatever this checkout is on (CI checks out a pull request's merge detached).
  git('checkout', '--quiet', '-B', 'release-test');
  // The clone builds with this checkout's packages; git must not see the link.
  symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'));
  appendFileSync(join(repo, '.git/info/exclude'), '\nnode_modules\n');
  // dist/ as this build script makes it from the clone's sources, committed: a releasable tree.
  execFileSync(process.execPath, [BUILD], { cwd: repo, env });
  git('add', '--all', 'dist');
  git('commit', '--quiet', '--allow-empty', '-m', 'dist');
  // Something to release, and a major tag left on an older commit, for the release to move.
  const changelog = read('CHANGELOG.md');
  if (!/^## Unreleased\n+- /m.test(changelog) && !/^## Unreleased\n+###/m.test(changelog)) writeFileSync(join(repo, 'CHANGELOG.md'), changelog.replace(/^## Unreleased\n/m, '## Unreleased\n\n- Something.\n'));
  git('commit', '--quiet', '--allow-empty', '-am', 'changelog');
  git('tag', 'v1', 'HEAD~1');
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('scripts/release.mjs', () => {
  const version = (): string => JSON.parse(read('package.json')).version;

  it('refuses a malformed version (usage, exit 2)', () => {
    for (const bad of [[], ['0.2'], ['v0.2.0'], ['0.2.0-rc.1'], ['0.2.0', '0.3.0']]) {
      const run = release(...bad);
      expect(run.status, bad.join(' ')).toBe(2);
      expect(run.stderr).toContain('Usage: node scripts/release.mjs X.Y.Z');
    }
  });

  it('refuses a version not above the current one, and a tag that exists', () => {
    const same = release(version(), '--dry-run');
    expect(same.status).toBe(1);
    expect(same.stderr).toContain('is not above the current version');
    git('tag', 'v9.9.9');
    const tagged = release('9.9.9', '--dry-run');
    git('tag', '-d', 'v9.9.9');
    expect(tagged.status).toBe(1);
    expect(tagged.stderr).toContain('tag v9.9.9 exists already');
  });

  it('refuses a detached HEAD', () => {
    git('checkout', '--quiet', '--detach');
    const run = release('9.9.9', '--dry-run');
    git('checkout', '--quiet', 'release-test');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('HEAD is detached');
  });

  it('refuses a working tree that is not clean', () => {
    writeFileSync(join(repo, 'stray.txt'), 'x');
    const run = release('0.2.0', '--dry-run');
    rmSync(join(repo, 'stray.txt'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('the working tree is not clean');
    expect(run.stderr).toContain('stray.txt');
  });

  it('refuses an empty Unreleased section', () => {
    const head = git('rev-parse', 'HEAD');
    writeFileSync(join(repo, 'CHANGELOG.md'), read('CHANGELOG.md').replace(/^## Unreleased\n[\s\S]*?(?=^## |(?![\s\S]))/m, '## Unreleased\n\n'));
    git('commit', '--quiet', '-am', 'empty changelog');
    const run = release('0.2.0', '--dry-run');
    git('reset', '--quiet', '--hard', head);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('nothing under "## Unreleased"');
  });

  it('refuses a dist/ that is not what the build produces', () => {
    const head = git('rev-parse', 'HEAD');
    appendFileSync(join(repo, 'dist/cli.js'), '// edited by hand\n');
    git('commit', '--quiet', '-am', 'stale dist');
    const run = release('0.2.0', '--dry-run');
    git('reset', '--quiet', '--hard', head);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('dist/ is not what the build produces (dist/cli.js)');
  }, 60_000);

  it('--dry-run prints the plan and changes nothing', () => {
    const head = git('rev-parse', 'HEAD');
    const run = release('1.0.0', '--dry-run');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`set the version ${version()} → 1.0.0 in package.json and package-lock.json`);
    expect(run.stdout).toContain("point the README's action pins (convex-review/convex-review@v0) at convex-review/convex-review@v1");
    expect(run.stdout).toContain(`move CHANGELOG.md's Unreleased to "## 1.0.0 - ${today()}"`);
    expect(run.stdout).toContain('tag v1.0.0 (annotated) and move v1 to it');
    expect(git('rev-parse', 'HEAD')).toBe(head);
    expect(git('status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(git('tag', '--list')).toBe('v1');
  }, 60_000);

  it('releases: bumps, moves the changelog, rebuilds dist/, commits, tags vX.Y.Z and moves vX', () => {
    const before = git('rev-parse', 'HEAD');
    const previous = version();
    const run = release('1.0.0');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Released v1.0.0');
    expect(git('rev-parse', 'HEAD~1')).toBe(before);
    expect(git('log', '-1', '--format=%s')).toBe('Release v1.0.0');
    expect(git('status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(git('rev-parse', 'v1.0.0^{commit}')).toBe(git('rev-parse', 'HEAD'));
    expect(git('rev-parse', 'v1^{commit}')).toBe(git('rev-parse', 'HEAD'));
    expect(git('cat-file', '-t', 'v1.0.0')).toBe('tag'); // annotated
    expect(version()).toBe('1.0.0');
    const lock = JSON.parse(read('package-lock.json'));
    expect([lock.version, lock.packages[''].version]).toEqual(['1.0.0', '1.0.0']);
    const readme = read('README.md');
    expect(readme).toContain('uses: convex-review/convex-review@v1');
    expect(readme).not.toMatch(/convex-review\/convex-review@v0/);
    expect(readme).not.toContain(`"version": "${previous}"`);
    expect(read('CHANGELOG.md')).toMatch(new RegExp(`^## Unreleased\\n\\n## 1\\.0\\.0 - ${today()}\\n`, 'm'));
    const cli = spawnSync(process.execPath, [join(repo, 'dist/cli.js'), '--version'], { encoding: 'utf8' });
    expect(cli.stdout).toBe('convex-review 1.0.0\n');
    // The next release has nothing to say yet.
    expect(release('1.0.1', '--dry-run').stderr).toContain('nothing under "## Unreleased"');
  }, 60_000);
});
