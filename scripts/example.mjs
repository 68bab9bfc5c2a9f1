// `npm run example`: the bundled example reviewed as a pull request would be. A temporary git
// repository gets examples/chat-app/base/ committed on `main`, then examples/chat-app/head/ (the
// change, with problems planted in it) committed on a branch; `convex-review review` runs there.
// Extra arguments go to `review` (e.g. `npm run example -- --format json`).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const example = join(root, 'examples', 'chat-app');
const cli = join(root, 'dist', 'cli.js');
const quiet = process.argv.includes('json') || process.argv.includes('--format=json');
const say = (line) => (quiet ? process.stderr : process.stdout).write(`${line}\n`);

if (!existsSync(cli)) fail(`${cli} is missing: run 'npm run build' first.`);

// A fixed identity and dates, and no user or system git config: the same commits on every machine.
const gitEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: devNull,
  GIT_AUTHOR_NAME: 'Example Author',
  GIT_AUTHOR_EMAIL: 'author@example.com',
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_NAME: 'Example Author',
  GIT_COMMITTER_EMAIL: 'author@example.com',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
};
const repo = mkdtempSync(join(tmpdir(), 'convex-review-example-'));
let status = 3;
try {
  git('init', '--quiet');
  git('symbolic-ref', 'HEAD', 'refs/heads/main');
  cpSync(join(example, 'base'), repo, { recursive: true });
  git('add', '--all');
  git('commit', '--quiet', '--message', 'Chat app: users, messages, crons');
  git('checkout', '--quiet', '-b', 'add-channels');
  for (const entry of readdirSync(repo)) if (entry !== '.git') rmSync(join(repo, entry), { recursive: true, force: true });
  cpSync(join(example, 'head'), repo, { recursive: true });
  git('add', '--all');
  git('commit', '--quiet', '--message', 'Channels, exports and an AI digest');

  say(`The example: examples/chat-app/base/ committed on main, examples/chat-app/head/ on the branch add-channels,`);
  say(`in a temporary repository. Running: convex-review review --fail-on never`);
  say(
    process.env.ANTHROPIC_API_KEY?.trim()
      ? 'ANTHROPIC_API_KEY is set: Claude reviews the change too (billed to that key).'
      : 'ANTHROPIC_API_KEY is not set: static rules only. Set it to add the Claude review.',
  );
  say('');
  const run = spawnSync(process.execPath, [cli, 'review', '--fail-on', 'never', ...process.argv.slice(2)], { cwd: repo, stdio: 'inherit' });
  status = run.status ?? 3;
} finally {
  rmSync(repo, { recursive: true, force: true });
}
process.exitCode = status;

function git(...args) {
  const run = spawnSync('git', args, { cwd: repo, env: gitEnv, encoding: 'utf8' });
  if (run.error?.code === 'ENOENT') fail('git was not found on PATH: the example needs git.');
  if (run.status !== 0) fail(`git ${args.join(' ')} failed: ${run.stderr.trim()}`);
}

function fail(message) {
  process.stderr.write(`example: ${message}\n`);
  process.exit(2);
}
