import path from 'node:path';
import { writeImageArchive, type ImageSpec, type LayerEntrySpec } from '../../tools/archive/archive-writer.js';
import type { ContentFacts } from '../../src/image/layers/content-facts.js';
import { readDockerArchive } from '../../src/image/source/docker-archive.js';
import type { LayerTreeEntry } from '../../src/image/layers/layer-tree.js';
import { ConfigurationError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { makeTempDir } from './support/archives.js';

/**
 * Wasted bytes, efficiency and file trees from archives our writer makes: each case is a list of layers, read back
 * through the real reader (one pass, digests verified) and compared with figures worked out by hand.
 */

const KB = 1000;
let dir: string;
let cleanup: () => Promise<void>;
let count = 0;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('imagegate-contents-'));
});
afterAll(async () => cleanup());

const file = (filePath: string, size: number, mode?: number): LayerEntrySpec => ({
  path: filePath,
  type: 'file',
  size,
  ...(mode !== undefined ? { mode } : {}),
});
const directory = (dirPath: string): LayerEntrySpec => ({ path: dirPath, type: 'dir' });
const whiteout = (filePath: string): LayerEntrySpec => ({ path: filePath, type: 'file', content: '' });

async function read(layers: LayerEntrySpec[][]): Promise<{ contents: ContentFacts; trees: LayerTreeEntry[][] }> {
  const spec: ImageSpec = {
    repoTags: ['imagegate-test/contents:1'],
    created: '2024-01-01T00:00:00Z',
    steps: layers.map((entries, index) => ({ createdBy: `RUN step ${index} # buildkit`, entries })),
  };
  const archive = path.join(dir, `case-${(count += 1)}.tar`);
  await writeImageArchive(archive, spec, { format: 'docker-legacy' });
  let trees: LayerTreeEntry[][] = [];
  const facts = await readDockerArchive(archive, {
    logger: new MemoryLogger(),
    contents: {
      inspect: (layerTrees) => {
        trees = layerTrees.layers.map((_, layer) => [...layerTrees.entries(layer)]);
      },
    },
  });
  if (!facts.contents) throw new Error('no contents');
  expect(facts.contents.totalBytes).toBe(facts.size);
  expect(facts.contents.layers.map((layer) => layer.bytes)).toEqual(facts.layers.map((layer) => layer.size));
  expect(facts.contents.finalBytes + facts.contents.wastedBytes).toBe(facts.contents.totalBytes);
  return { contents: facts.contents, trees };
}

