import { describe, expect, it } from 'vitest';
import { cli } from '../support/run-cli.js';
import { tmpRepo } from '../support/tmp-repo.js';
import type { Finding } from '../../src/core/finding.js';

/** Builders imported through tsconfig path aliases, the tsconfig files above the requested path. */
const APP = {
  'app/package.json': JSON.stringify({ dependencies: { convex: '^1.31.0' } }),
  'app/tsconfig.base.json': `{
  // comments and trailing commas, as tsc accepts them
  "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./*"], }, },
}`,
  'app/tsconfig.json': `{ "extends": "./tsconfig.base.json" }`,
  'app/convex/tsconfig.json': `{ "compilerOptions": { "strict": true } }`,
  'app/convex/lib/functions.ts': `import { query } from "@/convex/_generated/server";\nexport const appQuery = query;\n`,
  'app/convex/messages.ts': `import { appQuery } from "@/convex/lib/functions";
export const list = appQuery({ handler: async (ctx) => [] });
`,
};

const ids = (findings: Finding[]) => findings.filter((f) => f.ruleId === 'require-args-validator').map((f) => `${f.path}:${f.line}`);

describe('convex-review check with tsconfig path aliases', () => {
  it('sees functions registered through alias-imported builders, from the root or inside the functions folder', async () => {
    const repo = tmpRepo(APP);
    for (const path of ['app', 'app/convex', 'app/convex/messages.ts']) {
      const { stdout, stderr } = await cli(['check', path, '--format', 'json', '--fail-on', 'never'], repo);
      expect(stderr).toBe('');
      expect(ids(JSON.parse(stdout).findings)).toEqual(['app/convex/messages.ts:2']);
    }
  });

  it('finds nothing without the aliases (the builder is unknown)', async () => {
    const repo = tmpRepo({ ...APP, 'app/tsconfig.json': '{}' });
    const { stdout } = await cli(['check', 'app', '--format', 'json', '--fail-on', 'never'], repo);
    expect(ids(JSON.parse(stdout).findings)).toEqual([]);
  });
});
