/**
 * TypeScript path aliases (`compilerOptions.paths` / `baseUrl`) as the analysis sees them, read
 * from the repository's tsconfig files in the file map — never from the disk.
 *
 * Which tsconfig applies to a file: the nearest `tsconfig.json` at or above the file's folder
 * that sets `paths` or `baseUrl` (itself or through a local `extends` chain). The Convex bundler
 * (esbuild) and tsc take the nearest one whatever it sets; skipping one that sets neither only
 * matters for code that would not bundle. `references` and `extends` of packages are not followed.
 */
import { posix } from 'node:path';
import { ts } from '../../typescript.js';
import type { FileMap } from './source-file.js';
import { dirOf, joinPath } from './paths.js';

export interface PathAliases {
  /** Folder that `paths` targets are relative to: `baseUrl`, else the folder of the tsconfig setting `paths`. */
  pathsBase: string;
  /** `compilerOptions.paths` in file order: pattern → targets, tried in order. */
  paths: [pattern: string, targets: string[]][];
  /** Resolved `baseUrl`, when set: a bare specifier may name a file under it. */
  baseUrl: string | undefined;
}

interface ConfigOptions {
  paths?: { value: [string, string[]][]; dir: string };
  baseUrl?: string;
}

const MAX_EXTENDS_DEPTH = 8;

/** Path aliases per folder, each tsconfig read and parsed once. */
export class TsconfigPaths {
  private readonly configs = new Map<string, ConfigOptions | undefined>();
  private readonly byDir = new Map<string, PathAliases | undefined>();

  constructor(private readonly files: FileMap) {}

  /** The aliases that apply to a file at `path` (repository-relative), if any. */
  forFile(path: string): PathAliases | undefined {
    return this.forDir(dirOf(path));
  }

  private forDir(dir: string): PathAliases | undefined {
    if (this.byDir.has(dir)) return this.byDir.get(dir);
    let found: PathAliases | undefined;
    const configPath = joinPath(dir, 'tsconfig.json');
    const options = this.files.has(configPath) ? this.options(configPath, 0) : undefined;
    if (options && (options.paths || options.baseUrl !== undefined)) {
      // `${configDir}` (TypeScript 5.5) is the folder of the tsconfig in use: a repository-absolute path.
      const sub = (p: string): string => p.replace(/\$\{configDir\}/g, `/${dir}`);
      const baseUrl = options.baseUrl === undefined ? undefined : normalize(sub(options.baseUrl).replace(/^\/+/, ''));
      found = {
        pathsBase: baseUrl ?? options.paths!.dir,
        paths: (options.paths?.value ?? []).map(([pattern, targets]) => [pattern, targets.map(sub)]),
        baseUrl,
      };
    } else if (dir !== '') {
      found = this.forDir(dirOf(dir));
    }
    this.byDir.set(dir, found);
    return found;
  }

  /** `baseUrl` (made repository-relative) and `paths` of one tsconfig, `extends` merged in. */
  private options(configPath: string, depth: number): ConfigOptions | undefined {
    if (this.configs.has(configPath)) return this.configs.get(configPath);
    this.configs.set(configPath, undefined); // cycle guard
    const text = this.files.get(configPath);
    if (text === undefined || depth > MAX_EXTENDS_DEPTH) return undefined;
    const { config } = ts.parseConfigFileTextToJson(configPath, text);
    if (!isObject(config)) return undefined;
    const dir = dirOf(configPath);
    const merged: ConfigOptions = {};
    const bases = typeof config.extends === 'string' ? [config.extends] : Array.isArray(config.extends) ? config.extends : [];
    for (const base of bases) {
      const basePath = typeof base === 'string' ? this.extendsPath(dir, base) : undefined;
      const inherited = basePath ? this.options(basePath, depth + 1) : undefined;
      if (inherited?.paths) merged.paths = inherited.paths;
      if (inherited?.baseUrl !== undefined) merged.baseUrl = inherited.baseUrl;
    }
    const own = isObject(config.compilerOptions) ? config.compilerOptions : {};
    if (typeof own.baseUrl === 'string') merged.baseUrl = own.baseUrl.includes('${configDir}') ? own.baseUrl : normalize(joinPath(dir, own.baseUrl));
    if (isObject(own.paths)) {
      const value = Object.entries(own.paths)
        .filter((e): e is [string, unknown[]] => Array.isArray(e[1]))
        .map(([pattern, targets]) => [pattern, targets.filter((t): t is string => typeof t === 'string')] as [string, string[]]);
      merged.paths = { value, dir };
    }
    this.configs.set(configPath, merged);
    return merged;
  }

  /** A local `extends` target (`./base`, `../tsconfig.json`); package names are not followed. */
  private extendsPath(dir: string, spec: string): string | undefined {
    if (!spec.startsWith('.')) return undefined;
    const target = normalize(joinPath(dir, spec));
    if (this.files.has(target)) return target;
    if (!target.endsWith('.json') && this.files.has(`${target}.json`)) return `${target}.json`;
    return undefined;
  }
}

/**
 * The repository paths a bare specifier may name under `aliases`, in the order tsc tries them:
 * the targets of the matching `paths` pattern (an exact pattern first, else the wildcard with the
 * longest prefix), then `baseUrl`/specifier.
 */
export function aliasCandidates(aliases: PathAliases, specifier: string): string[] {
  const out: string[] = [];
  let best: { targets: string[]; star: string; prefixLength: number } | undefined;
  for (const [pattern, targets] of aliases.paths) {
    const star = pattern.indexOf('*');
    if (star < 0) {
      if (pattern === specifier) {
        best = { targets, star: '', prefixLength: Infinity };
        break;
      }
      continue;
    }
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (specifier.length < prefix.length + suffix.length || !specifier.startsWith(prefix) || !specifier.endsWith(suffix)) continue;
    if (best && best.prefixLength >= prefix.length) continue;
    best = { targets, star: specifier.slice(prefix.length, specifier.length - suffix.length), prefixLength: prefix.length };
  }
  for (const target of best?.targets ?? []) {
    const mapped = target.replace('*', best!.star);
    out.push(normalize(mapped.startsWith('/') ? mapped.replace(/^\/+/, '') : joinPath(aliases.pathsBase, mapped)));
  }
  if (aliases.baseUrl !== undefined) out.push(normalize(joinPath(aliases.baseUrl, specifier)));
  return out.filter((p) => !p.startsWith('..'));
}

function normalize(path: string): string {
  const n = posix.normalize(path).replace(/\/$/, '');
  return n === '.' ? '' : n.replace(/^\.\//, '');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
