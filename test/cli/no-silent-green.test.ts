/**
 * No silent green, in-process: a PATH that yields no Convex file exits 2 saying what was looked
 * for and where; paths inside a functions folder work without git (the project root is found
 * upward: convex.json, then package.json); README.md and tsconfig.json are not counted.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { cli } from '../support/run-cli.js';
import { tmpRepo } from '../support/tmp-repo.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A folder with no `.git` anywhere above it: a project copied out of its repository. */
function plainFolder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'convex-review-nogit-'));
  made.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const QUERY = `import { query } from "./_generated/server";\nexport const list = query({ handler: async (ctx, args) => [args] });\n`;
const APP = {
  'package.json': JSON.stringify({ dependencies: { convex: '^1.31.0' } }),
  'convex/messages.ts': QUERY,
  'convex/README.md': '# Functions\n',
  'convex/tsconfig.json': '{ "compilerOptions": {} }\n',
  'convex/_generated/api.js': 'export const api = {};\n',
  'web/index.ts': 'export {};\n',
};
const ids = (stdout: string): string[] => (JSON.parse(stdout).findings as Finding[]).map((f) => `${f.path}:${f.ruleId}`);

describe('outside a git repository', () => {
  it('checks a file inside the functions folder: the project root is the folder with package.json', async () => {
    const app = plainFolder(APP);
    const run = await cli(['check', 'convex/messages.ts', '--format', 'json'], app);
    expect(run.stderr).toBe('');
    expect(ids(run.stdout)).toContain('convex/messages.ts:require-args-validator');
    expect(run.code).toBe(1);
  });

  it('checks from inside convex/', async () => {
    const app = plainFolder(APP);
    for (const args of [['check'], ['check', '.'], ['check', 'messages.ts']]) {
      const run = await cli([...args, '--format', 'json'], join(app, 'convex'));
      expect(ids(run.stdout)).toContain('convex/messages.ts:require-args-validator');
      expect(run.code).toBe(1);
    }
  });

  it("checks a custom convex.json functions folder from inside it", async () => {
    const app = plainFolder({ 'package.json': APP['package.json'], 'convex.json': '{ "functions": "src/backend/" }', 'src/backend/messages.ts': QUERY });
    const run = await cli(['check', '--format', 'json'], join(app, 'src/backend'));
    expect(ids(run.stdout)).toContain('src/backend/messages.ts:require-args-validator');
  });
});

describe('a PATH with nothing to check exits 2', () => {
  it.each([
    ['a file the rules do not read', ['convex/README.md'], "PATH 'convex/README.md' is not a file the rules read (TypeScript or JavaScript: .ts, .tsx"],
    ['tsconfig.json', ['convex/tsconfig.json'], "PATH 'convex/tsconfig.json' is not a file the rules read"],
    ['a folder outside the functions folders', ['web'], "PATH 'web' is outside the Convex functions folders (convex/): check one of them, or a folder that holds one"],
    ['generated code', ['convex/_generated'], "PATH 'convex/_generated' is generated code (convex/_generated/ is not checked)"],
  ])('%s', async (_name, paths, message) => {
    for (const root of [tmpRepo(APP), plainFolder(APP)]) {
      const run = await cli(['check', ...paths, '--format', 'json'], root);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`convex-review: nothing to check. ${message}`);
      expect(run.stderr).toContain(`Looked in the project root ${root} (`);
    }
  });

  it('a project with no Convex functions folder at all', async () => {
    const repo = tmpRepo({ 'web/index.ts': 'export {}' });
    const run = await cli(['check'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`convex-review: nothing to check. PATH '.': there is no Convex functions folder in this project (looked for convex.json and convex/ folders). Looked in the project root ${repo} (the folder with .git).\n`);
  });

  it('a folder without .git, convex.json or package.json says how its root was chosen', async () => {
    const dir = plainFolder({ 'notes/todo.ts': 'export {}' });
    const run = await cli(['check', 'notes'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no .git, convex.json or package.json; PATH's own folder");
  });

  it('when another PATH has files, names the empty one on stderr and checks the rest', async () => {
    const run = await cli(['check', 'convex/README.md', 'convex/messages.ts', '--format', 'json'], tmpRepo(APP));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("convex-review: PATH 'convex/README.md' is not a file the rules read (TypeScript or JavaScript: .ts, .tsx, .mts, .cts, .js, .jsx, .mjs, .cjs, not .d.ts); not checked\n");
    expect(ids(run.stdout)).toContain('convex/messages.ts:require-args-validator');
  });
});

describe('what counts as checked', () => {
  it('README.md and tsconfig.json in convex/ are not counted as checked files', async () => {
    const run = await cli(['check', 'convex', '--format', 'json'], tmpRepo(APP));
    expect(JSON.parse(run.stdout).files).toBe(2); // messages.ts and _generated/api.js, which the model reads
    const { 'convex/_generated/api.js': _generated, ...withoutGenerated } = APP;
    const text = await cli(['check', 'convex', '--rule', 'require-args-validator=off', '--rule', 'public-function-auth-check=off'], tmpRepo(withoutGenerated));
    expect(text.stdout).toMatch(/1 file checked/);
  });
});

describe('files the config file ignores', () => {
  it('are named, not an error: a pre-commit run passing only ignored files does not block the commit', async () => {
    const app = plainFolder({ ...APP, 'convex/legacy/old.ts': QUERY, '.github/convex-review.yml': 'ignore:\n  - convex/legacy/**\n' });
    const only = await cli(['check', 'convex/legacy/old.ts'], app);
    expect(only.stderr).toContain("PATH 'convex/legacy/old.ts' is ignored by the config file (ignore / exclude); not checked");
    expect(only.code).toBe(0);

    const mixed = await cli(['check', 'convex/legacy/old.ts', 'convex/messages.ts', '--format', 'json'], app);
    expect(mixed.stderr).toContain("PATH 'convex/legacy/old.ts' is ignored by the config file");
    expect(ids(mixed.stdout)).toContain('convex/messages.ts:require-args-validator');
    expect(ids(mixed.stdout).some((id) => id.startsWith('convex/legacy/'))).toBe(false);
  });
});
