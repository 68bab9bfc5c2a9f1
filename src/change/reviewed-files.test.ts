import { describe, expect, it } from 'vitest';
import { reviewedFiles } from './select.js';
import type { ChangedFile } from './types.js';

const files: ChangedFile[] = [
  { path: 'convex/a.ts', status: 'modified' },
  { path: 'convex/_generated/api.d.ts', status: 'modified' },
  { path: 'convex/gone.ts', status: 'removed' },
  { path: 'packages/api/convex/b.ts', status: 'added' },
  { path: 'src/app.tsx', status: 'modified' },
  { path: 'convex/README.md', status: 'modified' },
  { path: 'convex/tsconfig.json', status: 'modified' },
];
const roots = [
  { projectDir: '', functionsDir: 'convex', isComponent: false },
  { projectDir: 'packages/api', functionsDir: 'packages/api/convex', isComponent: false },
];

describe('reviewedFiles', () => {
  it('defaults to the Convex functions folders, less generated code, never removed files', () => {
    expect(reviewedFiles(files, roots, [], []).map((f) => f.path)).toEqual(['convex/a.ts', 'packages/api/convex/b.ts']);
  });

  it('honours paths and exclude globs (picomatch, dotfiles included)', () => {
    expect(reviewedFiles(files, roots, ['**/convex/**'], ['**/_generated/**']).map((f) => f.path)).toEqual(['convex/a.ts', 'packages/api/convex/b.ts']);
    expect(reviewedFiles(files, roots, ['src/**'], []).map((f) => f.path)).toEqual(['src/app.tsx']);
  });

  it('never counts a file that is not source code (README.md, tsconfig.json), even when a glob matches it', () => {
    expect(reviewedFiles(files, roots, [], []).map((f) => f.path)).not.toContain('convex/README.md');
    expect(reviewedFiles(files, roots, ['convex/**'], []).map((f) => f.path)).toEqual(['convex/a.ts']);
  });
});
