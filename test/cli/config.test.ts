/** The config file from the working tree, for `check` (and `review`, which loads it the same way). */
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
export const list = query({ handler: async (ctx) => await ctx.db.query("notes").take(10) });
`,
  'convex/legacy/old.ts': `import { query } from "../_generated/server";
export const old = query({ handler: async (ctx) => [] });
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
});
