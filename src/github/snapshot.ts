/**
 * The pull request as the analysis needs it, read through the API at the PR's head SHA (never
 * `GITHUB_SHA`, the merge commit): its changed files with their patches, and the Convex code
 * and the root files the rules read. No checkout; PR code is never executed.
 */
import { createHash } from 'node:crypto';
import { readProjectFiles, type ReadBytes } from '../change/read.js';
import { analysisPaths, mayBeAnalyzed, MAX_FILE_BYTES } from '../change/select.js';
import type { ChangedFile, ProjectFiles } from '../change/types.js';
import { isUnder } from '../convex/model/paths.js';
import { plural } from '../core/text.js';
import { parsePatch } from '../diff/patch.js';
import { codeSpan } from '../plan/sanitize.js';
import type { Octokit } from './client.js';
import { gitHubFailure } from './errors.js';
import { tarGzEntries, TarFormatError, type ArchiveBody } from './tar.js';

const BLOB_CONCURRENCY = 8;

export interface PullRequestInfo {
  number: number;
  headSha: string;
  baseSha: string;
  baseRef: string;
  draft: boolean;
  /** The author's login (`user.login`; empty for a deleted account). */
  authorLogin: string;
  authorAssociation: string;
  labels: string[];
  htmlUrl: string;
  /** How many files the PR changes, which can be more than the file list shows. */
  changedFiles: number;
  /** The pull request's own words: untrusted (shown to Claude as data only). */
  title: string;
  body: string;
}

export interface Snapshot {
  pr: PullRequestInfo;
  /**
   * Every file the PR changes that GitHub lists (up to its cap), with parsed patches; past the
   * cap, the changed files the analysis reads, found through the trees (`pastListCap`, no patch).
   */
  changedFiles: ChangedFile[];
  /** When GitHub's file list stopped short (its 3,000-file cap): what was listed, and what the trees showed past it. */
  listCap?: ListCap;
  /** Repository files at the head SHA that the analysis reads. */
  project: ProjectFiles;
}

/**
 * `pulls/{n}/files` lists at most 3,000 files. Past that, the head's tree (already read) and the
 * base's (one more `git/trees` call) are compared by blob SHA: the changed files the analysis
 * reads that the list left out join the change without a patch.
 */
export interface ListCap {
  /** Files GitHub listed, and how many the PR changes. */
  listed: number;
  total: number;
  /** Changed files past the list that the analysis reads (also in `changedFiles`, `pastListCap`). */
  found: string[];
  /** Why the trees could not be compared (then `found` is empty and the files past the list are unknown). */
  unavailable?: string;
}

export async function fetchPullRequest(octokit: Octokit, owner: string, repo: string, number: number): Promise<PullRequestInfo> {
  const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: number });
  return {
    number,
    headSha: data.head.sha,
    baseSha: data.base.sha,
    baseRef: data.base.ref,
    draft: Boolean(data.draft),
    authorLogin: data.user?.login ?? '',
    authorAssociation: data.author_association,
    labels: (data.labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? ''))),
    htmlUrl: data.html_url,
    changedFiles: data.changed_files,
    title: data.title ?? '',
    body: data.body ?? '',
  };
}

export async function fetchSnapshot(octokit: Octokit, owner: string, repo: string, pr: PullRequestInfo, options: FetchOptions = {}): Promise<Snapshot> {
  // The file list (up to 30 pages, one after the other) and the code (tree, then blobs) do not
  // depend on each other: fetched side by side, the list costs no wall time of its own.
  const [listed, head] = await Promise.all([
    octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: pr.number, per_page: 100 }),
    readCommit(octokit, owner, repo, pr.headSha, options),
  ]);
  const changedFiles: ChangedFile[] = listed.map((f) => ({
    path: f.filename,
    status: f.status,
    ...(f.previous_filename ? { previousPath: f.previous_filename } : {}),
    ...(typeof f.patch === 'string' ? { patch: parsePatch(f.patch) } : {}),
  }));
  const project = head.project;
  if (listed.length >= pr.changedFiles) return { pr, changedFiles, project };
  const inList = new Set(listed.flatMap((f) => [f.filename, ...(f.previous_filename ? [f.previous_filename] : [])]));
  const past = await filesPastList(octokit, owner, repo, pr.baseSha, head, inList);
  const listCap: ListCap = { listed: listed.length, total: pr.changedFiles, found: past.files.map((f) => f.path), ...(past.unavailable ? { unavailable: past.unavailable } : {}) };
  (options.log ?? (() => {}))(
    past.unavailable
      ? `convex-review: GitHub lists ${listed.length} of the PR's ${pr.changedFiles} files; the trees could not be compared (${past.unavailable})`
      : `convex-review: GitHub lists ${listed.length} of the PR's ${pr.changedFiles} files; comparing the head and base trees found ${past.files.length} more file(s) the analysis reads`,
  );
  return { pr, changedFiles: [...changedFiles, ...past.files], listCap, project };
}

