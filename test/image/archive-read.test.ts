import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import {
  writeImageArchive,
  writeRawImages,
  type ArchiveFormat,
  type WrittenImage,
} from '../../tools/archive/archive-writer.js';
import { readDockerArchive } from '../../src/image/source/docker-archive.js';
import type { ImageFacts } from '../../src/image/facts.js';
import { readOciLayout } from '../../src/image/source/oci-layout.js';
import { readImage } from '../../src/image/read-image.js';
import { ConfigurationError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { LONG_PATH, makeTempDir, readTarItems, item, sampleSpec, specLayerSizes } from './support/archives.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
afterAll(async () => cleanup());

const spec = sampleSpec();
const expectedSizes = specLayerSizes(spec);

function read(format: ArchiveFormat, target: string, options: Partial<Parameters<typeof readImage>[1]> = {}) {
  const logger = new MemoryLogger();
  const input =
    format === 'oci-dir' ? { kind: 'oci-layout' as const, path: target } : { kind: 'archive' as const, path: target };
  return readImage(input, { logger, ...options });
}

function expectSampleFacts(facts: ImageFacts, written: WrittenImage, compressed: boolean): void {
  expect(facts.id).toBe(written.id);
  expect(facts.layers.map((l) => l.diffId)).toEqual(written.layers.map((l) => l.diffId));
  expect(facts.layers.map((l) => l.size)).toEqual(expectedSizes);
  expect(expectedSizes[1]).toBe(0);
  expect(facts.size).toBe(expectedSizes.reduce((a, b) => a + b, 0));
  expect(facts.platform).toEqual({ os: 'linux', architecture: 'amd64' });
  expect(facts.created).toBe('2024-05-01T10:00:00Z');
  expect(facts.config).toEqual({
    user: '1000:1000',
    env: ['PATH=/bin', 'APP=demo'],
    entrypoint: null,
    cmd: ['sh'],
    workingDir: '/app',
    labels: { 'org.example.team': 'gate' },
    exposedPorts: ['8080/tcp'],
  });
  expect(facts.history.map((h) => [h.createdBy, h.emptyLayer, h.layerIndex])).toEqual([
    ['COPY busybox /bin/busybox # buildkit', false, 0],
    ['ENV APP=demo', true, undefined],
    ['RUN busybox --install -s /bin # buildkit', false, 1],
    ['COPY docs /usr/share # buildkit', false, 2],
    ['WORKDIR /app', true, undefined],
    ['USER 1000:1000', true, undefined],
  ]);
  expect(facts.history[0]?.comment).toBe('buildkit.dockerfile.v0');
  expect(facts.layers.map((l) => l.historyIndex)).toEqual([0, 2, 3]);
  if (compressed) {
    expect(facts.layers.map((l) => l.compressedSize)).toEqual(written.layers.map((l) => l.blobSize));
    expect(facts.compressedSize).toBe(written.layers.reduce((sum, l) => sum + l.blobSize, 0));
  } else {
    expect(facts.layers.every((l) => l.compressedSize === undefined)).toBe(true);
    expect(facts.compressedSize).toBeUndefined();
  }
}

describe.each([
  ['docker-legacy', 'none', 'docker-archive'],
  ['docker-oci', 'none', 'docker-archive'],
  ['docker-oci', 'gzip', 'docker-archive'],
  ['oci-dir', 'none', 'oci-layout'],
  ['oci-dir', 'gzip', 'oci-layout'],
  ['oci-tar', 'gzip', 'oci-layout'],
] as const)('%s archive, %s layers', (format, compression, source) => {
  let target: string;
  let written: WrittenImage;
  beforeAll(async () => {
    target = path.join(dir, `sample-${format}-${compression}${format === 'oci-dir' ? '' : '.tar'}`);
    [written] = (await writeImageArchive(target, spec, { format, compression })) as [WrittenImage];
  });

  test('facts: id, layers, sizes, history links, config, platform', async () => {
    const facts = await read(format, target);
    expect(facts.source).toBe(source);
    expect(facts.reference).toBe('imagegate-test/sample:1');
    expectSampleFacts(facts, written, compression === 'gzip');
    if (format === 'docker-legacy') {
      expect(facts.digest).toBeUndefined();
      expect(facts.layers.every((l) => l.digest === undefined)).toBe(true);
    } else {
      expect(facts.digest).toBe(written.manifestDigest);
      expect(facts.layers.map((l) => l.digest)).toEqual(written.layers.map((l) => l.digest));
      expect(facts.layers[0]?.mediaType).toBe(
        `application/vnd.oci.image.layer.v1.tar${compression === 'gzip' ? '+gzip' : ''}`,
      );
    }
  });

  test('the same facts without digest verification (bodies skipped by offset)', async () => {
    const verified = await read(format, target);
    expect(await read(format, target, { verifyDigests: false })).toEqual(verified);
  });
});

test('layer sizes agree with GNU tar listing the layer tars', async () => {
  const target = path.join(dir, 'gnu-check.tar');
  await writeImageArchive(target, spec, { format: 'docker-legacy' });
  const items = await readTarItems(target);
  const manifest = JSON.parse(item(items, 'manifest.json').body?.toString() ?? '') as [{ Layers: string[] }];
  const sizes = manifest[0].Layers.map((layer) => {
    const layerFile = path.join(dir, 'gnu-layer.tar');
    execFileSync('sh', ['-c', 'cat > "$1"', 'sh', layerFile], { input: item(items, layer).body });
    const listing = execFileSync('tar', ['--numeric-owner', '-tvf', layerFile]).toString().trim().split('\n');
    expect(listing.some((line) => line.endsWith(LONG_PATH))).toBe(layer === manifest[0].Layers[2]);
    return listing.filter((line) => line.startsWith('-')).reduce((sum, line) => sum + Number(line.split(/\s+/)[2]), 0);
  });
  const facts = await read('docker-legacy', target);
  expect(facts.layers.map((l) => l.size)).toEqual(sizes);
});

test.each([
  ['docker-legacy', 'none'],
  ['docker-oci', 'gzip'],
  ['oci-tar', 'none'],
] as const)(
  'a gzip-compressed %s archive (%s layers) is read as a stream, with the same facts',
  async (format, compression) => {
    const plain = path.join(dir, `stream-src-${format}.tar`);
    const [written] = (await writeImageArchive(plain, spec, { format, compression })) as [WrittenImage];
    const gz = `${plain}.gz`;
    await pipeline(createReadStream(plain), zlib.createGzip(), createWriteStream(gz));
    const logger = new MemoryLogger();
    const facts = await readDockerArchive(gz, { logger });
    expect(logger.lines.join('\n')).toMatch(/gzip-compressed archive, reading it as a stream/);
    expectSampleFacts(facts, written, compression === 'gzip');
    expect(facts).toEqual(await read(format, plain));
  },
);

describe('archives with several images', () => {
  const base = sampleSpec();
  const second = sampleSpec({
    repoTags: ['imagegate-test/second:2', 'imagegate-test/second:latest'],
    steps: [...base.steps, { createdBy: 'COPY extra /extra', entries: [{ path: 'extra', type: 'file', size: 1234 }] }],
  });

  test.each(['docker-legacy', 'docker-oci', 'oci-tar'] as const)(
    '%s: first by default, others by tag or id',
    async (format) => {
      const target = path.join(dir, `multi-${format}.tar`);
      const written = await writeImageArchive(target, [base, second], { format });
      const logger = new MemoryLogger();
      const first = await readImage({ kind: 'archive', path: target }, { logger });
      expect(first.id).toBe(written[0]?.id);
      expect(logger.lines.join('\n')).toMatch(/holds 2 images .*reading the first/);

      const byTag = await readImage({ kind: 'archive', path: target }, { logger, image: 'imagegate-test/second:2' });
      expect(byTag.id).toBe(written[1]?.id);
      expect(byTag.layers.at(-1)?.size).toBe(1234);
      expect(byTag.layers.slice(0, 3)).toEqual(first.layers.slice(0, 3));
      const byLatest = await readImage({ kind: 'archive', path: target }, { logger, image: 'imagegate-test/second' });
      expect(byLatest.id).toBe(written[1]?.id);
      if (format !== 'oci-tar') {
        const byId = await readImage({ kind: 'archive', path: target }, { logger, image: written[1]?.id.slice(7, 19) });
        expect(byId.id).toBe(written[1]?.id);
      }
      await expect(readImage({ kind: 'archive', path: target }, { logger, image: 'nope:1' })).rejects.toThrow(
        /no image "nope:1" in the (archive|layout); it holds: imagegate-test\/sample:1/,
      );
    },
  );
});

describe('multi-platform OCI index', () => {
  const amd = sampleSpec({ repoTags: ['imagegate-test/multi:1'] });
  const arm = sampleSpec({
    repoTags: ['imagegate-test/multi:1'],
    platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
    steps: [{ createdBy: 'COPY arm', entries: [{ path: 'arm', type: 'file', size: 77 }] }],
  });
  let target: string;
  let written: WrittenImage[];
  beforeAll(async () => {
    target = path.join(dir, 'multi-platform');
    written = await writeImageArchive(target, [arm, amd], { format: 'oci-dir', nestPlatforms: true });
  });

  test('linux/amd64 by default, another platform on request', async () => {
    const logger = new MemoryLogger();
    expect((await readOciLayout(target, { logger })).id).toBe(written[1]?.id);
    const armFacts = await readOciLayout(target, { logger, platform: 'linux/arm64' });
    expect(armFacts.id).toBe(written[0]?.id);
    expect(armFacts.platform).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(armFacts.digest).toBe(written[0]?.manifestDigest);
  });

  test('a platform the index does not have is a ConfigurationError listing what it has', async () => {
    const error = await readOciLayout(target, { logger: new MemoryLogger(), platform: 'linux/s390x' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(
      /no manifest for platform linux\/s390x; the index has linux\/arm64\/v8, linux\/amd64/,
    );
  });
});

test('a layer tar written by GNU tar (long names, hardlinks) inside a docker save archive', async () => {
  const tree = path.join(dir, 'gnu-tree');
  execFileSync('mkdir', ['-p', path.join(tree, path.dirname(LONG_PATH))]);
  await writeFile(path.join(tree, LONG_PATH), 'x'.repeat(5000));
  await writeFile(path.join(tree, 'small'), 'abc');
  execFileSync('ln', [path.join(tree, 'small'), path.join(tree, 'hard')]);
  execFileSync('ln', ['-s', 'small', path.join(tree, 'soft')]);
  const layer = execFileSync('tar', ['--format=gnu', '-C', tree, '-cf', '-', '.']);
  const config = {
    architecture: 'amd64',
    os: 'linux',
    config: {},
    rootfs: { type: 'layers', diff_ids: [] as string[] },
    history: [{ created_by: 'ADD rootfs.tar /' }],
  };
  const target = path.join(dir, 'gnu-layer.tar');
  const raw = {
    repoTags: ['imagegate-test/gnu:1'],
    layers: [
      {
        open: async function* () {
          yield layer;
        },
      },
    ],
  };
  // The config must name the layer's diffId, which the writer computes: write once to learn it.
  const [probe] = (await writeRawImages(target, [{ ...raw, config: Buffer.from(JSON.stringify(config)) }], {
    format: 'docker-oci',
  })) as [WrittenImage];
  config.rootfs.diff_ids = [probe.layers[0]?.diffId ?? ''];
  await writeRawImages(target, [{ ...raw, config: Buffer.from(JSON.stringify(config)) }], { format: 'docker-oci' });
  const facts = await readDockerArchive(target, { logger: new MemoryLogger() });
  expect(facts.layers.map((l) => l.size)).toEqual([5003]);
  expect(facts.history[0]).toMatchObject({ createdBy: 'ADD rootfs.tar /', emptyLayer: false, layerIndex: 0 });
});
