/**
 * Reading a commit's files: blob by blob for a few, from one archive download for many — with the
 * same files and the same skipped list either way, and the blobs when the archive fails.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/github/client.js';
import { fetchPullRequest, fetchSnapshot, type FetchOptions, type Snapshot } from '../../src/github/snapshot.js';
import { CODELOAD_ROUTE, startGitHubFake, TARBALL_ROUTE, type FixtureTree, type GitHubFake } from '../fakes/github.js';

const BLOB_ROUTE = 'GET /repos/{owner}/{repo}/git/blobs/{file_sha}';
const NUL_TEXT = Buffer.from('export const x = 1;\0\n');

const module = (i: number) => `import { query } from './_generated/server';\nexport const q${i} = query({ args: {}, handler: async () => ${i} });\n`;

/** A Convex project with `n` function modules and every kind of file the reader must treat alike. */
function project(n: number, extra: FixtureTree = {}): FixtureTree {
  const tree: FixtureTree = {
    'package.json': '{ "dependencies": { "convex": "^1.31.0" } }\n',
    'tsconfig.json': '{ "compilerOptions": { "strict": true } }\n',
    'src/app.tsx': 'export const App = () => null;\n', // frontend: not read
    'node_modules/pkg/convex/dep.ts': 'export const dep = 1;\n', // a dependency: not read
    'convex/schema.ts': "import { defineSchema } from 'convex/server';\nexport default defineSchema({});\n",
    'convex/_generated/server.ts': 'export const query = (x: unknown) => x;\n',
    'convex/_generated/api.d.ts': 'export declare const api: unknown;\n',
    'convex/huge.ts': `export const big = '${'x'.repeat(1_100_000)}';\n`, // skipped: larger than 1 MB
    'convex/nul.ts': NUL_TEXT, // skipped: binary
    'convex/link.ts': { content: 'mod0.ts', mode: '120000' }, // a symlink: its blob is the target
    [`convex/${'n'.repeat(120)}.ts`]: module(-1), // a pax `path` in the archive
    'convex/crlf.ts': 'export const a = 1;\r\nexport const b = 2;\r\n',
    ...extra,
  };
  for (let i = 0; i < n; i++) tree[`convex/mod${i}.ts`] = module(i);
  return tree;
}

let gh: GitHubFake | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

async function start(head: FixtureTree): Promise<GitHubFake> {
  gh = await startGitHubFake({ owner: 'acme', repo: 'app', pulls: [{ number: 1, base: {}, head }] });
  return gh;
}

interface Run {
  snapshot: Snapshot;
  logs: string[];
  tarballs: number;
  codeloads: number;
  blobs: number;
}

async function read(fake: GitHubFake, options: FetchOptions = {}): Promise<Run> {
  const octokit = createClient({ token: 'ghs_write', baseUrl: fake.url, log: () => {} });
  const logs: string[] = [];
  const from = fake.requests.length;
  const snapshot = await fetchSnapshot(octokit, 'acme', 'app', await fetchPullRequest(octokit, 'acme', 'app', 1), { log: (m) => logs.push(m), ...options });
  const count = (route: string) => fake.requests.slice(from).filter((r) => r.route === route).length;
  return { snapshot, logs, tarballs: count(TARBALL_ROUTE), codeloads: count(CODELOAD_ROUTE), blobs: count(BLOB_ROUTE) };
}

const blobsOnly: FetchOptions = { archiveMinFiles: Infinity };

/** What the analysis gets, independent of the order files arrived in. */
function view(s: Snapshot) {
  return {
    files: [...s.project.files].sort(([a], [b]) => (a < b ? -1 : 1)),
    skipped: [...s.project.skipped].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.reason < b.reason ? -1 : 1)),
    roots: [...s.project.roots].sort((a, b) => (a.functionsDir < b.functionsDir ? -1 : 1)),
    changed: s.changedFiles.map((f) => f.path),
  };
}

