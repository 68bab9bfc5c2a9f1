/**
 * What a team tells the analysis about its own code (from the config file): names the model
 * cannot infer. Every field is optional; the defaults change nothing.
 */
import picomatch from 'picomatch';
import type { FunctionKind, Visibility } from './registrars.js';

export interface ConfiguredRegistrar {
  kind: FunctionKind;
  visibility: Visibility;
  /** The Convex builder it stands for (`query`, `internalMutation`, …). */
  base: string;
  /** Every function it builds checks who is calling. */
  checksAuth: boolean;
}

export interface ProjectOptions {
  /** Extra helper names that check auth when handed ctx (beyond `require*`, `getCurrentUser*`, …). */
  authHelpers: ReadonlySet<string>;
  /** Wrappers the resolver cannot see through (path aliases, hand-written builders), by name. */
  registrars: ReadonlyMap<string, ConfiguredRegistrar>;
  /** Tables small by design: `.collect()` on them is fine (`unbounded-collect`). */
  smallTables: ReadonlySet<string>;
  /** Public by design: `path` globs or `path#export` (no auth findings). */
  publicFunctions: readonly string[];
}

export const DEFAULT_PROJECT_OPTIONS: ProjectOptions = {
  authHelpers: new Set(),
  registrars: new Map(),
  smallTables: new Set(),
  publicFunctions: [],
};

/**
 * Whether the config file declares a registration public by design: a pattern is a path glob
 * (every function of the matching files) or `glob#export` (one function).
 */
export function isPublicByDesign(options: ProjectOptions, path: string, exportNames: readonly string[]): boolean {
  return options.publicFunctions.some((pattern) => {
    const [glob, exportName] = pattern.split('#');
    if (!picomatch(glob, { dot: true })(path)) return false;
    return exportName === undefined || exportNames.includes(exportName);
  });
}
