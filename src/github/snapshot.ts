/**
 * The pull request as the analysis needs it, read through the API at the PR's head SHA (never
 * `GITHUB_SHA`, the merge commit): its changed files with their patches, and the Convex code
 * and the root files the rules read. No checkout; PR code is never executed.
 */
import picomatch from 'picomatch';
import type { SkippedFile } from '../core/finding.js';
import { parsePatch } from '../diff/patch.js';
import { baseOf, dirOf, isSourcePath, isUnder, joinPath } from '../convex/paths.js';
import { enclosingConvexFolder, findConvexRoots, functionsDirFromConvexJson, type ConvexRoot } from '../convex/roots.js';
import type { ChangedFile } from '../plan/plan.js';
import type { Octokit } from './client.js';

const MAX_BLOB_BYTES = 1024 * 1024;
const BLOB_CONCURRENCY = 8;

export interface PullRequestInfo {
  number: number;
  headSha: string;
  baseSha: string;
  baseRef: string;
  draft: boolean;
  authorAssociation: string;
  labels: string[];
  htmlUrl: string;
  /** How many files the PR changes, which can be more than the file list shows. */
  changedFiles: number;
}

export interface Snapshot {
  pr: PullRequestInfo;
  /** Every file the PR changes (up to GitHub's cap), with parsed patches. */
  changedFiles: ChangedFile[];
  /** GitHub's file list stopped short (its 3,000-file cap): the files past it are unknown. */
  listCapped: boolean;
  /** Repository files at the head SHA that the analysis reads. */
  files: Map<string, string>;
  roots: ConvexRoot[];
  skipped: SkippedFile[];
}

export async function fetchPullRequest(octokit: Octokit, owner: string, repo: string, number: number): Promise<PullRequestInfo> {
  const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: number });
  return {
    number,
    headSha: data.head.sha,
    baseSha: data.base.sha,
    baseRef: data.base.ref,
    draft: Boolean(data.draft),
    authorAssociation: data.author_association,
    labels: (data.labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? ''))),
    htmlUrl: data.html_url,
    changedFiles: data.changed_files,
  };
}

export async function fetchSnapshot(octokit: Octokit, owner: string, repo: string, pr: PullRequestInfo): Promise<Snapshot> {
  // The file list (up to 30 pages, one after the other) and the code (tree, then blobs) do not
  // depend on each other: fetched side by side, the list costs no wall time of its own.
  const [listed, { files, roots, skipped }] = await Promise.all([
    octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: pr.number, per_page: 100 }),
    fetchRepoFiles(octokit, owner, repo, pr.headSha),
  ]);
  const changedFiles: ChangedFile[] = listed.map((f) => ({
    path: f.filename,
    status: f.status,
    ...(f.previous_filename ? { previousPath: f.previous_filename } : {}),
    ...(typeof f.patch === 'string' ? { patch: parsePatch(f.patch) } : {}),
  }));
  return { pr, changedFiles, listCapped: listed.length < pr.changedFiles, files, roots, skipped };
}

export interface RepoFiles {
  /** Repository files at the commit that the analysis reads. */
  files: Map<string, string>;
  roots: ConvexRoot[];
  skipped: SkippedFile[];
  /** Source files under the functions folders (`_generated/` and dependencies left out). */
  functionFiles: string[];
}