describe('wasted bytes and efficiency', () => {
  test('the README example: chmod rewrite, rm -rf of a directory, a file replaced', async () => {
    const { contents } = await read([
      [
        directory('app/'),
        file('app/bin', 10 * KB),
        directory('app/data/'),
        file('app/data/a', 3 * KB),
        file('app/data/b', 2 * KB),
      ],
      [directory('app/'), file('app/bin', 10 * KB, 0o755)],
      [directory('app/'), whiteout('app/.wh.data')],
      [directory('app/'), file('app/bin', 12 * KB)],
    ]);
    expect(contents).toMatchObject({
      totalBytes: 37 * KB,
      finalBytes: 12 * KB,
      wastedBytes: 25 * KB,
      efficiency: 12 / 37,
      finalFiles: 1,
      wastedFiles: 4,
    });
    expect(contents.topWasted).toEqual([
      { path: '/app/bin', bytes: 10 * KB, layer: 0, removedBy: 1, how: 'metadata' },
      { path: '/app/bin', bytes: 10 * KB, layer: 1, removedBy: 3, how: 'replaced' },
      { path: '/app/data/a', bytes: 3 * KB, layer: 0, removedBy: 2, how: 'deleted' },
      { path: '/app/data/b', bytes: 2 * KB, layer: 0, removedBy: 2, how: 'deleted' },
    ]);
    expect(contents.wastedByLayer).toEqual([
      { layer: 0, removedBy: 1, bytes: 10 * KB, files: 1 },
      { layer: 1, removedBy: 3, bytes: 10 * KB, files: 1 },
      { layer: 0, removedBy: 2, bytes: 5 * KB, files: 2 },
    ]);
    expect(contents.layers).toEqual([
      {
        entries: 5,
        files: 3,
        bytes: 15 * KB,
        whiteouts: 0,
        opaqueDirectories: 0,
        wastedBytes: 15 * KB,
        wastedFiles: 3,
        removedBytes: 0,
        removedFiles: 0,
      },
      {
        entries: 2,
        files: 1,
        bytes: 10 * KB,
        whiteouts: 0,
        opaqueDirectories: 0,
        wastedBytes: 10 * KB,
        wastedFiles: 1,
        removedBytes: 10 * KB,
        removedFiles: 1,
      },
      {
        entries: 2,
        files: 0,
        bytes: 0,
        whiteouts: 1,
        opaqueDirectories: 0,
        wastedBytes: 0,
        wastedFiles: 0,
        removedBytes: 5 * KB,
        removedFiles: 2,
      },
      {
        entries: 2,
        files: 1,
        bytes: 12 * KB,
        whiteouts: 0,
        opaqueDirectories: 0,
        wastedBytes: 0,
        wastedFiles: 0,
        removedBytes: 10 * KB,
        removedFiles: 1,
      },
    ]);
  });

  test('an image whose layers only add files is 100% efficient; an empty image too', async () => {
    const { contents } = await read([[file('a', 5)], [file('b', 7)]]);
    expect(contents).toMatchObject({ totalBytes: 12, finalBytes: 12, wastedBytes: 0, efficiency: 1, wastedFiles: 0 });
    const empty = await read([[directory('tmp/')]]);
    expect(empty.contents).toMatchObject({ totalBytes: 0, efficiency: 1, finalFiles: 0 });
  });

  test('a whiteout hides lower layers only: the same layer may write the path again', async () => {
    const { contents } = await read([[file('etc/conf', 100)], [file('etc/conf', 40), whiteout('etc/.wh.conf')]]);
    expect(contents).toMatchObject({ finalBytes: 40, wastedBytes: 100 });
    expect(contents.topWasted).toEqual([{ path: '/etc/conf', bytes: 100, layer: 0, removedBy: 1, how: 'deleted' }]);
  });

  test('an opaque directory hides what lower layers put below it, not its own layer nor its siblings', async () => {
    const { contents } = await read([
      [file('srv/www/old.html', 300), file('srv/www/sub/deep.css', 200), file('srv/keep', 10)],
      [directory('srv/www/'), file('srv/www/new.html', 50), whiteout('srv/www/.wh..wh..opq')],
    ]);
    expect(contents).toMatchObject({ finalBytes: 60, wastedBytes: 500, finalFiles: 2 });
    expect(contents.layers[1]).toMatchObject({
      opaqueDirectories: 1,
      whiteouts: 0,
      removedBytes: 500,
      removedFiles: 2,
    });
  });

  test('a file replacing a directory removes its contents; a path below a file turns the file into a directory', async () => {
    const { contents } = await read([
      [file('opt/tool/bin', 70), file('opt/tool/lib', 30), file('var/log', 5)],
      [file('opt/tool', 1), file('var/log/app.log', 2)],
    ]);
    expect(contents).toMatchObject({ finalBytes: 3, wastedBytes: 105 });
    expect(contents.topWasted.map(({ path: wasted, how }) => [wasted, how])).toEqual([
      ['/opt/tool/bin', 'deleted'],
      ['/opt/tool/lib', 'deleted'],
      ['/var/log', 'replaced'],
    ]);
  });

  test('hardlinks share one copy: it is wasted only when its last name goes', async () => {
    const oneNameLeft = await read([
      [file('usr/bin/tool', 900), { path: 'usr/bin/tool-alias', type: 'hardlink', linkname: 'usr/bin/tool' }],
      [whiteout('usr/bin/.wh.tool')],
    ]);
    expect(oneNameLeft.contents).toMatchObject({ finalBytes: 900, wastedBytes: 0, finalFiles: 1 });
    const noneLeft = await read([
      [file('usr/bin/tool', 900), { path: 'usr/bin/tool-alias', type: 'hardlink', linkname: 'usr/bin/tool' }],
      [whiteout('usr/bin/.wh.tool'), whiteout('usr/bin/.wh.tool-alias')],
    ]);
    expect(noneLeft.contents).toMatchObject({ finalBytes: 0, wastedBytes: 900, wastedFiles: 1 });
  });

  test('a file written twice in one layer wastes the first copy', async () => {
    const { contents } = await read([[file('data', 10), file('data', 20)]]);
    expect(contents.topWasted).toEqual([{ path: '/data', bytes: 10, layer: 0, removedBy: 0, how: 'replaced' }]);
  });

  test('topWasted is capped; totals still count everything', async () => {
    const many = Array.from({ length: 80 }, (_, i) => file(`d/f${i}`, 100 + i));
    const { contents } = await read([many, [whiteout('.wh.d')]]);
    expect(contents.wastedFiles).toBe(80);
    expect(contents.topWasted).toHaveLength(50);
    expect(contents.topWasted[0]).toMatchObject({ path: '/d/f79', bytes: 179 });
  });
});