describe('reading the commit: blobs or one archive', () => {
  it('reads a few files as blobs, with no archive download', async () => {
    const fake = await start({ 'package.json': '{}\n', 'convex/a.ts': module(1), 'convex/b.ts': module(2) });
    const run = await read(fake);
    expect(run.tarballs).toBe(0);
    expect(run.codeloads).toBe(0);
    expect(run.blobs).toBe(3);
    expect([...run.snapshot.project.files.keys()].sort()).toEqual(['convex/a.ts', 'convex/b.ts', 'package.json']);
    expect(run.logs).toEqual([]);
  });

  it('reads 150 files from exactly one archive download and no blob, the same as blob by blob', async () => {
    // convex.json and a component's convex.config.ts are read from the archive too: what is kept
    // narrows to the wanted files once they have streamed past.
    const fake = await start(
      project(150, {
        'convex.json': '{ "functions": "convex/" }\n',
        'components/widget/convex.config.ts': "import { defineComponent } from 'convex/server';\nexport default defineComponent('widget');\n",
        'components/widget/index.ts': module(-2),
      }),
    );
    const archive = await read(fake);
    expect(archive).toMatchObject({ tarballs: 1, codeloads: 1, blobs: 0 });
    expect(archive.logs).toEqual([expect.stringMatching(/one archive download/)]);
    const blobs = await read(fake, blobsOnly);
    expect(blobs.tarballs).toBe(0);
    expect(blobs.blobs).toBeGreaterThan(150);
    expect(view(archive.snapshot)).toEqual(view(blobs.snapshot));

    const { files, skipped } = archive.snapshot.project;
    expect(files.get('convex/link.ts')).toBe('mod0.ts');
    expect(files.get('convex/crlf.ts')).toContain('\r\n');
    expect(files.has(`convex/${'n'.repeat(120)}.ts`)).toBe(true);
    expect(files.has('components/widget/index.ts')).toBe(true);
    expect(files.has('tsconfig.json')).toBe(true);
    expect(files.has('src/app.tsx') || files.has('node_modules/pkg/convex/dep.ts')).toBe(false);
    expect(skipped).toEqual(
      expect.arrayContaining([
        { path: 'convex/huge.ts', reason: 'larger than 1 MB (1.0 MB)' },
        { path: 'convex/nul.ts', reason: 'binary (contains NUL bytes)' },
      ]),
    );
  });

  it('reads the config files as blobs when only they tell where the functions are, then the rest from the archive', async () => {
    const backend: FixtureTree = { 'convex.json': '{ "functions": "backend/" }\n', 'package.json': '{}\n' };
    for (let i = 0; i < 150; i++) backend[`backend/f${i}.ts`] = module(i);
    const fake = await start(backend);
    const archive = await read(fake);
    expect(archive).toMatchObject({ tarballs: 1, codeloads: 1, blobs: 1 }); // convex.json
    expect(archive.snapshot.project.roots.map((r) => r.functionsDir)).toEqual(['backend']);
    expect(view(archive.snapshot)).toEqual(view((await read(fake, blobsOnly)).snapshot));
  });

  it('reads as blobs the files the archive leaves out or changes (export-ignore, export-subst)', async () => {
    const fake = await start(
      project(120, {
        '.gitattributes': 'convex/ignored.ts export-ignore\nconvex/subst.ts export-subst\n',
        'convex/ignored.ts': module(-3),
        'convex/subst.ts': 'export const commit = "$Format:%H$";\n',
      }),
    );
    const archive = await read(fake);
    expect(archive).toMatchObject({ tarballs: 1, codeloads: 1, blobs: 2 });
    expect(archive.logs).toContainEqual(expect.stringMatching(/^convex-review: 2 file\(s\) not in the archive as committed/));
    expect(archive.snapshot.project.files.get('convex/subst.ts')).toBe('export const commit = "$Format:%H$";\n');
    expect(view(archive.snapshot)).toEqual(view((await read(fake, blobsOnly)).snapshot));
  });

  it('keeps to blobs when the tree is larger than the archive cap', async () => {
    const fake = await start(project(120));
    const run = await read(fake, { archiveMaxTreeBytes: 1_000_000 }); // huge.ts alone is 1.1 MB
    expect(run.tarballs).toBe(0);
    expect(run.blobs).toBeGreaterThan(120);
  });
});

