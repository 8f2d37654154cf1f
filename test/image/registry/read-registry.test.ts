import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeImageArchive, type ImageSpec } from '../../../tools/archive/archive-writer.js';
import type { ImageFacts } from '../../../src/image/facts.js';
import { readOciLayout } from '../../../src/image/source/oci-layout.js';
import { readImage } from '../../../src/image/read-image.js';
import { readFromRegistry, resolveRegistryImage } from '../../../src/image/source/registry/read-registry.js';
import { ConfigurationError } from '../../../src/util/errors.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { cli } from '../../support/cli.js';
import {
  credentialsEnvironment,
  describeWithRegistry,
  startRegistry,
  type TestRegistry,
} from '../../support/registry.js';
import { startRegistryProxy, type RegistryProxy } from '../../support/registry-proxy.js';
import { putManifest, pushLayout, sha256, uploadBlob, type Pushed } from '../../support/registry-push.js';
import { tempDir } from '../../support/temp.js';
import { sampleSpec } from '../support/archives.js';
import { rejection } from '../../support/rejection.js';

/** Image facts read straight from a real docker-registry: the same facts as the archive readers, any manifest kind. */

const dir = await tempDir('imagegate-registry-read-');
let registry: TestRegistry;
let proxy: RegistryProxy;
let layoutFacts: ImageFacts;
const pushedAs: Record<'oci' | 'docker', Pushed> = {} as Record<'oci' | 'docker', Pushed>;

function access() {
  return { environment: credentialsEnvironment(registry) };
}

/** What every source must agree on (names, digests of manifests and the source itself differ by nature). */
function comparable(facts: ImageFacts) {
  const { id, platform, created, size, compressedSize, config, history } = facts;
  return {
    id,
    platform,
    created,
    size,
    compressedSize,
    config,
    history,
    layers: facts.layers.map(({ diffId, size: layerSize, compressedSize: blob, historyIndex, digest }) => ({
      diffId,
      size: layerSize,
      compressedSize: blob,
      historyIndex,
      digest,
    })),
  };
}

function platformSpec(architecture: string, variant?: string): ImageSpec {
  return {
    repoTags: ['imagegate-test/multi:1'],
    platform: { os: 'linux', architecture, ...(variant ? { variant } : {}) },
    config: { User: '1000' },
    steps: [
      {
        createdBy: `COPY app-${architecture} /app # buildkit`,
        entries: [{ path: 'app', type: 'file', size: architecture === 'amd64' ? 1000 : 2000 }],
      },
    ],
  };
}

