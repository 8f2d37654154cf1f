import { generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import { publicKeyPem, verifyEnvelope, type DsseEnvelope } from '../../src/attest/dsse.js';
import { VSA_PREDICATE_TYPE, type InTotoStatement } from '../../src/attest/vsa-statement.js';
import { findAttachments, registryArtifacts } from '../../src/image/source/registry/attachments.js';
import { RegistryClient } from '../../src/image/source/registry/registry-client.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { cli } from '../support/cli.js';
import { credentialsEnvironment, describeWithRegistry, startRegistry, type TestRegistry } from '../support/registry.js';
import { startRegistryProxy, type RegistryProxy } from '../support/registry-proxy.js';
import { OCI_INDEX, pushLayout, putManifest, type Pushed } from '../support/registry-push.js';
import { tempDir } from '../support/temp.js';
import { sampleSpec } from '../image/support/archives.js';

/**
 * Issue 15 item 5, `--attest-push`: the signed verification summary attached to the image in a real docker-registry
 * (distribution 2.8, no referrers API, so the `sha256-<hex>` tag-fallback index is what gets updated), read back the
 * way admission controllers find it (the attachment walk through the fallback tag), its DSSE signature verified with
 * the public key; a registry that refuses the push is exit 3 naming the request and status, after the files exist.
 */

const KEY_ENV = 'IMAGEGATE_TEST_PUSH_ATTEST_KEY';
const REPO = 'imagegate-test/attested';
const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const root = await tempDir('imagegate-attest-push-');

const VSA_KIND = {
  label: 'verification summary',
  acceptsPredicate: (type: unknown) => type === VSA_PREDICATE_TYPE,
  keep: (statement: Record<string, unknown>) => JSON.stringify(statement),
};

const saved: Record<string, string | undefined> = {};
function setEnv(values: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(values)) {
    if (!(name in saved)) saved[name] = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
    delete saved[name];
  }
});

async function workspace(): Promise<string> {
  const dir = await mkdtemp(path.join(root, 'ws-'));
  await writeFile(path.join(dir, '.imagegate.yml'), 'version: 1\ngate: { failOn: never }\n');
  return dir;
}

const attestCheck = (dir: string, reference: string) =>
  cli(
    [
      ...['check', '--image', reference, '--pull=never', '--skip-scan', '--skip-compose', '--out-dir', 'out'],
      ...['--attest', '--attest-key', `env:${KEY_ENV}`, '--attest-push'],
    ],
    dir,
  );

async function pushSample(registry: TestRegistry, tag: string): Promise<Pushed> {
  const layout = path.join(root, `layout-${tag}`);
  await writeImageArchive(layout, sampleSpec(), { format: 'oci-dir', compression: 'gzip' });
  return pushLayout(layout, registry, REPO, [tag]);
}