describe('per-layer file trees', () => {
  test('path, type, size, mode, owner, link target; whiteouts and opaque markers decoded; ./ and // cleaned', async () => {
    const { trees } = await read([
      [
        directory('./usr//bin/'),
        file('usr/bin/tool', 12, 0o755),
        { path: 'usr/bin/sh', type: 'symlink', linkname: '../../bin/busybox' },
        { path: 'usr/bin/tool2', type: 'hardlink', linkname: './usr/bin/tool' },
      ],
      [whiteout('usr/bin/.wh.sh'), whiteout('usr/.wh..wh..opq'), whiteout('usr/.wh..wh.plnk')],
    ]);
    const shape = (entry: LayerTreeEntry) => ({ ...entry, mtime: typeof entry.mtime });
    expect(trees.map((layer) => layer.map(shape))).toEqual([
      [
        { path: 'usr/bin', type: 'directory', size: 0, mode: 0o755, uid: 0, gid: 0, mtime: 'number' },
        { path: 'usr/bin/tool', type: 'file', size: 12, mode: 0o755, uid: 0, gid: 0, mtime: 'number' },
        {
          path: 'usr/bin/sh',
          type: 'symlink',
          size: 0,
          mode: 0o777,
          uid: 0,
          gid: 0,
          mtime: 'number',
          linkTarget: '../../bin/busybox',
        },
        {
          path: 'usr/bin/tool2',
          type: 'hardlink',
          size: 0,
          mode: 0o777,
          uid: 0,
          gid: 0,
          mtime: 'number',
          linkTarget: 'usr/bin/tool',
        },
      ],
      [
        { path: 'usr/bin/sh', type: 'whiteout', size: 0, mode: 0o644, uid: 0, gid: 0, mtime: 'number' },
        { path: 'usr', type: 'opaque', size: 0, mode: 0o644, uid: 0, gid: 0, mtime: 'number' },
      ],
    ]);
  });

  test('a name that climbs out of the root is refused, as the engine refuses the layer', async () => {
    await expect(read([[file('a/../../etc/passwd', 1)]])).rejects.toThrow(ConfigurationError);
    await expect(read([[file('a/../../etc/passwd', 1)]])).rejects.toThrow(/leaves the filesystem root/);
  });
});

describe('build leftovers', () => {
  test('package caches by kind, with size, files and the layer that wrote most; empty and symlinked ones skipped', async () => {
    const { contents } = await read([
      [
        directory('var/lib/apt/lists/partial/'),
        file('var/lib/apt/lists/lock', 0),
        file('var/lib/apt/lists/deb_Packages', 4000),
      ],
      [
        file('var/cache/apk/APKINDEX.tar.gz', 700),
        { path: 'etc/apk/cache', type: 'symlink', linkname: '/var/cache/apk' },
        file('root/.cache/pip/http/1/a', 300),
        file('root/.cache/pip/http/2/b', 200),
        file('root/.cache/other/x', 50),
        file('home/app/.npm/_cacache/index-v5/aa', 90),
        file('home/app/.cache/go-build/00/obj', 60),
        file('usr/local/share/.cache/yarn/v6/pkg', 80),
        directory('var/cache/apt/archives/partial/'),
      ],
    ]);
    expect(contents.leftovers.packageCaches).toEqual([
      { kind: 'apt-lists', path: '/var/lib/apt/lists', bytes: 4000, files: 2, layer: 0 },
      { kind: 'apk-cache', path: '/var/cache/apk', bytes: 700, files: 1, layer: 1 },
      { kind: 'pip-cache', path: '/root/.cache/pip', bytes: 500, files: 2, layer: 1 },
      { kind: 'npm-cache', path: '/home/app/.npm', bytes: 90, files: 1, layer: 1 },
      { kind: 'yarn-cache', path: '/usr/local/share/.cache/yarn', bytes: 80, files: 1, layer: 1 },
      { kind: 'go-build-cache', path: '/home/app/.cache/go-build', bytes: 60, files: 1, layer: 1 },
      { kind: 'user-cache', path: '/root/.cache', bytes: 50, files: 1, layer: 1 },
    ]);
  });

  test('a cache removed in a later layer is gone from the final image (but its bytes are wasted)', async () => {
    const { contents } = await read([
      [file('var/lib/apt/lists/deb_Packages', 4000)],
      [whiteout('var/lib/apt/.wh.lists')],
    ]);
    expect(contents.leftovers.packageCaches).toEqual([]);
    expect(contents.wastedBytes).toBe(4000);
  });

  test('toolchains: the program (not a symlink to it), its own directories, the layer that wrote it', async () => {
    const { contents } = await read([
      [file('usr/bin/make', 200, 0o755)],
      [
        file('usr/bin/gcc-12', 1000, 0o755),
        { path: 'usr/bin/gcc', type: 'symlink', linkname: 'gcc-12' },
        file('usr/lib/gcc/x86_64-linux-gnu/12/cc1', 30_000),
        file('usr/local/go/bin/go', 5000, 0o755),
        file('usr/local/go/src/fmt/print.go', 700),
        { path: 'usr/local/bin/go', type: 'symlink', linkname: '/usr/local/go/bin/go' },
        file('usr/lib/jvm/java-17/bin/javac', 100, 0o755),
        file('usr/lib/jvm/java-17/lib/modules', 9000),
      ],
    ]);
    expect(contents.leftovers.toolchains).toEqual([
      { tool: 'gcc', path: '/usr/bin/gcc-12', bytes: 31_000, layer: 1 },
      { tool: 'make', path: '/usr/bin/make', bytes: 200, layer: 0 },
      { tool: 'go', path: '/usr/local/go/bin/go', bytes: 5700, layer: 1 },
      { tool: 'javac', path: '/usr/lib/jvm/java-17/bin/javac', bytes: 9100, layer: 1 },
    ]);
  });
});
