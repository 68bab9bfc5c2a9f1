/**
 * The project files every batch shares: each root's schema and convex.config, then the local
 * modules the changed files import (helpers, custom builders), most-imported first, within a
 * token budget. Pure.
 */
import type { ConvexRoot } from '../convex/model/roots.js';
import { joinPath } from '../convex/model/paths.js';
import { localImports } from './code-context.js';
import type { ContextFile, ReviewFile } from './prompt.js';
import { estimateTokens } from './tokens.js';

export function projectContext(
  files: ReadonlyMap<string, string>,
  changed: readonly ReviewFile[],
  roots: readonly ConvexRoot[],
  maxTokens: number,
  /** The local imports of a changed file, when the caller already has them. */
  importsOf: (file: ReviewFile) => readonly string[] = (f) => localImports(f.path, f.text, files),
): { files: ContextFile[]; leftOut: string[] } {
  const changedPaths = new Set(changed.map((f) => f.path));
  const rootFiles = roots.flatMap((r) =>
    ['schema.ts', 'schema.js', 'convex.config.ts', 'convex.config.js'].map((name) => joinPath(r.functionsDir, name)),
  );
  const importCounts = new Map<string, number>();
  for (const f of changed) {
    for (const target of importsOf(f)) importCounts.set(target, (importCounts.get(target) ?? 0) + 1);
  }
  const imported = [...importCounts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([p]) => p);
  // The schema and the component config frame every batch, changed or not; a changed helper is
  // in its own batch already.
  const candidates = [...new Set([...rootFiles, ...imported.filter((p) => !changedPaths.has(p))])].filter((p) => files.has(p));

  const chosen: ContextFile[] = [];
  const leftOut: string[] = [];
  let spent = 0;
  for (const path of candidates) {
    const text = files.get(path)!;
    const tokens = estimateTokens(text) + estimateTokens(path) + 4;
    if (spent + tokens > maxTokens) {
      leftOut.push(path);
      continue;
    }
    chosen.push({ path, text });
    spent += tokens;
  }
  return { files: chosen, leftOut };
}
