/**
 * The git plumbing of `review`: refs, the changed files with their hunks, and file contents at a
 * commit or in the working tree. git runs through execFile (no shell) and never changes the
 * repository: no index refresh (GIT_OPTIONAL_LOCKS=0), no writes.
 */
import { execFile } from 'node:child_process';
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { parsePatch, type FilePatch } from '../diff/patch.js';
import type { ChangedFile } from '../plan/plan.js';

const MAX_OUTPUT = 1024 * 1024 * 1024;

interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** git with `args` in `cwd`; never throws for a non-zero exit (the caller decides what it means). */
export function git(cwd: string, args: readonly string[], input?: string): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      ['--literal-pathspecs', '-c', 'core.quotePath=false', ...args],
      { cwd, encoding: 'buffer', maxBuffer: MAX_OUTPUT, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' } },
      (error, stdout, stderr) => {
        const code = error ? (error as { code?: unknown }).code : 0;
        if (error && typeof code !== 'number') {
          reject((error as NodeJS.ErrnoException).code === 'ENOENT' ? new UsageError('git was not found on PATH: review needs git') : error);
          return;
        }
        resolve({ code: code as number, stdout, stderr: stderr.toString('utf8') });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** git's output as text, or an internal error naming the command when it fails. */
async function gitText(cwd: string, args: readonly string[]): Promise<string> {
  const result = await git(cwd, args);
  if (result.code !== 0) throw new Error(`git ${args.join(' ')} failed (exit ${result.code}): ${result.stderr.trim()}`);
  return result.stdout.toString('utf8');
}

/** The top folder of the work tree holding `cwd`; a usage error outside one. */
export async function repoRootOf(cwd: string): Promise<string> {
  const result = await git(cwd, ['rev-parse', '--show-toplevel']);
  const root = result.stdout.toString('utf8').trim();
  if (result.code !== 0 || !root) {
    const why = result.stderr.trim().split('\n')[0]?.replace(/^fatal: /, '') || 'git rev-parse failed';
    throw new UsageError(`review needs a git checkout, and ${cwd} is not in one (${why}). To check a folder without git, use 'convex-review check PATH'`);
  }
  return root;
}

/** The commit a ref names, or undefined. */
export async function commitOf(root: string, ref: string): Promise<string | undefined> {
  if (ref.startsWith('-')) return undefined;
  const result = await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  const sha = result.stdout.toString('utf8').trim();
  return result.code === 0 && sha ? sha : undefined;
}

export async function requireCommit(root: string, ref: string, flag: string): Promise<string> {
  const sha = await commitOf(root, ref);
  if (!sha) throw new UsageError(`${flag}: '${ref}' is not a commit in this repository (give a branch, tag or commit)`);
  return sha;
}

export const DEFAULT_BRANCHES = ['origin/HEAD', 'main', 'master'] as const;

/** The default branch to compare with: where origin/HEAD points, else main, else master. */
export async function defaultBranch(root: string): Promise<string> {
  const origin = await git(root, ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD']);
  const target = origin.stdout.toString('utf8').trim().replace(/^refs\/remotes\//, '');
  if (origin.code === 0 && target && (await commitOf(root, target))) return target;
  for (const name of ['main', 'master']) if (await commitOf(root, name)) return name;
  throw new UsageError(`no default branch to compare with: tried ${DEFAULT_BRANCHES.join(', ')}, and none exists in this repository. Pass --base REF (a branch, tag or commit)`);
}

export async function mergeBase(root: string, a: string, b: string): Promise<string | undefined> {
  const result = await git(root, ['merge-base', a, b]);
  const sha = result.stdout.toString('utf8').trim();
  return result.code === 0 && sha ? sha : undefined;
}

/** True when the working tree holds exactly `commit`: no uncommitted changes, no untracked files. */
export async function workingTreeMatches(root: string, commit: string): Promise<boolean> {
  const diff = await git(root, ['diff', '--quiet', '--no-ext-diff', '--no-textconv', commit, '--']);
  if (diff.code !== 0) return false;
  return (await gitText(root, ['ls-files', '-z', '--others', '--exclude-standard'])) === '';
}

// ---------------------------------------------------------------------------------------------
// The changed files

const STATUS: Record<string, ChangedFile['status']> = { A: 'added', M: 'modified', D: 'removed', R: 'renamed', C: 'copied', T: 'changed', U: 'modified' };

/** `git diff --name-status -z` → changed files (no patches yet). Pure. */
export function parseNameStatus(output: string): ChangedFile[] {
  const fields = output.split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0; i + 1 < fields.length; ) {
    const code = fields[i++];
    if (!code) continue;
    const status = STATUS[code[0]] ?? 'modified';
    if (code[0] === 'R' || code[0] === 'C') {
      const previousPath = fields[i++];
      const path = fields[i++];
      files.push({ path, status, previousPath });
    } else {
      files.push({ path: fields[i++], status });
    }
  }
  return files;
}

/** The hunks of one file's `git diff` output (headers dropped), as GitHub's `patch` field has them. Pure. */
export function hunksOf(diff: string): string | undefined {
  const at = diff.startsWith('@@') ? 0 : diff.indexOf('\n@@');
  if (at < 0) return undefined;
  return diff.slice(at === 0 ? 0 : at + 1).replace(/\n$/, '');
}

/** A new file's patch: every line added. Undefined for binary content. Pure. */
export function addedFilePatch(content: Buffer): string | undefined {
  if (content.includes(0)) return undefined;
  const text = content.toString('utf8');
  if (text === '') return '';
  const lines = text.replace(/\n$/, '').split('\n');
  return [`@@ -0,0 +1${lines.length === 1 ? '' : `,${lines.length}`} @@`, ...lines.map((l) => `+${l}`), ...(text.endsWith('\n') ? [] : ['\\ No newline at end of file'])].join('\n');
}

const DIFF_OPTIONS = ['--unified=3', '--find-renames', '--no-color', '--no-ext-diff', '--no-textconv', '--diff-algorithm=myers'];

export interface ChangeList {
  files: ChangedFile[];
  /** Working-tree files git does not track (and does not ignore): added, with every line new. */
  untracked: ReadonlySet<string>;
}

/**
 * The files changed from `base` to `head`; without `head`, to the working tree, with untracked
 * files that are not ignored as added files.
 */
export async function changedFiles(root: string, base: string, head: string | undefined): Promise<ChangeList> {
  const listed = parseNameStatus(await gitText(root, ['diff', '--name-status', '-z', ...DIFF_OPTIONS, base, ...(head ? [head] : []), '--']));
  if (head) return { files: listed, untracked: new Set() };
  const known = new Set(listed.map((f) => f.path));
  const untracked = (await gitText(root, ['ls-files', '-z', '--others', '--exclude-standard'])).split('\0').filter((p) => p && !known.has(p));
  const files = [...listed, ...untracked.map((path) => ({ path, status: 'added' as const }))].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, untracked: new Set(untracked) };
}

/**
 * A changed file's hunks. Undefined when git shows none for a binary file; an empty patch (no
 * hunks) for a pure rename or an empty new file.
 */
export async function patchOf(root: string, base: string, head: string | undefined, file: ChangedFile, untracked: boolean): Promise<FilePatch | undefined> {
  if (untracked) {
    const content = readWorkingFile(root, file.path);
    const hunks = content === undefined ? undefined : addedFilePatch(content);
    return hunks === undefined ? undefined : parsePatch(hunks);
  }
  const paths = file.previousPath ? [file.previousPath, file.path] : [file.path];
  const diff = await gitText(root, ['diff', ...DIFF_OPTIONS, base, ...(head ? [head] : []), '--', ...paths]);
  const hunks = hunksOf(diff);
  if (hunks === undefined && /^Binary files .* differ$/m.test(diff)) return undefined;
  return parsePatch(hunks ?? '');
}

// ---------------------------------------------------------------------------------------------
// File contents

export interface TreeEntry {
  path: string;
  size: number;
}

/** `git ls-tree -r -z -l` → regular files with their sizes (no symlinks, no submodules). Pure. */
export function parseLsTree(output: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of output.split('\0')) {
    const m = /^(\d+) (\w+) [0-9a-f]+ +(-|\d+)\t([\s\S]+)$/.exec(record);
    if (!m || m[2] !== 'blob' || m[1] === '120000') continue;
    entries.push({ path: m[4], size: Number(m[3]) });
  }
  return entries;
}

/** Every file of the commit, or of the working tree (tracked and untracked-but-not-ignored). */
export async function listFiles(root: string, head: string | undefined): Promise<TreeEntry[]> {
  if (head) return parseLsTree(await gitText(root, ['ls-tree', '-r', '-z', '-l', '--full-tree', head]));
  const paths = new Set((await gitText(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard'])).split('\0').filter(Boolean));
  const entries: TreeEntry[] = [];
  for (const path of [...paths].sort()) {
    const stat = lstatSync(join(root, path), { throwIfNoEntry: false });
    if (stat?.isFile()) entries.push({ path, size: stat.size }); // deleted, symlinks and submodules are left out
  }
  return entries;
}

/** The contents of `paths` at `head`, or in the working tree. */
export async function readFiles(root: string, head: string | undefined, paths: readonly string[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  if (!head) {
    for (const path of paths) {
      const content = readWorkingFile(root, path);
      if (content !== undefined) out.set(path, content);
    }
    return out;
  }
  const batchable = paths.filter((p) => !p.includes('\n'));
  if (batchable.length === 0) return out;
  // One `git cat-file --batch` for all of them: "<sha> blob <size>\n<bytes>\n" or "<name> missing\n".
  const result = await git(root, ['cat-file', '--batch'], batchable.map((p) => `${head}:${p}\n`).join(''));
  if (result.code !== 0) throw new Error(`git cat-file --batch failed (exit ${result.code}): ${result.stderr.trim()}`);
  let at = 0;
  for (const path of batchable) {
    const eol = result.stdout.indexOf(0x0a, at);
    const header = result.stdout.subarray(at, eol).toString('utf8');
    at = eol + 1;
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) continue; // missing
    const size = Number(m[2]);
    if (m[1] === 'blob') out.set(path, result.stdout.subarray(at, at + size));
    at += size + 1;
  }
  return out;
}

function readWorkingFile(root: string, path: string): Buffer | undefined {
  try {
    return readFileSync(join(root, path));
  } catch {
    return undefined;
  }
}
