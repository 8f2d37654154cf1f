import { execa } from 'execa';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImageFacts } from '../../../src/image/facts.js';
import type { ImageStore } from '../../../src/image/source/image-store.js';
import { openImageStore } from '../../../src/image/source/open-store.js';
import { readImage } from '../../../src/image/read-image.js';
import { resolveReadLimits } from '../../../src/image/read-options.js';
import { resolveRegistryImage } from '../../../src/image/source/registry/read-registry.js';
import { RegistryClient } from '../../../src/image/source/registry/registry-client.js';
import { RegistryBlobStore } from '../../../src/image/source/registry/registry-store.js';
import { readStreamedArchive } from '../../../src/image/source/streamed-archive.js';
import type { TarEntry } from '../../../src/tar/tar-reader.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { describeWithDocker, dockerBuild, makeContext } from '../../support/docker.js';
import {
  credentialsEnvironment,
  describeWithRegistry,
  registryAvailable,
  startRegistry,
  type TestRegistry,
} from '../../support/registry.js';
import { skopeoPush } from '../../support/registry-push.js';
import { tempDir } from '../../support/temp.js';

/**
 * One real image, built by the daemon, read from the daemon, its `docker save` archive, an OCI layout (skopeo) and
 * a registry it was pushed to (skopeo, gzip layers): identical facts. Then `--pull` as `check --image` uses it.
 */

const DOCKERFILE = `
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "sh", "-c", "/bin/busybox mkdir -p /data && /bin/busybox echo hello > /data/a.txt && /bin/busybox echo scratch > /data/tmp.txt"]
RUN ["/bin/busybox", "rm", "/data/tmp.txt"]
ENV APP=same
COPY docs /usr/share/docs
USER 1000
`;

const run = Date.now().toString(36);
const localTag = `imagegate-test/same-source:${run}`;
const dir = await tempDir('imagegate-same-image-');
const describeBoth = registryAvailable ? describeWithDocker : describeWithRegistry;
let registry: TestRegistry;
let remote: string;
const pulled: string[] = [];

function comparable(facts: ImageFacts) {
  return {
    id: facts.id,
    platform: facts.platform,
    created: facts.created,
    size: facts.size,
    config: facts.config,
    history: facts.history,
    layers: facts.layers.map((layer) => ({ diffId: layer.diffId, size: layer.size, historyIndex: layer.historyIndex })),
  };
}

type Tree = ReturnType<typeof treeEntry>[];
interface Manifests {
  manifests: { digest: string }[];
}
interface Layers {
  layers: { digest: string }[];
}

/** Everything a file tree is made of (offsets differ between containers and are left out). */
function treeEntry(entry: TarEntry) {
  const { name, type, size, mode, uid, gid, mtime, linkname } = entry;
  return { name, type, size, mode, uid, gid, mtime, linkname };
}

function context() {
  return { logger: new MemoryLogger(), registry: { environment: credentialsEnvironment(registry) } };
}

