/**
 * The GitHub fake must behave like GitHub where convex-review depends on it, or tests against it
 * prove nothing. Exercised with plain fetch (exact status codes, headers, bodies) and with the real
 * Octokit the action uses (`getOctokit` + `paginate`, plugin-retry, plugin-throttling).
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TOKENS, parseHunks, parseLink, startGitHubFake, type GitHubFake } from './github.js';

const lines = (n: number, f: (i: number) => string = (i) => `const v${i} = ${i};`) =>
  Array.from({ length: n }, (_, i) => f(i + 1)).join('\n') + '\n';

/** `lines(n)` with lines replaced (1-based). */
const edit = (n: number, changes: Record<number, string>) => lines(n, (i) => changes[i] ?? `const v${i} = ${i};`);

/** Response bodies are asserted field by field; a loose type keeps that readable. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const WRITE = DEFAULT_TOKENS.write;
const READ = DEFAULT_TOKENS.read;
const PAT = DEFAULT_TOKENS.pat;

function api(gh: GitHubFake, token: string = WRITE) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(gh.url + path, {
      method,
      headers: { authorization: `token ${token}`, accept: 'application/vnd.github+json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: Json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json, text };
  };
}

const octokit = (gh: GitHubFake, token: string = WRITE) => getOctokit(token, { baseUrl: gh.url });

// ---------------------------------------------------------------------------------------------

describe('pull request files, trees, blobs, contents', () => {
  let gh: GitHubFake;
  const PNG_BASE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]);
  const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 9, 9, 9]);
  const base: Record<string, string | Buffer> = {
    'convex/schema.ts': lines(60),
    'convex/old.ts': lines(20, (i) => `export const same${i} = ${i};`),
    'convex/moved.ts': lines(20, (i) => `export const m${i} = ${i};`),
    'convex/gone.ts': lines(5),
    'convex/crlf.ts': 'const a = 1;\r\nconst b = 2;\r\nconst c = 3;\r\n',
    'convex/nonl.ts': 'const a = 1;\nconst b = 2;\nconst c = 3;',
    'assets/logo.png': PNG_BASE,
    'big/huge.ts': lines(10),
    'package.json': '{"name":"app"}\n',
  };
  const head: Record<string, string | Buffer> = {
    'convex/schema.ts': edit(60, { 5: 'const v5 = "five";', 50: 'const v50 = "fifty";' }),
    'convex/renamed.ts': base['convex/old.ts'],
    'convex/moved2.ts': lines(20, (i) => (i === 10 ? 'export const m10 = "ten";' : `export const m${i} = ${i};`)),
    'convex/crlf.ts': 'const a = 1;\r\nconst b = "two";\r\nconst c = 3;\r\n',
    'convex/nonl.ts': 'const a = 1;\nconst b = 2;\nconst c = "three";',
    'convex/added.ts': 'export const added = true;\n',
    'assets/logo.png': PNG_HEAD,
    'big/huge.ts': lines(8000, (i) => `export const generatedValueNumber${i} = ${i};`),
    'package.json': base['package.json'],
  };
  for (let i = 0; i < 120; i++) head[`gen/f${String(i).padStart(3, '0')}.ts`] = `export const f${i} = ${i};\n`;

  beforeAll(async () => {
    gh = await startGitHubFake({ owner: 'acme', repo: 'app', pulls: [{ number: 7, base, head, title: 'Add things', labels: ['convex'], author: 'octocat' }] });
  });
  afterAll(async () => {
    expect(gh.errors).toEqual([]);
    await gh.close();
  });

  it('serves the pull request with GitHub’s shape and rate-limit headers', async () => {
    const r = await api(gh)('GET', '/repos/acme/app/pulls/7', undefined, { 'x-github-api-version': '2022-11-28' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      number: 7,
      state: 'open',
      draft: false,
      title: 'Add things',
      user: { login: 'octocat' },
      author_association: 'CONTRIBUTOR',
      labels: [{ name: 'convex' }],
      head: { ref: 'feature-7', repo: { full_name: 'acme/app' } },
      base: { ref: 'main', repo: { full_name: 'acme/app' } },
      html_url: 'https://github.com/acme/app/pull/7',
      changed_files: 129,
    });
    expect(r.json.head.sha).toMatch(/^[0-9a-f]{40}$/);
    for (const h of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-ratelimit-used']) expect(r.headers.get(h)).toMatch(/^\d+$/);
    expect((await api(gh)('GET', '/repos/acme/app/pulls/8')).json).toMatchObject({ message: 'Not Found' });
    expect((await api(gh)('GET', '/repos/acme/other/pulls/7')).status).toBe(404);
    expect((await api(gh)('GET', '/repos/acme/app/pulls/7', undefined, { 'x-github-api-version': '1999-01-01' })).status).toBe(400);
  });

  it('paginates files 30 by default, at most 100, with GitHub’s Link header', async () => {
    const first = await api(gh)('GET', '/repos/acme/app/pulls/7/files');
    expect(first.json).toHaveLength(30);
    const link = parseLink(first.headers.get('link'));
    expect(Object.keys(link).sort()).toEqual(['last', 'next']);
    expect(link.next).toBe(`${gh.url}/repositories/${gh.repoId}/pulls/7/files?page=2`);
    expect(new URL(link.last).searchParams.get('page')).toBe('5');

    const big = await api(gh)('GET', '/repos/acme/app/pulls/7/files?per_page=500');
    expect(big.json).toHaveLength(100);
    const l2 = parseLink(big.headers.get('link'));
    expect(new URL(l2.next).searchParams.get('per_page')).toBe('500');
    const second = await api(gh)('GET', new URL(l2.next).pathname + new URL(l2.next).search);
    expect(second.status).toBe(200);
    expect(second.json).toHaveLength(29);
    expect(Object.keys(parseLink(second.headers.get('link'))).sort()).toEqual(['first', 'prev']);
    const beyond = await api(gh)('GET', '/repos/acme/app/pulls/7/files?per_page=100&page=3');
    expect(beyond.json).toEqual([]);
  });

  it('octokit.paginate follows the Link headers to every file', async () => {
    const before = gh.count('GET /repos/{owner}/{repo}/pulls/{pull_number}/files');
    const files = await octokit(gh).paginate(octokit(gh).rest.pulls.listFiles, { owner: 'acme', repo: 'app', pull_number: 7, per_page: 100 });
    expect(files).toHaveLength(129);
    expect(new Set(files.map((f) => f.filename)).size).toBe(129);
    expect(gh.count('GET /repos/{owner}/{repo}/pulls/{pull_number}/files') - before).toBe(2);
    expect(gh.requests.at(-1)!.path).toBe(`/repositories/${gh.repoId}/pulls/7/files`);
  });

  it('describes each file like GitHub: statuses, renames, binary and huge files without patch', async () => {
    const files = await octokit(gh).paginate(octokit(gh).rest.pulls.listFiles, { owner: 'acme', repo: 'app', pull_number: 7, per_page: 100 });
    const by = Object.fromEntries(files.map((f) => [f.filename, f]));
    expect(by['convex/schema.ts']).toMatchObject({ status: 'modified', additions: 2, deletions: 2, changes: 4 });
    expect(by['convex/schema.ts'].patch).toMatch(/^@@ -2,7 \+2,7 @@/);
    expect(by['convex/schema.ts'].patch).not.toMatch(/\n$/);
    expect(by['convex/renamed.ts']).toMatchObject({ status: 'renamed', previous_filename: 'convex/old.ts', changes: 0 });
    expect(by['convex/renamed.ts'].patch).toBeUndefined();
    expect(by['convex/moved2.ts']).toMatchObject({ status: 'renamed', previous_filename: 'convex/moved.ts', additions: 1, deletions: 1 });
    expect(by['convex/moved2.ts'].patch).toContain('+export const m10 = "ten";');
    expect(by['convex/gone.ts']).toMatchObject({ status: 'removed', deletions: 5, additions: 0 });
    expect(by['convex/added.ts']).toMatchObject({ status: 'added', additions: 1 });
    expect(by['assets/logo.png']).toMatchObject({ status: 'modified', additions: 0, deletions: 0, changes: 0 });
    expect('patch' in by['assets/logo.png']).toBe(false);
    expect(by['big/huge.ts']).toMatchObject({ status: 'modified', additions: 8000, deletions: 10 });
    expect('patch' in by['big/huge.ts']).toBe(false);
    expect(by['package.json']).toBeUndefined();
    // CRLF survives into the patch; git's no-newline marker is kept as patch text.
    expect(by['convex/crlf.ts'].patch).toContain('+const b = "two";\r');
    expect(by['convex/nonl.ts'].patch).toBe(
      '@@ -1,3 +1,3 @@\n const a = 1;\n const b = 2;\n-const c = 3;\n\\ No newline at end of file\n+const c = "three";\n\\ No newline at end of file',
    );
  });

  it('never makes git’s "\\ No newline" marker a commentable line', async () => {
    expect(await gh.commentableLines(7, 'convex/nonl.ts', 'RIGHT')).toEqual([1, 2, 3]);
    expect(await gh.commentableLines(7, 'convex/nonl.ts', 'LEFT')).toEqual([1, 2, 3]);
    expect(await gh.commentableLines(7, 'convex/crlf.ts', 'RIGHT')).toEqual([1, 2, 3]);
    expect(await gh.commentableLines(7, 'convex/schema.ts')).toEqual([2, 3, 4, 5, 6, 7, 8, 47, 48, 49, 50, 51, 52, 53]);
    expect(await gh.commentableLines(7, 'big/huge.ts')).toEqual([]);
    expect(await gh.commentableLines(7, 'convex/gone.ts', 'RIGHT')).toEqual([]);
    expect(await gh.commentableLines(7, 'convex/gone.ts', 'LEFT')).toEqual([1, 2, 3, 4, 5]);
  });

  it('serves the recursive tree and blobs of the head commit, byte-exact', async () => {
    const o = octokit(gh);
    const pr = (await o.rest.pulls.get({ owner: 'acme', repo: 'app', pull_number: 7 })).data;
    const { data: tree } = await o.rest.git.getTree({ owner: 'acme', repo: 'app', tree_sha: pr.head.sha, recursive: '1' });
    expect(tree.truncated).toBe(false);
    const paths = tree.tree.filter((e) => e.type === 'blob').map((e) => e.path);
    expect(paths).toContain('convex/crlf.ts');
    expect(paths).not.toContain('convex/gone.ts');
    expect(tree.tree.find((e) => e.path === 'convex')).toMatchObject({ type: 'tree', mode: '040000' });
    const top = (await o.rest.git.getTree({ owner: 'acme', repo: 'app', tree_sha: pr.head.sha })).data.tree.map((e) => e.path);
    expect(top).toEqual(['assets', 'big', 'convex', 'gen', 'package.json']);

    for (const [path, want] of [['convex/crlf.ts', Buffer.from(head['convex/crlf.ts'])], ['assets/logo.png', PNG_HEAD]] as const) {
      const entry = tree.tree.find((e) => e.path === path)!;
      const { data: blob } = await o.rest.git.getBlob({ owner: 'acme', repo: 'app', file_sha: entry.sha! });
      expect(blob).toMatchObject({ sha: entry.sha, size: want.length, encoding: 'base64' });
      expect(Buffer.from(blob.content, 'base64').equals(want)).toBe(true);
    }
    expect((await api(gh)('GET', '/repos/acme/app/git/blobs/HEAD')).status).toBe(404);
    expect((await api(gh)('GET', `/repos/acme/app/git/blobs/${'0'.repeat(40)}`)).status).toBe(404);
    expect((await api(gh)('GET', `/repos/acme/app/git/trees/${'0'.repeat(40)}`)).status).toBe(404);
  });

  it('serves contents at a branch, a SHA, and the default branch', async () => {
    const o = octokit(gh);
    const pr = (await o.rest.pulls.get({ owner: 'acme', repo: 'app', pull_number: 7 })).data;
    const read = async (path: string, ref?: string) => {
      const { data } = await o.rest.repos.getContent({ owner: 'acme', repo: 'app', path, ...(ref ? { ref } : {}) });
      if (Array.isArray(data) || data.type !== 'file') throw new Error('not a file');
      return Buffer.from(data.content, 'base64').toString('utf8');
    };
    expect(await read('convex/nonl.ts', 'feature-7')).toBe(head['convex/nonl.ts']);
    expect(await read('convex/nonl.ts', pr.head.sha)).toBe(head['convex/nonl.ts']);
    expect(await read('convex/nonl.ts', pr.base.sha)).toBe(base['convex/nonl.ts']);
    expect(await read('convex/gone.ts')).toBe(base['convex/gone.ts']);
    const dir = (await o.rest.repos.getContent({ owner: 'acme', repo: 'app', path: 'convex', ref: 'feature-7' })).data;
    expect(Array.isArray(dir) && dir.map((e) => e.name)).toEqual(['added.ts', 'crlf.ts', 'moved2.ts', 'nonl.ts', 'renamed.ts', 'schema.ts']);
    expect((await api(gh)('GET', '/repos/acme/app/contents/convex/gone.ts?ref=feature-7')).status).toBe(404);
    expect((await api(gh)('GET', '/repos/acme/app/contents/convex/schema.ts?ref=nope')).status).toBe(404);
  });
});

// ---------------------------------------------------------------------------------------------

describe('the 3,000-file cap', () => {
  let gh: GitHubFake;
  beforeAll(async () => {
    const head: Record<string, string> = { 'README.md': 'x\n' };
    for (let i = 0; i < 3005; i++) head[`convex/gen/m${String(i).padStart(4, '0')}.ts`] = `export const m${i} = ${i};\n`;
    gh = await startGitHubFake({ pulls: [{ number: 1, base: { 'README.md': 'x\n' }, head }] });
  });
  afterAll(() => gh.close());

  it('lists at most 3,000 files though the PR changes more; compare lists at most 300', async () => {
    const o = octokit(gh);
    const pr = (await o.rest.pulls.get({ owner: 'acme', repo: 'app', pull_number: 1 })).data;
    expect(pr.changed_files).toBe(3005);
    const files = await o.paginate(o.rest.pulls.listFiles, { owner: 'acme', repo: 'app', pull_number: 1, per_page: 100 });
    expect(files).toHaveLength(3000);
    const last = await api(gh)('GET', '/repos/acme/app/pulls/1/files?per_page=100&page=30');
    expect(parseLink(last.headers.get('link')).next).toBeUndefined();
    const cmp = (await o.rest.repos.compareCommitsWithBasehead({ owner: 'acme', repo: 'app', basehead: `${pr.base.sha}...${pr.head.sha}` })).data;
    expect(cmp.files).toHaveLength(300);
    expect(cmp).toMatchObject({ status: 'ahead', ahead_by: 1, behind_by: 0 });
  });
});

// ---------------------------------------------------------------------------------------------

describe('reviews', () => {
  let gh: GitHubFake;
  let headSha: string;
  const base = {
    'convex/schema.ts': lines(60),
    'convex/gone.ts': lines(5),
    'convex/nonl.ts': 'const a = 1;\nconst b = 2;',
    'convex/crlf.ts': 'const a = 1;\r\nconst b = 2;\r\n',
    'big.ts': lines(10),
  };
  const head = {
    'convex/schema.ts': edit(60, { 5: 'const v5 = "five";', 50: 'const v50 = "fifty";' }),
    'convex/nonl.ts': 'const a = 1;\nconst b = "two";',
    'convex/crlf.ts': 'const a = 1;\r\nconst b = "two";\r\n',
    'convex/new.ts': 'export const x = 1;\n',
    'big.ts': lines(400),
  };
  const review = (comments: unknown[], extra: Record<string, unknown> = {}) => ({ commit_id: headSha, event: 'COMMENT', body: 'review', comments, ...extra });
  const path = '/repos/acme/app/pulls/7/reviews';

  beforeAll(async () => {
    gh = await startGitHubFake({ maxPatchBytes: 4_000, pulls: [{ number: 7, base, head, author: 'octocat' }] });
    headSha = gh.state(7).pull.headSha as string;
  });
  afterAll(async () => {
    expect(gh.errors).toEqual([]);
    await gh.close();
  });

  it('accepts a valid review with single-line, multi-line and LEFT comments', async () => {
    const r = await api(gh)('POST', path, review([
      { path: 'convex/schema.ts', line: 5, body: 'one line' },
      { path: 'convex/schema.ts', start_line: 3, line: 6, side: 'RIGHT', body: 'a range' },
      { path: 'convex/schema.ts', line: 5, side: 'LEFT', body: 'the old line' },
      { path: 'convex/gone.ts', line: 2, side: 'LEFT', body: 'on a deleted file' },
      { path: 'convex/nonl.ts', line: 2, body: 'last line, no newline' },
      { path: 'convex/crlf.ts', start_line: 1, line: 2, body: 'crlf range' },
      { path: 'convex/schema.ts', position: 5, body: 'legacy position' },
    ]));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ state: 'COMMENTED', body: 'review', commit_id: headSha, user: { login: 'github-actions[bot]', type: 'Bot' } });
    expect(r.json.html_url).toBe(`https://github.com/acme/app/pull/7#pullrequestreview-${r.json.id}`);
    const comments = await octokit(gh).paginate(octokit(gh).rest.pulls.listReviewComments, { owner: 'acme', repo: 'app', pull_number: 7 });
    expect(comments).toHaveLength(7);
    expect(comments[6]).toMatchObject({ line: 5, side: 'RIGHT', position: 5 });
    expect(comments[1]).toMatchObject({ path: 'convex/schema.ts', start_line: 3, line: 6, side: 'RIGHT', start_side: 'RIGHT', commit_id: headSha, pull_request_review_id: r.json.id, user: { login: 'github-actions[bot]' } });
    expect(comments[0].diff_hunk).toBe('@@ -2,7 +2,7 @@ const v1 = 1;\n const v2 = 2;\n const v3 = 3;\n const v4 = 4;\n-const v5 = 5;\n+const v5 = "five";');
    const reviews = (await octokit(gh).rest.pulls.listReviews({ owner: 'acme', repo: 'app', pull_number: 7 })).data;
    expect(reviews.map((x) => x.id)).toContain(r.json.id);
  });

  it.each([
    ['a line outside the diff', { path: 'convex/schema.ts', line: 30, body: 'x' }, 'Line could not be resolved'],
    ['a deleted file’s line on RIGHT', { path: 'convex/gone.ts', line: 2, body: 'x' }, 'Line could not be resolved'],
    ['start_line in another hunk', { path: 'convex/schema.ts', start_line: 5, line: 50, body: 'x' }, 'Pull request review thread start line must be part of the same hunk as the line.'],
    ['start_line outside the diff', { path: 'convex/schema.ts', start_line: 30, line: 50, body: 'x' }, 'Pull request review thread start line must be part of the same hunk as the line.'],
    ['start_line after line', { path: 'convex/schema.ts', start_line: 6, line: 5, body: 'x' }, 'Pull request review thread start line must precede the end line.'],
    ['a position past the patch', { path: 'convex/schema.ts', position: 99, body: 'x' }, 'Position could not be resolved'],
    ['the no-newline marker', { path: 'convex/nonl.ts', line: 3, body: 'x' }, 'Line could not be resolved'],
    ['a file outside the PR', { path: 'convex/other.ts', line: 1, body: 'x' }, 'Path could not be resolved'],
    ['a file whose patch is too big to list', { path: 'big.ts', line: 200, body: 'x' }, "Pull request review thread line must be part of the diff and Pull request review thread diff hunk can't be blank"],
    ['a comment body over 65,536 characters', { path: 'convex/schema.ts', line: 5, body: 'x'.repeat(65_537) }, 'Body is too long (maximum is 65536 characters)'],
  ])('rejects the whole review for %s, without saying which comment', async (_name, bad, message) => {
    const before = gh.state(7);
    const r = await api(gh)('POST', path, review([{ path: 'convex/schema.ts', line: 6, body: 'fine' }, bad, { path: 'convex/new.ts', line: 1, body: 'fine' }]));
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({ message: 'Unprocessable Entity', errors: [message], status: '422' });
    expect(r.text).not.toMatch(/comments\[|index|position 1/);
    const after = gh.state(7);
    expect(after.reviews).toHaveLength(before.reviews.length);
    expect(after.reviewComments).toHaveLength(before.reviewComments.length);
  });

  it('throws a RequestError with status 422 through Octokit', async () => {
    await expect(
      octokit(gh).rest.pulls.createReview({ owner: 'acme', repo: 'app', pull_number: 7, commit_id: headSha, event: 'COMMENT', body: 'x', comments: [{ path: 'convex/schema.ts', line: 30, body: 'x' }] }),
    ).rejects.toMatchObject({ status: 422, message: expect.stringContaining('Line could not be resolved') });
  });

  it('enforces event, commit_id, body length, and that GITHUB_TOKEN cannot approve', async () => {
    const post = api(gh);
    expect((await post('POST', path, review([], { event: 'APPROVE' }))).json.errors).toEqual(['GitHub Actions is not permitted to approve pull requests.']);
    expect((await post('POST', path, review([], { event: 'LGTM' }))).status).toBe(422);
    expect((await post('POST', path, review([], { commit_id: 'f'.repeat(40) }))).json.errors[0]).toMatch(/^No commit found for SHA/);
    const base7 = gh.state(7).pull.baseSha as string;
    expect((await post('POST', path, review([], { commit_id: base7 }))).status).toBe(422);
    const long = await post('POST', path, review([], { body: 'é'.repeat(65_537) }));
    expect(long.status).toBe(422);
    expect(long.json.errors[0].message).toMatch(/too long \(maximum is 65536 characters\)/);
    // 65,536 characters of a 2-unit emoji is 131,072 UTF-16 units but within GitHub's limit.
    expect((await post('POST', path, review([], { body: '😀'.repeat(65_536) }))).status).toBe(200);
    expect((await api(gh, PAT)('POST', path, review([], { event: 'APPROVE', body: 'ok' }))).json).toMatchObject({ state: 'APPROVED', user: { login: 'maintainer' } });
  });

  it('keeps a review without event PENDING and invisible, one per user', async () => {
    const listed = () => octokit(gh, PAT).paginate(octokit(gh, PAT).rest.pulls.listReviewComments, { owner: 'acme', repo: 'app', pull_number: 7 });
    const before = (await listed()).length;
    const r = await api(gh)('POST', path, { body: 'draft', comments: [{ path: 'convex/new.ts', line: 1, body: 'pending' }] });
    expect(r.json).toMatchObject({ state: 'PENDING' });
    expect(r.json.submitted_at).toBeUndefined();
    expect(await listed()).toHaveLength(before);
    const others = (await octokit(gh, PAT).rest.pulls.listReviews({ owner: 'acme', repo: 'app', pull_number: 7 })).data;
    expect(others.map((x) => x.id)).not.toContain(r.json.id);
    expect((await api(gh)('POST', path, { body: 'again' })).json.errors).toEqual(['User can only have one pending review per pull request']);
  });

  it('rejects every write from a read-only token with 403, but lets it read', async () => {
    const ro = api(gh, READ);
    const before = gh.state(7);
    for (const [method, p, body] of [
      ['POST', path, review([])],
      ['POST', '/repos/acme/app/issues/7/comments', { body: 'hi' }],
    ] as const) {
      const r = await ro(method, p, body);
      expect(r.status).toBe(403);
      expect(r.json.message).toBe('Resource not accessible by integration');
    }
    expect((await ro('GET', '/repos/acme/app/pulls/7')).status).toBe(200);
    expect(gh.state(7).reviews).toHaveLength(before.reviews.length);
    expect(gh.state(7).issueComments).toHaveLength(before.issueComments.length);
  });

  it('answers 401 to unknown or missing credentials', async () => {
    expect((await api(gh, 'ghs_nope')('GET', '/repos/acme/app/pulls/7')).json).toMatchObject({ message: 'Bad credentials' });
    expect((await fetch(`${gh.url}/repos/acme/app/pulls/7`)).status).toBe(401);
    const bearer = await fetch(`${gh.url}/repos/acme/app/pulls/7`, { headers: { authorization: `Bearer ${WRITE}` } });
    expect(bearer.status).toBe(200);
  });

  it('validates against the diff of an older PR commit, and after a force-push rejects it', async () => {
    const gh2 = await startGitHubFake({ pulls: [{ number: 3, base: { 'a.ts': lines(20) }, head: { 'a.ts': edit(20, { 2: 'two' }) } }] });
    try {
      const first = gh2.state(3).pull.headSha as string;
      const second = await gh2.push(3, { 'a.ts': edit(20, { 2: 'two', 18: 'eighteen' }) });
      const post = (commit_id: string, line: number) => api(gh2)('POST', '/repos/acme/app/pulls/3/reviews', { commit_id, event: 'COMMENT', body: 'r', comments: [{ path: 'a.ts', line, body: 'c' }] });
      expect((await post(first, 18)).status).toBe(422);
      expect((await post(second, 18)).status).toBe(200);
      expect((await post(first, 2)).status).toBe(200);
      const cmp = await api(gh2)('GET', `/repos/acme/app/compare/${first}...${second}`);
      expect(cmp.json).toMatchObject({ status: 'ahead', ahead_by: 1, behind_by: 0 });
      expect(cmp.json.files.map((f: { filename: string }) => f.filename)).toEqual(['a.ts']);
      const forced = await gh2.push(3, { 'a.ts': edit(20, { 3: 'three' }) }, { force: true });
      expect(gh2.state(3).pull.commits).toEqual([forced]);
      expect((await post(second, 18)).json.errors).toEqual([`No commit found for SHA: ${second}`]);
      expect((await api(gh2)('GET', `/repos/acme/app/compare/${second}...${forced}`)).json).toMatchObject({ status: 'diverged', ahead_by: 1, behind_by: 2 });
      expect((await api(gh2)('GET', `/repos/acme/app/compare/${second}...${'a'.repeat(40)}`)).status).toBe(404);
    } finally {
      await gh2.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('issue comments, seeded comments, faults, rate limits, GraphQL', () => {
  let gh: GitHubFake;
  const base = { 'convex/a.ts': lines(10) };
  const head = { 'convex/a.ts': edit(10, { 4: 'const v4 = "four";' }) };
  beforeAll(async () => {
    gh = await startGitHubFake({ pulls: [{ number: 9, base, head, author: 'alice' }] });
  });
  afterAll(async () => {
    expect(gh.errors).toEqual([]);
    await gh.close();
  });

  it('creates, lists (paginated), edits own issue comments; 403 on someone else’s', async () => {
    const c = api(gh);
    const human = gh.seedIssueComment(9, { author: 'mallory', body: '<!-- convex-review:v1 summary sha=abc -->' });
    for (let i = 0; i < 34; i++) expect((await c('POST', '/repos/acme/app/issues/9/comments', { body: `c${i}` })).status).toBe(201);
    const all = await octokit(gh).paginate(octokit(gh).rest.issues.listComments, { owner: 'acme', repo: 'app', issue_number: 9 });
    expect(all).toHaveLength(35);
    expect(all[0]).toMatchObject({ user: { login: 'mallory', type: 'User' }, body: human.body });
    expect(all[1]).toMatchObject({ user: { login: 'github-actions[bot]', type: 'Bot' }, body: 'c0' });
    expect(gh.count('GET /repos/{owner}/{repo}/issues/{issue_number}/comments')).toBe(2);

    const own = all[1].id;
    const edited = await c('PATCH', `/repos/acme/app/issues/comments/${own}`, { body: 'edited' });
    expect(edited.json).toMatchObject({ id: own, body: 'edited' });
    const theirs = await c('PATCH', `/repos/acme/app/issues/comments/${human.id}`, { body: 'hijack' });
    expect(theirs.status).toBe(403);
    expect(gh.state(9).issueComments[0].body).toBe(human.body);
    expect((await c('POST', '/repos/acme/app/issues/9/comments', { body: 'x'.repeat(65_537) })).status).toBe(422);
    expect((await c('PATCH', `/repos/acme/app/issues/comments/${own}`, { body: 'x'.repeat(65_537) })).status).toBe(422);
    expect((await c('PATCH', '/repos/acme/app/issues/comments/1', { body: 'x' })).status).toBe(404);
  });

  it('seeds review comments by any author, validated like the API', async () => {
    const seeded = await gh.seedReviewComment(9, { author: 'mallory', body: '<!-- convex-review:v1 fp=v1:0000 -->', path: 'convex/a.ts', line: 4 });
    expect(seeded).toMatchObject({ user: { login: 'mallory' }, line: 4, side: 'RIGHT' });
    const reply = await gh.seedReviewComment(9, { author: 'alice', body: 'agreed', path: 'convex/a.ts', line: 4, inReplyTo: seeded.id as number });
    expect(reply.in_reply_to_id).toBe(seeded.id);
    await expect(gh.seedReviewComment(9, { author: 'x', body: 'y', path: 'convex/a.ts', line: 10 })).rejects.toThrow(/Line could not be resolved/);
    const listed = (await octokit(gh).rest.pulls.listReviewComments({ owner: 'acme', repo: 'app', pull_number: 9 })).data;
    expect(listed.map((c) => c.user.login)).toEqual(['mallory', 'alice']);
  });

  it('answers 502 after applying a write: a retrying client posts the review twice', async () => {
    const body = { event: 'COMMENT', body: 'run marker', comments: [{ path: 'convex/a.ts', line: 4, body: 'c' }] };
    const reviewsBefore = gh.state(9).reviews.length;

    gh.failNext({ method: 'POST', path: /\/reviews$/, status: 502, afterApplying: true });
    const r = await api(gh)('POST', '/repos/acme/app/pulls/9/reviews', body);
    expect(r.status).toBe(502);
    expect(gh.state(9).reviews).toHaveLength(reviewsBefore + 1);
    expect(gh.requests.at(-1)).toMatchObject({ status: 502, injected: 'fault-after-applying' });

    const withRetry = getOctokit(WRITE, { baseUrl: gh.url, retry: { retryAfterBaseValue: 1 } }, retry);
    gh.failNext({ route: 'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', afterApplying: true });
    await withRetry.rest.pulls.createReview({ owner: 'acme', repo: 'app', pull_number: 9, ...body } as never);
    expect(gh.state(9).reviews).toHaveLength(reviewsBefore + 3);

    gh.failNext({ route: 'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', afterApplying: true });
    await expect(withRetry.rest.pulls.createReview({ owner: 'acme', repo: 'app', pull_number: 9, ...body, request: { retries: 0 } } as never)).rejects.toMatchObject({ status: 502 });
    expect(gh.state(9).reviews).toHaveLength(reviewsBefore + 4);

    gh.failNext({ method: 'GET', path: '/repos/acme/app/pulls/9', status: 503 });
    expect((await api(gh)('GET', '/repos/acme/app/pulls/9')).status).toBe(503);
    expect((await api(gh)('GET', '/repos/acme/app/pulls/9')).status).toBe(200);
    expect(gh.creations().length).toBeGreaterThanOrEqual(3);
  });

  it('answers a secondary rate limit with 403, the message Octokit looks for, and retry-after', async () => {
    gh.rateLimitNext({ kind: 'secondary', retryAfter: 7 });
    const r = await api(gh)('POST', '/repos/acme/app/issues/9/comments', { body: 'x' });
    expect(r.status).toBe(403);
    expect(r.json.message).toMatch(/You have exceeded a secondary rate limit/);
    expect(r.headers.get('retry-after')).toBe('7');

    const seen: number[] = [];
    const throttled = getOctokit(
      WRITE,
      { baseUrl: gh.url, throttle: { retryAfterBaseValue: 1, onSecondaryRateLimit: (after: number) => (seen.push(after), true), onRateLimit: () => false } },
      throttling,
    );
    gh.rateLimitNext({ kind: 'secondary', retryAfter: 3, route: 'GET /repos/{owner}/{repo}/pulls/{pull_number}' });
    const pr = await throttled.rest.pulls.get({ owner: 'acme', repo: 'app', pull_number: 9 });
    expect(pr.status).toBe(200);
    expect(seen).toEqual([3]);
  });

  it('applies GitHub’s content-creation limit per token and minute', async () => {
    const small = await startGitHubFake({ maxCreationsPerMinute: 2, pulls: [{ number: 1, base: {}, head: { 'a.ts': 'a\n' } }] });
    try {
      const post = () => api(small)('POST', '/repos/acme/app/issues/1/comments', { body: 'x' });
      expect([(await post()).status, (await post()).status]).toEqual([201, 201]);
      const third = await post();
      expect(third.status).toBe(403);
      expect(third.json.message).toMatch(/secondary rate limit/);
      expect(third.headers.get('retry-after')).toBe('60');
      expect((await api(small, PAT)('POST', '/repos/acme/app/issues/1/comments', { body: 'x' })).status).toBe(201);
      expect(small.creations().map((r) => r.status)).toEqual([201, 201, 403, 201]);
    } finally {
      await small.close();
    }
  });

  it('answers a primary rate limit with 403, x-ratelimit-remaining 0 and a reset time', async () => {
    gh.rateLimitNext({ kind: 'primary', resetIn: 30 });
    const now = Math.floor(Date.now() / 1000);
    const r = await api(gh)('GET', '/repos/acme/app/pulls/9');
    expect(r.status).toBe(403);
    expect(r.json.message).toMatch(/API rate limit exceeded/);
    expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(r.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(now + 29);

    const seen: number[] = [];
    const throttled = getOctokit(WRITE, { baseUrl: gh.url, throttle: { retryAfterBaseValue: 1, onRateLimit: (after: number) => (seen.push(after), true), onSecondaryRateLimit: () => false } }, throttling);
    gh.rateLimitNext({ kind: 'primary', resetIn: 5 });
    expect((await throttled.rest.pulls.get({ owner: 'acme', repo: 'app', pull_number: 9 })).status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeGreaterThanOrEqual(5);
  });

  it('lists review threads over GraphQL; resolving is FORBIDDEN for ghs_ tokens, works for a PAT', async () => {
    const q = `query($owner: String!, $name: String!, $number: Int!, $cursor: String) {
      repository(owner: $owner, name: $name) { pullRequest(number: $number) {
        reviewThreads(first: 100, after: $cursor) { totalCount pageInfo { hasNextPage endCursor }
          nodes { id isResolved comments(first: 100) { nodes { databaseId body author { login } } } } } } } }`;
    const res: Json = await octokit(gh).graphql(q, { owner: 'acme', name: 'app', number: 9 });
    const threads = res.repository.pullRequest.reviewThreads;
    expect(threads.totalCount).toBe(gh.state(9).threads.length);
    const first = threads.nodes[0];
    expect(first.comments.nodes.map((c: { author: { login: string } }) => c.author.login)).toEqual(['mallory', 'alice']);
    expect(first.comments.nodes[0].databaseId).toBe(gh.state(9).reviewComments[0].id);

    const m = 'mutation($threadId: ID!) { resolveReviewThread(input: { threadId: $threadId }) { thread { id isResolved } } }';
    const raw = await api(gh)('POST', '/graphql', { query: m, variables: { threadId: first.id } });
    expect(raw.status).toBe(200);
    expect(raw.json.errors[0]).toMatchObject({ type: 'FORBIDDEN', message: 'Resource not accessible by integration' });
    await expect(octokit(gh).graphql(m, { threadId: first.id })).rejects.toMatchObject({ errors: [expect.objectContaining({ type: 'FORBIDDEN' })] });
    expect(gh.state(9).threads[0].isResolved).toBe(false);

    const ok: Json = await octokit(gh, PAT).graphql(m, { threadId: first.id });
    expect(ok.resolveReviewThread.thread).toEqual({ id: first.id, isResolved: true });
    expect(gh.state(9).threads[0]).toMatchObject({ isResolved: true, resolvedBy: 'maintainer' });

    const noFirst = await api(gh)('POST', '/graphql', { query: q.replace('first: 100, ', ''), variables: { owner: 'acme', name: 'app', number: 9 } });
    expect(noFirst.json.errors[0].type).toBe('MISSING_PAGINATION_BOUNDARIES');
  });
});

// ---------------------------------------------------------------------------------------------

describe('a pull request from a fork', () => {
  it('names the fork as head repo; its branch is not a ref of the base repo, refs/pull/N/head is', async () => {
    const gh = await startGitHubFake({ pulls: [{ number: 4, base: { 'a.ts': 'a\n' }, head: { 'a.ts': 'b\n' }, author: 'eve', fork: true, headRef: 'main' }] });
    try {
      const pr = (await api(gh, READ)('GET', '/repos/acme/app/pulls/4')).json;
      expect(pr.head).toMatchObject({ ref: 'main', label: 'eve:main', repo: { full_name: 'eve/app', fork: true } });
      const at = async (ref: string) => (await api(gh, READ)('GET', `/repos/acme/app/contents/a.ts?ref=${encodeURIComponent(ref)}`)).json?.content;
      expect(Buffer.from(await at('refs/pull/4/head'), 'base64').toString()).toBe('b\n');
      expect(Buffer.from(await at(pr.head.sha), 'base64').toString()).toBe('b\n');
      expect(Buffer.from(await at('main'), 'base64').toString()).toBe('a\n');
    } finally {
      await gh.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('the fake’s hunk parser', () => {
  it('numbers both sides and skips the no-newline marker', () => {
    const p = parseHunks('@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+B\n+c\n\\ No newline at end of file');
    expect([...p.right.keys()]).toEqual([1, 2, 3]);
    expect([...p.left.keys()]).toEqual([1, 2]);
    expect(p.byPosition.get(3)).toBeUndefined();
    expect(p.byPosition.get(4)).toEqual({ hunk: 0, side: 'RIGHT', line: 2 });
  });
  it('refuses a patch whose hunk header disagrees with its lines', () => {
    expect(() => parseHunks('@@ -1,2 +1,2 @@\n a\n-b\n+B\n+c')).toThrow(/hunk/);
  });
});

describe('pending reviews and identity', () => {
  it('deletes a pending review (and its comments) but refuses to delete a submitted one; GET /user only for PATs', async () => {
    const gh = await startGitHubFake({
      owner: 'acme',
      repo: 'app',
      pulls: [{ number: 1, base: { 'a.ts': 'a\n' }, head: { 'a.ts': 'a\nb\n' } }],
    });
    try {
      const headers = { authorization: 'token ghs_write', 'content-type': 'application/json' };
      const sha = (await gh.snapshot(1)).headSha;
      const post = (body: object) => fetch(`${gh.url}/repos/acme/app/pulls/1/reviews`, { method: 'POST', headers, body: JSON.stringify(body) });
      const pending = (await (await post({ commit_id: sha, comments: [{ path: 'a.ts', line: 2, side: 'RIGHT', body: 'x' }] })).json()) as { id: number; state: string };
      expect(pending.state).toBe('PENDING');
      const del = await fetch(`${gh.url}/repos/acme/app/pulls/1/reviews/${pending.id}`, { method: 'DELETE', headers });
      expect(del.status).toBe(200);
      expect(gh.state(1).reviews).toHaveLength(0);
      expect(gh.state(1).reviewComments).toHaveLength(0);
      const submitted = (await (await post({ commit_id: sha, event: 'COMMENT', body: 'b' })).json()) as { id: number };
      const refused = await fetch(`${gh.url}/repos/acme/app/pulls/1/reviews/${submitted.id}`, { method: 'DELETE', headers });
      expect(refused.status).toBe(422);
      expect((await fetch(`${gh.url}/user`, { headers })).status).toBe(403);
      const me = (await (await fetch(`${gh.url}/user`, { headers: { authorization: 'token ghp_pat' } })).json()) as { login: string };
      expect(me.login).toBe('maintainer');
    } finally {
      await gh.close();
    }
  });
});

describe('repository permissions (collaborators/{username}/permission)', () => {
  let gh: GitHubFake;
  beforeAll(async () => {
    gh = await startGitHubFake({
      owner: 'acme',
      repo: 'app',
      pulls: [{ number: 1, author: 'outsider', base: { 'a.ts': 'a\n' }, head: { 'a.ts': 'a\nb\n' } }],
      collaborators: { Ada: 'maintain', bob: 'triage', cleo: { name: 'release-manager', base: 'write' }, root: 'admin' },
      tokens: {
        [WRITE]: 'write',
        [PAT]: { access: 'write', login: 'maintainer' },
        ghs_noperm: { access: 'write', readsPermissions: false },
        ghp_readonly: { access: 'read', login: 'reader' },
      },
    });
  });
  afterAll(() => gh.close());

  it('answers with GitHub’s shape: the legacy permission (maintain → write, triage → read) and the role name', async () => {
    const get = api(gh);
    const ada = await get('GET', '/repos/acme/app/collaborators/ada/permission');
    expect(ada.status).toBe(200);
    expect(ada.json).toMatchObject({ permission: 'write', role_name: 'maintain', user: { login: 'Ada', role_name: 'maintain', permissions: { admin: false, maintain: true, push: true, triage: true, pull: true } } });
    expect((await get('GET', '/repos/acme/app/collaborators/bob/permission')).json).toMatchObject({ permission: 'read', role_name: 'triage' });
    expect((await get('GET', '/repos/acme/app/collaborators/cleo/permission')).json).toMatchObject({ permission: 'write', role_name: 'release-manager' });
    expect((await get('GET', '/repos/acme/app/collaborators/root/permission')).json).toMatchObject({ permission: 'admin', role_name: 'admin' });
    const viaOctokit = await octokit(gh, PAT).rest.repos.getCollaboratorPermissionLevel({ owner: 'acme', repo: 'app', username: 'ada' });
    expect(viaOctokit.data.permission).toBe('write');
  });

  it('gives a known user who is no collaborator read (a public repository), and 404 for a login that is no user', async () => {
    const get = api(gh);
    expect((await get('GET', '/repos/acme/app/collaborators/outsider/permission')).json).toMatchObject({ permission: 'read', role_name: 'read', user: { login: 'outsider' } });
    const nobody = await get('GET', '/repos/acme/app/collaborators/no-such-user/permission');
    expect(nobody.status).toBe(404);
    expect(nobody.json).toMatchObject({ message: 'Not Found' });
  });

  it('refuses a token that may not ask: 403, in the words GitHub uses for an integration and for a user without push', async () => {
    const integration = await api(gh, 'ghs_noperm')('GET', '/repos/acme/app/collaborators/ada/permission');
    expect(integration.status).toBe(403);
    expect(integration.json).toMatchObject({ message: 'Resource not accessible by integration' });
    const reader = await api(gh, 'ghp_readonly')('GET', '/repos/acme/app/collaborators/ada/permission');
    expect(reader.status).toBe(403);
    expect(reader.json).toMatchObject({ message: 'Must have push access to view collaborator permission.' });
    await expect(octokit(gh, 'ghs_noperm').rest.repos.getCollaboratorPermissionLevel({ owner: 'acme', repo: 'app', username: 'ada' })).rejects.toMatchObject({ status: 403 });
  });
});
