import { execa } from 'execa';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeRawImages } from '../../tools/archive/archive-writer.js';
import type { ImageFacts } from '../../src/image/facts.js';
import { readImage } from '../../src/image/read-image.js';
import { resolveReadLimits } from '../../src/image/read-options.js';
import { TarArchiveStore } from '../../src/image/source/tar-archive-store.js';
import { ConfigurationError, ExitCode, ToolError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { describeWithDocker, dockerBuild, makeContext } from '../support/docker.js';
import { makeTempDir } from './support/archives.js';

/**
 * The same real image read from the daemon, its `docker save` archive, OCI layouts made by skopeo (directory and
 * oci-archive) and a Docker 25+ layout archive written by our writer from the saved layers: the same facts.
 */

const MULTI_STAGE = `
FROM scratch AS build
COPY busybox /bin/busybox
RUN ["/bin/busybox", "sh", "-c", "/bin/busybox mkdir -p /out && /bin/busybox echo built > /out/result.txt"]

FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
ENV APP=demo
COPY --from=build /out/result.txt /app/result.txt
COPY docs /usr/share/docs
LABEL org.example.team=gate
USER 1000:1000
CMD ["sh"]
`;

/** Built by the legacy builder: the engine commits the RUN layer from a container and counts symlink bytes. */
const LEGACY = `
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
USER 1000
`;

/** No zero-byte layer: `docker history` sizes alone identify the layers. */
const SIMPLE = `
FROM scratch
COPY busybox /bin/busybox
ENV APP=simple
COPY docs /usr/share/docs
USER nobody
`;

const run = Date.now().toString(36);
const multiTag = `imagegate-test/sources-multi:${run}`;
const simpleTag = `imagegate-test/sources-simple:${run}`;
const legacyTag = `imagegate-test/sources-legacy:${run}`;

/**
 * Builds with BuildKit, as CI runners do (buildx, or a 20.10 client with DOCKER_BUILDKIT=1); returns false when
 * no client here can, and the image is then built by the legacy builder.
 */
async function buildWithBuildKit(context: string, tag: string): Promise<boolean> {
  for (const client of ['docker', '/usr/bin/docker']) {
    const result = await execa(client, ['build', '-q', '-t', tag, context], {
      reject: false,
      env: { DOCKER_BUILDKIT: '1' },
    });
    if (result.exitCode === 0) return true;
  }
  await dockerBuild(context, tag);
  return false;
}

/** What must agree across sources (created times compared to the second: `docker history` has no more). */
function comparable(facts: ImageFacts) {
  return {
    diffIds: facts.layers.map((l) => l.diffId),
    sizes: facts.layers.map((l) => l.size),
    size: facts.size,
    historyIndex: facts.layers.map((l) => l.historyIndex),
    history: facts.history.map((h) => ({ ...h, created: h.created?.replace(/\.\d+Z$/, 'Z') })),
    config: facts.config,
    platform: facts.platform,
    created: facts.created,
  };
}

describeWithDocker('image facts from the daemon and from archives of the same image', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const contexts: string[] = [];
  const logger = new MemoryLogger();
  let buildKit = false;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('imagegate-sources-'));
    for (const [dockerfile, tag] of [
      [MULTI_STAGE, multiTag],
      [SIMPLE, simpleTag],
      [LEGACY, legacyTag],
    ] as const) {
      const context = await makeContext(
        { Dockerfile: dockerfile, 'docs/readme.txt': 'read me\n', 'docs/sub/guide.txt': 'x'.repeat(4321) },
        { withBusybox: true },
      );
      contexts.push(context);
      if (tag === legacyTag) {
        await execa('docker', ['build', '-q', '-t', tag, context], { env: { DOCKER_BUILDKIT: '0' } });
      } else if (tag === multiTag) {
        buildKit = await buildWithBuildKit(context, tag);
      } else {
        await dockerBuild(context, tag);
      }
    }
  }, 300_000);

  afterAll(async () => {
    await execa('docker', ['rmi', '-f', multiTag, simpleTag, legacyTag], { reject: false });
    for (const context of contexts) await rm(context, { recursive: true, force: true });
    await cleanup();
  });

  test('multi-stage image with a 0-byte layer: daemon, docker save, skopeo OCI dir and archive, Docker 25 layout', async () => {
    const daemon = await readImage({ kind: 'daemon', reference: multiTag }, { logger });

    // The facts themselves, against what the Dockerfile says.
    expect(daemon.source).toBe('daemon');
    expect(daemon.reference).toBe(multiTag);
    expect(daemon.repoTags).toContain(multiTag);
    expect(daemon.layers.length).toBeGreaterThanOrEqual(3);
    const busybox = (await readFile('/bin/busybox').catch(() => readFile('/usr/bin/busybox'))).length;
    expect(daemon.layers[0]?.size).toBe(busybox);
    expect(daemon.layers[1]?.size).toBe(0);
    const emptyCount = daemon.history.filter((h) => h.emptyLayer).length;
    expect(emptyCount).toBeGreaterThanOrEqual(3);
    expect(daemon.history.filter((h) => !h.emptyLayer)).toHaveLength(daemon.layers.length);
    expect(daemon.history.find((h) => /--install/.test(h.createdBy))).toMatchObject({
      emptyLayer: false,
      layerIndex: 1,
    });
    expect(daemon.history.find((h) => /APP=demo/.test(h.createdBy))).toMatchObject({ emptyLayer: true });
    expect(daemon.config.user).toBe('1000:1000');
    expect(daemon.config.labels).toEqual({ 'org.example.team': 'gate' });
    const inspected = JSON.parse((await execa('docker', ['image', 'inspect', multiTag])).stdout) as [
      { Size: number; Id: string },
    ];
    // Layers unpacked from BuildKit's tars: the engine counts what the tars hold. (The classic builder commits
    // layers from containers and counts symlink bytes too; see the legacy test.)
    if (buildKit) expect(daemon.size).toBe(inspected[0].Size);
    expect(daemon.id).toBe(inspected[0].Id);

    const archive = path.join(dir, 'multi-save.tar');
    await execa('docker', ['save', '-o', archive, multiTag]);
    const saved = await readImage({ kind: 'archive', path: archive }, { logger });

    const ociDir = path.join(dir, 'multi-oci');
    const ociTar = path.join(dir, 'multi-oci.tar');
    await execa('skopeo', ['copy', '-q', `docker-daemon:${multiTag}`, `oci:${ociDir}:${run}`]);
    await execa('skopeo', ['copy', '-q', `docker-daemon:${multiTag}`, `oci-archive:${ociTar}:${run}`]);
    const fromOciDir = await readImage({ kind: 'oci-layout', path: ociDir }, { logger });
    const fromOciTar = await readImage({ kind: 'archive', path: ociTar }, { logger });

    const docker25 = path.join(dir, 'multi-docker25.tar');
    await convertToDocker25(archive, docker25);
    const fromDocker25 = await readImage({ kind: 'archive', path: docker25 }, { logger });

    for (const other of [saved, fromOciDir, fromOciTar, fromDocker25])
      expect(comparable(other)).toEqual(comparable(daemon));
    // The daemon source reads the config's own history: times to the nanosecond, like the archives.
    expect(daemon.history).toEqual(saved.history);

    expect([saved.id, fromDocker25.id]).toEqual([daemon.id, daemon.id]);
    // skopeo rewrites the config for OCI (drops null fields, reorders keys), so its config digest differs.
    const skopeoConfig = await skopeoConfigDigest(ociDir);
    expect(fromOciDir.id).toBe(skopeoConfig);
    expect(fromOciTar.id).toBe(skopeoConfig);
    expect(fromOciDir.ociRefName).toBe(run);

    // Compressed sizes exist only where the layers are stored compressed (skopeo gzips them).
    for (const facts of [daemon, saved, fromDocker25]) expect(facts.compressedSize).toBeUndefined();
    expect(fromOciDir.compressedSize).toBe(fromOciDir.layers.reduce((sum, l) => sum + (l.compressedSize ?? NaN), 0));
    expect(fromOciTar.layers.map((l) => l.compressedSize)).toEqual(fromOciDir.layers.map((l) => l.compressedSize));
    expect(fromDocker25.layers.map((l) => l.digest)).toEqual(daemon.layers.map((l) => l.diffId));
  }, 300_000);

  test('image without 0-byte layers: same facts from the daemon as from docker save', async () => {
    const daemon = await readImage({ kind: 'daemon', reference: simpleTag }, { logger });
    const archive = path.join(dir, 'simple-save.tar');
    await execa('docker', ['save', '-o', archive, simpleTag]);
    const saved = await readImage({ kind: 'archive', path: archive }, { logger });
    expect(comparable(daemon)).toEqual(comparable(saved));
    expect(daemon.history.map((h) => h.emptyLayer)).toEqual(saved.history.map((h) => h.emptyLayer));
    expect(daemon.config.user).toBe('nobody');
  }, 120_000);

  test('legacy builder: the engine counts symlink bytes of committed layers; imagegate counts the tar', async () => {
    const daemon = await readImage({ kind: 'daemon', reference: legacyTag }, { logger });
    const archive = path.join(dir, 'legacy-save.tar');
    await execa('docker', ['save', '-o', archive, legacyTag]);
    const saved = await readImage({ kind: 'archive', path: archive }, { logger });
    expect(daemon.layers).toEqual(saved.layers);
    expect(daemon.history.map((h) => [h.createdBy, h.emptyLayer])).toEqual(
      saved.history.map((h) => [h.createdBy, h.emptyLayer]),
    );
    expect(daemon.layers.map((l) => l.diffId)).toEqual(saved.layers.map((l) => l.diffId));
    expect(daemon.history.map((h) => h.emptyLayer)).toEqual(saved.history.map((h) => h.emptyLayer));

    // The difference is exactly the symlink target lengths in the RUN layer, as GNU tar lists the saved layer.
    const manifest = JSON.parse((await execa('tar', ['-xOf', archive, 'manifest.json'])).stdout) as [
      { Layers: string[] },
    ];
    const layerTar = (await execa('tar', ['-xOf', archive, manifest[0].Layers[1] as string], { encoding: 'buffer' }))
      .stdout;
    const listing = (await execa('tar', ['-tvf', '-'], { input: layerTar })).stdout.split('\n');
    const symlinkBytes = listing
      .filter((line) => line.startsWith('l'))
      .reduce((sum, line) => sum + (line.split(' -> ')[1] ?? '').length, 0);
    expect(symlinkBytes).toBeGreaterThan(0);
    expect(saved.layers[1]?.size).toBe(0);
    const history = JSON.parse(
      `[${(
        await execa('docker', ['history', '--no-trunc', '--human=false', '--format', '{{json .Size}}', legacyTag])
      ).stdout
        .trim()
        .split('\n')
        .join(',')}]`,
    ).map(Number);
    expect(history).toContain(symlinkBytes);
    expect(daemon.layers[1]?.size).toBe(0);
  }, 120_000);

  test('an image the daemon does not have is a ConfigurationError (exit 2) naming it', async () => {
    const reference = `imagegate-test/does-not-exist:${run}`;
    const error = await readImage({ kind: 'daemon', reference }, { logger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).exitCode).toBe(ExitCode.Configuration);
    expect((error as Error).message).toContain(`image "${reference}" is not in the Docker daemon`);
  });

  test('an unreachable daemon or a missing docker client is a ToolError (exit 3)', async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = `unix://${path.join(dir, 'no-daemon.sock')}`;
    try {
      const error = await readImage({ kind: 'daemon', reference: multiTag }, { logger }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ToolError);
      expect((error as ToolError).exitCode).toBe(ExitCode.Tool);
      expect((error as Error).message).toMatch(/Cannot connect to the Docker daemon/);
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
    const missing = await readImage(
      { kind: 'daemon', reference: multiTag },
      { logger, docker: 'imagegate-no-such-docker' },
    ).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ToolError);
    expect((missing as Error).message).toMatch(/was not found on PATH/);
  });
});

/** Rewrites a legacy docker-save archive as Docker 25+ does: OCI blobs, index.json and manifest.json. */
async function convertToDocker25(source: string, target: string): Promise<void> {
  const store = await TarArchiveStore.open(source, resolveReadLimits(), new MemoryLogger());
  try {
    const manifest = JSON.parse((await store.readBytes('manifest.json', 1 << 20, 'manifest')).toString()) as [
      { Config: string; RepoTags: string[]; Layers: string[] },
    ];
    const [entry] = manifest;
    await writeRawImages(
      target,
      [
        {
          repoTags: entry.RepoTags,
          config: await store.readBytes(entry.Config, 1 << 20, 'config'),
          layers: entry.Layers.map((layer) => ({ open: () => store.entryStream(layer) })),
        },
      ],
      { format: 'docker-oci' },
    );
  } finally {
    await store.close();
  }
}

async function skopeoConfigDigest(layout: string): Promise<string> {
  const index = JSON.parse(await readFile(path.join(layout, 'index.json'), 'utf8')) as {
    manifests: [{ digest: string }];
  };
  const manifestPath = path.join(layout, 'blobs', 'sha256', index.manifests[0].digest.slice(7));
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { config: { digest: string } };
  return manifest.config.digest;
}
