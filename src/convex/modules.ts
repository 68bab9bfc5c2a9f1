/** Resolves import specifiers within one Convex root (relative paths only; packages by name). */
import { posix } from 'node:path';
import type { SourceFile } from './source-file.js';
import { isUnder, joinPath } from './paths.js';

export type ModuleTarget =
  | { kind: 'file'; file: SourceFile }
  /** `<functionsDir>/_generated/<name>`, committed or not. */
  | { kind: 'generated'; name: string }
  /** A bare specifier: `convex/server`, `convex-helpers/server/customFunctions`, … */
  | { kind: 'package'; name: string }
  /** A relative path that is not in the snapshot. */
  | { kind: 'missing'; path: string };

export const RESOLVE_SUFFIXES = ['', '.ts', '.tsx', '.js', '.jsx', '.mts', '.mjs', '.cts', '.cjs', '/index.ts', '/index.tsx', '/index.js'];

export function resolveSpecifier(
  fromPath: string,
  specifier: string,
  functionsDir: string,
  filesByPath: ReadonlyMap<string, SourceFile>,
): ModuleTarget {
  if (!specifier.startsWith('.')) return { kind: 'package', name: specifier };
  const target = posix.normalize(joinPath(posix.dirname(fromPath), specifier));
  const generatedDir = joinPath(functionsDir, '_generated');
  if (isUnder(target, generatedDir) && target !== generatedDir) {
    return { kind: 'generated', name: target.slice(generatedDir.length + 1).replace(/(\.d)?\.[cm]?[jt]sx?$/, '') };
  }
  // ESM-style `./foo.js` imports name the TypeScript file `./foo.ts`.
  const bases = /\.[cm]?jsx?$/.test(target) ? [target, target.replace(/\.([cm]?)js(x?)$/, '.$1ts$2')] : [target];
  for (const base of bases) {
    for (const suffix of RESOLVE_SUFFIXES) {
      const file = filesByPath.get(base + suffix);
      if (file) return { kind: 'file', file };
    }
  }
  return { kind: 'missing', path: target };
}
