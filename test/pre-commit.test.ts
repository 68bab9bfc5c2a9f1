/** .pre-commit-hooks.yaml: the hook pre-commit users name, and the files it hands to `check`. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

const hooks = parseDocument(readFileSync(new URL('../.pre-commit-hooks.yaml', import.meta.url), 'utf8')).toJS() as Array<Record<string, unknown>>;

describe('.pre-commit-hooks.yaml', () => {
  const hook = hooks.find((h) => h.id === 'convex-review')!;

  it('runs check on the staged files, once, with the version the project pins', () => {
    expect(hook).toMatchObject({ entry: 'npx convex-review check', language: 'system', pass_filenames: true, require_serial: true });
  });

  it.each([
    ['convex/messages.ts', true],
    ['convex/chat/list.tsx', true],
    ['apps/web/convex/schema.ts', true],
    ['convex/crons.js', true],
    ['convex/_generated/api.d.ts', false],
    ['convex/README.md', false],
    ['convex/tsconfig.json', false],
    ['src/convex.ts', false],
  ])('%s is checked: %s', (path, checked) => {
    // pre-commit matches `files` and `exclude` with Python's re.search; these patterns mean the same in JS.
    const matches = new RegExp(String(hook.files)).test(path) && !new RegExp(String(hook.exclude)).test(path);
    expect(matches).toBe(checked);
  });
});
