/** The config file through the bundle (`node dist/cli.js`): its fail-on, and --config FILE. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpRepo } from '../support/tmp-repo.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [CLI, 'check', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

// One error: a public query without an args validator (its auth finding turned off below).
const APP = {
  'package.json': JSON.stringify({ dependencies: { convex: '^1.31.0' } }),
  'convex/notes.ts': 'import { query } from "./_generated/server";\nexport const list = query({ handler: async (ctx, args) => await ctx.db.query("notes").take(args.n ?? 10) });\n',
};
const QUIET = 'rules:\n  public-function-auth-check: off\n';

describe('node dist/cli.js check with a config file', () => {
  it("exits by the file's fail-on; --fail-on wins over it", () => {
    expect(run(tmpRepo({ ...APP, '.github/convex-review.yml': QUIET })).status).toBe(1);
    const never = tmpRepo({ ...APP, '.github/convex-review.yml': `${QUIET}fail-on: never\n` });
    const passing = run(never);
    expect(passing.stderr).toBe('');
    expect(passing.status).toBe(0);
    expect(passing.stdout).toContain('require-args-validator');
    expect(run(never, '--fail-on', 'error').status).toBe(1);
  });

  it('--config FILE reads that file (relative to the cwd), and names a missing one', () => {
    const root = tmpRepo({ ...APP, 'apps/web/convex-review.yml': 'fail-on: never\nrules:\n  public-function-auth-check: off\n  require-args-validator: warning\n' });
    const viaConfig = run(join(root, 'apps/web'), '--config', 'convex-review.yml', '--format', 'json', '../..');
    expect(viaConfig.stderr).toBe('');
    expect(viaConfig.status).toBe(0);
    expect(JSON.parse(viaConfig.stdout).findings.map((f: { ruleId: string; severity: string }) => `${f.ruleId} ${f.severity}`)).toEqual(['require-args-validator warning']);
    const missing = run(root, '--config', 'nope.yml');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^convex-review: --config: 'nope\.yml' is not a file/);
  });

  it('exits 2 on a misspelt key, with "did you mean"', () => {
    const bad = run(tmpRepo({ ...APP, '.github/convex-review.yml': 'fail_on: never\n' }));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('.github/convex-review.yml: fail_on: unknown key; did you mean fail-on?');
  });
});