/** The changed files past GitHub's list that the analysis reads: head and base trees compared by blob SHA. */
async function filesPastList(
  octokit: Octokit,
  owner: string,
  repo: string,
  baseSha: string,
  head: CommitRead,
  inList: ReadonlySet<string>,
): Promise<{ files: ChangedFile[]; unavailable?: string }> {
  if (head.truncated) return { files: [], unavailable: "the head commit's tree is larger than the tree API lists" };
  let base;
  try {
    ({ data: base } = await octokit.rest.git.getTree({ owner, repo, tree_sha: baseSha, recursive: 'true' }));
  } catch (error) {
    return { files: [], unavailable: gitHubFailure(error)?.reason ?? (error as Error).message };
  }
  if (base.truncated) return { files: [], unavailable: "the base commit's tree is larger than the tree API lists" };
  const baseShas = new Map(base.tree.filter((e) => e.type === 'blob' && e.path && e.sha).map((e) => [e.path!, e.sha!]));
  const headShas = new Map(head.blobs.map((b) => [b.path, b.sha]));
  const { project } = head;
  const skipped = new Set(project.skipped.map((s) => s.path));
  // What the analysis reads at the head, or anything under a functions folder (a removed file too).
  const relevant = (p: string): boolean => project.files.has(p) || skipped.has(p) || project.roots.some((r) => isUnder(p, r.functionsDir));
  const files: ChangedFile[] = [];
  for (const path of [...new Set([...headShas.keys(), ...baseShas.keys()])].sort()) {
    const before = baseShas.get(path);
    const after = headShas.get(path);
    if (before === after || inList.has(path) || !relevant(path)) continue;
    files.push({ path, status: before === undefined ? 'added' : after === undefined ? 'removed' : 'modified', pastListCap: true });
  }
  return { files };
}

export interface FetchOptions {
  /** Where the archive path says what it did (default: nowhere). */
  log?: (message: string) => void;
  /** The archive rule's thresholds (defaults `ARCHIVE_MIN_FILES`, `ARCHIVE_MAX_TREE_BYTES`). */
  archiveMinFiles?: number;
  archiveMaxTreeBytes?: number;
}

/**
 * How the files are read. One `GET git/blobs/{sha}` per file is cheap for a few files, but at
 * thousands it runs into GitHub's secondary rate limit (900 points a minute per endpoint) and a
 * GITHUB_TOKEN's 1,000 requests an hour. So when more than `ARCHIVE_MIN_FILES` files are to be
 * read, and the commit's whole tree (the archive holds every file, wanted or not) is at most
 * `ARCHIVE_MAX_TREE_BYTES` by the tree's blob sizes and not truncated, they come from one download
 * of the commit's tarball instead (`GET /repos/{o}/{r}/tarball/{sha}`, a 302 to codeload),
 * streamed and unpacked in memory, keeping only the wanted files' bodies.
 *
 * The count is taken from the tree alone first (the config files and everything under folders
 * named `convex/`); when that is not enough but config files (convex.json, convex.config.*)
 * may point elsewhere, they are read as blobs and the count is taken again with them.
 *
 * The archive never changes what is read: a file is taken from it only when its git blob SHA
 * equals the tree's (so export-subst, eol conversion or LFS in an archive fall back to the blob);
 * a file missing from it (export-ignore) is read as a blob; a failed download (404, 5xx after
 * retries, a damaged archive) logs a line and reads every file as a blob. What is read, and what
 * is skipped as too large or binary, is decided by src/change either way.
 */
export const ARCHIVE_MIN_FILES = 100;
export const ARCHIVE_MAX_TREE_BYTES = 100 * 1024 * 1024;

interface TreeBlob {
  path: string;
  sha: string;
  size?: number;
}

/** The Convex code of a commit and the root files the rules read, through the git data API (see `ARCHIVE_MIN_FILES`). */
export async function fetchRepoFiles(octokit: Octokit, owner: string, repo: string, sha: string, options: FetchOptions = {}): Promise<ProjectFiles> {
  return (await readCommit(octokit, owner, repo, sha, options)).project;
}

/** A commit as read: what the analysis reads, and the tree's listing it was chosen from. */
interface CommitRead {
  project: ProjectFiles;
  blobs: readonly TreeBlob[];
  /** The tree API cut the listing short. */
  truncated: boolean;
}

