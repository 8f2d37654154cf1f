import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeImageArchive } from '../../../tools/archive/archive-writer.js';
import { RegistryClient, type RegistryClientOptions } from '../../../src/image/source/registry/registry-client.js';
import { ConfigurationError, ToolError } from '../../../src/util/errors.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import {
  credentialsEnvironment,
  describeWithRegistry,
  startRegistry,
  type TestRegistry,
} from '../../support/registry.js';
import { startRegistryProxy, type RegistryProxy } from '../../support/registry-proxy.js';
import { pushLayout, type Pushed } from '../../support/registry-push.js';
import { tempDir } from '../../support/temp.js';
import { sampleSpec } from '../support/archives.js';
import { rejection } from '../../support/rejection.js';

/** The distribution client against a real docker-registry with htpasswd (Basic) auth, directly and via a proxy. */

const dir = await tempDir('imagegate-registry-client-');
let registry: TestRegistry;
let proxy: RegistryProxy;
let pushed: Pushed;
let layers: { digest: string; size: number }[];
const repository = 'imagegate-test/client';

function options(
  overrides: Partial<Omit<RegistryClientOptions, 'logger'>> = {},
): RegistryClientOptions & { logger: MemoryLogger } {
  return { logger: new MemoryLogger(), environment: credentialsEnvironment(registry), ...overrides };
}

