/**
 * Which files the Convex bundler deploys as function modules, following its own rules
 * (convex/src/bundler): the files a rule about "registered functions" may speak for.
 */
import { baseOf, isUnder, relativeTo, SOURCE_EXTENSIONS } from './paths.js';


export type EntryDecision = { entry: true } | { entry: false; reason: string };

export function classifyEntry(
  path: string,
  text: string,
  functionsDir: string,
  nestedComponentDirs: readonly string[],
): EntryDecision {
  const rel = relativeTo(functionsDir, path);
  const base = baseOf(path);
  if (!SOURCE_EXTENSIONS.some((ext) => base.toLowerCase().endsWith(ext))) return { entry: false, reason: 'not a JS/TS module' };
  if (nestedComponentDirs.some((dir) => isUnder(path, dir))) return { entry: false, reason: 'inside a nested component' };
  if (rel.startsWith('_generated/')) return { entry: false, reason: 'generated code' };
  if (base.startsWith('.')) return { entry: false, reason: 'dotfile' };
  if (base.startsWith('#')) return { entry: false, reason: 'editor temp file' };
  if (base === 'schema.ts' || base === 'schema.js') return { entry: false, reason: 'schema' };
  if ((base.match(/\./g) ?? []).length > 1) return { entry: false, reason: 'more than one dot in the name' };
  if (rel.includes(' ')) return { entry: false, reason: 'path contains a space' };
  if ((base.endsWith('.ts') || base.endsWith('.tsx')) && !/^\s{0,100}(import|export)/m.test(text)) {
    return { entry: false, reason: 'no import or export' };
  }
  return { entry: true };
}