describeWithRegistry('reading images from a registry', () => {
  beforeAll(async () => {
    registry = await startRegistry();
    proxy = await startRegistryProxy(registry.url);
    const layout = path.join(dir, 'sample');
    await writeImageArchive(layout, sampleSpec(), { format: 'oci-dir', compression: 'gzip' });
    layoutFacts = await readOciLayout(layout, { logger: new MemoryLogger() });
    pushedAs.oci = await pushLayout(layout, registry, 'imagegate-test/sample', ['oci']);
    pushedAs.docker = await pushLayout(layout, registry, 'imagegate-test/sample', ['docker'], { format: 'docker' });
    const multi = path.join(dir, 'multi');
    await writeImageArchive(multi, [platformSpec('amd64'), platformSpec('arm64', 'v8')], {
      format: 'oci-dir',
      compression: 'gzip',
      nestPlatforms: true,
    });
    await pushLayout(multi, registry, 'imagegate-test/multi', ['oci']);
    await pushLayout(multi, registry, 'imagegate-test/multi', ['docker'], { format: 'docker' });
  });
  afterAll(async () => {
    await proxy?.close();
    await registry?.stop();
  });
  beforeEach(() => proxy?.reset());

  test.each(['oci', 'docker'] as const)(
    'an image pushed with %s manifests gives the OCI layout reader’s facts',
    async (format) => {
      const reference = `${registry.host}/imagegate-test/sample:${format}`;
      const facts = await readFromRegistry(reference, { logger: new MemoryLogger(), access: access() });
      expect(comparable(facts)).toEqual(comparable(layoutFacts));
      expect(facts).toMatchObject({
        source: 'registry',
        reference,
        digest: pushedAs[format].digest,
        repoTags: [reference],
        repoDigests: [`${registry.host}/imagegate-test/sample@${pushedAs[format].digest}`],
      });
      expect(facts.compressedSize).toBeGreaterThan(0);
      const types = facts.layers.map((layer) => layer.mediaType);
      expect(new Set(types)).toEqual(
        new Set([
          format === 'oci'
            ? 'application/vnd.oci.image.layer.v1.tar+gzip'
            : 'application/vnd.docker.image.rootfs.diff.tar.gzip',
        ]),
      );
    },
  );

  test('manifests and config alone give compressed sizes and the layer list: no layer is downloaded', async () => {
    const resolved = await resolveRegistryImage(`${proxy.host}/imagegate-test/sample:oci`, {
      logger: new MemoryLogger(),
      access: access(),
    });
    expect(resolved.compressedSize).toBe(layoutFacts.compressedSize);
    expect(resolved.layers.map((layer) => layer.size)).toEqual(layoutFacts.layers.map((l) => l.compressedSize));
    expect(resolved.configDigest).toBe(layoutFacts.id);
    const blobGets = proxy.requests.filter((r) => r.method === 'GET' && r.path.includes('/blobs/') && r.status === 200);
    expect(blobGets.map((r) => r.path)).toEqual([`/v2/imagegate-test/sample/blobs/${layoutFacts.id}`]);
  });

  test('full facts download each layer blob exactly once', async () => {
    await readFromRegistry(`${proxy.host}/imagegate-test/sample:oci`, { logger: new MemoryLogger(), access: access() });
    const layerGets = proxy.requests.filter(
      (r) => r.method === 'GET' && r.status === 200 && r.path.includes('/blobs/') && !r.path.endsWith(layoutFacts.id),
    );
    expect(layerGets.map((r) => r.path).sort()).toEqual(
      layoutFacts.layers.map((layer) => `/v2/imagegate-test/sample/blobs/${layer.digest}`).sort(),
    );
  });

  test.each(['oci', 'docker'] as const)('a multi-platform %s index: platform chosen as for layouts', async (format) => {
    const reference = `${registry.host}/imagegate-test/multi:${format}`;
    const read = (platform?: string) =>
      readFromRegistry(reference, { logger: new MemoryLogger(), access: access(), ...(platform ? { platform } : {}) });
    const amd64 = await read();
    expect(amd64.platform).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(amd64.size).toBe(1000);
    const arm64 = await read('linux/arm64');
    expect(arm64.platform).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(arm64.size).toBe(2000);
    expect(arm64.digest).toBe(amd64.digest);
    const error = await rejection(read('linux/s390x'));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe(
      `${reference}: no manifest for platform linux/s390x; the index has linux/amd64, linux/arm64/v8`,
    );
  });

  test('an OCI artifact that is not an image is refused by name', async () => {
    const authorization = await registry.pushAuthorization('imagegate-test/chart');
    const config = Buffer.from('{"name":"chart","version":"1.0.0"}');
    const layer = Buffer.from('not a tar');
    await uploadBlob(registry.url, 'imagegate-test/chart', config, authorization);
    await uploadBlob(registry.url, 'imagegate-test/chart', layer, authorization);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.cncf.helm.config.v1+json', digest: sha256(config), size: config.length },
        layers: [{ mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', digest: sha256(layer), size: 9 }],
      }),
    );
    await putManifest(
      registry.url,
      'imagegate-test/chart',
      '1.0.0',
      manifest,
      'application/vnd.oci.image.manifest.v1+json',
      authorization,
    );
    const error = await rejection(
      readFromRegistry(`${registry.host}/imagegate-test/chart:1.0.0`, { logger: new MemoryLogger(), access: access() }),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/is an OCI artifact with config type application\/vnd\.cncf\.helm\.config\.v1\+json/);
  });

  test('readImage reads a registry input, by tag or pinned by digest', async () => {
    const byDigest = `${registry.host}/imagegate-test/sample@${pushedAs.oci.digest}`;
    const facts = await readImage(
      { kind: 'registry', reference: byDigest },
      {
        logger: new MemoryLogger(),
        registry: access(),
      },
    );
    expect(comparable(facts)).toEqual(comparable(layoutFacts));
    expect(facts.repoTags).toEqual([]);
  });

  describe('imagegate check --image REF --pull=never', () => {
    const saved: Record<string, string | undefined> = {};
    beforeAll(() => {
      for (const [name, value] of Object.entries(credentialsEnvironment(registry))) {
        saved[name] = process.env[name];
        if (name.startsWith('IMAGEGATE_')) process.env[name] = value;
      }
    });
    afterAll(() => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    test('reads the image from the registry when the daemon does not have it', async () => {
      const outDir = path.join(dir, 'out-check');
      const policy = path.join(dir, 'policy.yml');
      await writeFile(policy, 'version: 1\ndefaults:\n  size: {max: 1kB}\n');
      const reference = `${registry.host}/imagegate-test/sample:oci`;
      const run = await cli(
        ['check', '--image', reference, '--pull=never', '--skip-scan', '--policy', policy, '--out-dir', outDir],
        dir,
      );
      expect(run.stderr).toContain(`reading it from registry ${registry.host} (--pull=never)`);
      expect(run.code).toBe(1);
      const result = JSON.parse(await readFile(path.join(outDir, 'imagegate.json'), 'utf8')) as {
        image: {
          source: string;
          digest: string;
          size: number;
          compressedSize: number;
          contents: { totalBytes: number; efficiency: number } | null;
        };
        findings: { ruleId: string }[];
      };
      expect(result.image).toMatchObject({
        source: 'registry',
        digest: pushedAs.oci.digest,
        size: layoutFacts.size,
        compressedSize: layoutFacts.compressedSize,
      });
      expect(result.findings.map((f) => f.ruleId)).toContain('size/max');
      // Layer contents are read from the registry blobs as from any other source.
      expect(result.image.contents).toMatchObject({ totalBytes: layoutFacts.size, efficiency: 1 });
    });

    test('with no daemon to ask, the registry is read all the same', async () => {
      const savedHost = process.env.DOCKER_HOST;
      process.env.DOCKER_HOST = 'unix:///tmp/imagegate-no-such-daemon.sock';
      try {
        const reference = `${registry.host}/imagegate-test/sample:docker`;
        const run = await cli(['check', '--image', reference, '--pull=never', '--skip-scan', '--fail-on=never'], dir);
        expect(run.stderr).toContain('not readable from a Docker daemon (none is reachable)');
        expect(run.code).toBe(0);
      } finally {
        if (savedHost === undefined) delete process.env.DOCKER_HOST;
        else process.env.DOCKER_HOST = savedHost;
      }
    });

    test('a tag the registry does not have is exit 2 naming reference and registry', async () => {
      const reference = `${registry.host}/imagegate-test/sample:missing`;
      const run = await cli(['check', '--image', reference, '--pull=never', '--skip-scan'], dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${reference}: manifest not found in registry ${registry.host}`);
    });

    test('an unknown --pull value is exit 2', async () => {
      const run = await cli(['check', '--image', 'app:1', '--pull=sometimes'], dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("--pull 'sometimes': expected one of never, missing, always");
    });
  });
});
