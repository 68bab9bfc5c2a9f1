/**
 * Reads a tree's analysis files through whatever reader a host has (GitHub's API, git, the
 * disk): the selection and the skip rules live here once, the reader only fetches bytes.
 */
import type { SkippedFile } from '../core/finding.js';
import { findConvexRoots } from '../convex/model/roots.js';
import { analysisPaths, configPaths, functionSourcePaths, MAX_FILE_BYTES, type SelectOptions } from './select.js';
import type { ListedFile, ProjectFiles } from './types.js';

/**
 * Fetches the bodies of these paths; a path it cannot find is left out of the map. It is called
 * twice: first for the config files (which say where the functions folders are), then for the
 * rest — a reader may plan its fetching by that (one archive download instead of many blobs).
 */
export type ReadBytes = (paths: readonly string[], phase: 'configs' | 'analysis') => Promise<ReadonlyMap<string, Uint8Array>>;

export async function readProjectFiles(listing: readonly ListedFile[], read: ReadBytes, options: SelectOptions = {}): Promise<ProjectFiles> {
  const files = new Map<string, string>();
  const skipped: SkippedFile[] = [];
  const sizes = new Map(listing.map((f) => [f.path, f.size]));
  const paths = listing.map((f) => f.path);
  const readSome = async (wanted: readonly string[], phase: 'configs' | 'analysis'): Promise<void> => {
    const small = wanted.filter((p) => {
      const reason = sizeSkipReason(sizes.get(p));
      if (reason) skipped.push({ path: p, reason });
      return !reason;
    });
    if (small.length === 0) return;
    const bodies = await read(small, phase);
    for (const p of small) {
      const bytes = bodies.get(p);
      if (!bytes) continue;
      const reason = sizeSkipReason(bytes.length) ?? (bytes.includes(0) ? 'binary (contains NUL bytes)' : undefined);
      if (reason) skipped.push({ path: p, reason });
      else files.set(p, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'));
    }
  };
  await readSome(configPaths(paths), 'configs');
  await readSome(analysisPaths(paths, files, options), 'analysis');
  skipped.sort((a, b) => a.path.localeCompare(b.path));
  const roots = findConvexRoots({ paths: [...files.keys()], read: (p) => files.get(p) });
  return { files, skipped, roots, functionFiles: functionSourcePaths(paths, roots) };
}

function sizeSkipReason(size: number | undefined): string | undefined {
  return size !== undefined && size > MAX_FILE_BYTES ? `larger than 1 MB (${(size / 1024 / 1024).toFixed(1)} MB)` : undefined;
}
