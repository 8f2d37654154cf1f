import { execa } from 'execa';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { writeImageArchive, type ImageSpec } from '../../tools/archive/archive-writer.js';
import type { ContentFacts } from '../../src/image/layers/content-facts.js';
import type { ImageFacts } from '../../src/image/facts.js';
import type { LayerTreeEntry } from '../../src/image/layers/layer-tree.js';
import { readImage } from '../../src/image/read-image.js';
import type { RegionHasher } from '../../src/image/layers/region-hasher.js';
import { startEarlyHasher } from '../../src/image/source/early-hasher.js';
import { runPipeline } from '../../src/pipeline/pipeline.js';
import { noRedaction } from '../../src/util/redact.js';
import type { ImageReadLimits } from '../../src/image/read-options.js';
import { ConfigurationError, ToolError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { node24Path } from '../support/node24.js';
import { makeTempDir } from './support/archives.js';

/**
 * One image written every way our writer can (docker save legacy and Docker 25 layouts, OCI layout directory and
 * tar with gzip layers, a gzip-compressed docker save read as a stream) and with zstd layers: the same file trees
 * and the same wasted bytes from each. Then the parts that only large images reach: digests hashed on worker threads
 * (a corrupt byte in a file body, which the header walk never reads, is still caught), several layers read at once
 * (the first corrupt layer in manifest order is the one reported), and the inflate cap.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('imagegate-contents-sources-'));
});
afterAll(async () => cleanup());

const SPEC: ImageSpec = {
  repoTags: ['imagegate-test/contents-sources:1'],
  created: '2024-03-01T00:00:00Z',
  steps: [
    {
      createdBy: 'COPY rootfs / # buildkit',
      entries: [
        { path: 'usr/bin/', type: 'dir' },
        { path: 'usr/bin/busybox', type: 'file', size: 9000, mode: 0o755 },
        { path: 'usr/bin/sh', type: 'symlink', linkname: 'busybox' },
        { path: 'usr/bin/env', type: 'file', size: 50, mode: 0o755 },
        { path: 'usr/bin/printenv', type: 'hardlink', linkname: 'usr/bin/env' },
        { path: 'var/lib/apt/lists/deb_Packages', type: 'file', size: 3000 },
        { path: 'srv/a/1', type: 'file', size: 100 },
        { path: 'srv/a/2', type: 'file', size: 200 },
      ],
    },
    { createdBy: 'ENV A=1', emptyLayer: true },
    {
      createdBy: 'RUN chmod 700 /usr/bin/busybox && rm -rf /srv/a # buildkit',
      entries: [
        { path: 'usr/bin/busybox', type: 'file', size: 9000, mode: 0o700 },
        { path: 'srv/.wh.a', type: 'file', content: '' },
      ],
    },
    {
      createdBy: 'COPY www /srv/www # buildkit',
      entries: [
        { path: 'srv/www/', type: 'dir' },
        { path: 'srv/www/.wh..wh..opq', type: 'file', content: '' },
        { path: 'srv/www/index.html', type: 'file', content: '<h1>hi</h1>\n' },
        { path: 'usr/bin/gcc', type: 'file', size: 500, mode: 0o755 },
      ],
    },
  ],
};

interface Read {
  facts: ImageFacts;
  contents: ContentFacts;
  trees: LayerTreeEntry[][];
}

async function read(
  input: { kind: 'archive' | 'oci-layout'; path: string },
  limits?: Partial<ImageReadLimits>,
  hasher?: RegionHasher,
): Promise<Read> {
  let trees: LayerTreeEntry[][] = [];
  const facts = await readImage(input, {
    logger: new MemoryLogger(),
    ...(limits ? { limits } : {}),
    ...(hasher ? { hasher } : {}),
    contents: {
      inspect: (layerTrees) => {
        trees = layerTrees.layers.map((_, layer) => [...layerTrees.entries(layer)]);
      },
    },
  });
  if (!facts.contents) throw new Error('no contents');
  return { facts, contents: facts.contents, trees };
}

describe('the same image from every archive kind', () => {
  let reference: Read;
  let ociDir: string;

  beforeAll(async () => {
    const legacy = path.join(dir, 'legacy.tar');
    await writeImageArchive(legacy, SPEC, { format: 'docker-legacy' });
    reference = await read({ kind: 'archive', path: legacy });
    ociDir = path.join(dir, 'oci-gzip');
    await writeImageArchive(ociDir, SPEC, { format: 'oci-dir', compression: 'gzip' });
  });

  test('the reference figures', () => {
    expect(reference.contents).toMatchObject({ totalBytes: 21_862, finalBytes: 12_562, wastedBytes: 9300 });
    expect(reference.contents.topWasted.map((w) => [w.path, w.how, w.layer, w.removedBy])).toEqual([
      ['/usr/bin/busybox', 'metadata', 0, 1],
      ['/srv/a/2', 'deleted', 0, 1],
      ['/srv/a/1', 'deleted', 0, 1],
    ]);
    expect(reference.contents.leftovers).toEqual({
      packageCaches: [{ kind: 'apt-lists', path: '/var/lib/apt/lists', bytes: 3000, files: 1, layer: 0 }],
      toolchains: [{ tool: 'gcc', path: '/usr/bin/gcc', bytes: 500, layer: 2 }],
    });
    expect(reference.trees.map((layer) => layer.length)).toEqual([8, 2, 4]);
  });

  test.each([
    ['Docker 25 layout', 'docker-oci', 'none'],
    ['OCI layout tar, gzip layers', 'oci-tar', 'gzip'],
  ] as const)('%s', async (_name, format, compression) => {
    const target = path.join(dir, `${format}-${compression}.tar`);
    await writeImageArchive(target, SPEC, { format, compression });
    const other = await read({ kind: 'archive', path: target });
    expect(other.contents).toEqual(reference.contents);
    expect(other.trees).toEqual(reference.trees);
  });

  test('OCI layout directory with gzip layers', async () => {
    const other = await read({ kind: 'oci-layout', path: ociDir });
    expect(other.facts.compressedSize).toBeGreaterThan(0);
    expect(other.contents).toEqual(reference.contents);
    expect(other.trees).toEqual(reference.trees);
  });

  test('a gzip-compressed docker save, read once as a stream', async () => {
    const legacy = path.join(dir, 'legacy.tar');
    const gz = path.join(dir, 'legacy.tar.gz');
    await pipeline(createReadStream(legacy), zlib.createGzip(), createWriteStream(gz));
    const other = await read({ kind: 'archive', path: gz });
    expect(other.contents).toEqual(reference.contents);
    expect(other.trees).toEqual(reference.trees);
  });

  test('zstd layers: a clear ToolError before Node.js 22.15, the same contents after', async () => {
    const layout = path.join(dir, 'oci-zstd');
    await writeImageArchive(layout, SPEC, { format: 'oci-dir' });
    await recompressLayers(layout, async (blob) =>
      Buffer.from((await execa('zstd', ['-q', '-c', blob], { encoding: 'buffer' })).stdout),
    );
    const hasZstd = typeof (zlib as { createZstdDecompress?: unknown }).createZstdDecompress === 'function';
    if (!hasZstd) {
      const error = await readImage(
        { kind: 'oci-layout', path: layout },
        { logger: new MemoryLogger(), contents: true },
      ).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ToolError);
      expect((error as Error).message).toMatch(/zstd-compressed, which needs Node\.js 22\.15 or later/);
    }
    const node24 = await node24Path();
    if (!node24) {
      if (process.env.CI === 'true') throw new Error('CI must be able to fetch Node 24 from npm');
      return;
    }
    const tsx = path.join(here, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const { stdout } = await execa(node24, [tsx, path.join(here, 'support', 'read-contents.ts'), layout]);
    const result = JSON.parse(stdout) as { contents?: ContentFacts; error?: string };
    expect(result.error).toBeUndefined();
    expect(result.contents).toEqual(reference.contents);
  }, 300_000);

  test('the inflate cap applies with contents on', async () => {
    const error = await read({ kind: 'oci-layout', path: ociDir }, { maxInflatedLayerBytes: 4096 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(
      /decompresses to more than 4096 bytes .* refusing a possible compression bomb/,
    );
  });
});

describe('large archives: digests on worker threads, several layers at once', () => {
  const big = 40 * 1024 * 1024;
  const bigSpec: ImageSpec = {
    repoTags: ['imagegate-test/contents-big:1'],
    steps: [0, 1, 2].map((layer) => ({
      createdBy: `RUN layer ${layer} # buildkit`,
      entries: [
        { path: `data/${layer}/blob.bin`, type: 'file' as const, size: big },
        { path: `data/${layer}/small.txt`, type: 'file' as const, content: `layer ${layer}\n` },
      ],
    })),
  };
  let archive: string;
  let bodyOffsets: number[];

  beforeAll(async () => {
    archive = path.join(dir, 'big.tar');
    await writeImageArchive(archive, bigSpec, { format: 'docker-legacy' });
    bodyOffsets = await blobBodyOffsets(archive, big);
  }, 120_000);

  test('a sound archive reads, with its contents', async () => {
    const { contents, facts } = await read({ kind: 'archive', path: archive });
    expect(facts.size).toBe(3 * (big + 8));
    expect(contents).toMatchObject({ wastedBytes: 0, finalFiles: 6 });
  }, 60_000);

  test('a changed byte in a file body (never read by the header walk) fails the digest check of that layer', async () => {
    const corrupt = path.join(dir, 'big-corrupt.tar');
    await writeFile(corrupt, await readFile(archive));
    await flipByte(corrupt, (bodyOffsets[2] as number) + 12_345_678);
    const error = await read({ kind: 'archive', path: corrupt }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/manifest\.json\[0\]\.Layers\[2\]\): diffId mismatch/);
    // Two corrupt layers: whichever finishes first, the first in manifest order is reported.
    await flipByte(corrupt, (bodyOffsets[0] as number) + 39_000_000);
    const both = await read({ kind: 'archive', path: corrupt }).catch((e: unknown) => e);
    expect((both as Error).message).toMatch(/manifest\.json\[0\]\.Layers\[0\]\): diffId mismatch/);
    await rm(corrupt);
  }, 60_000);

  test('threads started early (as the pipeline does for a large archive) give the same facts and stay the caller’s', async () => {
    const own = await read({ kind: 'archive', path: archive });
    const early = await startEarlyHasher({ kind: 'archive', path: archive });
    expect(early).toBeDefined();
    // Counted, so the test tells the lent threads were the ones used (a pool of the reader's own gives the same facts).
    const streamed: string[] = [];
    const started = early as RegionHasher;
    const pool: RegionHasher = {
      parallelism: started.parallelism,
      hash: (file, region) => started.hash(file, region),
      stream: (file, region) => {
        streamed.push(`${region.offset}+${region.length}`);
        return started.stream(file, region);
      },
      close: () => started.close(),
    };
    try {
      const lent = await read({ kind: 'archive', path: archive }, undefined, pool);
      expect(streamed).toHaveLength(3);
      expect(lent.facts).toEqual(own.facts);
      expect(lent.contents).toEqual(own.contents);
      expect(lent.trees).toEqual(own.trees);
      // Not closed by the reader: the caller can read again with it (a second platform, say).
      const again = await read({ kind: 'archive', path: archive }, undefined, pool);
      expect(again.facts.layers).toEqual(own.facts.layers);
      // And a corrupt body is still caught by the lent threads.
      const corrupt = path.join(dir, 'big-corrupt-lent.tar');
      await writeFile(corrupt, await readFile(archive));
      await flipByte(corrupt, (bodyOffsets[1] as number) + 777);
      const error = await read({ kind: 'archive', path: corrupt }, undefined, pool).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/manifest\.json\[0\]\.Layers\[1\]\): diffId mismatch/);
      await rm(corrupt);
    } finally {
      await pool.close();
    }
  }, 60_000);

  test('a run over the large archive starts the threads early, hands them to the reader and ends with them closed', async () => {
    const run = async (image: string, name: string) => {
      const logger = new MemoryLogger();
      const outDir = path.join(dir, `${name}-out`);
      const { result } = await runPipeline(
        {
          workspace: dir,
          image: { kind: 'archive', path: image },
          buildArgs: {},
          outDir,
          scan: { kind: 'skip' },
          compose: { files: [], envFiles: [], skip: true },
          environment: {},
          allowedRoots: [dir],
        },
        {
          logger,
          redactor: noRedaction(),
          scan: { trivyInstallCache: { kind: 'directory', dir: outDir }, defaultCacheDir: outDir, processEnv: {} },
        },
      );
      return { result, lines: logger.lines };
    };
    // Threads of this process (Linux): a hashing thread left running after the run would still be listed.
    const threads = async () => (await readdir('/proc/self/task')).length;
    const before = await threads();
    const big = await run(archive, 'early-big');
    expect(await threads()).toBeLessThanOrEqual(before);
    expect(big.result.image.layers).toHaveLength(3);
    const started = big.lines.findIndex((line) => /started \d+ hashing threads early/.test(line));
    const read = big.lines.findIndex((line) => line.includes(`${archive}!/`) && line.includes('bytes (none)'));
    expect(started).toBeGreaterThanOrEqual(0);
    // Started before the archive was read (and the reader started no pool of its own: it logs none either way).
    expect(started).toBeLessThan(read);
    const small = path.join(dir, 'small-run.tar');
    await writeImageArchive(small, SPEC, { format: 'docker-legacy' });
    expect((await run(small, 'early-small')).lines.some((line) => line.includes('hashing threads early'))).toBe(false);
  }, 60_000);

  test('threads are started early only for an uncompressed local archive of at least 64 MiB', async () => {
    const small = path.join(dir, 'small-early.tar');
    await writeImageArchive(small, SPEC, { format: 'docker-legacy' });
    const gzipped = path.join(dir, 'big.tar.gz');
    await pipeline(createReadStream(archive), zlib.createGzip({ level: 1 }), createWriteStream(gzipped));
    for (const input of [
      { kind: 'archive' as const, path: small },
      { kind: 'archive' as const, path: gzipped },
      { kind: 'archive' as const, path: path.join(dir, 'missing.tar') },
      { kind: 'oci-layout' as const, path: dir },
      { kind: 'daemon' as const, reference: 'imagegate-test/contents-big:1' },
      { kind: 'build' as const, context: dir, tag: 'imagegate-test/x:1' },
    ]) {
      expect(await startEarlyHasher(input)).toBeUndefined();
    }
    const layoutTar = await startEarlyHasher({ kind: 'oci-layout', path: archive });
    expect(layoutTar?.parallelism).toBeGreaterThan(0);
    await layoutTar?.close();
    await rm(gzipped);
  }, 60_000);
});

/** Where each big file's body starts in the archive (found by its generated bytes' position after its header). */
async function blobBodyOffsets(archive: string, size: number): Promise<number[]> {
  const bytes = await readFile(archive);
  const offsets: number[] = [];
  let from = 0;
  for (;;) {
    const at = bytes.indexOf('blob.bin', from, 'latin1');
    if (at < 0) break;
    const header = at - (at % 512);
    const sizeField = Number.parseInt(bytes.toString('latin1', header + 124, header + 135), 8);
    if (sizeField === size) offsets.push(header + 512);
    from = at + 8;
  }
  expect(offsets).toHaveLength(3);
  return offsets;
}

async function flipByte(file: string, offset: number): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, offset);
    byte[0] = (byte[0] as number) ^ 0xff;
    await handle.write(byte, 0, 1, offset);
  } finally {
    await handle.close();
  }
}

