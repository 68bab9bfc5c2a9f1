/**
 * The GitHub fake's object store: a throwaway bare git repository. Fixture trees are committed
 * with `git fast-import` (one process per commit, byte-exact, so CRLF and binary content survive),
 * and everything the fake serves about them — SHAs, trees, blobs, per-file patches, rename
 * detection, merge bases — comes from git itself. Commentable lines are derived from git's patch
 * text by the small hunk parser at the bottom of this file, which deliberately shares nothing with
 * src/ (a bug in our own diff code must not be mirrored here).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type FileMode = '100644' | '100755' | '120000';
/** A fixture file: its content, or content plus mode (`120000` = symlink, content = target). */
export type FixtureFile = string | Buffer | { content: string | Buffer; mode?: FileMode };
/** A whole tree: repo-root relative POSIX path → file. Not a delta: absent paths do not exist. */
export type FixtureTree = Record<string, FixtureFile>;

export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  /** Epoch seconds (author = committer time). */
  time: number;
}

export interface TreeEntry {
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  size?: number;
}

export type DiffStatus = 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed';

export interface DiffFile {
  status: DiffStatus;
  filename: string;
  previousFilename?: string;
  oldSha: string;
  newSha: string;
  additions: number;
  deletions: number;
  binary: boolean;
  /** git's hunks for this file (no file header, no trailing newline); undefined when git printed none. */
  patch?: string;
  parsed?: ParsedPatch;
}

export const ZERO_SHA = '0000000000000000000000000000000000000000';
const HEX40 = /^[0-9a-f]{40}$/;

function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('GIT_')) delete env[key];
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
  };
}

export class GitStore {
  readonly dir: string;
  private readonly env = gitEnv();
  readonly commits = new Map<string, CommitInfo>();
  private clock = 1_700_000_000;
  private readonly treeCache = new Map<string, Promise<TreeEntry[]>>();
  private readonly diffCache = new Map<string, Promise<DiffFile[]>>();
  private readonly typeCache = new Map<string, Promise<string | null>>();

  private constructor(dir: string) {
    this.dir = dir;
  }

  static async create(): Promise<GitStore> {
    const dir = mkdtempSync(join(tmpdir(), 'gh-fake-'));
    const store = new GitStore(dir);
    await store.git(['init', '--quiet', '--bare', dir]);
    return store;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Runs git in the store; resolves stdout, rejects with stderr on a non-zero exit. */
  git(args: string[], input?: Buffer, okCodes: number[] = [0]): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const child = spawn('git', ['-c', 'core.quotePath=false', '--git-dir', this.dir, ...args], {
        env: this.env,
        stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout!.on('data', (d: Buffer) => out.push(d));
      child.stderr!.on('data', (d: Buffer) => err.push(d));
      child.on('error', reject);
      child.on('close', (code) => {
        if (okCodes.includes(code ?? -1)) resolve(Buffer.concat(out));
        else reject(new Error(`git ${args.join(' ')} exited ${code}: ${Buffer.concat(err).toString()}`));
      });
      if (input) {
        child.stdin!.on('error', () => {}); // an early exit is reported by 'close' with its stderr
        child.stdin!.end(input);
      }
    });
  }