describe('when the archive fails, every file is read as a blob', () => {
  async function expectFallback(fake: GitHubFake, why: RegExp): Promise<void> {
    const run = await read(fake);
    expect(run.tarballs).toBe(1);
    expect(run.logs).toEqual([expect.stringMatching(new RegExp(`^convex-review: the commit's archive could not be read \\(.*${why.source}.*\\); reading the files one blob at a time$`))]);
    const blobs = await read(fake, blobsOnly);
    expect(run.blobs).toBe(blobs.blobs);
    expect(view(run.snapshot)).toEqual(view(blobs.snapshot));
  }

  it('a 404 on the tarball endpoint', async () => {
    const fake = await start(project(110));
    fake.failNext({ route: TARBALL_ROUTE, status: 404, body: { message: 'Not Found' } });
    await expectFallback(fake, /Not Found/);
    expect(fake.count(CODELOAD_ROUTE)).toBe(0);
  });

  it('a download that is not gzip', async () => {
    const fake = await start(project(110));
    fake.failNext({ route: CODELOAD_ROUTE, status: 200, body: Buffer.from('<html>oops</html>') });
    await expectFallback(fake, /header/);
  });

  it('an archive cut short', async () => {
    const fake = await start(project(110));
    const { headSha } = await fake.snapshot(1);
    const gz = Buffer.from(await (await fetch(`${fake.url}/repos/acme/app/tarball/${headSha}`, { headers: { authorization: 'token ghs_write' } })).arrayBuffer());
    const tar = gunzipSync(gz);
    fake.failNext({ route: CODELOAD_ROUTE, status: 200, body: gzipSync(tar.subarray(0, tar.length >> 1)) });
    await expectFallback(fake, /ends inside/);
  });

  it('retries a 502 on the download, then reads the archive', async () => {
    const fake = await start(project(110));
    fake.failNext({ route: CODELOAD_ROUTE, status: 502 });
    const run = await read(fake);
    expect(run).toMatchObject({ tarballs: 2, codeloads: 2, blobs: 0 });
    expect(view(run.snapshot)).toEqual(view((await read(fake, blobsOnly)).snapshot));
  });
});

describe('the fake serves the archive like GitHub', () => {
  it('redirects to a codeload URL with a token, which serves the gzip tar of git archive under <owner>-<repo>-<sha7>/', async () => {
    const fake = await start({ 'convex/a.ts': module(1) });
    const { headSha } = await fake.snapshot(1);
    const redirect = await fetch(`${fake.url}/repos/acme/app/tarball/${headSha}`, { headers: { authorization: 'token ghs_write' }, redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(await redirect.text()).toBe('');
    const location = redirect.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${fake.url}/_codeload/acme/app/legacy\\.tar\\.gz/${headSha}\\?token=[0-9a-f]+$`));
    expect((await fetch(location.replace(/token=.*/, 'token=wrong'))).status).toBe(404);
    const download = await fetch(location); // no Authorization: the token is the credential
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/x-gzip');
    const tar = gunzipSync(Buffer.from(await download.arrayBuffer()));
    expect(tar.includes(Buffer.from(`acme-app-${headSha.slice(0, 7)}/convex/a.ts`))).toBe(true);
    expect(tar.includes(Buffer.from(`comment=${headSha}`))).toBe(true); // git's pax global header
    expect((await fetch(`${fake.url}/repos/acme/app/tarball/${'0'.repeat(40)}`, { headers: { authorization: 'token ghs_write' }, redirect: 'manual' })).status).toBe(404);
    expect(fake.count(TARBALL_ROUTE)).toBe(2);
    expect(fake.count(CODELOAD_ROUTE)).toBe(2);
  });
});
