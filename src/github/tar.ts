/**
 * A streaming reader of the tar archives GitHub serves for a commit (`GET /repos/{o}/{r}/tarball/{ref}`,
 * made by `git archive`): POSIX ustar headers (with the `prefix` field), pax extended headers
 * (`path`, `linkpath`, `size`; global ones are read and ignored), GNU long names (`L`, `K`) and
 * base-256 sizes. Every header's checksum is verified, so a damaged archive throws instead of
 * yielding wrong entries. Bodies are read into memory only for the entries the caller asks for;
 * the others are skipped as they stream past.
 */
import { pipeline, Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createGunzip } from 'node:zlib';

const BLOCK = 512;

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface TarHeader {
  /** The entry's path as stored (pax `path` / GNU long name / ustar prefix + name), trailing `/` removed. */
  path: string;
  type: TarEntryType;
  /** The body's size in bytes (0 for links and directories). */
  size: number;
  /** A link's target (pax `linkpath` / GNU long link / ustar linkname). */
  linkPath: string;
  mode: number;
}

export interface TarEntry extends TarHeader {
  /** The body, when `wantBody` asked for it. */
  body?: Buffer;
}

export class TarFormatError extends Error {
  override name = 'TarFormatError';
}

/** Pulls exact byte counts out of a stream of chunks. */
class ByteQueue {
  private chunks: Buffer[] = [];
  private length = 0;
  private done = false;
  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  /** Waits until `n` bytes are queued or the source ends; true when they are. */
  private async fill(n: number): Promise<boolean> {
    while (this.length < n && !this.done) {
      const next = await this.source.next();
      if (next.done) this.done = true;
      else if (next.value.length > 0) {
        const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value.buffer, next.value.byteOffset, next.value.length);
        this.chunks.push(chunk);
        this.length += chunk.length;
      }
    }
    return this.length >= n;
  }

  /** Exactly `n` bytes, or undefined when the source ends first. */
  async read(n: number): Promise<Buffer | undefined> {
    if (!(await this.fill(n))) return undefined;
    const out = Buffer.allocUnsafe(n);
    let at = 0;
    while (at < n) {
      const head = this.chunks[0];
      const take = Math.min(head.length, n - at);
      head.copy(out, at, 0, take);
      at += take;
      if (take === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(take);
    }
    this.length -= n;
    return out;
  }

  /** Drops `n` bytes without keeping them; false when the source ends first. */
  async skip(n: number): Promise<boolean> {
    let left = n;
    while (left > 0) {
      if (this.length === 0 && !(await this.fill(1))) return false;
      const head = this.chunks[0];
      const take = Math.min(head.length, left);
      if (take === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(take);
      this.length -= take;
      left -= take;
    }
    return true;
  }

  get empty(): boolean {
    return this.length === 0;
  }

  /** Reads the source to its end, discarding it. */
  async drain(): Promise<void> {
    this.chunks = [];
    this.length = 0;
    while (!this.done) {
      if ((await this.source.next()).done) this.done = true;
    }
  }
}

const padding = (size: number): number => (BLOCK - (size % BLOCK)) % BLOCK;

function cString(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const nul = field.indexOf(0);
  return field.subarray(0, nul < 0 ? length : nul).toString('utf8');
}

function numeric(block: Buffer, start: number, length: number, what: string): number {
  const field = block.subarray(start, start + length);
  if (field[0] & 0x80) {
    // GNU base-256: big-endian, the top bit of the first byte marks it (negative values refused).
    if (field[0] & 0x40) throw new TarFormatError(`negative ${what} in a tar header`);
    let value = field[0] & 0x3f;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i];
    if (!Number.isSafeInteger(value)) throw new TarFormatError(`${what} too large in a tar header`);
    return value;
  }
  const text = field.toString('latin1').replace(/\0.*$/s, '').trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError(`bad ${what} ${JSON.stringify(text)} in a tar header`);
  return parseInt(text, 8);
}

function checksumOk(block: Buffer): boolean {
  const stored = numeric(block, 148, 8, 'checksum');
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : block[i];
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  // Some old writers summed signed bytes; POSIX says unsigned.
  return stored === unsigned || stored === signed;
}

/** pax records: "<length> <key>=<value>\n", the length counting the whole record. */
function parsePax(body: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let at = 0;
  while (at < body.length) {
    if (body[at] === 0) break;
    const space = body.indexOf(0x20, at);
    const length = space < 0 ? NaN : Number(body.toString('latin1', at, space));
    if (!Number.isInteger(length) || length <= space - at || at + length > body.length) throw new TarFormatError('bad pax extended header record');
    const record = body.subarray(space + 1, at + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq < 0 || body[at + length - 1] !== 0x0a) throw new TarFormatError('bad pax extended header record');
    out.set(record.slice(0, eq), record.slice(eq + 1));
    at += length;
  }
  return out;
}

