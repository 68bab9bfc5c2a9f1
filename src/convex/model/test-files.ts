import type { SourceFile } from './source-file.js';

/**
 * Test code beside the functions (`*.test.ts`, `*.spec.ts`, files under `__tests__/`, `test/` or
 * `tests/`): it runs under vitest / convex-test in Node, not in a deployment.
 */
export function isTestFile(file: Pick<SourceFile, 'relPath'>): boolean {
  return /(^|\/)(__tests__|tests?)\//.test(file.relPath) || /\.(test|spec)\.[cm]?[jt]sx?$/.test(file.relPath);
}
