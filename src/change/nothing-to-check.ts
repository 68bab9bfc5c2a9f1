/**
 * No silent green: when a PATH given to `check` holds no file the rules read, say why — not a
 * source file, outside every functions folder, generated code, no functions folder at all — and
 * where we looked. Pure: the tree's facts in, a sentence out.
 */
import { isSourcePath, isUnder, joinPath, SOURCE_EXTENSIONS } from '../convex/model/paths.js';

export interface RequestedPath {
  /** As the user typed it. */
  arg: string;
  /** Repository-relative ('' for the root). */
  path: string;
  isFile: boolean;
}

export interface TreeFacts {
  /** The folders that may hold Convex functions anywhere in the tree (convex.json's, `convex/`). */
  functionDirs: readonly string[];
  /** The files this run checked or listed as skipped. */
  covered: readonly string[];
}

/** Why `requested` yields nothing to check; undefined when it yields a file. */
export function whyNothingToCheck(requested: RequestedPath, tree: TreeFacts): string | undefined {
  const { arg, path, isFile } = requested;
  if (tree.covered.some((p) => isUnder(p, path))) return undefined;
  if (isFile && !isSourcePath(path)) {
    return `PATH '${arg}' is not a file the rules read (TypeScript or JavaScript: ${SOURCE_EXTENSIONS.join(', ')}, not .d.ts)`;
  }
  const folders = tree.functionDirs.map((d) => `${d || '.'}/`);
  if (folders.length === 0) return `PATH '${arg}': there is no Convex functions folder in this project (looked for convex.json and convex/ folders)`;
  const inside = tree.functionDirs.find((d) => isUnder(path, d));
  const holds = tree.functionDirs.filter((d) => isUnder(d, path));
  if (inside === undefined && holds.length === 0) {
    return `PATH '${arg}' is outside the Convex functions folders (${folders.join(', ')}): check one of them, or a folder that holds one`;
  }
  if (inside !== undefined && isUnder(path, joinPath(inside, '_generated'))) return `PATH '${arg}' is generated code (${inside}/_generated/ is not checked)`;
  const where = inside !== undefined ? `${inside}/` : holds.map((d) => `${d || '.'}/`).join(', ');
  return `PATH '${arg}' holds no TypeScript or JavaScript file of a Convex functions folder (${where}) that the config file does not ignore`;
}
