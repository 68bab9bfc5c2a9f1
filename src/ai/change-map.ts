/**
 * The pull request at a glance, for every batch: each file this run reviews with the exported
 * declarations its change touches, so a batch knows what the others change. Pure.
 */
import { exportedDeclarations, touchedCode, type TouchedCode } from './code-context.js';
import type { ReviewFile } from './prompt.js';

export interface ChangedExports {
  path: string;
  /** Exported declarations with an added line or a removal inside, in file order. */
  exports: { name: string; line: number; builder?: string }[];
}

export function changedExports(file: ReviewFile, touched: TouchedCode = touchedCode(file.path, file.text, file.patch)): ChangedExports {
  return { path: file.path, exports: exportedDeclarations(file.path, file.text, touched.statements) };
}

/** One line a file: `- convex/ai.ts: digest (action), channel (internalQuery)`. */
export function renderChangeMap(entries: readonly ChangedExports[]): string[] {
  return entries.map(
    (e) => `- ${e.path}: ${e.exports.length > 0 ? e.exports.map((x) => (x.builder ? `${x.name} (${x.builder})` : x.name)).join(', ') : 'no exported declaration changed'}`,
  );
}