/** The Convex code of a commit and the root files the rules read, through the git data API. */
export async function fetchRepoFiles(octokit: Octokit, owner: string, repo: string, sha: string): Promise<RepoFiles> {
  const { data: tree } = await octokit.rest.git.getTree({ owner, repo, tree_sha: sha, recursive: 'true' });
  const blobs = tree.tree.filter((e) => e.type === 'blob' && e.path && e.sha) as { path: string; sha: string; size?: number }[];
  const byPath = new Map(blobs.map((b) => [b.path, b]));
  const files = new Map<string, string>();
  const skipped: SkippedFile[] = [];
  const fetchPaths = (paths: string[]) => fetchBlobs(octokit, owner, repo, paths.map((p) => byPath.get(p)!), files, skipped);

  // Config files first: they say where the functions folders are.
  const notInDeps = (p: string): boolean => !p.split('/').includes('node_modules');
  await fetchPaths(blobs.map((b) => b.path).filter((p) => notInDeps(p) && (baseOf(p) === 'convex.json' || /^convex\.config\.[jt]s$/.test(baseOf(p)))));
  const candidateDirs = new Set<string>();
  for (const [path, text] of files) {
    if (baseOf(path) === 'convex.json') {
      try {
        candidateDirs.add(functionsDirFromConvexJson(path, text));
      } catch {
        // reported by root discovery below, with the file's name
      }
    } else if (/\bdefineComponent\s*\(/.test(text)) candidateDirs.add(dirOf(path));
  }
  for (const b of blobs) {
    const folder = enclosingConvexFolder(b.path);
    if (folder !== undefined && notInDeps(b.path)) candidateDirs.add(folder);
  }
  const wanted = blobs
    .map((b) => b.path)
    .filter((p) => notInDeps(p) && [...candidateDirs].some((d) => isUnder(p, d)) && (isSourcePath(p) || /\/_generated\/api\.d\.ts$/.test(p)));
  const packageJsons = [...candidateDirs].flatMap((d) => ancestorsOf(d).map((a) => joinPath(a, 'package.json'))).filter((p) => byPath.has(p));
  await fetchPaths([...new Set([...wanted, ...packageJsons])].filter((p) => !files.has(p)));

  const roots = findConvexRoots({ paths: [...files.keys()], read: (p) => files.get(p) });
  const functionFiles = blobs
    .map((b) => b.path)
    .filter((p) => notInDeps(p) && isSourcePath(p) && roots.some((r) => isUnder(p, r.functionsDir) && !isUnder(p, joinPath(r.functionsDir, '_generated'))));
  return { files, roots, skipped, functionFiles };
}

function ancestorsOf(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; ; d = dirOf(d)) {
    out.push(d);
    if (d === '') return out;
  }
}

async function fetchBlobs(
  octokit: Octokit,
  owner: string,
  repo: string,
  entries: { path: string; sha: string; size?: number }[],
  into: Map<string, string>,
  skipped: SkippedFile[],
): Promise<void> {
  const queue = entries.filter((e) => {
    if ((e.size ?? 0) <= MAX_BLOB_BYTES) return true;
    skipped.push({ path: e.path, reason: `larger than 1 MB (${((e.size ?? 0) / 1024 / 1024).toFixed(1)} MB)` });
    return false;
  });
  const worker = async (): Promise<void> => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      const { data } = await octokit.rest.git.getBlob({ owner, repo, file_sha: entry.sha });
      const bytes = Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8');
      if (bytes.includes(0)) skipped.push({ path: entry.path, reason: 'binary (contains NUL bytes)' });
      else into.set(entry.path, bytes.toString('utf8'));
    }
  };
  await Promise.all(Array.from({ length: Math.min(BLOB_CONCURRENCY, queue.length) }, worker));
}

/** Which changed files this run reviews: `paths` globs (default: the functions folders, less `_generated/`) minus `exclude`. */
export function reviewedFiles(changed: readonly ChangedFile[], roots: readonly ConvexRoot[], paths: readonly string[], exclude: readonly string[]): ChangedFile[] {
  const inFunctionsDir = (p: string): boolean => roots.some((r) => isUnder(p, r.functionsDir) && !isUnder(p, joinPath(r.functionsDir, '_generated')));
  const included = paths.length > 0 ? picomatch([...paths], { dot: true }) : inFunctionsDir;
  const excluded = exclude.length > 0 ? picomatch([...exclude], { dot: true }) : () => false;
  return changed.filter((f) => f.status !== 'removed' && included(f.path) && !excluded(f.path));
}
