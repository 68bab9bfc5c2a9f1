/**
 * Where the project calls the exported functions a pull request changes: references written as
 * `api.<module>.<name>` or `internal.<module>.<name>` (the module is the file's path under its
 * functions folder, without extension, `/` → `.`), a few per function. Text search, so a call made
 * another way is not found. Pure.
 */
import type { ConvexRoot } from '../convex/model/roots.js';
import { isSourcePath, isUnder, relativeTo, stripExtension } from '../convex/model/paths.js';

export interface CallSite {
  /** `internal.ai.channel`: the function referenced. */
  reference: string;
  path: string;
  line: number;
  /** The line, trimmed and shortened. */
  text: string;
}

export interface CallSiteLimits {
  perFunction: number;
  total: number;
}

const MAX_LINE_CHARS = 160;

/** The module path of a function file (`convex/model/users.ts` → `model.users`); undefined outside a functions folder. */
export function modulePath(path: string, roots: readonly ConvexRoot[]): { root: ConvexRoot; module: string } | undefined {
  const root = roots.filter((r) => isUnder(path, r.functionsDir) && path !== r.functionsDir).sort((a, b) => b.functionsDir.length - a.functionsDir.length)[0];
  if (!root || !isSourcePath(path)) return undefined;
  const segments = stripExtension(relativeTo(root.functionsDir, path)).split('/');
  if (segments.includes('_generated') || segments.includes('node_modules')) return undefined;
  return { root, module: segments.join('.') };
}

/**
 * Up to `perFunction` call sites of each changed function and `total` in all, taken round by
 * round (every function's first site before any second one), in path and line order. The file
 * that defines a function is not searched for it.
 */
export function callSites(
  changed: readonly { path: string; names: readonly string[] }[],
  files: ReadonlyMap<string, string>,
  roots: readonly ConvexRoot[],
  limits: CallSiteLimits,
): CallSite[] {
  const paths = [...files.keys()].filter((p) => isSourcePath(p) && !p.split('/').some((s) => s === '_generated' || s === 'node_modules')).sort();
  const perFunction: CallSite[][] = [];
  for (const file of changed) {
    const where = modulePath(file.path, roots);
    if (!where) continue;
    for (const name of file.names) {
      const pattern = referencePattern(where.module, name);
      const found: CallSite[] = [];
      for (const path of paths) {
        if (found.length >= limits.perFunction) break;
        if (path === file.path || !isUnder(path, where.root.projectDir)) continue;
        const text = files.get(path)!;
        if (!text.includes(name)) continue;
        for (const m of text.matchAll(pattern)) {
          const line = lineAt(text, m.index);
          if (found.some((f) => f.path === path && f.line === line)) continue;
          found.push({ reference: `${m[1]}.${where.module}.${name}`, path, line, text: lineText(text, m.index) });
          if (found.length >= limits.perFunction) break;
        }
      }
      perFunction.push(found);
    }
  }
  const out: CallSite[] = [];
  for (let round = 0; out.length < limits.total && perFunction.some((f) => f.length > round); round++) {
    for (const found of perFunction) if (found[round] && out.length < limits.total) out.push(found[round]);
  }
  return out;
}

/** `api.model.users.get`, also written `api.model["users"].get` or across whitespace. */
function referencePattern(module: string, name: string): RegExp {
  const segment = (s: string): string => `(?:\\s*\\??\\.\\s*${escape(s)}|\\s*\\[\\s*["'\`]${escape(s)}["'\`]\\s*\\])`;
  return new RegExp(`(?<![\\w$.])(api|internal)${[...module.split('.'), name].map(segment).join('')}(?![\\w$])`, 'g');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function lineText(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index - 1) + 1;
  const end = text.indexOf('\n', index);
  const line = text.slice(start, end === -1 ? undefined : end).trim();
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS - 1)}…` : line;
}
