/** Resolves import specifiers within one Convex root: relative paths, tsconfig path aliases, packages by name. */
import { posix } from 'node:path';
import type { SourceFile } from './source-file.js';
import { isUnder, joinPath } from './paths.js';
import { aliasCandidates, type PathAliases } from './tsconfig.js';

export type ModuleTarget =
  | { kind: 'file'; file: SourceFile }
  /** `<functionsDir>/_generated/<name>`, committed or not. */
  | { kind: 'generated'; name: string }
  /** A bare specifier: `convex/server`, `convex-helpers/server/customFunctions`, … */
  | { kind: 'package'; name: string }
  /** A relative path (or a path alias's target) that is not in the model. */
  | { kind: 'missing'; path: string };

export const RESOLVE_SUFFIXES = ['', '.ts', '.tsx', '.js', '.jsx', '.mts', '.mjs', '.cts', '.cjs', '/index.ts', '/index.tsx', '/index.js'];

export interface AliasContext {
  /** The tsconfig `paths` / `baseUrl` that apply to the importing file. */
  aliases: PathAliases | undefined;
  /** Whether the repository has a file at this path (outside the model: another folder, unreadable). */
  repoHas: (path: string) => boolean;
}

export function resolveSpecifier(
  fromPath: string,
  specifier: string,
  functionsDir: string,
  filesByPath: ReadonlyMap<string, SourceFile>,
  alias?: AliasContext,
): ModuleTarget {
  if (specifier.startsWith('.')) {
    const target = posix.normalize(joinPath(posix.dirname(fromPath), specifier));
    return resolvePath(target, functionsDir, filesByPath) ?? { kind: 'missing', path: target };
  }
  // A path alias: the first target that names a file (or `_generated/`) wins, as with tsc; a file
  // of the repository outside the model is `missing`. No target found: a package, as tsc falls
  // back to node_modules.
  if (alias?.aliases) {
    for (const candidate of aliasCandidates(alias.aliases, specifier)) {
      const resolved = resolvePath(candidate, functionsDir, filesByPath);
      if (resolved) return resolved;
      const onDisk = candidateFiles(candidate).find(alias.repoHas);
      if (onDisk !== undefined) return { kind: 'missing', path: candidate };
    }
  }
  // No file and no alias says where it is (a partial checkout: no tsconfig, or an alias this
  // model cannot read): `@/convex/_generated/server` is still the functions folder's own.
  const generated = GENERATED_SPECIFIER.exec(specifier);
  if (generated) return { kind: 'generated', name: generated[1] };
  return { kind: 'package', name: specifier };
}

/** A bare specifier naming a generated module: `@/convex/_generated/server`, `~/_generated/api.js`. */
const GENERATED_SPECIFIER = /\/_generated\/(server|api|dataModel)(?:\.[cm]?[jt]s)?$/;

/**
 * The repository file a specifier names, from the list of repository paths alone (no model):
 * a relative path, or the first target of a tsconfig path alias that names a file, with the same
 * suffixes, `.js` → `.ts` and index files as `resolveSpecifier`. Undefined for packages.
 */
export function resolveRepoFile(fromPath: string, specifier: string, repoHas: (path: string) => boolean, aliases?: PathAliases): string | undefined {
  const targets = specifier.startsWith('.')
    ? [posix.normalize(joinPath(posix.dirname(fromPath), specifier))]
    : aliases
      ? aliasCandidates(aliases, specifier)
      : [];
  for (const target of targets) {
    const found = candidateFiles(target).find(repoHas);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A repository path (no suffix yet) as a model file or a `_generated/` module; undefined if neither. */
function resolvePath(target: string, functionsDir: string, filesByPath: ReadonlyMap<string, SourceFile>): ModuleTarget | undefined {
  const generatedDir = joinPath(functionsDir, '_generated');
  if (isUnder(target, generatedDir) && target !== generatedDir) {
    return { kind: 'generated', name: target.slice(generatedDir.length + 1).replace(/(\.d)?\.[cm]?[jt]sx?$/, '') };
  }
  for (const path of candidateFiles(target)) {
    const file = filesByPath.get(path);
    if (file) return { kind: 'file', file };
  }
  return undefined;
}

function candidateFiles(target: string): string[] {
  // ESM-style `./foo.js` imports name the TypeScript file `./foo.ts`.
  const bases = /\.[cm]?jsx?$/.test(target) ? [target, target.replace(/\.([cm]?)js(x?)$/, '.$1ts$2')] : [target];
  return bases.flatMap((base) => RESOLVE_SUFFIXES.map((suffix) => base + suffix));
}