  /**
   * Commits `files` as a whole tree on top of `parent` (or as a root commit), with `merged` as a
   * second parent for a merge commit; returns its SHA.
   */
  async commit(files: FixtureTree, parent: string | null, message: string, merged?: string): Promise<string> {
    const time = (this.clock += 60);
    const parts: Buffer[] = [];
    const text = (s: string) => parts.push(Buffer.from(s, 'utf8'));
    const data = (b: Buffer) => {
      text(`data ${b.length}\n`);
      parts.push(b);
      text('\n');
    };
    text('reset refs/fake/tmp\n');
    text('commit refs/fake/tmp\n');
    text(`committer Fixture <fixture@example.invalid> ${time} +0000\n`);
    data(Buffer.from(message, 'utf8'));
    if (parent) text(`from ${parent}\n`);
    if (merged) text(`merge ${merged}\n`);
    text('deleteall\n');
    for (const [path, file] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (!path || path.startsWith('/') || path.includes('\n') || path.startsWith('"') || path.split('/').some((s) => s === '' || s === '.' || s === '..')) {
        throw new Error(`github fake: bad fixture path ${JSON.stringify(path)}`);
      }
      const { content, mode } = typeof file === 'string' || Buffer.isBuffer(file) ? { content: file, mode: '100644' } : file;
      text(`M ${mode ?? '100644'} inline ${path}\n`);
      data(Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'));
    }
    text('\n');
    await this.git(['fast-import', '--quiet', '--force', '--done'], Buffer.concat([...parts, Buffer.from('done\n')]));
    const sha = (await this.git(['rev-parse', 'refs/fake/tmp'])).toString().trim();
    const tree = (await this.git(['rev-parse', `${sha}^{tree}`])).toString().trim();
    this.commits.set(sha, { sha, tree, parents: [...(parent ? [parent] : []), ...(merged ? [merged] : [])], message, time });
    // Keep every commit reachable so nothing is ever pruned, whatever the PR refs do later.
    await this.git(['update-ref', `refs/fake/keep/${sha}`, sha]);
    return sha;
  }

  /** The object type of a full 40-hex SHA, or null when absent. Never resolves names. */
  objectType(sha: string): Promise<string | null> {
    if (!HEX40.test(sha)) return Promise.resolve(null);
    let p = this.typeCache.get(sha);
    if (!p) {
      p = this.git(['cat-file', '-t', sha], undefined, [0, 128, 1]).then((b) => b.toString().trim() || null);
      this.typeCache.set(sha, p);
    }
    return p;
  }

  /** A unique commit whose SHA starts with `prefix` (≥ 7 hex digits), or null. */
  commitByPrefix(prefix: string): string | null {
    if (!/^[0-9a-f]{7,40}$/.test(prefix)) return null;
    const hits = [...this.commits.keys()].filter((s) => s.startsWith(prefix));
    return hits.length === 1 ? hits[0] : null;
  }

  async readBlob(sha: string): Promise<Buffer> {
    return this.git(['cat-file', 'blob', sha]);
  }

  /** Every entry of a tree (recursively, trees included), sorted like git. */
  treeEntries(treeSha: string): Promise<TreeEntry[]> {
    let p = this.treeCache.get(treeSha);
    if (!p) {
      p = this.git(['ls-tree', '-r', '-t', '-l', '-z', '--full-tree', treeSha]).then((out) =>
        out
          .toString('utf8')
          .split('\0')
          .filter(Boolean)
          .map((rec) => {
            const tab = rec.indexOf('\t');
            const [mode, type, sha, size] = rec.slice(0, tab).split(/ +/);
            const entry: TreeEntry = { path: rec.slice(tab + 1), mode, type: type as TreeEntry['type'], sha };
            if (type === 'blob') entry.size = Number(size);
            return entry;
          }),
      );
      this.treeCache.set(treeSha, p);
    }
    return p;
  }

  async mergeBase(a: string, b: string): Promise<string | null> {
    const out = await this.git(['merge-base', a, b], undefined, [0, 1]);
    return out.toString().trim() || null;
  }

  /** Commits reachable from `head` but not from `base`, oldest first. */
  async revList(base: string | null, head: string): Promise<string[]> {
    const out = await this.git(['rev-list', '--reverse', head, ...(base ? [`^${base}`] : [])]);
    return out.toString().split('\n').filter(Boolean);
  }

  /**
   * The diff `base`..`head` (trees of two commits, `base` null = empty tree), one entry per file in
   * git's order, with rename detection (-M). Everything comes from three git invocations over the
   * same diff queue (raw, numstat, patch), zipped by position.
   */
  diff(base: string | null, head: string): Promise<DiffFile[]> {
    const key = `${base ?? 'empty'}..${head}`;
    let p = this.diffCache.get(key);
    if (!p) {
      p = this.computeDiff(base, head);
      this.diffCache.set(key, p);
    }
    return p;
  }

  private async computeDiff(base: string | null, head: string): Promise<DiffFile[]> {
    const from = base ?? (await this.git(['hash-object', '-t', 'tree', '--stdin'])).toString().trim();
    const common = ['diff', '--no-color', '--no-ext-diff', '--no-textconv', '-M', '--full-index', '--no-relative'];
    const [raw, numstat, patches] = await Promise.all([
      this.git([...common, '--raw', '--no-abbrev', '-z', from, head]),
      this.git([...common, '--numstat', '-z', from, head]),
      this.git([...common, '-U3', from, head]),
    ]);

    const rawTokens = raw.toString('utf8').split('\0');
    const entries: Array<Omit<DiffFile, 'additions' | 'deletions' | 'binary'>> = [];
    for (let i = 0; i < rawTokens.length; i++) {
      const meta = rawTokens[i];
      if (!meta.startsWith(':')) continue;
      const [, , oldSha, newSha, code] = meta.slice(1).split(' ');
      const letter = code[0];
      const first = rawTokens[++i];
      if (letter === 'R' || letter === 'C') {
        const second = rawTokens[++i];
        entries.push({ status: letter === 'R' ? 'renamed' : 'copied', filename: second, previousFilename: first, oldSha, newSha });
      } else {
        const status: DiffStatus = letter === 'A' ? 'added' : letter === 'D' ? 'removed' : letter === 'M' ? 'modified' : 'changed';
        entries.push({ status, filename: first, oldSha, newSha });
      }
    }

    const numTokens = numstat.toString('utf8').split('\0');
    const counts: Array<{ additions: number; deletions: number; binary: boolean }> = [];
    for (let i = 0; i < numTokens.length; i++) {
      const rec = numTokens[i];
      if (!rec) continue;
      const [a, d, path] = rec.split('\t');
      if (path === '') i += 2; // rename/copy: old and new path follow as their own tokens
      counts.push({ additions: a === '-' ? 0 : Number(a), deletions: d === '-' ? 0 : Number(d), binary: a === '-' });
    }

    const sections: string[][] = [];
    for (const line of patches.toString('utf8').split('\n')) {
      if (line.startsWith('diff --git ')) sections.push([]);
      else sections[sections.length - 1]?.push(line);
    }

    if (entries.length !== counts.length || entries.length !== sections.length) {
      throw new Error(`github fake: git diff outputs disagree (${entries.length} raw, ${counts.length} numstat, ${sections.length} patches)`);
    }
    return entries.map((entry, i) => {
      const lines = sections[i];
      const start = lines.findIndex((l) => l.startsWith('@@ '));
      let patch: string | undefined;
      if (start >= 0) {
        const body = lines.slice(start);
        while (body.length && body[body.length - 1] === '') body.pop();
        patch = body.join('\n');
      }
      const file: DiffFile = { ...entry, ...counts[i], patch };
      if (patch !== undefined) file.parsed = parseHunks(patch);
      return file;
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The fake's own hunk parser (independent of src/diff on purpose).

export type Side = 'LEFT' | 'RIGHT';

export interface ParsedHunk {
  index: number;
  header: string;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Index of the `@@` header line in the patch (GitHub's `position` of the header). */
  headerIndex: number;
}

export interface ParsedPatch {
  hunks: ParsedHunk[];
  /** RIGHT side: new-file line → hunk index (added and context lines). */
  right: Map<number, number>;
  /** LEFT side: old-file line → hunk index (deleted and context lines). */
  left: Map<number, number>;
  /** `${side}:${line}` → index of that line in the patch text (its `position`). */
  positions: Map<string, number>;
  /** Patch line index → what a `position` there points at (absent for headers and `\` markers). */
  byPosition: Map<number, { hunk: number; side: Side; line: number }>;
  lines: string[];
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function parseHunks(patch: string): ParsedPatch {
  const lines = patch.split('\n');
  const result: ParsedPatch = { hunks: [], right: new Map(), left: new Map(), positions: new Map(), byPosition: new Map(), lines };
  let oldLine = 0;
  let newLine = 0;
  let seenOld = 0;
  let seenNew = 0;
  const check = () => {
    const h = result.hunks[result.hunks.length - 1];
    if (h && (seenOld !== h.oldLines || seenNew !== h.newLines)) {
      throw new Error(`github fake: hunk ${h.header} has ${seenOld}/${seenNew} lines`);
    }
  };
  lines.forEach((text, i) => {
    const header = HUNK_HEADER.exec(text);
    if (header) {
      check();
      const hunk: ParsedHunk = {
        index: result.hunks.length,
        header: text,
        oldStart: Number(header[1]),
        oldLines: header[2] === undefined ? 1 : Number(header[2]),
        newStart: Number(header[3]),
        newLines: header[4] === undefined ? 1 : Number(header[4]),
        headerIndex: i,
      };
      result.hunks.push(hunk);
      oldLine = hunk.oldStart;
      newLine = hunk.newStart;
      seenOld = seenNew = 0;
      return;
    }
    const hunk = result.hunks.length - 1;
    if (hunk < 0) throw new Error(`github fake: patch line before any hunk: ${JSON.stringify(text)}`);
    const mark = text[0];
    if (mark === '+') {
      result.right.set(newLine, hunk);
      result.positions.set(`RIGHT:${newLine}`, i);
      result.byPosition.set(i, { hunk, side: 'RIGHT', line: newLine });
      newLine++;
      seenNew++;
    } else if (mark === '-') {
      result.left.set(oldLine, hunk);
      result.positions.set(`LEFT:${oldLine}`, i);
      result.byPosition.set(i, { hunk, side: 'LEFT', line: oldLine });
      oldLine++;
      seenOld++;
    } else if (mark === ' ') {
      result.right.set(newLine, hunk);
      result.left.set(oldLine, hunk);
      result.positions.set(`RIGHT:${newLine}`, i);
      result.positions.set(`LEFT:${oldLine}`, i);
      result.byPosition.set(i, { hunk, side: 'RIGHT', line: newLine });
      newLine++;
      oldLine++;
      seenNew++;
      seenOld++;
    } else if (mark === '\\') {
      // "\ No newline at end of file": part of the patch text, never a line of either file.
    } else {
      throw new Error(`github fake: unexpected patch line ${JSON.stringify(text)}`);
    }
  });
  check();
  return result;
}
