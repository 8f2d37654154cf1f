import { createHash, randomBytes } from 'node:crypto';
import { open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRegionHasher, STREAM_CHUNK, type RegionHasher } from '../../src/image/layers/region-hasher.js';
import { analyzeFileRegion } from '../../src/image/source/image-store.js';
import { resolveReadLimits } from '../../src/image/read-options.js';
import { ConfigurationError } from '../../src/util/errors.js';
import { tempDir } from '../support/temp.js';
import { rawTar } from './support/raw-tar.js';

/**
 * The hashing pool's streamed reads: every byte of a region reaches the walk once, in order, and is hashed once;
 * a walk that stops early gives its buffers back, so the pool serves the next layer whole.
 */
const dir = await tempDir('imagegate-region-hasher-');
// More chunks than a worker has slots, so a cancelled read is still under way when the cancel arrives.
const size = 6 * STREAM_CHUNK + 12_345;
const bytes = randomBytes(size);
const file = path.join(dir, 'blob.bin');
await writeFile(file, bytes);
const sha256 = (part: Buffer): string => `sha256:${createHash('sha256').update(part).digest('hex')}`;

let hasher: RegionHasher;
beforeAll(() => {
  hasher = createRegionHasher(2);
});
afterAll(async () => {
  await hasher.close();
});

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  // Each chunk is only valid until the next is asked for: copy it, as a body sink does.
  for await (const chunk of stream) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

test('a streamed region arrives whole and in order, with the digest of exactly its bytes', async () => {
  const region = { offset: 777, length: size - 1_000 };
  const expected = bytes.subarray(777, 777 + region.length);
  const streams = [0, 1, 2].map(() => hasher.stream(file, region));
  // Three at once on two workers: the third waits for a worker and still gets every byte.
  const seen = await Promise.all(streams.map((stream) => collect(stream.chunks)));
  for (const [index, stream] of streams.entries()) {
    expect(seen[index]?.equals(expected)).toBe(true);
    await expect(stream.digest).resolves.toBe(sha256(expected));
  }
  await expect(hasher.hash(file, region)).resolves.toBe(sha256(expected));
});

test('a walk that stops early cancels the read and leaves the pool whole for the next layers', async () => {
  for (let round = 0; round < 4; round += 1) {
    const stream = hasher.stream(file, { offset: 0, length: size });
    for await (const chunk of stream.chunks) {
      expect(chunk.length).toBe(STREAM_CHUNK);
      break;
    }
    await expect(stream.digest).rejects.toThrow(/cancelled/);
  }
  const whole = hasher.stream(file, { offset: 0, length: size });
  expect((await collect(whole.chunks)).equals(bytes)).toBe(true);
  await expect(whole.digest).resolves.toBe(sha256(bytes));
});

test('a walk that leaves early after its worker finished gives back the chunks it never took', async () => {
  // Fewer chunks than a worker has slots: the worker writes them all and ends the job before the walk takes one.
  for (let round = 0; round < 4; round += 1) {
    const stream = hasher.stream(file, { offset: 0, length: 3 * STREAM_CHUNK });
    await expect(stream.digest).resolves.toBe(sha256(bytes.subarray(0, 3 * STREAM_CHUNK)));
    for await (const chunk of stream.chunks) {
      expect(chunk.length).toBe(STREAM_CHUNK);
      break;
    }
  }
  // Both workers then stream more chunks than they have slots: none waits for a slot nobody will give back.
  const wholes = [0, 1].map(() => hasher.stream(file, { offset: 0, length: size }));
  const seen = await Promise.all(wholes.map((whole) => collect(whole.chunks)));
  for (const [index, whole] of wholes.entries()) {
    expect(seen[index]?.equals(bytes)).toBe(true);
    await expect(whole.digest).resolves.toBe(sha256(bytes));
  }
});