describeWithRegistry('--attest-push to a registry with credentials (htpasswd)', () => {
  let registry: TestRegistry;
  let image: Pushed;
  beforeAll(async () => {
    registry = await startRegistry();
    image = await pushSample(registry, '1');
  });
  afterAll(async () => {
    await registry.stop();
  });

  test('attaches the summary through the tag fallback; it reads back and verifies with the public key', async () => {
    setEnv({ ...credentialsEnvironment(registry), [KEY_ENV]: key.export({ type: 'pkcs8', format: 'pem' }).toString() });
    const dir = await workspace();
    const run = await attestCheck(dir, `${registry.host}/${REPO}:1`);
    expect(run.stderr).toContain(`--attest-push: attached the summary to ${registry.host}/${REPO}@${image.digest}`);
    expect(run.stderr).toContain(
      `tag ${image.digest.replace(':', '-')} updated; also under cosign's ${image.digest.replace(':', '-')}.att`,
    );
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(registry.password);

    // The fallback index, as the registry holds it: one DSSE artifact annotated with the VSA predicate type.
    const auth = await registry.pushAuthorization(REPO);
    const response = await fetch(`${registry.url}/v2/${REPO}/manifests/${image.digest.replace(':', '-')}`, {
      headers: { authorization: auth, accept: OCI_INDEX },
    });
    expect(response.status).toBe(200);
    const index = (await response.json()) as { manifests: Record<string, unknown>[] };
    expect(index.manifests).toHaveLength(1);
    expect(index.manifests[0]).toMatchObject({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactType: 'application/vnd.dsse.envelope.v1+json',
      annotations: { 'in-toto.io/predicate-type': VSA_PREDICATE_TYPE },
    });
    const artifact = (await (
      await fetch(`${registry.url}/v2/${REPO}/manifests/${index.manifests[0]!.digest as string}`, {
        headers: { authorization: auth, accept: 'application/vnd.oci.image.manifest.v1+json' },
      })
    ).json()) as { subject: { digest: string; size: number }; layers: { mediaType: string; digest: string }[] };
    const artifactLayerDigest = artifact.layers[0]!.digest;
    expect(artifact.subject).toEqual({ mediaType: image.mediaType, digest: image.digest, size: image.size });
    expect(artifact.layers.map((layer) => layer.mediaType)).toEqual(['application/vnd.dsse.envelope.v1+json']);

    // Read back as a consumer does: the referrers walk (API absent here, so the tag fallback), then the signature.
    const client = await RegistryClient.open(registry.host, {
      logger: new MemoryLogger(),
      environment: credentialsEnvironment(registry),
    });
    try {
      const found = await findAttachments(VSA_KIND, registryArtifacts(client, REPO, 'summary'), [image.digest], {
        logger: new MemoryLogger(),
      });
      // Found both ways consumers look: the referrer (through the tag fallback) and cosign's .att tag.
      expect(found.map((document) => /\((referrer artifact|cosign attestation),/.exec(document.source)?.[1])).toEqual([
        'referrer artifact',
        'cosign attestation',
      ]);
      expect(found[1]!.envelope).toBe(found[0]!.envelope);
      const envelope = JSON.parse(found[0]!.envelope!) as DsseEnvelope;
      expect(verifyEnvelope(envelope, publicKeyPem(key))).toBe(true);
      const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      expect(verifyEnvelope(envelope, publicKeyPem(other))).toBe(false);
      const statement = JSON.parse(found[0]!.text) as InTotoStatement;
      expect(statement.subject).toEqual([
        { name: `${registry.host}/${REPO}`, digest: { sha256: image.digest.slice('sha256:'.length) } },
      ]);
      expect(statement.predicate.verificationResult).toBe('PASSED');
      // The pushed envelope is the one written to the out dir.
      const written = JSON.parse(await readFile(path.join(dir, 'out', 'imagegate.vsa.dsse.json'), 'utf8')) as unknown;
      expect(envelope).toEqual(written);
    } finally {
      client.close();
    }

    // A second run adds its summary beside the first: the fallback index keeps what was there.
    const again = await attestCheck(await workspace(), `${registry.host}/${REPO}@${image.digest}`);
    expect(again.code).toBe(0);
    const after = (await (
      await fetch(`${registry.url}/v2/${REPO}/manifests/${image.digest.replace(':', '-')}`, {
        headers: { authorization: auth, accept: OCI_INDEX },
      })
    ).json()) as { manifests: { digest: string }[] };
    expect(after.manifests).toHaveLength(2);
    expect(after.manifests[0]!.digest).toBe(index.manifests[0]!.digest);

    // cosign's attestation tag (what Kyverno and policy-controller read) lists both envelopes, first one kept.
    const att = (await (
      await fetch(`${registry.url}/v2/${REPO}/manifests/${image.digest.replace(':', '-')}.att`, {
        headers: { authorization: auth, accept: 'application/vnd.oci.image.manifest.v1+json' },
      })
    ).json()) as { layers: { mediaType: string; digest: string; annotations: Record<string, string> }[] };
    expect(att.layers).toHaveLength(2);
    expect(att.layers[0]).toMatchObject({
      mediaType: 'application/vnd.dsse.envelope.v1+json',
      digest: artifactLayerDigest,
      annotations: { 'dev.cosignproject.cosign/signature': '', predicateType: VSA_PREDICATE_TYPE },
    });
  });

  test('something other than an index under the fallback tag is not replaced: exit 3 naming it', async () => {
    const layout = path.join(root, 'layout-other');
    await writeImageArchive(layout, sampleSpec({ config: { User: '7' } }), { format: 'oci-dir', compression: 'gzip' });
    const other = await pushLayout(layout, registry, REPO, ['other']);
    const auth = await registry.pushAuthorization(REPO);
    const squatter = await fetch(`${registry.url}/v2/${REPO}/manifests/${image.digest}`, {
      headers: { authorization: auth, accept: image.mediaType },
    });
    const tag = other.digest.replace(':', '-');
    await putManifest(registry.url, REPO, tag, Buffer.from(await squatter.arrayBuffer()), image.mediaType, auth);
    setEnv({ ...credentialsEnvironment(registry), [KEY_ENV]: key.export({ type: 'pkcs8', format: 'pem' }).toString() });
    const run = await attestCheck(await workspace(), `${registry.host}/${REPO}:other`);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `${registry.host}/${REPO}:${tag} is not an image index; imagegate does not replace it`,
    );
  });

  test('--attest-push without --attest is a configuration error', async () => {
    const run = await cli(['check', '--image', `${registry.host}/${REPO}:1`, '--attest-push'], await workspace());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--attest-push is set but --attest is not');
  });
});

