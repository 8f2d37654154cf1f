import { execa } from 'execa';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImageFacts } from '../../../src/image/facts.js';
import { readImage } from '../../../src/image/read-image.js';
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

  test.todo('identical file trees and wasted bytes from every source (with the layer-tree analysis of issue 6)');

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
