/** The config file from the working tree, for `check` (and `review`, which loads it the same way). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/run-cli.js';
import type { Finding } from '../../src/core/finding.js';
import { tmpRepo } from '../support/tmp-repo.js';

async function check(cwd: string, ...args: string[]) {
  const { code, stdout, stderr } = await cli(['check', '--format', 'json', '--fail-on', 'never', ...args], cwd);
  return { code, stderr, findings: code === 0 ? (JSON.parse(stdout).findings as Finding[]) : [] };
}

const APP = {
  'convex/notes.ts': `import { query } from "./_generated/server";
export const list = query({ handler: async (ctx, args) => await ctx.db.query("notes").take(args.n ?? 10) });
`,
  'convex/legacy/old.ts': `import { query } from "../_generated/server";
export const old = query({ handler: async (ctx, args) => [args] });
`,
};
const rulesOf = (findings: Finding[]) => findings.map((f) => `${f.path} ${f.ruleId} ${f.severity}`).sort();

describe('check with .github/convex-review.yml', () => {
  it('applies its rule settings and ignored paths; --rule wins over it', async () => {
    const bare = await check(tmpRepo(APP));
    expect(rulesOf(bare.findings)).toContain('convex/legacy/old.ts require-args-validator error');

    const root = tmpRepo({ ...APP, '.github/convex-review.yml': 'rules:\n  public-function-auth-check: off\n  require-args-validator: warning\nignore: ["convex/legacy/**"]\n' });
    expect(rulesOf((await check(root)).findings)).toEqual(['convex/notes.ts require-args-validator warning']);
    expect(rulesOf((await check(root, '--rule', 'require-args-validator=off')).findings)).toEqual([]);
  });

  it('exits 2 on a bad file, naming it, the key and what is accepted', async () => {
    const root = tmpRepo({ ...APP, '.github/convex-review.yml': 'rules:\n  require-args-validator: loud\n' });
    const result = await check(root);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("convex-review: .github/convex-review.yml: rules.require-args-validator: 'loud' is not a setting; use one of off, error, warning, info\n");
  });

  it("honours the file's fail-on; --fail-on wins over it; without either, error", async () => {
    // The app has one error (require-args-validator) on notes.ts once the rest is off.
    const quiet = 'rules:\n  public-function-auth-check: off\nignore: ["convex/legacy/**"]\n';
    const plain = tmpRepo({ ...APP, '.github/convex-review.yml': quiet });
    expect((await cli(['check'], plain)).code).toBe(1);
    const never = tmpRepo({ ...APP, '.github/convex-review.yml': `${quiet}fail-on: never\n` });
    expect((await cli(['check'], never)).code).toBe(0);
    expect((await cli(['check', '--fail-on', 'error'], never)).code).toBe(1);
  });

  it('reviews only its paths and skips its exclude', async () => {
    const root = tmpRepo({ ...APP, '.github/convex-review.yml': 'paths: ["convex/legacy/**"]\n' });
    expect(rulesOf((await check(root)).findings).every((r) => r.startsWith('convex/legacy/'))).toBe(true);
    const excluded = tmpRepo({ ...APP, '.github/convex-review.yml': 'exclude: ["convex/legacy/**"]\n' });
    expect(rulesOf((await check(excluded)).findings).some((r) => r.startsWith('convex/legacy/'))).toBe(false);
  });

  it('--config FILE reads that file (relative to the cwd) instead of .github/convex-review.yml', async () => {
    const root = tmpRepo({ ...APP, '.github/convex-review.yml': 'rules:\n  require-args-validator: off\n', 'apps/web/review.yml': 'exclude: ["convex/legacy/**"]\nrules:\n  public-function-auth-check: off\n' });
    expect(rulesOf((await check(root, '--config', 'apps/web/review.yml')).findings)).toEqual(['convex/notes.ts require-args-validator error']);
    expect(rulesOf((await check(join(root, 'apps/web'), '--config', 'review.yml', '../..')).findings)).toEqual(['convex/notes.ts require-args-validator error']);
    const missing = await check(root, '--config', 'nope.yml');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^convex-review: --config: 'nope\.yml' is not a file \(looked at .*nope\.yml\)\n$/);
  });

  it('names a misspelt key with "did you mean"', async () => {
    const result = await check(tmpRepo({ ...APP, '.github/convex-review.yml': 'rule:\n  require-args-validator: off\n' }));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^convex-review: \.github\/convex-review\.yml: rule: unknown key; did you mean rules\? Accepted keys: /);
  });
});
