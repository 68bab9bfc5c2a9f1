import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { GitStore } from '../../test/fakes/github-git.js';
import { tarEntries, tarGzEntries, TarFormatError, type TarEntry, type TarHeader } from './tar.js';

const LONG_DIR = `convex/${'deeply-nested-folder/'.repeat(6)}`; // > 100 characters with the file name: ustar prefix
const LONG_NAME = `convex/${'n'.repeat(120)}.ts`; // a name > 100 characters: a pax `path` record
const BINARY = Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x00]);
const BIG = 'x'.repeat(70_000) + '\n'; // several blocks, and more than one gzip / stream chunk

async function collect(entries: AsyncIterable<TarEntry>): Promise<Array<{ path: string; type: string; body?: string; linkPath?: string }>> {
  const out: Array<{ path: string; type: string; body?: string; linkPath?: string }> = [];
  for await (const e of entries) {
    out.push({ path: e.path, type: e.type, ...(e.body !== undefined ? { body: e.body.toString('latin1') } : {}), ...(e.type === 'symlink' ? { linkPath: e.linkPath } : {}) });
  }
  return out;
}

/** Chunks of `sizes` bytes, cycling, as a network stream would deliver them. */
function chunked(buf: Buffer, sizes: number[]): AsyncIterable<Uint8Array> {
  const parts: Buffer[] = [];
  for (let at = 0, i = 0; at < buf.length; i++) {
    const n = sizes[i % sizes.length];
    parts.push(buf.subarray(at, at + n));
    at += n;
  }
  return Readable.from(parts);
}

const all = () => true;