test('closing the pool mid-stream ends the walk and the digest with an error rather than leaving them waiting', async () => {
  const own = createRegionHasher(1);
  // Outcomes as text, settled at once (no unhandled rejection), or 'still waiting' after a few seconds.
  const outcome = (work: Promise<unknown>): Promise<string> => {
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still waiting'), 5_000)));
    const settled = work.then(
      () => 'resolved',
      (error: unknown) => (error as Error).message,
    );
    return Promise.race([settled, hung]).finally(() => clearTimeout(timer));
  };
  const stream = own.stream(file, { offset: 0, length: size });
  const digest = outcome(stream.digest);
  const queued = outcome(own.hash(file, { offset: 0, length: 1 }));
  const walk = outcome(
    (async () => {
      let first = true;
      for await (const chunk of stream.chunks) {
        expect(chunk.length).toBe(STREAM_CHUNK);
        if (first) await own.close();
        first = false;
      }
    })(),
  );
  expect(await queued).toBe('the region hasher was closed');
  expect(await digest).toBe('the region hasher was closed');
  expect(await walk).toBe('the region hasher was closed');
});

test('a region past the end of the file delivers what is there, then fails naming the byte', async () => {
  const stream = hasher.stream(file, { offset: size - 100, length: 1_000 });
  const parts: Buffer[] = [];
  const error = await (async () => {
    for await (const chunk of stream.chunks) parts.push(Buffer.from(chunk));
  })().catch((e: unknown) => e);
  expect(Buffer.concat(parts).equals(bytes.subarray(size - 100))).toBe(true);
  expect((error as Error).message).toBe(`hashing ${file}: the file ends at byte ${size}, inside the layer`);
  await expect(stream.digest).rejects.toThrow(/the file ends at byte/);
});

describe('a layer walked from the stream (analyzeFileRegion with a hasher)', () => {
  // Several chunks of small files, then a header with a broken checksum, then more: the walk fails in the middle.
  const entries = Array.from({ length: 600 }, (_, i) => ({ name: `usr/share/f${i}`, body: randomBytes(5_000 + i) }));
  const sound = rawTar(entries);
  const broken = rawTar([...entries.slice(0, 500), { name: 'usr/bad', body: 'x', checksumDelta: 1 }, ...entries]);
  const limits = resolveReadLimits();

  test('sees every entry once, in order, with the digest of the whole layer', async () => {
    const layer = path.join(dir, 'sound.tar');
    await writeFile(layer, Buffer.concat([Buffer.alloc(1_024, 7), sound]));
    const names: string[] = [];
    const handle = await open(layer, 'r');
    try {
      const stats = await analyzeFileRegion(
        handle,
        { offset: 1_024, length: sound.length },
        { path: layer, what: 'layer sound' },
        { hash: true, limits, hasher, visitor: (entry) => void names.push(entry.name) },
        layer,
      );
      expect(names).toEqual(entries.map((entry) => entry.name));
      expect(stats).toMatchObject({ entries: 600, tarSize: sound.length, compression: 'none' });
      await expect(stats.pendingDigest).resolves.toBe(sha256(sound));
    } finally {
      await handle.close();
    }
  });

  test('a bad header in the middle fails as before, naming its byte, and the pool serves the next layer', async () => {
    const layer = path.join(dir, 'broken.tar');
    await writeFile(layer, broken);
    const handle = await open(layer, 'r');
    try {
      const error = await analyzeFileRegion(
        handle,
        { offset: 0, length: broken.length },
        { path: layer, what: 'layer broken' },
        { hash: true, limits, hasher },
        layer,
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      const at = broken.indexOf('usr/bad', 0, 'latin1');
      expect((error as Error).message).toMatch(
        new RegExp(`: layer broken: bad header checksum at byte ${at} \\(entry #501\\)`),
      );
    } finally {
      await handle.close();
    }
    const whole = hasher.stream(file, { offset: 0, length: size });
    expect((await collect(whole.chunks)).equals(bytes)).toBe(true);
  });
});