function typeOf(flag: string): TarEntryType {
  switch (flag) {
    case '0':
    case '\0':
    case '7': // contiguous file
      return 'file';
    case '5':
      return 'directory';
    case '2':
      return 'symlink';
    case '1':
      return 'hardlink';
    default:
      return 'other';
  }
}

/** Longest metadata body (pax / GNU long name) accepted: real ones are a few hundred bytes. */
const MAX_META_BYTES = 1024 * 1024;

/**
 * The entries of an uncompressed tar stream, in archive order. `wantBody` sees each entry's header
 * and says whether its body is read into memory (otherwise it is skipped). Throws
 * `TarFormatError` on a damaged archive (a bad checksum, a body cut short). Only files (not
 * links or directories) get a body.
 */
export async function* tarEntries(source: AsyncIterable<Uint8Array>, wantBody: (header: TarHeader) => boolean): AsyncGenerator<TarEntry> {
  const iterator = source[Symbol.asyncIterator]();
  const queue = new ByteQueue(iterator);
  let pax = new Map<string, string>();
  let longName: string | undefined;
  let longLink: string | undefined;
  try {
    for (;;) {
      const block = await queue.read(BLOCK);
      if (!block) {
        if (!queue.empty) throw new TarFormatError('tar archive ends inside a header');
        // No end-of-archive blocks: accepted, as GNU tar does, when it stops at a header boundary.
        return;
      }
      if (block.every((b) => b === 0)) {
        // End of archive (two zero blocks, then padding to the record size): the rest is ignored.
        await queue.drain();
        return;
      }
      if (!checksumOk(block)) throw new TarFormatError('tar header checksum mismatch');
      const flag = String.fromCharCode(block[156]);
      let size = numeric(block, 124, 12, 'size');

      if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
        if (size > MAX_META_BYTES) throw new TarFormatError(`tar metadata entry of ${size} bytes`);
        const body = await queue.read(size);
        if (!body || !(await queue.skip(padding(size)))) throw new TarFormatError('tar archive ends inside an entry');
        if (flag === 'x') pax = parsePax(body);
        else if (flag === 'g') parsePax(body); // global defaults (git archive: the commit id as `comment`); validated, unused
        else if (flag === 'L') longName = cString(body, 0, body.length);
        else longLink = cString(body, 0, body.length);
        continue;
      }

      const ustar = block.toString('latin1', 257, 262) === 'ustar';
      const name = cString(block, 0, 100);
      const prefix = ustar ? cString(block, 345, 155) : '';
      let path = pax.get('path') ?? longName ?? (prefix ? `${prefix}/${name}` : name);
      const linkPath = pax.get('linkpath') ?? longLink ?? cString(block, 157, 100);
      const paxSize = pax.get('size');
      if (paxSize !== undefined) {
        if (!/^\d+$/.test(paxSize) || !Number.isSafeInteger(Number(paxSize))) throw new TarFormatError(`bad pax size ${JSON.stringify(paxSize)}`);
        size = Number(paxSize);
      }
      pax = new Map();
      longName = longLink = undefined;

      const type = typeOf(flag);
      // Directories and links carry no data blocks, whatever their size field says.
      if (type === 'directory' || type === 'symlink' || type === 'hardlink') size = 0;
      path = path.replace(/\/+$/, '');
      const header: TarHeader = { path, type, size, linkPath, mode: numeric(block, 100, 8, 'mode') };
      const want = type === 'file' && wantBody(header);
      if (want) {
        const body = await queue.read(size);
        if (!body || !(await queue.skip(padding(size)))) throw new TarFormatError('tar archive ends inside an entry');
        yield { ...header, body };
      } else {
        if (!(await queue.skip(size + padding(size)))) throw new TarFormatError('tar archive ends inside an entry');
        yield header;
      }
    }
  } finally {
    await iterator.return?.();
  }
}

/** A download body as Octokit hands it over (`parseSuccessResponseBody: false` → a web stream). */
export type ArchiveBody = WebReadableStream<Uint8Array> | ArrayBuffer | Uint8Array | Readable;

/** A node stream of the gzip-compressed bytes of `body`, decompressed; errors anywhere surface on it. */
export function gunzipped(body: ArchiveBody): Readable {
  let source: Readable;
  if (body instanceof Readable) source = body;
  else if (body instanceof Uint8Array) source = Readable.from([Buffer.from(body.buffer, body.byteOffset, body.byteLength)]);
  else if (body instanceof ArrayBuffer) source = Readable.from([Buffer.from(body)]);
  else source = Readable.fromWeb(body as WebReadableStream<Uint8Array>);
  return pipeline(source, createGunzip(), () => {
    // Errors reach the consumer through the returned stream.
  });
}

/** The entries of a `.tar.gz` body (see `tarEntries`). */
export function tarGzEntries(body: ArchiveBody, wantBody: (header: TarHeader) => boolean): AsyncGenerator<TarEntry> {
  return tarEntries(gunzipped(body), wantBody);
}
