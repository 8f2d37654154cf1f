import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import tarStream, { type Pack } from 'tar-stream';

type Headers = Parameters<Pack['entry']>[0];

/**
 * Layer tars written deterministically from a list of entries, as a stream: bodies given as content, or only as a
 * size, in which case they are generated (the same bytes every time, never held whole in memory). Determinism is
 * what lets the archive writer read a layer twice (once to learn its digest, once to write it) without a temp file.
 */

export interface LayerEntrySpec {
  /** Path inside the layer; a leading `/` is dropped as Docker does. */
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink';
  /** Body of a file. */
  content?: Buffer | string;
  /** Size of a generated body, when `content` is not given. */
  size?: number;
  mode?: number;
  /** Target of a symlink (any text) or hardlink (a path in the layer). */
  linkname?: string;
}

export interface LayerSummary {
  /** sha256 of the uncompressed tar. */
  diffId: string;
  tarSize: number;
  /** What the engine counts as the layer's size: bytes of regular files. */
  regularBytes: number;
}

const POOL_SIZE = 1024 * 1024;
const WRITE_CHUNK = 256 * 1024;

/** Bytes that generated bodies are cut from: fixed pseudo-random data (xorshift), so bodies differ per path. */
const POOL: Buffer = makePool();

function makePool(): Buffer {
  const pool = Buffer.allocUnsafe(POOL_SIZE);
  let state = 0x9e3779b9;
  for (let i = 0; i < POOL_SIZE; i += 4) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    pool.writeUInt32LE(state >>> 0, i);
  }
  return pool;
}

/** The uncompressed layer tar for `entries`, produced as it is read. */
export function layerTarStream(entries: readonly LayerEntrySpec[], mtime = new Date(0)): Readable {
  const pack = tarStream.pack();
  void (async () => {
    for (const entry of entries) await writeEntry(pack, entry, mtime);
    pack.finalize();
  })().catch((error: unknown) => pack.destroy(error as Error));
  return Readable.from(pack as unknown as AsyncIterable<Buffer>, { objectMode: false });
}

/** Regular-file bytes of a layer, from its spec. */
export function regularBytesOf(entries: readonly LayerEntrySpec[]): number {
  return entries.reduce((sum, entry) => sum + (entry.type === 'file' ? bodySize(entry) : 0), 0);
}

/** Reads a layer once to learn its diffId and size. */
export async function summarizeLayer(open: () => AsyncIterable<Buffer>): Promise<{ diffId: string; tarSize: number }> {
  const hash = createHash('sha256');
  let tarSize = 0;
  for await (const chunk of open()) {
    hash.update(chunk);
    tarSize += chunk.length;
  }
  return { diffId: `sha256:${hash.digest('hex')}`, tarSize };
}

/** Gzip of a stream, deterministic for a given input and level (the header carries no name and mtime 0). */
export function gzipStream(source: AsyncIterable<Buffer>, level: number): Readable {
  const gzip = zlib.createGzip({ level, chunkSize: 256 * 1024 });
  const input = Readable.from(source, { objectMode: false });
  input.on('error', (error) => gzip.destroy(error));
  return input.pipe(gzip);
}

function bodySize(entry: LayerEntrySpec): number {
  if (entry.content !== undefined) return Buffer.byteLength(entry.content);
  return entry.size ?? 0;
}

async function writeEntry(pack: Pack, entry: LayerEntrySpec, mtime: Date): Promise<void> {
  const name = entry.path.replace(/^\/+/, '');
  const base = { mtime, uid: 0, gid: 0, uname: '', gname: '' };
  if (entry.type !== 'file') {
    const linkname = entry.type === 'hardlink' ? entry.linkname?.replace(/^\/+/, '') : entry.linkname;
    const header: Headers = {
      ...base,
      name: entry.type === 'dir' && !name.endsWith('/') ? `${name}/` : name,
      type: entry.type === 'dir' ? 'directory' : entry.type === 'symlink' ? 'symlink' : 'link',
      mode: entry.mode ?? (entry.type === 'dir' ? 0o755 : 0o777),
      ...(linkname !== undefined ? { linkname } : {}),
    };
    await new Promise<void>((resolve, reject) => pack.entry(header, (error) => (error ? reject(error) : resolve())));
    return;
  }
  const size = bodySize(entry);
  const header: Headers = { ...base, name, type: 'file', mode: entry.mode ?? 0o644, size };
  const content = typeof entry.content === 'string' ? Buffer.from(entry.content) : entry.content;
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error | null): void => (error ? reject(error) : resolve());
    if (content !== undefined) {
      pack.entry(header, content, done);
      return;
    }
    const sink = pack.entry(header, done);
    writeGenerated(sink, name, size).then(() => sink.end(undefined), reject);
  });
}

async function writeGenerated(sink: NodeJS.WritableStream, name: string, size: number): Promise<void> {
  const bytes = POOL;
  let offset = seedOffset(name);
  let left = size;
  while (left > 0) {
    const take = Math.min(left, WRITE_CHUNK, POOL_SIZE - offset);
    const ok = sink.write(bytes.subarray(offset, offset + take));
    left -= take;
    offset = (offset + take) % POOL_SIZE;
    if (!ok) await once(sink as unknown as NodeJS.EventEmitter, 'drain');
  }
}

function seedOffset(name: string): number {
  return createHash('sha256').update(name).digest().readUInt32LE(0) % POOL_SIZE;
}