describe('tarEntries on git archive output (what GitHub serves)', () => {
  let store: GitStore | undefined;
  afterAll(() => store?.remove());

  async function gitArchive(): Promise<{ tar: Buffer; sha: string }> {
    store ??= await GitStore.create();
    const sha = await store.commit(
      {
        'convex/a.ts': 'export const a = 1;\n',
        'convex/empty.ts': '',
        'convex/bin.dat': BINARY,
        'convex/big.ts': BIG,
        [`${LONG_DIR}long-file-name.ts`]: 'export const long = true;\n',
        [LONG_NAME]: 'export const longer = true;\n',
        'convex/link.ts': { content: 'a.ts', mode: '120000' },
        'convex/run.sh': { content: '#!/bin/sh\n', mode: '100755' },
        'README.md': '# app\n',
      },
      null,
      'fixture',
    );
    const tar = await store.git(['archive', '--format=tar', `--prefix=acme-app-${sha.slice(0, 7)}/`, sha]);
    return { tar, sha };
  }

  it('reads paths (ustar prefix, pax path), bodies, symlinks and modes, under the top folder', async () => {
    const { tar, sha } = await gitArchive();
    const top = `acme-app-${sha.slice(0, 7)}`;
    const entries = await collect(tarGzEntries(gzipSync(tar), all));
    const files = entries.filter((e) => e.type !== 'directory');
    expect(files).toEqual([
      { path: `${top}/README.md`, type: 'file', body: '# app\n' },
      { path: `${top}/convex/a.ts`, type: 'file', body: 'export const a = 1;\n' },
      { path: `${top}/convex/big.ts`, type: 'file', body: BIG },
      { path: `${top}/convex/bin.dat`, type: 'file', body: BINARY.toString('latin1') },
      { path: `${top}/${LONG_DIR}long-file-name.ts`, type: 'file', body: 'export const long = true;\n' },
      { path: `${top}/convex/empty.ts`, type: 'file', body: '' },
      { path: `${top}/convex/link.ts`, type: 'symlink', linkPath: 'a.ts' },
      { path: `${top}/${LONG_NAME}`, type: 'file', body: 'export const longer = true;\n' },
      { path: `${top}/convex/run.sh`, type: 'file', body: '#!/bin/sh\n' },
    ]);
    expect(entries.filter((e) => e.type === 'directory').map((e) => e.path)).toContain(top);
    const modes = new Map<string, number>();
    for await (const e of tarGzEntries(gzipSync(tar), all)) modes.set(e.path, e.mode);
    expect(modes.get(`${top}/convex/run.sh`)! & 0o111).not.toBe(0);
    expect(modes.get(`${top}/convex/a.ts`)! & 0o111).toBe(0);
  });

  it('reads a body only when asked, and the same whatever the chunk sizes', async () => {
    const { tar } = await gitArchive();
    const asked: TarHeader[] = [];
    const only = await collect(
      tarEntries(chunked(tar, [1, 7, 511, 513, 4096]), (h) => {
        asked.push(h);
        return h.path.endsWith('/a.ts');
      }),
    );
    expect(only.filter((e) => e.body !== undefined).map((e) => e.path.replace(/^[^/]+\//, ''))).toEqual(['convex/a.ts']);
    expect(asked.every((h) => h.type === 'file')).toBe(true);
    expect(asked.find((h) => h.path.endsWith('/big.ts'))?.size).toBe(BIG.length);
    const whole = await collect(tarEntries(Readable.from([tar]), all));
    const bytewise = await collect(tarEntries(chunked(tar, [1, 2, 3, 5, 64]), all));
    expect(bytewise).toEqual(whole);
  });

  it('refuses a damaged archive: a header checksum, a body cut short, bad gzip', async () => {
    const { tar } = await gitArchive();
    const flipped = Buffer.from(tar);
    flipped[512 * 2 + 3] ^= 0x20; // a byte of the second entry's header (after the pax global header)
    await expect(collect(tarEntries(Readable.from([flipped]), all))).rejects.toBeInstanceOf(TarFormatError);
    const cut = tar.subarray(0, tar.indexOf(Buffer.from('x'.repeat(100))) + 1000);
    await expect(collect(tarEntries(Readable.from([cut]), all))).rejects.toThrow(/ends inside an entry/);
    await expect(collect(tarEntries(Readable.from([tar.subarray(0, 700)]), all))).rejects.toThrow(/ends inside/);
    const gz = gzipSync(tar);
    await expect(collect(tarGzEntries(gz.subarray(0, gz.length >> 1), all))).rejects.toThrow();
    await expect(collect(tarGzEntries(Buffer.from('{"message":"Not Found"}'), all))).rejects.toThrow();
  });

  it('takes a web ReadableStream (what Octokit returns with parseSuccessResponseBody: false)', async () => {
    const { tar } = await gitArchive();
    const web = new Blob([gzipSync(tar)]).stream();
    const entries = await collect(tarGzEntries(web, (h) => h.path.endsWith('/a.ts')));
    expect(entries.find((e) => e.path.endsWith('/a.ts'))?.body).toBe('export const a = 1;\n');
    expect(gunzipSync(gzipSync(tar)).equals(tar)).toBe(true);
  });
});

describe('tarEntries on GNU tar output (ustar prefix, GNU long names, pax)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tar-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const src = join(dir, 'src');
  const longDir = 'a'.repeat(60) + '/' + 'b'.repeat(60); // fits the ustar prefix field, not the name field
  mkdirSync(join(src, longDir), { recursive: true });
  writeFileSync(join(src, longDir, 'file.ts'), 'long\n');
  writeFileSync(join(src, 'top.ts'), 'top\n');
  symlinkSync('top.ts', join(src, 'link.ts'));
  let hasTar = true;
  try {
    execFileSync('tar', ['--version'], { stdio: 'ignore' });
  } catch {
    hasTar = false;
  }

  for (const format of ['ustar', 'gnu', 'pax'] as const) {
    it.skipIf(!hasTar)(`reads --format=${format}`, async () => {
      const tar = execFileSync('tar', [`--format=${format}`, '--sort=name', '-cf', '-', '-C', src, '.']);
      const files = (await collect(tarEntries(Readable.from([tar]), all))).filter((e) => e.type !== 'directory');
      expect(files).toEqual([
        { path: `./${longDir}/file.ts`, type: 'file', body: 'long\n' },
        { path: './link.ts', type: 'symlink', linkPath: 'top.ts' },
        { path: './top.ts', type: 'file', body: 'top\n' },
      ]);
    });
  }
});
