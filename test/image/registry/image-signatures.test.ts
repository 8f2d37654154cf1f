import path from 'node:path';
import { writeImageArchive } from '../../../tools/archive/archive-writer.js';
import { readImageSignatures } from '../../../src/image/source/registry/read-image-signatures.js';
import { verifyFoundSignature } from '../../../src/signature/verify-found-signature.js';
import type { Signer } from '../../../src/signature/signer-policy.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import {
  credentialsEnvironment,
  describeWithRegistry,
  startRegistry,
  type TestRegistry,
} from '../../support/registry.js';
import { OCI_MANIFEST, putManifest, pushLayout, sha256, uploadBlob, type Pushed } from '../../support/registry-push.js';
import { startRegistryProxy, type RegistryProxy } from '../../support/registry-proxy.js';
import { pushBundleReferrers, pushCosignSignatures } from '../../support/registry-signatures.js';
import { makeSigningKey, makeSigstoreKit, type SigningKey, type SigstoreKit } from '../../support/sigstore-kit.js';
import { tempDir } from '../../support/temp.js';
import { sampleSpec } from '../support/archives.js';

/**
 * Discovery of signatures on a real docker-registry (issue 15 item 2) against hostile answers: more signatures than
 * the cap, a blob whose descriptor claims 64 MiB (never downloaded), a blob the registry corrupts (digest-checked,
 * a note, the others still read), a .sig tag that is not JSON, and a bundle referrer annotated as an attestation
 * (provenance: never fetched). Plus a message-signature bundle whose artifact is the image manifest itself.
 */

const dir = await tempDir('imagegate-image-signatures-');
let registry: TestRegistry;
let proxy: RegistryProxy;
let kit: SigstoreKit;
let key: SigningKey;
const images: Record<string, Pushed> = {};

async function push(name: string): Promise<Pushed> {
  const layout = path.join(dir, name);
  await writeImageArchive(
    layout,
    sampleSpec({ config: { ...sampleSpec().config, Labels: { 'org.example.name': name } } }),
    { format: 'oci-dir', compression: 'gzip' },
  );
  images[name] = await pushLayout(layout, registry, `sig/${name}`, ['1']);
  return images[name];
}

const read = (name: string, limits?: { maxDocuments?: number }) =>
  readImageSignatures(`${proxy.host}/sig/${name}:1`, {
    logger: new MemoryLogger(),
    access: { environment: credentialsEnvironment(registry) },
    ...(limits ? { attachmentLimits: limits } : {}),
  });