async function readCommit(octokit: Octokit, owner: string, repo: string, sha: string, options: FetchOptions): Promise<CommitRead> {
  const log = options.log ?? (() => {});
  const { data: tree } = await octokit.rest.git.getTree({ owner, repo, tree_sha: sha, recursive: 'true' });
  const blobs = tree.tree.filter((e) => e.type === 'blob' && e.path && e.sha) as TreeBlob[];
  const byPath = new Map(blobs.map((b) => [b.path, b]));
  const listing = blobs.map((b) => b.path);
  const treeBytes = blobs.reduce((n, b) => n + (b.size ?? 0), 0);
  const archiveFits = !tree.truncated && treeBytes <= (options.archiveMaxTreeBytes ?? ARCHIVE_MAX_TREE_BYTES);
  const minFiles = options.archiveMinFiles ?? ARCHIVE_MIN_FILES;
  let archived: Map<string, Buffer> | undefined;
  let archiveTried = false;
  const fromArchive = async (count: number, keep: ArchiveKeep): Promise<void> => {
    archiveTried = true;
    try {
      archived = await readArchive(octokit, owner, repo, sha, byPath, keep);
      log(`convex-review: read the commit's files from one archive download instead of one blob request each (at least ${count} files)`);
    } catch (error) {
      log(`convex-review: the commit's archive could not be read (${(error as Error).message}); reading the files one blob at a time`);
    }
  };
  const read: ReadBytes = async (paths, phase) => {
    if (archiveFits && !archiveTried) {
      if (phase === 'configs') {
        const fromTree = new Set([...paths, ...analysisPaths(listing, new Map())]);
        if (fromTree.size > minFiles) await fromArchive(fromTree.size, keepBeforeConfigs(listing, byPath, paths));
      } else if (paths.length > minFiles) {
        const wanted = new Set(paths);
        await fromArchive(paths.length, { wants: (p) => wanted.has(p) });
      }
    }
    const entries = paths.map((p) => byPath.get(p)!);
    return archived ? takeFromArchive(octokit, owner, repo, entries, archived, log) : fetchBlobs(octokit, owner, repo, entries);
  };
  const project = await readProjectFiles(blobs.map((b) => ({ path: b.path, size: b.size })), read);
  return { project, blobs, truncated: Boolean(tree.truncated) };
}

async function fetchBlobs(octokit: Octokit, owner: string, repo: string, entries: readonly TreeBlob[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const queue = [...entries];
  const worker = async (): Promise<void> => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      const { data } = await octokit.rest.git.getBlob({ owner, repo, file_sha: entry.sha });
      out.set(entry.path, Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8'));
    }
  };
  await Promise.all(Array.from({ length: Math.min(BLOB_CONCURRENCY, queue.length) }, worker));
  return out;
}

/** The same as `fetchBlobs`, from the archive's bodies; what the archive lacks is fetched as blobs. */
async function takeFromArchive(
  octokit: Octokit,
  owner: string,
  repo: string,
  entries: readonly TreeBlob[],
  archived: ReadonlyMap<string, Buffer>,
  log: (message: string) => void,
): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const missing: TreeBlob[] = [];
  for (const entry of entries) {
    const bytes = archived.get(entry.path);
    if (bytes) out.set(entry.path, bytes);
    else missing.push(entry);
  }
  if (missing.length === 0) return out;
  log(`convex-review: ${missing.length} file(s) not in the archive as committed (export-ignore, export-subst, LFS or eol attributes); reading them as blobs`);
  for (const [path, bytes] of await fetchBlobs(octokit, owner, repo, missing)) out.set(path, bytes);
  return out;
}

/** Which archive entries to keep in memory; `seen` hears of each kept config file (its verified body, or undefined when unusable). */
interface ArchiveKeep {
  wants(path: string): boolean;
  seen?(path: string, bytes: Buffer | undefined, kept: Map<string, Buffer>): void;
}

/**
 * Before the config files are read, what is wanted is not known exactly: keep every file the
 * selection may want, and, once every config file has streamed past, narrow to exactly what will
 * be read and drop the rest.
 */
function keepBeforeConfigs(listing: readonly string[], byPath: ReadonlyMap<string, TreeBlob>, configPaths: readonly string[]): ArchiveKeep {
  const configs = new Set(configPaths);
  const pending = new Set(configPaths.filter((p) => (byPath.get(p)!.size ?? 0) <= MAX_FILE_BYTES));
  const texts = new Map<string, string>();
  let exact: Set<string> | undefined;
  let settles = true;
  const settle = (kept: Map<string, Buffer>) => {
    exact = new Set([...configs, ...analysisPaths(listing, texts)]);
    for (const p of kept.keys()) if (!exact.has(p)) kept.delete(p);
  };
  if (pending.size === 0) settle(new Map());
  return {
    wants: (p) => (exact ? exact.has(p) : mayBeAnalyzed(p)),
    seen(p, bytes, kept) {
      if (!pending.delete(p)) return;
      // A config file the archive does not hold as committed is read as a blob later: its text is
      // unknown here, so the superset stays.
      if (!bytes) settles = false;
      else if (!bytes.includes(0)) texts.set(p, bytes.toString('utf8'));
      if (pending.size === 0 && settles && !exact) settle(kept);
    },
  };
}

