#!/usr/bin/env node
// Cuts a release: node scripts/release.mjs X.Y.Z [--dry-run]   (RELEASING.md)
//
// Refuses unless the version is X.Y.Z and above package.json's, its tag is new, the working tree
// is clean, CHANGELOG.md has something under "## Unreleased", and dist/ is what the build
// produces. Then it bumps package.json and package-lock.json, points the README's action pins at
// vX, moves Unreleased to "## X.Y.Z - <today>", rebuilds dist/ (the version is bundled), commits,
// tags vX.Y.Z and moves vX to it. It pushes nothing. --dry-run checks and prints the plan only.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const BUILD = new URL('./build.mjs', import.meta.url).pathname;
const PIN = /convex-review\/convex-review@v\d+\b/g;

class Refusal extends Error {}

function git(args, options = {}) {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options }).trimEnd();
}

const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const positional = args.filter((a) => a !== '--dry-run');
if (positional.length !== 1 || positional[0].startsWith('-') || !/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.test(positional[0])) {
  console.error('Usage: node scripts/release.mjs X.Y.Z [--dry-run]   (X.Y.Z: the new version, e.g. 0.2.0)');
  process.exit(2);
}
const version = positional[0];
const tag = `v${version}`;
const major = `v${version.split('.')[0]}`;
let root;

try {
  root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
} catch {
  console.error('release: not inside a git repository.');
  process.exit(1);
}

try {
  const plan = check();
  if (dryRun) {
    console.log(`Dry run: the checks pass; releasing ${tag} would:`);
    for (const line of plan) console.log(`  - ${line}`);
    console.log('Nothing was changed.');
  } else {
    release();
  }
} catch (error) {
  if (!(error instanceof Refusal)) throw error;
  console.error(`release: ${error.message}`);
  process.exit(1);
}

function read(path) {
  return readFileSync(join(root, path), 'utf8');
}

function today() {
  return new Date().toISOString().slice(0, 10);
}

/** The refusals, cheapest first; the plan when none applies. */
function check() {
  const current = JSON.parse(read('package.json')).version;
  const [a, b] = [current, version].map((v) => v.split('.').map(Number));
  const newer = a[0] !== b[0] ? b[0] > a[0] : a[1] !== b[1] ? b[1] > a[1] : b[2] > a[2];
  if (!newer) throw new Refusal(`${version} is not above the current version, ${current}.`);
  if (git(['tag', '--list', tag])) throw new Refusal(`tag ${tag} exists already.`);
  let branch = '';
  try {
    branch = git(['symbolic-ref', '--short', '-q', 'HEAD']);
  } catch {
    throw new Refusal('HEAD is detached: check out the branch to release from.');
  }
  const dirty = git(['status', '--porcelain', '--untracked-files=all']);
  if (dirty) throw new Refusal(`the working tree is not clean; commit or remove these first:\n${dirty}`);
  const notes = unreleased(read('CHANGELOG.md'));
  if (notes === undefined) throw new Refusal('CHANGELOG.md has no "## Unreleased" section.');
  if (!notes.trim()) throw new Refusal('CHANGELOG.md has nothing under "## Unreleased": say what this release changes.');
  const stale = distDifferences();
  if (stale.length > 0) throw new Refusal(`dist/ is not what the build produces (${stale.slice(0, 5).join(', ')}${stale.length > 5 ? ', …' : ''}): run npm run build and commit dist/.`);

  const pins = [...new Set(read('README.md').match(PIN) ?? [])];
  return [
    `set the version ${current} → ${version} in package.json and package-lock.json`,
    pins.length === 0
      ? 'find no action pin in the README to update'
      : pins.every((pin) => pin.endsWith(`@${major}`))
        ? `keep the README's action pins at convex-review/convex-review@${major}`
        : `point the README's action pins (${pins.join(', ')}) at convex-review/convex-review@${major}`,
    `move CHANGELOG.md's Unreleased to "## ${version} - ${today()}":\n${notes.trim().replace(/^(?=.)/gm, '      ')}`,
    'rebuild dist/ (the version is bundled)',
    `commit "Release ${tag}" on ${branch}`,
    `tag ${tag} (annotated) and move ${major} to it`,
  ];
}

/** The text under "## Unreleased" up to the next "## " heading (undefined without the heading). */
function unreleased(changelog) {
  const m = /^## Unreleased[ \t]*\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(changelog);
  return m ? m[1] : undefined;
}

/** Files of dist/ that a fresh build (into a temporary folder) would add, change or remove. */
function distDifferences() {
  const out = mkdtempSync(join(tmpdir(), 'convex-review-release-'));
  try {
    execFileSync(process.execPath, [BUILD, '--out', out], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    const built = files(out);
    const committed = files(join(root, 'dist'));
    const names = [...new Set([...built.keys(), ...committed.keys()])].sort();
    return names.filter((name) => !built.get(name)?.equals(committed.get(name) ?? Buffer.alloc(0)) || !committed.has(name)).map((name) => `dist/${name}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function files(dir, into = new Map(), base = dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return into;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files(path, into, base);
    else into.set(relative(base, path), readFileSync(path));
  }
  return into;
}

function release() {
  const current = JSON.parse(read('package.json')).version;
  const write = (path, text) => writeFileSync(join(root, path), text);

  const pkg = read('package.json');
  const bumped = pkg.replace(/("version"\s*:\s*")[^"]*(")/, `$1${version}$2`);
  if (JSON.parse(bumped).version !== version) throw new Error('could not set the version in package.json');
  write('package.json', bumped);

  const lock = JSON.parse(read('package-lock.json'));
  lock.version = version;
  if (lock.packages?.['']) lock.packages[''].version = version;
  write('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);

  const readme = read('README.md')
    .replace(PIN, `convex-review/convex-review@${major}`)
    .replaceAll(`"name": "convex-review", "version": "${current}"`, `"name": "convex-review", "version": "${version}"`);
  write('README.md', readme);

  write('CHANGELOG.md', read('CHANGELOG.md').replace(/^## Unreleased[ \t]*\n/m, `## Unreleased\n\n## ${version} - ${today()}\n`));

  execFileSync(process.execPath, [BUILD], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

  git(['add', '--all', '--', 'package.json', 'package-lock.json', 'README.md', 'CHANGELOG.md', 'dist']);
  git(['commit', '--quiet', '-m', `Release ${tag}`]);
  git(['tag', '--annotate', tag, '-m', `convex-review ${tag}`]);
  git(['tag', '--force', '--annotate', major, '-m', `convex-review ${major}, at ${tag}`]);
  const commit = git(['rev-parse', '--short', 'HEAD']);
  console.log(`Released ${tag} as ${commit}; ${major} moved to it. Nothing is pushed yet. Next (RELEASING.md):`);
  console.log(`  git push origin HEAD ${tag} && git push --force origin ${major}`);
  console.log('  npm publish');
  console.log(`  a GitHub release for ${tag} with CHANGELOG.md's ${version} section`);
}