describeWithRegistry('signatures found on a registry image, hostile answers included', () => {
  beforeAll(async () => {
    registry = await startRegistry();
    proxy = await startRegistryProxy(registry.url);
    kit = makeSigstoreKit();
    key = makeSigningKey('P-256');

    const many = await push('many');
    const layers = Array.from({ length: 20 }, () => kit.cosignSignature({ digest: many.digest, signer: { key } }));
    await pushCosignSignatures(registry, 'sig/many', many.digest, layers);

    // A layer whose descriptor claims 64 MiB beside a good one.
    const huge = await push('huge');
    const good = kit.cosignSignature({ digest: huge.digest, signer: { key } });
    const hugeAuth = await registry.pushAuthorization('sig/huge');
    const hugeDigest = await uploadBlob(registry.url, 'sig/huge', Buffer.from('{"x":1}'), hugeAuth);
    const goodDigest = await uploadBlob(registry.url, 'sig/huge', good.payload, hugeAuth);
    const config = Buffer.from('{}');
    const configDigest = await uploadBlob(registry.url, 'sig/huge', config, hugeAuth);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
        layers: [
          {
            mediaType: good.mediaType,
            digest: hugeDigest,
            size: 64 * 1024 * 1024,
            annotations: good.annotations,
          },
          { mediaType: good.mediaType, digest: goodDigest, size: good.payload.length, annotations: good.annotations },
        ],
      }),
    );
    await putManifest(
      registry.url,
      'sig/huge',
      `${huge.digest.replace(':', '-')}.sig`,
      manifest,
      OCI_MANIFEST,
      hugeAuth,
    );

    // A .sig tag whose layer is no simple-signing payload (another media type): skipped, never downloaded.
    const empty = await push('no-layers');
    const otherAuth = await registry.pushAuthorization('sig/no-layers');
    const blob = Buffer.from('not a payload');
    const blobDigest = await uploadBlob(registry.url, 'sig/no-layers', blob, otherAuth);
    const cfg = Buffer.from('{}');
    const cfgDigest = await uploadBlob(registry.url, 'sig/no-layers', cfg, otherAuth);
    await putManifest(
      registry.url,
      'sig/no-layers',
      `${empty.digest.replace(':', '-')}.sig`,
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: OCI_MANIFEST,
          config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: cfgDigest, size: cfg.length },
          layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: blobDigest, size: blob.length }],
        }),
      ),
      OCI_MANIFEST,
      otherAuth,
    );

    // A bundle referrer annotated as a provenance attestation, and a message-signature bundle over the manifest.
    const bundled = await push('bundled');
    const manifestBytes = Buffer.from(
      await (
        await fetch(`${registry.url}/v2/sig/bundled/manifests/${bundled.digest}`, {
          headers: { authorization: await registry.pushAuthorization('sig/bundled'), accept: bundled.mediaType },
        })
      ).arrayBuffer(),
    );
    expect(sha256(manifestBytes)).toBe(bundled.digest);
    await pushBundleReferrers(registry, 'sig/bundled', bundled, [
      {
        bundle: kit.sigstoreBundle({ content: { artifact: Buffer.from('provenance') }, signer: { key } }),
        annotations: { 'dev.sigstore.bundle.predicateType': 'https://slsa.dev/provenance/v1' },
      },
      { bundle: kit.sigstoreBundle({ content: { artifact: manifestBytes }, signer: { key } }) },
    ]);
  }, 120_000);

  afterAll(async () => {
    await proxy?.close();
    await registry?.stop();
  });

  test('more signatures than the cap: the first 16 are read, no more', async () => {
    proxy.requests.length = 0;
    const found = await read('many');
    expect(found.signatures).toHaveLength(16);
    expect(found.notes).toEqual([]);
    const blobs = proxy.requests.filter((request) => request.path.includes('/blobs/') && request.status === 200);
    expect(blobs).toHaveLength(16);
  });

  test('a blob over the size cap is never downloaded; the good one beside it is read', async () => {
    proxy.requests.length = 0;
    const found = await read('huge');
    expect(found.signatures).toHaveLength(1);
    expect(found.notes).toEqual([
      expect.stringMatching(
        /\(layer 1, blob sha256:[0-9a-f]{64}\) is 67108864 bytes; imagegate reads at most 1048576$/,
      ),
    ]);
    expect(proxy.requests.filter((request) => request.path.includes('/blobs/'))).toHaveLength(1);
  });

  test('a blob the registry corrupts is a note naming the digest check; nothing of it is used', async () => {
    const layer = kit.cosignSignature({ digest: images.many!.digest, signer: { key } });
    proxy.corruptBlob(sha256(layer.payload));
    await pushCosignSignatures(registry, 'sig/many', images.many!.digest, [layer]);
    try {
      const found = await read('many');
      expect(found.signatures).toEqual([]);
      expect(found.notes).toHaveLength(1);
      expect(found.notes[0]).toMatch(/^the cosign signature tag sha256-[0-9a-f]{64}\.sig could not be read: .*sha256/);
    } finally {
      proxy.reset();
    }
  });

  test('a registry that refuses the .sig tag and the referrers: two notes, no signature, no throw', async () => {
    proxy.fail((_, requestPath) => requestPath.endsWith('.sig') || requestPath.includes('/referrers/'), 10, 403);
    proxy.fail((_, requestPath) => /\/manifests\/sha256-[0-9a-f]{64}$/.test(requestPath), 10, 403);
    try {
      const found = await read('many');
      expect(found.signatures).toEqual([]);
      expect(found.notes.map((note) => note.replace(/sha256[-:][0-9a-f]{64}/g, '<d>').split(':')[0])).toEqual([
        'the cosign signature tag <d>.sig could not be read',
        'the referrers of <d> could not be read',
      ]);
    } finally {
      proxy.reset();
    }
  });

  test('a .sig manifest without simple-signing layers yields no signature, no download and no error', async () => {
    proxy.requests.length = 0;
    const found = await read('no-layers');
    expect(proxy.requests.filter((request) => request.path.includes('/blobs/'))).toEqual([]);
    expect(found.signatures).toEqual([]);
    expect(found.notes).toEqual([]);
  });

  test('a bundle annotated as an attestation is not fetched; a message-signature bundle over the manifest verifies', async () => {
    proxy.requests.length = 0;
    const found = await read('bundled');
    expect(found.signatures.map((signature) => signature.kind)).toEqual(['bundle']);
    expect(found.manifest && sha256(found.manifest)).toBe(images.bundled!.digest);
    const signers: Signer[] = [{ kind: 'key', key: key.publicKey, label: 'keys/test.pub' }];
    const outcome = verifyFoundSignature(
      found.signatures[0]!,
      found.digest,
      { signers, trust: kit.trustRoot },
      found.manifest,
    );
    expect(outcome).toEqual({ status: 'verified', signer: 'key keys/test.pub' });
    // Against another image's digest the same bundle is invalid, naming both digests.
    const other = verifyFoundSignature(
      found.signatures[0]!,
      images.many!.digest,
      { signers, trust: kit.trustRoot },
      found.manifest,
    );
    expect(other.status).toBe('invalid');
  });
});