/** The git blob SHA of `bytes` (SHA-1, or SHA-256 for a 64-digit SHA). */
function gitBlobSha(bytes: Buffer, like: string): string {
  return createHash(like.length === 64 ? 'sha256' : 'sha1')
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest('hex');
}

/**
 * Streams the commit's tarball and keeps the bodies of the tree's files that `keep` wants, under
 * their repository paths (the archive's top folder, `<owner>-<repo>-<sha7>/`, stripped), each
 * only when its git blob SHA matches the tree's. Throws when the download or the archive fails.
 */
async function readArchive(octokit: Octokit, owner: string, repo: string, sha: string, byPath: ReadonlyMap<string, TreeBlob>, keep: ArchiveKeep): Promise<Map<string, Buffer>> {
  // GitHub answers 302 to codeload; fetch follows it. The body stays a stream (not an ArrayBuffer
  // of the whole archive) so that unwanted files are never held in memory.
  const response = await octokit.rest.repos.downloadTarballArchive({ owner, repo, ref: sha, request: { parseSuccessResponseBody: false } });
  const kept = new Map<string, Buffer>();
  const pathOf = (stored: string): string | undefined => {
    const slash = stored.indexOf('/');
    if (top === undefined) top = slash < 0 ? stored : stored.slice(0, slash);
    if (slash < 0 ? stored !== top : stored.slice(0, slash) !== top) throw new TarFormatError(`archive entry ${JSON.stringify(stored)} outside its top folder ${JSON.stringify(top)}`);
    return slash < 0 ? undefined : stored.slice(slash + 1);
  };
  let top: string | undefined;
  const wanted = (stored: string): TreeBlob | undefined => {
    const path = pathOf(stored);
    const blob = path === undefined ? undefined : byPath.get(path);
    return blob && (blob.size ?? 0) <= MAX_FILE_BYTES && keep.wants(blob.path) ? blob : undefined;
  };
  for await (const entry of tarGzEntries(response.data as unknown as ArchiveBody, (h) => wanted(h.path) !== undefined)) {
    const blob = entry.type === 'file' ? (entry.body ? byPath.get(pathOf(entry.path)!) : undefined) : entry.type === 'symlink' ? wanted(entry.path) : undefined;
    if (!blob) continue;
    // A symlink's blob is its target.
    const bytes = entry.type === 'symlink' ? Buffer.from(entry.linkPath, 'utf8') : entry.body!;
    const ok = gitBlobSha(bytes, blob.sha) === blob.sha;
    if (ok) kept.set(blob.path, bytes);
    keep.seen?.(blob.path, ok ? bytes : undefined, kept);
  }
  return kept;
}

const NAMED_PAST_CAP = 20;

/** A pull request past GitHub's 3,000-file list, said plainly: what was reviewed, and how. */
export function listCapNotes(snapshot: Snapshot, reviewedPaths: readonly string[]): string[] {
  const cap = snapshot.listCap;
  if (!cap) return [];
  const tooLarge = `This pull request is too large for GitHub to list in full: it changes ${cap.total.toLocaleString('en-US')} files, and GitHub lists only the first ${cap.listed.toLocaleString('en-US')}.`;
  if (cap.unavailable) {
    return [`${tooLarge} The files past the list could not be found (${cap.unavailable}), so they were not reviewed: this review covers only the listed files.`];
  }
  const past = new Set(cap.found);
  const reviewedPast = reviewedPaths.filter((p) => past.has(p));
  const fromList = `Reviewed: ${plural(reviewedPaths.length - reviewedPast.length, 'Convex file')} from the list, with their diffs`;
  if (reviewedPast.length === 0) {
    return [`${tooLarge} ${fromList}; comparing the head and base trees found no other changed Convex file past the list.`];
  }
  const named = reviewedPast.slice(0, NAMED_PAST_CAP).map(codeSpan).join(', ');
  const more = reviewedPast.length > NAMED_PAST_CAP ? ` and ${reviewedPast.length - NAMED_PAST_CAP} more` : '';
  return [
    `${tooLarge} ${fromList}; and ${plural(reviewedPast.length, 'changed Convex file')} past the list, found by comparing the head and base trees and reviewed without a diff, so their findings are in this summary and none is inline: ${named}${more}.`,
  ];
}