describeWithRegistry('registry client (docker-registry, htpasswd)', () => {
  beforeAll(async () => {
    registry = await startRegistry();
    proxy = await startRegistryProxy(registry.url);
    const layout = path.join(dir, 'layout');
    await writeImageArchive(layout, sampleSpec(), { format: 'oci-dir', compression: 'gzip' });
    pushed = await pushLayout(layout, registry, repository, ['1', '1.1', 'latest']);
    const manifest = await (
      await fetch(`${registry.url}/v2/${repository}/manifests/1`, {
        headers: { authorization: await registry.pushAuthorization(repository), accept: pushed.mediaType },
      })
    ).json();
    layers = (manifest as { layers: { digest: string; size: number }[] }).layers;
  });
  afterAll(async () => {
    await proxy?.close();
    await registry?.stop();
  });
  beforeEach(() => proxy?.reset());

  test('Basic auth: manifest by tag and by digest, HEAD digest, tag list', async () => {
    const opts = options();
    const client = await RegistryClient.open(registry.host, opts);
    try {
      const manifest = await client.getManifest(repository, '1');
      expect(manifest).toMatchObject({ digest: pushed.digest, kind: 'manifest', mediaType: pushed.mediaType });
      expect((await client.getManifest(repository, pushed.digest)).bytes).toEqual(manifest.bytes);
      expect(await client.headManifest(repository, 'latest')).toEqual({
        digest: pushed.digest,
        mediaType: pushed.mediaType,
        size: manifest.size,
      });
      expect((await client.listTags(repository)).sort()).toEqual(['1', '1.1', 'latest']);
      expect(client.credentialSource).toBe('IMAGEGATE_REGISTRY_USERNAME/IMAGEGATE_REGISTRY_PASSWORD');
    } finally {
      client.close();
    }
    expect(opts.logger.lines.join('\n')).not.toContain(registry.password);
  });

  test('anonymous: the 401 names the registry, the reference and how to give credentials (exit 2)', async () => {
    const client = await RegistryClient.open(registry.host, options({ environment: { HOME: '/nonexistent' } }));
    const error = await rejection(client.getManifest(repository, '1'));
    client.close();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain(
      `${registry.host}/${repository}:1: registry ${registry.host} requires authentication`,
    );
    expect(error.message).toContain('IMAGEGATE_REGISTRY_USERNAME and IMAGEGATE_REGISTRY_PASSWORD');
    expect(error.message).toContain('UNAUTHORIZED');
  });

  test('a wrong password is a configuration error naming where the credentials came from', async () => {
    const environment = { ...credentialsEnvironment(registry), IMAGEGATE_REGISTRY_PASSWORD: 'wrong-password' };
    const client = await RegistryClient.open(registry.host, options({ environment }));
    const error = await rejection(client.getManifest(repository, '1'));
    client.close();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(
      /did not accept the credentials from IMAGEGATE_REGISTRY_USERNAME\/IMAGEGATE_REGISTRY_PASSWORD/,
    );
    expect(error.message).not.toContain('wrong-password');
  });

  test('only one of the two variables set is a configuration error', async () => {
    const error = await rejection(
      RegistryClient.open(registry.host, options({ environment: { IMAGEGATE_REGISTRY_USERNAME: 'someone' } })),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/IMAGEGATE_REGISTRY_USERNAME is set but IMAGEGATE_REGISTRY_PASSWORD is not/);
  });

  test('a tag that does not exist is a configuration error (exit 2) naming reference and registry', async () => {
    const client = await RegistryClient.open(registry.host, options());
    const error = await rejection(client.getManifest(repository, 'nope'));
    const head = await rejection(client.headManifest(repository, 'nope'));
    client.close();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe(
      `${registry.host}/${repository}:nope: manifest not found in registry ${registry.host} ` +
        '(MANIFEST_UNKNOWN: manifest unknown)',
    );
    expect(head).toBeInstanceOf(ConfigurationError);
  });

  test("credentials from Docker's config: auths with base64 auth", async () => {
    const home = path.join(dir, 'docker-home');
    await mkdir(path.join(home, '.docker'), { recursive: true });
    const auth = Buffer.from(`${registry.username}:${registry.password}`).toString('base64');
    await writeFile(
      path.join(home, '.docker', 'config.json'),
      JSON.stringify({ auths: { [`http://${registry.host}/v2/`]: { auth } } }),
    );
    const client = await RegistryClient.open(registry.host, options({ environment: { HOME: home } }));
    expect((await client.getManifest(repository, '1')).digest).toBe(pushed.digest);
    expect(client.credentialSource).toBe(path.join(home, '.docker', 'config.json'));
    client.close();
  });

  test("credentials from a credential helper named by Docker's config (server URL on stdin)", async () => {
    const config = path.join(dir, 'helper-config');
    const bin = path.join(dir, 'helper-bin');
    await mkdir(config, { recursive: true });
    await mkdir(bin, { recursive: true });
    await writeFile(path.join(config, 'config.json'), JSON.stringify({ credHelpers: { [registry.host]: 'itest' } }));
    const helper = path.join(bin, 'docker-credential-itest');
    // A stand-in for a real helper: answers for exactly the server URL docker would send, nothing else.
    await writeFile(
      helper,
      `#!/bin/sh\n[ "$1" = get ] || exit 2\nread server\nif [ "$server" = "${registry.host}" ]; then\n` +
        `  printf '{"ServerURL":"%s","Username":"${registry.username}","Secret":"${registry.password}"}' "$server"\n` +
        `else\n  echo "credentials not found in native keychain"; exit 1\nfi\n`,
    );
    await chmod(helper, 0o755);
    const environment = { DOCKER_CONFIG: config, PATH: `${bin}:${process.env.PATH ?? ''}` };
    const opts = options({ environment });
    const client = await RegistryClient.open(registry.host, opts);
    expect((await client.getManifest(repository, '1')).digest).toBe(pushed.digest);
    expect(client.credentialSource).toMatch(/^docker-credential-itest/);
    client.close();
    expect(opts.logger.lines.join('\n')).not.toContain(registry.password);

    const missing = { DOCKER_CONFIG: config, PATH: '/nonexistent-bin' };
    const anonymous = await RegistryClient.open(registry.host, options({ environment: missing }));
    const error = await rejection(anonymous.getManifest(repository, '1'));
    anonymous.close();
    expect(error.message).toContain('names credential helper docker-credential-itest, which is not installed');
  });

  test('config and layer blobs: read whole or streamed, size and digest verified', async () => {
    const client = await RegistryClient.open(registry.host, options());
    const manifest = (await client.getManifest(repository, '1')).body as {
      config: { digest: string; size: number };
    };
    const config = await client.readBlob(repository, manifest.config, 'image config');
    expect(JSON.parse(config.toString('utf8'))).toMatchObject({ architecture: 'amd64', os: 'linux' });
    const layer = layers[0] as { digest: string; size: number };
    let total = 0;
    for await (const chunk of client.blobStream(repository, layer, 'layer')) total += chunk.length;
    expect(total).toBe(layer.size);
    const wrong = await rejection(client.readBlob(repository, { ...manifest.config, digest: layer.digest }, 'config'));
    expect(wrong).toBeInstanceOf(ToolError);
    client.close();
  });

  describe('through a misbehaving proxy', () => {
    const open = (overrides: Partial<Omit<RegistryClientOptions, 'logger'>> = {}) =>
      RegistryClient.open(proxy.host, options(overrides));

    test('429 with Retry-After, then 200: retried after the time asked', async () => {
      proxy.fail((method, p) => method === 'GET' && p.includes('/manifests/'), 2, 429, { 'retry-after': '1' });
      const started = Date.now();
      const client = await open();
      expect((await client.getManifest(repository, '1')).digest).toBe(pushed.digest);
      client.close();
      expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
      expect(proxy.requests.filter((r) => r.status === 429)).toHaveLength(2);
    });

    test('503 then 200 is retried with backoff; a registry that keeps failing is a tool error (exit 3)', async () => {
      const waits: number[] = [];
      const sleep = async (ms: number) => void waits.push(ms);
      proxy.fail((_m, p) => p.endsWith('/tags/list'), 1, 503);
      const client = await open({ sleep, retry: { attempts: 3, baseDelayMs: 100 } });
      expect((await client.listTags(repository)).length).toBe(3);
      expect(waits).toHaveLength(1);
      expect(waits[0]).toBeGreaterThanOrEqual(50);

      proxy.fail((_m, p) => p.endsWith('/tags/list'), 10, 503);
      const error = await rejection(client.listTags(repository));
      client.close();
      expect(error).toBeInstanceOf(ToolError);
      expect(error.message).toMatch(
        `registry ${proxy.host} failed with HTTP 503 for GET /v2/${repository}/tags/list after 3 attempts`,
      );
    });

    test('a Retry-After longer than imagegate waits fails at once, saying so', async () => {
      proxy.fail(() => true, 1, 429, { 'retry-after': '3600' });
      const client = await open();
      const error = await rejection(client.getManifest(repository, '1'));
      client.close();
      expect(error).toBeInstanceOf(ToolError);
      expect(error.message).toMatch(/429 Too Many Requests .* it asks to wait 3600 s, longer than imagegate waits/);
      expect(proxy.requests).toHaveLength(1);
    });

    test('tags paged with Link headers are all collected, page by page', async () => {
      proxy.pageTags = true;
      const client = await open();
      const pages: string[][] = [];
      for await (const page of client.tagPages(repository, { pageSize: 2 })) pages.push(page);
      client.close();
      expect(pages).toEqual([['1', '1.1'], ['latest']]);
      const listRequests = proxy.requests.filter((r) => r.path.includes('/tags/list') && r.status === 200);
      expect(listRequests.map((r) => r.path)).toEqual([
        `/v2/${repository}/tags/list?n=2`,
        `/v2/${repository}/tags/list?n=2&last=1.1`,
      ]);
    });

    test('a blob cut mid-stream resumes with a Range request and still verifies', async () => {
      const layer = layers[0] as { digest: string; size: number };
      proxy.cutBlob(layer.digest, Math.floor(layer.size / 2));
      const opts = options();
      const client = await RegistryClient.open(proxy.host, opts);
      const chunks: Buffer[] = [];
      for await (const chunk of client.blobStream(repository, layer, 'layer')) chunks.push(chunk);
      client.close();
      expect(Buffer.concat(chunks).length).toBe(layer.size);
      const ranged = proxy.requests.filter((r) => r.path.endsWith(layer.digest) && r.range);
      // Resumed from what arrived before the cut (bytes in flight when the socket died are lost, not skipped).
      expect(ranged).toHaveLength(1);
      const offset = Number(/^bytes=(\d+)-$/.exec(ranged[0]?.range ?? '')?.[1]);
      expect(offset).toBeGreaterThan(0);
      expect(offset).toBeLessThanOrEqual(Math.floor(layer.size / 2));
      expect(opts.logger.lines.join('\n')).toMatch(/resuming at byte/);
    });

    test('a corrupted blob is a digest mismatch, not data', async () => {
      const layer = layers[0] as { digest: string; size: number };
      proxy.corruptBlob(layer.digest);
      const client = await open();
      const read = async () => {
        for await (const chunk of client.blobStream(repository, layer, 'layer')) void chunk;
      };
      const error = await rejection(read());
      client.close();
      expect(error).toBeInstanceOf(ToolError);
      expect(error.message).toMatch(/served a layer for .* that hashes to sha256:/);
    });

    test('concurrency is limited per client', async () => {
      proxy.delayMs = 50;
      const client = await open({ concurrency: 2 });
      const heads = await Promise.all(Array.from({ length: 12 }, () => client.headManifest(repository, '1')));
      client.close();
      expect(new Set(heads.map((head) => head.digest))).toEqual(new Set([pushed.digest]));
      expect(proxy.maxInFlight).toBeLessThanOrEqual(2);
      expect(proxy.maxInFlight).toBe(2);
    });
  });

  test('the catalog is paged by the real registry with Link headers', async () => {
    await pushLayout(path.join(dir, 'layout'), registry, 'imagegate-test/other', ['1']);
    const client = await RegistryClient.open(registry.host, options());
    const pages: string[][] = [];
    for await (const page of client.catalogPages({ pageSize: 1 })) pages.push(page);
    client.close();
    expect(pages).toEqual([['imagegate-test/client'], ['imagegate-test/other']]);
  });
});
