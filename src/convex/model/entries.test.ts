import { describe, expect, it } from 'vitest';
import { classifyEntry } from './entries.js';

const entry = (path: string, text = 'export const x = 1;', nested: string[] = []) => classifyEntry(path, text, 'convex', nested);

describe('classifyEntry (the Convex bundler rules)', () => {
  it('deploys ordinary modules, including _underscore files and nested folders', () => {
    expect(entry('convex/messages.ts').entry).toBe(true);
    expect(entry('convex/_helpers.ts').entry).toBe(true);
    expect(entry('convex/model/users.ts').entry).toBe(true);
    expect(entry('convex/legacy.js', 'module.exports = {}').entry).toBe(true);
  });

  it.each([
    ['convex/_generated/api.js', 'generated code'],
    ['convex/.hidden.ts', 'dotfile'],
    ['convex/#scratch.ts', 'editor temp file'],
    ['convex/schema.ts', 'schema'],
    ['convex/auth.config.ts', 'more than one dot in the name'],
    ['convex/messages.test.ts', 'more than one dot in the name'],
    ['convex/my folder/a.ts', 'path contains a space'],
    ['convex/notes.md', 'not a JS/TS module'],
  ])('does not deploy %s (%s)', (path, reason) => {
    expect(entry(path)).toEqual({ entry: false, reason });
  });

  it('skips TypeScript files with no import or export, and nested component folders', () => {
    expect(entry('convex/empty.ts', '// nothing here\nconst x = 1;')).toEqual({ entry: false, reason: 'no import or export' });
    expect(entry('convex/components/counter/lib.ts', 'export {}', ['convex/components/counter'])).toEqual({ entry: false, reason: 'inside a nested component' });
  });
});
