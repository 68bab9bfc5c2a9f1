/**
 * Where the Convex code of a repository lives: one root per `convex.json` (its `functions`
 * setting, default `convex/`), per `convex/` folder that looks like Convex code, and per
 * component (a folder whose `convex.config.ts` calls `defineComponent`, or, in a checkout without
 * it, a folder named `component` whose files import its `./_generated/server`). Monorepos have
 * several.
 */
import { baseOf, dirOf, isSourcePath, isUnder, joinPath } from './paths.js';

export interface ConvexRoot {
  /** The folder holding convex.json / package.json (the Convex project). */
  projectDir: string;
  /** The functions folder the Convex bundler deploys from. */
  functionsDir: string;
  /** Component code (`defineComponent`), which has no `ctx.auth` of its own. */
  isComponent: boolean;
}

export interface RootDiscoveryInput {
  paths: readonly string[];
  read(path: string): string | undefined;
}

export class ConfigFileError extends Error {}

/** `./_generated/server`, through a tsconfig path alias too (`@cvx/_generated/server`), or `convex/server`. */
const CONVEX_IMPORT = /from\s+["'](?:\.{1,2}\/)+_generated\/server(?:\.js)?["']|from\s+["'][@~#$\w-]*(?:\/[\w.-]+)*\/_generated\/server(?:\.js)?["']|from\s+["']convex\/server["']/;

export function functionsDirFromConvexJson(convexJsonPath: string, text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigFileError(`${convexJsonPath}: not valid JSON (${(error as Error).message})`);
  }
  const functions = (parsed as { functions?: unknown } | null)?.functions;
  if (functions === undefined) return joinPath(dirOf(convexJsonPath), 'convex');
  if (typeof functions !== 'string' || functions.trim() === '') {
    throw new ConfigFileError(`${convexJsonPath}: "functions" must be a folder path string, like "convex/" or "src/convex/"`);
  }
  return joinPath(dirOf(convexJsonPath), functions.replace(/^\.\//, ''));
}

export function findConvexRoots(input: RootDiscoveryInput): ConvexRoot[] {
  const paths = input.paths.filter((p) => !p.split('/').includes('node_modules'));
  const roots = new Map<string, ConvexRoot>();

  for (const path of paths) {
    if (baseOf(path) !== 'convex.json') continue;
    const text = input.read(path);
    if (text === undefined) continue;
    const functionsDir = functionsDirFromConvexJson(path, text);
    roots.set(functionsDir, { projectDir: dirOf(path), functionsDir, isComponent: false });
  }

  // Component folders: their convex.config.ts defines a component.
  for (const path of paths) {
    if (baseOf(path) !== 'convex.config.ts' && baseOf(path) !== 'convex.config.js') continue;
    const text = input.read(path) ?? '';
    if (!/\bdefineComponent\s*\(/.test(text)) continue;
    const dir = dirOf(path);
    if (!roots.has(dir)) roots.set(dir, { projectDir: dir, functionsDir: dir, isComponent: true });
  }

  // Component folders whose convex.config.ts the checkout lacks: named `component` (`component/`,
  // `src/component/`, as the component template lays them out) and holding the `_generated/`
  // their files import relatively.
  for (const dir of namedComponentDirs(paths, input.read)) {
    if (!roots.has(dir)) roots.set(dir, { projectDir: dir, functionsDir: dir, isComponent: true });
  }

  // Plain `convex/` folders without a convex.json that says otherwise.
  const candidates = new Set<string>();
  for (const path of paths) {
    const folder = enclosingConvexFolder(path);
    if (folder !== undefined) candidates.add(folder);
  }
  for (const dir of [...candidates].sort()) {
    if (roots.has(dir)) continue;
    const projectDir = dirOf(dir);
    if (paths.includes(joinPath(projectDir, 'convex.json'))) continue; // convex.json points elsewhere
    if ([...roots.values()].some((r) => !r.isComponent && isUnder(dir, r.functionsDir))) continue;
    if (!looksLikeConvexDir(dir, paths, input.read)) continue;
    roots.set(dir, { projectDir, functionsDir: dir, isComponent: false });
  }

  return [...roots.values()].sort((a, b) => a.functionsDir.localeCompare(b.functionsDir));
}

/** The nearest folder named `convex` that holds `path` (`a/convex/b/c.ts` → `a/convex`), if any. */
export function enclosingConvexFolder(path: string): string | undefined {
  const parts = path.split('/');
  const at = parts.lastIndexOf('convex', parts.length - 2);
  return at >= 0 ? parts.slice(0, at + 1).join('/') : undefined;
}

/** `from "./_generated/server"`, `from "../../_generated/server.js"`: the relative part, captured. */
const RELATIVE_SERVER_IMPORT = /from\s+["']((?:\.\.?\/)+)_generated\/server(?:\.js)?["']/g;

/** Folders named `component` that files import `_generated/server` from, relatively. */
function namedComponentDirs(paths: readonly string[], read: (p: string) => string | undefined): string[] {
  const dirs = new Set<string>();
  for (const path of paths) {
    if (!isSourcePath(path) || !path.split('/').includes('component')) continue;
    for (const match of (read(path) ?? '').matchAll(RELATIVE_SERVER_IMPORT)) {
      const dir = joinPath(dirOf(path), match[1]);
      if (baseOf(dir) === 'component' && isUnder(path, dir)) dirs.add(dir);
    }
  }
  return [...dirs].sort();
}

function looksLikeConvexDir(dir: string, paths: readonly string[], read: (p: string) => string | undefined): boolean {
  const inside = paths.filter((p) => isUnder(p, dir));
  // A folder with its own package.json is a package (such as the `convex` npm package itself), not functions.
  if (inside.includes(`${dir}/package.json`)) return false;
  if (inside.some((p) => p.startsWith(dir + '/_generated/') || p === `${dir}/schema.ts` || p === `${dir}/schema.js`)) return true;
  return inside.some((p) => isSourcePath(p) && CONVEX_IMPORT.test(read(p) ?? ''));
}