/** Rewrites an OCI layout's layer blobs with `compress`, fixing the manifest and index digests. */
async function recompressLayers(layout: string, compress: (blob: string) => Promise<Buffer>): Promise<void> {
  const blobFile = (digest: string) => path.join(layout, 'blobs', 'sha256', digest.slice('sha256:'.length));
  const put = async (bytes: Buffer): Promise<string> => {
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    await writeFile(blobFile(digest), bytes);
    return digest;
  };
  const index = JSON.parse(await readFile(path.join(layout, 'index.json'), 'utf8')) as {
    manifests: Array<{ digest: string; size: number }>;
  };
  const descriptor = index.manifests[0] as { digest: string; size: number };
  const manifest = JSON.parse(await readFile(blobFile(descriptor.digest), 'utf8')) as {
    layers: Array<{ mediaType: string; digest: string; size: number }>;
  };
  for (const layer of manifest.layers) {
    const compressed = await compress(blobFile(layer.digest));
    layer.digest = await put(compressed);
    layer.size = compressed.length;
    layer.mediaType = 'application/vnd.oci.image.layer.v1.tar+zstd';
  }
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  descriptor.digest = await put(manifestBytes);
  descriptor.size = (await stat(blobFile(descriptor.digest))).size;
  await writeFile(path.join(layout, 'index.json'), JSON.stringify(index));
}