describeBoth('the same image from every source', () => {
  beforeAll(async () => {
    registry = await startRegistry();
    const build = await makeContext(
      { Dockerfile: DOCKERFILE, 'docs/readme.txt': 'docs\n', 'docs/more/guide.txt': 'guide\n'.repeat(100) },
      { withBusybox: true },
    );
    await dockerBuild(build, localTag);
    remote = `${registry.host}/imagegate-test/same:${run}`;
    await skopeoPush(`docker-daemon:${localTag}`, registry, `imagegate-test/same:${run}`);
  });
  afterAll(async () => {
    for (const tag of [localTag, ...pulled]) await execa('docker', ['rmi', '-f', tag], { reject: false });
    await registry?.stop();
  });

  test('daemon, docker save, OCI layout and registry give identical facts', async () => {
    const archive = path.join(dir, 'saved.tar');
    await execa('docker', ['save', '-o', archive, localTag]);
    const layout = path.join(dir, 'layout');
    await execa('skopeo', ['copy', '--quiet', `docker-daemon:${localTag}`, `oci:${layout}:latest`]);

    const daemon = await readImage({ kind: 'daemon', reference: localTag }, context());
    const saved = await readImage({ kind: 'archive', path: archive }, context());
    const oci = await readImage({ kind: 'oci-layout', path: layout }, context());
    const fromRegistry = await readImage({ kind: 'registry', reference: remote }, context());

    expect(daemon.layers).toHaveLength(4);
    expect(comparable(saved)).toEqual(comparable(daemon));
    // skopeo rewrites the config when it converts to OCI (its digest, the id, changes); everything read agrees.
    expect({ ...comparable(oci), id: daemon.id }).toEqual(comparable(daemon));
    expect(comparable(fromRegistry)).toEqual(comparable(daemon));
    expect(fromRegistry.source).toBe('registry');
    // skopeo gzips layers on push: the registry knows compressed sizes without a download, the daemon does not.
    expect(fromRegistry.compressedSize).toBeGreaterThan(0);
    expect(fromRegistry.compressedSize).toBeLessThan(fromRegistry.size);
    expect(daemon.compressedSize).toBeUndefined();
  });

  test('identical file trees layer by layer: daemon stream, docker save, OCI layout and registry blobs', async () => {
    const archive = path.join(dir, 'saved-trees.tar');
    await execa('docker', ['save', '-o', archive, localTag]);
    const layout = path.join(dir, 'layout-trees');
    await execa('skopeo', ['copy', '--quiet', `docker-daemon:${localTag}`, `oci:${layout}:latest`]);
    const limits = resolveReadLimits();
    const logger = new MemoryLogger();

    const fromStore = async (store: ImageStore, names: string[]): Promise<Tree[]> => {
      const trees: Tree[] = [];
      for (const name of names) {
        const tree: Tree = [];
        await store.analyzeLayer(name, { hash: true, limits, visitor: (entry) => tree.push(treeEntry(entry)) });
        trees.push(tree);
      }
      return trees;
    };
    const savedNames = async (store: ImageStore) =>
      (
        JSON.parse((await store.readBytes('manifest.json', 1 << 20, 'manifest')).toString()) as { Layers: string[] }[]
      )[0]?.Layers ?? [];

    const saved = await openImageStore(archive, { logger, limits, verifyDigests: true });
    const savedTrees = await fromStore(saved, await savedNames(saved));
    await saved.close();

    const streamed = new Map<string, Tree>();
    const save = execa('docker', ['save', localTag], { buffer: false, encoding: 'buffer' });
    const stream = await readStreamedArchive(save.stdout as AsyncIterable<Buffer>, 'docker save', {
      hash: false,
      limits,
      visitorFor: (name) => {
        const tree: Tree = [];
        streamed.set(name, tree);
        return (entry) => tree.push(treeEntry(entry));
      },
    });
    await save;
    const daemonTrees = (await savedNames(stream)).map((name) => streamed.get(name) ?? []);

    const index = JSON.parse(await readFile(path.join(layout, 'index.json'), 'utf8')) as Manifests;
    const manifest = JSON.parse(
      await readFile(path.join(layout, 'blobs', ...(index.manifests[0]?.digest ?? '').split(':')), 'utf8'),
    ) as Layers;
    const layoutStore = await openImageStore(layout, { logger, limits, verifyDigests: true });
    const layoutTrees = await fromStore(
      layoutStore,
      manifest.layers.map((layer) => `blobs/sha256/${layer.digest.slice('sha256:'.length)}`),
    );

    const access = { environment: credentialsEnvironment(registry) };
    const resolved = await resolveRegistryImage(remote, { logger, access });
    const client = await RegistryClient.open(registry.host, { logger, ...access });
    const registryStore = new RegistryBlobStore(remote, client, resolved.reference.repository, resolved.layers);
    const registryTrees = await fromStore(
      registryStore,
      resolved.layers.map((layer) => `blobs/sha256/${layer.digest.slice('sha256:'.length)}`),
    );
    client.close();

    expect(savedTrees.map((tree) => tree.length)).toEqual([2, 3, 2, 6]);
    expect(savedTrees[2]).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'data/.wh.tmp.txt' })]));
    expect(daemonTrees).toEqual(savedTrees);
    expect(layoutTrees).toEqual(savedTrees);
    expect(registryTrees).toEqual(savedTrees);
  });

  test('identical contents (wasted bytes, efficiency, leftovers) from every source', async () => {
    const archive = path.join(dir, 'saved-contents.tar');
    await execa('docker', ['save', '-o', archive, localTag]);
    const layout = path.join(dir, 'layout-contents');
    await execa('skopeo', ['copy', '--quiet', `docker-daemon:${localTag}`, `oci:${layout}:latest`]);
    const withContents = { ...context(), contents: true };
    const daemon = await readImage({ kind: 'daemon', reference: localTag }, withContents);
    const saved = await readImage({ kind: 'archive', path: archive }, withContents);
    const oci = await readImage({ kind: 'oci-layout', path: layout }, withContents);
    const fromRegistry = await readImage({ kind: 'registry', reference: remote }, withContents);
    const viaPull = await readImage({ kind: 'daemon', reference: remote, pull: 'never' }, withContents);

    expect(daemon.contents?.wastedFiles).toBe(1);
    expect(daemon.contents?.topWasted).toEqual([
      { path: '/data/tmp.txt', bytes: 'scratch\n'.length, layer: 1, removedBy: 2, how: 'deleted' },
    ]);
    for (const other of [saved, oci, fromRegistry, viaPull]) expect(other.contents).toEqual(daemon.contents);
  });

  test('--pull=never: the registry when the daemon lacks the image, the daemon when it has it', async () => {
    const absent = await readImage({ kind: 'daemon', reference: remote, pull: 'never' }, context());
    expect(absent.source).toBe('registry');
    const local = `${registry.host}/imagegate-test/same:local-${run}`;
    await execa('docker', ['tag', localTag, local]);
    pulled.push(local);
    const present = await readImage({ kind: 'daemon', reference: local, pull: 'never' }, context());
    expect(present.source).toBe('daemon');
    expect(comparable(present)).toEqual(comparable(absent));
  });

  test("--pull=missing: docker pull with the docker CLI's own login, then the daemon", async () => {
    const config = path.join(dir, 'docker-config');
    await mkdir(config, { recursive: true });
    const auth = Buffer.from(`${registry.username}:${registry.password}`).toString('base64');
    await writeFile(path.join(config, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth } } }));
    const saved = process.env.DOCKER_CONFIG;
    process.env.DOCKER_CONFIG = config;
    pulled.push(remote);
    try {
      const logger = new MemoryLogger();
      const facts = await readImage(
        { kind: 'daemon', reference: remote, pull: 'missing' },
        { logger, registry: { environment: {} } },
      );
      expect(facts.source).toBe('daemon');
      expect(logger.lines.some((line) => line.includes(`exec: docker pull --quiet -- ${remote}`))).toBe(true);
      const again = new MemoryLogger();
      await readImage({ kind: 'daemon', reference: remote, pull: 'missing' }, { logger: again });
      expect(again.lines.some((line) => line.includes('docker pull'))).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.DOCKER_CONFIG;
      else process.env.DOCKER_CONFIG = saved;
    }
  });
});
