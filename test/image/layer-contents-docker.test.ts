import { execa } from 'execa';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ImageFacts } from '../../src/image/facts.js';
import type { LayerTreeEntry } from '../../src/image/layers/layer-tree.js';
import { readImage } from '../../src/image/read-image.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { describeWithDocker, dockerBuild, makeContext } from '../support/docker.js';
import { makeTempDir } from './support/archives.js';

/**
 * Layers the engine itself wrote (chmod copy-up, `rm -rf` of a directory, a directory deleted and re-created in one
 * RUN), read from the daemon's `docker save` stream, a `docker save` archive and an OCI layout made by skopeo:
 * identical file trees and identical wasted bytes, and the figures the Dockerfile implies.
 */

const DOCKERFILE = `
FROM scratch
COPY busybox /bin/busybox
COPY data /data
RUN ["/bin/busybox", "chmod", "600", "/data/keep.bin"]
RUN ["/bin/busybox", "rm", "-rf", "/data/dir"]
RUN ["/bin/busybox", "sh", "-c", "/bin/busybox rm -rf /data/www && /bin/busybox mkdir /data/www && /bin/busybox echo new > /data/www/index.html"]
`;

const tag = `imagegate-test/contents-engine:${Date.now().toString(36)}`;

describeWithDocker('layer contents of an engine-built image, from every local source', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let context: string;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('imagegate-contents-engine-'));
    context = await makeContext(
      {
        Dockerfile: DOCKERFILE,
        'data/keep.bin': Buffer.alloc(5000, 1),
        'data/dir/a': Buffer.alloc(3000, 2),
        'data/dir/b': Buffer.alloc(2000, 3),
        'data/www/old.html': Buffer.alloc(700, 4),
      },
      { withBusybox: true },
    );
    await dockerBuild(context, tag);
  }, 300_000);

  afterAll(async () => {
    await execa('docker', ['rmi', '-f', tag], { reject: false });
    await rm(context, { recursive: true, force: true });
    await cleanup();
  });

  test('same trees and wasted bytes; chmod, rm -rf and re-created directory counted as waste', async () => {
    const archive = path.join(dir, 'saved.tar');
    await execa('docker', ['save', '-o', archive, tag]);
    const layout = path.join(dir, 'layout');
    await execa('skopeo', ['copy', '-q', `docker-daemon:${tag}`, `oci:${layout}:latest`]);

    const fromDaemon = await withTrees({ kind: 'daemon', reference: tag });
    const fromArchive = await withTrees({ kind: 'archive', path: archive });
    const fromLayout = await withTrees({ kind: 'oci-layout', path: layout });

    const busybox = (await readFile('/bin/busybox').catch(() => readFile('/usr/bin/busybox'))).length;
    const contents = fromDaemon.facts.contents;
    expect(contents).toMatchObject({
      totalBytes: busybox + 10_700 + 5000 + 'new\n'.length,
      finalBytes: busybox + 5000 + 'new\n'.length,
      wastedBytes: 10_700,
      wastedFiles: 4,
    });
    expect(contents?.topWasted).toEqual([
      { path: '/data/keep.bin', bytes: 5000, layer: 1, removedBy: 2, how: 'metadata' },
      { path: '/data/dir/a', bytes: 3000, layer: 1, removedBy: 3, how: 'deleted' },
      { path: '/data/dir/b', bytes: 2000, layer: 1, removedBy: 3, how: 'deleted' },
      { path: '/data/www/old.html', bytes: 700, layer: 1, removedBy: 4, how: 'deleted' },
    ]);
    // The engine wrote the deletions as whiteouts (rm -rf /data/dir → .wh.dir) and, for the re-created
    // directory, an opaque marker or a whiteout of its old file.
    const markers = fromArchive.trees.map((layer) =>
      layer
        .filter((entry) => entry.type === 'whiteout' || entry.type === 'opaque')
        .map((entry) => `${entry.type}:${entry.path}`),
    );
    expect(markers[3]).toEqual(['whiteout:data/dir']);
    expect(markers[4]?.some((marker) => /^(opaque:data\/www|whiteout:data\/www\/old\.html)$/.test(marker))).toBe(true);

    for (const other of [fromArchive, fromLayout]) {
      expect(other.facts.contents).toEqual(contents);
      expect(other.trees).toEqual(fromDaemon.trees);
    }
  }, 300_000);
});

async function withTrees(
  input: { kind: 'daemon'; reference: string } | { kind: 'archive' | 'oci-layout'; path: string },
): Promise<{ facts: ImageFacts; trees: LayerTreeEntry[][] }> {
  let trees: LayerTreeEntry[][] = [];
  const facts = await readImage(input, {
    logger: new MemoryLogger(),
    contents: {
      inspect: (layerTrees) => {
        trees = layerTrees.layers.map((_, layer) => [...layerTrees.entries(layer)]);
      },
    },
  });
  return { facts, trees };
}
