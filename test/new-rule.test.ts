/**
 * `npm run new-rule`: run on a temporary root laid out like the repository (only the files the
 * script reads or edits are copied there), the scaffold satisfies the catalogue, and nothing is
 * written anywhere else.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Rule } from '../src/convex/engine/rule.js';
import { CATEGORIES } from '../src/core/categories.js';
import { RULES } from '../src/convex/rules/index.js';
import { countProblems, docsProblems, read, registryIdsOf, sourceProblems, unsorted } from './support/catalogue.js';
import { findingsOf, SERVER_IMPORT } from './support/convex.js';

const REPO = new URL('..', import.meta.url).pathname;
const SCRIPT = join(REPO, 'scripts/new-rule.mjs');
const INPUTS = ['README.md', 'docs/rules/README.md', 'src/convex/rules/index.ts', 'src/core/categories.ts', 'schemas/convex-review.schema.json'];
const made: string[] = [];

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'convex-review-new-rule-'));
  made.push(dir);
  return dir;
}

/** A root with the files the script reads or edits, copied from the repository. */
function tempRoot(): string {
  const root = tempDir();
  for (const path of INPUTS) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    cpSync(join(REPO, path), join(root, path));
  }
  return root;
}

function newRule(...args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
}

/** Every file under `dir` with its content, by relative path. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const entry of readdirSync(at)) {
      const path = join(at, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

describe('npm run new-rule', () => {
  const root = tempRoot();
  const before = snapshot(root);
  const run = newRule('no-foo-in-bar', '--root', root, '--severity', 'info', '--category', 'performance', '--title', 'Foo in bar', '--description', 'A bar that holds a foo');

  it('says what it made and what to do next', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('src/convex/rules/no-foo-in-bar.ts');
    expect(run.stdout).toContain('Next:');
  });

  it('writes the three new files and edits the three catalogue files and the config schema, nothing else', () => {
    const after = snapshot(root);
    expect(Object.keys(after).sort()).toEqual(
      [...Object.keys(before), 'src/convex/rules/no-foo-in-bar.ts', 'src/convex/rules/no-foo-in-bar.test.ts', 'docs/rules/no-foo-in-bar.md'].sort(),
    );
    expect(after['src/core/categories.ts']).toBe(before['src/core/categories.ts']);
    for (const path of ['README.md', 'docs/rules/README.md', 'src/convex/rules/index.ts', 'schemas/convex-review.schema.json']) expect(after[path], path).not.toBe(before[path]);
    const schemaRules = Object.keys(JSON.parse(after['schemas/convex-review.schema.json']).properties.rules.properties);
    expect(schemaRules).toEqual([...RULES.map((r) => r.id), 'parse-error', 'invalid-suppression', 'no-foo-in-bar'].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('leaves a catalogue that holds for the new rule: files, page sections, index and README rows, sorted registry, counts', () => {
    const ids = registryIdsOf(read(root, 'src/convex/rules/index.ts'));
    expect(ids).toEqual([...RULES.map((r) => r.id), 'no-foo-in-bar'].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(unsorted(ids)).toEqual([]);
    expect(sourceProblems(root, 'no-foo-in-bar')).toEqual([]);
    expect(docsProblems(root, 'no-foo-in-bar')).toEqual([]);
    expect(countProblems(root, RULES.length + 1, 2)).toEqual([]);
  });

  it('adds exactly one import and one registry entry, and the rows under the chosen area', () => {
    const added = (path: string): string[] => {
      const old = new Set(before[path].split('\n'));
      return read(root, path).split('\n').filter((l) => !old.has(l));
    };
    expect(added('src/convex/rules/index.ts')).toEqual(["import { noFooInBar } from './no-foo-in-bar.js';", '  noFooInBar,']);
    expect(added('README.md')).toEqual([`${RULES.length + 1} static rules, plus two the engine reports itself (\`parse-error\`, \`invalid-suppression\`). Every`, '| [`no-foo-in-bar`](docs/rules/no-foo-in-bar.md) | info | a bar that holds a foo |']);
    const index = read(root, 'docs/rules/README.md');
    const row = index.indexOf('| [`no-foo-in-bar`](no-foo-in-bar.md) | info | A bar that holds a foo. |');
    expect(row).toBeGreaterThan(index.indexOf('## Data access and schema'));
    expect(row).toBeLessThan(index.indexOf('## Actions and transactions'));
  });

  it('scaffolds a rule with its meta that reports nothing on clean code', async () => {
    const { noFooInBar: rule } = (await import(join(root, 'src/convex/rules/no-foo-in-bar.ts'))) as { noFooInBar: Rule };
    expect(rule).toMatchObject({ id: 'no-foo-in-bar', title: 'Foo in bar', description: 'A bar that holds a foo.', severity: 'info', category: 'performance', concerns: ['performance'] });
    expect(CATEGORIES).toContain(rule.category);
    expect(rule.docsUrl).toMatch(/^https:\/\/docs\.convex\.dev\//);
    const files = { 'convex/messages.ts': `${SERVER_IMPORT}export const list = query({ args: {}, handler: async (ctx) => ctx.db.query("messages").take(5) });\n` };
    expect(findingsOf(rule, files)).toEqual([]);
    const source = read(root, 'src/convex/rules/no-foo-in-bar.ts') + read(root, 'src/convex/rules/no-foo-in-bar.test.ts');
    expect(source).not.toMatch(/TODO|FIXME|XXX/);
  });

  it.each([
    ['Bad_Id', /kebab-case/],
    ['unbounded-collect', /taken/],
    ['parse-error', /taken/],
    ['claude', /taken/],
  ])('refuses the id %s and writes nothing', (id, message) => {
    const fresh = tempRoot();
    const was = snapshot(fresh);
    const result = newRule(id, '--root', fresh);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(snapshot(fresh)).toEqual(was);
  });

  it.each([
    [['--severity', 'fatal'], /--severity must be one of error, warning, info/],
    [['--category', 'style'], /--category must be one of correctness, security/],
    [['--area', 'nowhere'], /names no area/],
    [['--colour', 'red'], /unknown option --colour/],
  ])('refuses %j and writes nothing', (args, message) => {
    const fresh = tempRoot();
    const was = snapshot(fresh);
    const result = newRule('no-foo-in-bar', '--root', fresh, ...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(snapshot(fresh)).toEqual(was);
  });

  it('never writes outside its root, even through a symlinked folder', () => {
    const fresh = tempRoot();
    const outside = tempDir();
    cpSync(join(fresh, 'src/convex/rules'), outside, { recursive: true });
    rmSync(join(fresh, 'src/convex/rules'), { recursive: true });
    symlinkSync(outside, join(fresh, 'src/convex/rules'));
    const was = snapshot(outside);
    const result = newRule('no-foo-in-bar', '--root', fresh);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/outside/);
    expect(snapshot(outside)).toEqual(was);
  });
});