describeWithRegistry('--attest-push to a registry that lets anyone pull but not push (token auth)', () => {
  let registry: TestRegistry;
  let image: Pushed;
  beforeAll(async () => {
    registry = await startRegistry({ auth: 'token', publicRepositories: [REPO] });
    image = await pushSample(registry, '1');
  });
  afterAll(async () => {
    await registry.stop();
  });

  test('is exit 3 naming the refused request and its status, after the reports and the envelope are written', async () => {
    const dockerConfig = path.join(root, 'empty-docker-config');
    await mkdir(dockerConfig, { recursive: true });
    setEnv({
      IMAGEGATE_REGISTRY_USERNAME: undefined,
      IMAGEGATE_REGISTRY_PASSWORD: undefined,
      DOCKER_CONFIG: dockerConfig,
      [KEY_ENV]: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    const dir = await workspace();
    const run = await attestCheck(dir, `${registry.host}/${REPO}:1`);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `--attest-push could not attach the summary to ${registry.host}/${REPO}@${image.digest}`,
    );
    expect(run.stderr).toMatch(new RegExp(`answered HTTP 401 to POST /v2/${REPO}/blobs/uploads/`));
    expect(run.stderr).toContain('pushing needs credentials with push access');
    await expect(readFile(path.join(dir, 'out', 'imagegate.json'), 'utf8')).resolves.toContain('"verdict"');
    const envelope = JSON.parse(
      await readFile(path.join(dir, 'out', 'imagegate.vsa.dsse.json'), 'utf8'),
    ) as DsseEnvelope;
    expect(verifyEnvelope(envelope, publicKeyPem(key))).toBe(true);
  });
});

describeWithRegistry('--attest-push to a registry with the referrers API (OCI-Subject answered)', () => {
  let registry: TestRegistry;
  let proxy: RegistryProxy;
  let image: Pushed;
  beforeAll(async () => {
    registry = await startRegistry();
    image = await pushSample(registry, '1');
    proxy = await startRegistryProxy(registry.url);
    proxy.referrersApi = true;
  });
  afterAll(async () => {
    await proxy.close();
    await registry.stop();
  });

  test('leaves the tag fallback alone: the registry indexes the referrer itself', async () => {
    setEnv({ ...credentialsEnvironment(registry), [KEY_ENV]: key.export({ type: 'pkcs8', format: 'pem' }).toString() });
    const run = await attestCheck(await workspace(), `${proxy.host}/${REPO}:1`);
    expect(run.stderr).toContain('(indexed by the registry;');
    expect(run.code).toBe(0);
    const tag = image.digest.replace(':', '-');
    expect(
      proxy.requests.some((request) => request.method === 'PUT' && request.path.endsWith(`/manifests/${tag}`)),
    ).toBe(false);
    const auth = await registry.pushAuthorization(REPO);
    const fallback = await fetch(`${registry.url}/v2/${REPO}/manifests/${tag}`, {
      headers: { authorization: auth, accept: OCI_INDEX },
    });
    expect(fallback.status).toBe(404);
  });

  test('an upload Location on another origin is refused (credentials go to the registry only): exit 3', async () => {
    proxy.referrersApi = false; // the proxy now passes the registry's own Location through unchanged
    setEnv({ ...credentialsEnvironment(registry), [KEY_ENV]: key.export({ type: 'pkcs8', format: 'pem' }).toString() });
    const before = proxy.requests.length;
    const run = await attestCheck(await workspace(), `${proxy.host}/${REPO}:1`);
    proxy.referrersApi = true;
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`a Location on another origin (${registry.url})`);
    // The upload stopped at the refusal: no PUT of the blob followed.
    expect(proxy.requests.slice(before).filter((request) => request.method === 'PUT')).toEqual([]);
  });
});
