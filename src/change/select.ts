/**
 * Which files of a tree the review reads — one pure selection shared by every host (the GitHub
 * API snapshot, a git change, a folder). Config files come first because they say where the
 * functions folders are; then the code under those folders, their committed `_generated/*.d.ts`,
 * and the package.json / tsconfig*.json files in and above them.
 */
import picomatch from 'picomatch';
import { baseOf, dirOf, isSourcePath, isTsconfigPath, isUnder, joinPath } from '../convex/model/paths.js';
import { enclosingConvexFolder, functionsDirFromConvexJson, type ConvexRoot } from '../convex/model/roots.js';
import type { ChangedFile } from './types.js';

/** Files over this size are listed as skipped, never read: generated bundles, data dumps. */
export const MAX_FILE_BYTES = 1024 * 1024;

const notInDeps = (p: string): boolean => !p.split('/').includes('node_modules');

/** `convex.json` and `convex.config.*`: where the functions folders and components are. */
export function isProjectConfigPath(path: string): boolean {
  const base = baseOf(path);
  return notInDeps(path) && (base === 'convex.json' || /^convex\.config\.[cm]?[jt]s$/.test(base));
}

/** What `_generated/` holds that the rules read: the api (components), server (`env`), data model. */
const GENERATED_TYPES = /(^|\/)_generated\/(api|server|dataModel)\.d\.ts$/;

export function configPaths(listing: readonly string[]): string[] {
  return listing.filter(isProjectConfigPath);
}

/**
 * The folders that may hold Convex functions: named by a convex.json, holding a component's
 * convex.config, or named `convex/`. Root discovery decides later which really are.
 */
export function candidateFunctionDirs(listing: readonly string[], configs: ReadonlyMap<string, string>): string[] {
  const dirs = new Set<string>();
  for (const [path, text] of configs) {
    if (baseOf(path) === 'convex.json') {
      try {
        dirs.add(functionsDirFromConvexJson(path, text));
      } catch {
        // reported by root discovery, naming the file
      }
    } else if (/\bdefineComponent\s*\(/.test(text)) dirs.add(dirOf(path));
  }
  for (const path of listing) {
    const folder = enclosingConvexFolder(path);
    if (folder !== undefined && notInDeps(path)) dirs.add(folder);
  }
  return [...dirs].sort();
}

export interface SelectOptions {
  /**
   * Only the functions folders that overlap these repository paths ('' is the whole tree): a
   * `check` of one folder does not parse every other Convex project of a monorepo.
   */
  within?: readonly string[];
}

/**
 * What the analysis reads once the config files (`configs`: path → text) are known, config files
 * excluded. Pure: the tree's listing in, repository paths out.
 */
export function analysisPaths(listing: readonly string[], configs: ReadonlyMap<string, string>, options: SelectOptions = {}): string[] {
  const within = options.within;
  const dirs = candidateFunctionDirs(listing, configs).filter((d) => !within || within.some((w) => isUnder(d, w) || isUnder(w, d)));
  const listed = new Set(listing);
  const code = listing.filter((p) => notInDeps(p) && dirs.some((d) => isUnder(p, d)) && (isSourcePath(p) || GENERATED_TYPES.test(p)));
  const above = new Set(dirs.flatMap(ancestorsOf));
  const packageJsons = [...above].map((d) => joinPath(d, 'package.json')).filter((p) => listed.has(p));
  // tsconfig*.json in and above the functions folders: their `paths` aliases and `extends`.
  const tsconfigs = listing.filter((p) => notInDeps(p) && isTsconfigPath(p) && (above.has(dirOf(p)) || dirs.some((d) => isUnder(p, d))));
  return [...new Set([...code, ...packageJsons, ...tsconfigs])].filter((p) => !isProjectConfigPath(p)).sort();
}

/** Every path `analysisPaths` could select whatever the config files say: what an archive must keep before they are read. */
export function mayBeAnalyzed(path: string): boolean {
  return notInDeps(path) && (isSourcePath(path) || GENERATED_TYPES.test(path) || baseOf(path) === 'package.json' || isTsconfigPath(path) || isProjectConfigPath(path));
}

/** Source files under the functions folders, `_generated/` and dependencies left out: what an audit reviews. */
export function functionSourcePaths(listing: readonly string[], roots: readonly ConvexRoot[]): string[] {
  return listing.filter((p) => notInDeps(p) && isSourcePath(p) && roots.some((r) => isUnder(p, r.functionsDir) && !isUnder(p, joinPath(r.functionsDir, '_generated'))));
}

/** Which changed files a run reviews: `paths` globs (default: the functions folders, less `_generated/`) minus `exclude`; never removed files. */
export function reviewedFiles(changed: readonly ChangedFile[], roots: readonly ConvexRoot[], paths: readonly string[], exclude: readonly string[]): ChangedFile[] {
  const selected = pathFilter(roots, paths, exclude);
  return changed.filter((f) => f.status !== 'removed' && selected(f.path));
}

/**
 * `paths` globs (default: inside a functions folder, not `_generated/`) minus `exclude` globs,
 * and only source files: a README.md or tsconfig.json in `convex/` is not reviewed code, whatever
 * a glob says (the analysis reads the tsconfig for its aliases; nothing reviews it).
 */
export function pathFilter(roots: readonly ConvexRoot[], paths: readonly string[], exclude: readonly string[]): (path: string) => boolean {
  const inFunctionsDir = (p: string): boolean => roots.some((r) => isUnder(p, r.functionsDir) && !isUnder(p, joinPath(r.functionsDir, '_generated')));
  const selected = globFilter(paths, exclude, inFunctionsDir);
  return (p) => isSourcePath(p) && selected(p);
}

/** `paths` globs (`whenNoPaths` when there are none) minus `exclude` globs. */
export function globFilter(paths: readonly string[], exclude: readonly string[], whenNoPaths: (path: string) => boolean): (path: string) => boolean {
  const included = paths.length > 0 ? picomatch([...paths], { dot: true }) : whenNoPaths;
  const excluded = exclude.length > 0 ? picomatch([...exclude], { dot: true }) : () => false;
  return (p) => included(p) && !excluded(p);
}

function ancestorsOf(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; ; d = dirOf(d)) {
    out.push(d);
    if (d === '') return out;
  }
}
