/** POSIX path helpers for repository-relative paths (the model never touches the disk). */
import { posix } from 'node:path';

export function joinPath(...parts: string[]): string {
  const joined = posix.join(...parts.filter((p) => p !== '' && p !== '.'));
  return joined === '.' ? '' : joined.replace(/\/$/, '');
}

export function dirOf(path: string): string {
  const dir = posix.dirname(path);
  return dir === '.' ? '' : dir;
}

export function baseOf(path: string): string {
  return posix.basename(path);
}

/** True when `path` is `dir` itself or lies below it ('' is the repository root). */
export function isUnder(path: string, dir: string): boolean {
  return dir === '' || path === dir || path.startsWith(dir + '/');
}

export function relativeTo(dir: string, path: string): string {
  return dir === '' ? path : path.slice(dir.length + 1);
}

export function stripExtension(path: string): string {
  return path.replace(/\.[^/.]+$/, '');
}

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

export function isSourcePath(path: string): boolean {
  return !path.endsWith('.d.ts') && SOURCE_EXTENSIONS.some((ext) => path.endsWith(ext));
}

/** `tsconfig.json`, `tsconfig.base.json`, …: where path aliases and their `extends` live. */
export function isTsconfigPath(path: string): boolean {
  return /^tsconfig(\.[^/]*)?\.json$/.test(baseOf(path));
}
