// Rebuilds the sources of the fix-commit recipes (eval/cases/*/case.json with a "recipe"): each
// repository is cloned once (blobs fetched lazily), and each commit a recipe names is exported to
// DIR/<owner>+<name>@<commit>/. The fetched code stays outside this repository; pass DIR to
// `convex-review eval --sources DIR`.
//
//   node eval/fetch-sources.mjs DIR
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node eval/fetch-sources.mjs DIR\n');
  process.exit(2);
}
const cases = fileURLToPath(new URL('./cases/', import.meta.url));
const wanted = new Map();
for (const id of readdirSync(cases)) {
  const file = join(cases, id, 'case.json');
  if (!existsSync(file)) continue;
  const recipe = JSON.parse(readFileSync(file, 'utf8')).recipe;
  if (!recipe) continue;
  const commits = wanted.get(recipe.repository) ?? new Set();
  commits.add(recipe.fix_commit).add(recipe.parent_commit);
  wanted.set(recipe.repository, commits);
}
for (const [repository, commits] of wanted) {
  const clone = join(dir, '.clones', repository.replace('/', '+'));
  if (!existsSync(clone)) run('git', ['clone', '--quiet', '--filter=blob:none', '--no-checkout', `https://github.com/${repository}.git`, clone]);
  for (const commit of commits) {
    const out = join(dir, `${repository.replace('/', '+')}@${commit}`);
    if (existsSync(out)) continue;
    mkdirSync(out, { recursive: true });
    const archive = spawnSync('git', ['-C', clone, 'archive', '--format=tar', commit], { maxBuffer: 1 << 30 });
    if (archive.status !== 0) fail(`git archive ${commit} failed: ${archive.stderr}`);
    const tar = spawnSync('tar', ['-x', '-C', out], { input: archive.stdout });
    if (tar.status !== 0) fail(`tar failed: ${tar.stderr}`);
    process.stdout.write(`${repository}@${commit.slice(0, 12)} → ${out}\n`);
  }
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} failed`);
}

function fail(message) {
  process.stderr.write(`fetch-sources: ${message}\n`);
  process.exit(1);
}
