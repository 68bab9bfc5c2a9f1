/**
 * The project files every batch may share: each root's schema and convex.config, then the local
 * modules the changed files import (helpers, custom builders), most-imported first. The prompt
 * (prompt.ts) fits them into its token budget. Pure.
 */
import type { ConvexRoot } from '../convex/model/roots.js';
import { joinPath } from '../convex/model/paths.js';
import { localImports } from './code-context.js';
import type { ReviewFile } from './prompt.js';

export interface ContextCandidates {
  /** Each root's `schema.ts` (or `.js`) in the snapshot. */
  schemas: string[];
  /** Each root's `convex.config.ts` (or `.js`) in the snapshot. */
  configs: string[];
  /** Project modules the changed files import, most-imported first; changed files are in their own batch already. */
  imported: string[];
}

export function contextCandidates(
  files: ReadonlyMap<string, string>,
  changed: readonly ReviewFile[],
  roots: readonly ConvexRoot[],
  /** The local imports of a changed file, when the caller already has them. */
  importsOf: (file: ReviewFile) => readonly string[] = (f) => localImports(f.path, f.text, files),
): ContextCandidates {
  const changedPaths = new Set(changed.map((f) => f.path));
  const present = (names: string[]): string[] => [...new Set(roots.flatMap((r) => names.map((name) => joinPath(r.functionsDir, name))))].filter((p) => files.has(p));
  const schemas = present(['schema.ts', 'schema.js']);
  const configs = present(['convex.config.ts', 'convex.config.js']);
  const importCounts = new Map<string, number>();
  for (const f of changed) {
    for (const target of importsOf(f)) importCounts.set(target, (importCounts.get(target) ?? 0) + 1);
  }
  const framing = new Set([...schemas, ...configs]);
  const imported = [...importCounts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([p]) => p)
    .filter((p) => files.has(p) && !changedPaths.has(p) && !framing.has(p));
  return { schemas, configs, imported };
}
