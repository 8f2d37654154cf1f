import path from 'node:path';
import { writeImageArchive } from '../../../tools/archive/archive-writer.js';
import { readImageVex } from '../../../src/image/source/registry/read-image-vex.js';
import { isOpenVexPredicate, OPENVEX_MEDIA_TYPE } from '../../../src/image/source/registry/image-vex.js';
import { readFromRegistry } from '../../../src/image/source/registry/read-registry.js';
import { parseAttachedVex, readImageVexStage } from '../../../src/pipeline/image-vex-stage.js';
import type { Finding } from '../../../src/model/findings.js';
import { parseImageReference } from '../../../src/model/image-reference.js';
import { applyVex } from '../../../src/vex/apply-vex.js';
import { imageIdentity } from '../../../src/vex/image-identity.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import {
  credentialsEnvironment,
  describeWithRegistry,
  startRegistry,
  type TestRegistry,
} from '../../support/registry.js';
import {
  OCI_INDEX,
  OCI_MANIFEST,
  putManifest,
  pushLayout,
  sha256,
  uploadBlob,
  type Pushed,
} from '../../support/registry-push.js';
import { tempDir } from '../../support/temp.js';
import { sampleSpec } from '../support/archives.js';

/**
 * Issue 14 item 6: OpenVEX documents attached to an image in a real docker-registry (distribution 2.8, which has no
 * referrers API: the `sha256-<hex>` tag fallback is what it serves), as an OCI artifact and as a cosign in-toto
 * attestation; other artifacts, oversized blobs and broken attachments are skipped, and nothing is read unless the
 * policy asks.
 */

const dir = await tempDir('imagegate-image-vex-');
let registry: TestRegistry;
let image: Pushed;
let bare: Pushed;
const REPO = 'imagegate-test/vex';
const EMPTY = Buffer.from('{}');
const EMPTY_TYPE = 'application/vnd.oci.empty.v1+json';

const vexDocument = (id: string) => ({
  '@context': 'https://openvex.dev/ns/v0.2.0',
  '@id': `https://example.com/vex/${id}`,
  author: 'Acme Security',
  timestamp: '2026-11-01T00:00:00Z',
  version: 1,
  statements: [
    {
      vulnerability: { name: id },
      products: [{ '@id': 'pkg:oci/vex' }],
      status: 'not_affected',
      justification: 'vulnerable_code_not_in_execute_path',
    },
  ],
});

const access = () => ({ environment: credentialsEnvironment(registry) });
const logger = () => new MemoryLogger();

/** Uploads blobs and puts an OCI manifest by digest (what `oras attach` does); returns its descriptor. */
async function pushArtifact(
  auth: string,
  artifactType: string,
  layers: Array<{ bytes: Buffer; mediaType: string; annotations?: Record<string, string>; size?: number }>,
  subject: Pushed,
) {
  await uploadBlob(registry.url, REPO, EMPTY, auth);
  const descriptors = [];
  for (const layer of layers) {
    const digest = await uploadBlob(registry.url, REPO, layer.bytes, auth);
    descriptors.push({
      mediaType: layer.mediaType,
      digest,
      size: layer.size ?? layer.bytes.length,
      ...(layer.annotations ? { annotations: layer.annotations } : {}),
    });
  }
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType,
      config: { mediaType: EMPTY_TYPE, digest: sha256(EMPTY), size: EMPTY.length },
      layers: descriptors,
      subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    }),
  );
  const digest = sha256(manifest);
  await putManifest(registry.url, REPO, digest, manifest, OCI_MANIFEST, auth);
  return { mediaType: OCI_MANIFEST, artifactType, digest, size: manifest.length };
}

describeWithRegistry('OpenVEX attached to a registry image', () => {
  beforeAll(async () => {
    registry = await startRegistry();
    const auth = await registry.pushAuthorization(REPO);
    const layout = path.join(dir, 'sample');
    await writeImageArchive(layout, sampleSpec(), { format: 'oci-dir', compression: 'gzip' });
    image = await pushLayout(layout, registry, REPO, ['1']);
    const other = path.join(dir, 'other');
    await writeImageArchive(other, sampleSpec({ config: { User: '42' } }), { format: 'oci-dir', compression: 'gzip' });
    bare = await pushLayout(other, registry, REPO, ['bare']);

    // 1. An OpenVEX artifact (oras attach --artifact-type application/vnd.openvex+json).
    const openvex = await pushArtifact(
      auth,
      OPENVEX_MEDIA_TYPE,
      [{ bytes: Buffer.from(JSON.stringify(vexDocument('CVE-2024-0001'))), mediaType: OPENVEX_MEDIA_TYPE }],
      image,
    );
    // 2. An in-toto attestation with an OpenVEX predicate (the variant spelling without a version).
    const statement = {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: REPO, digest: { sha256: image.digest.slice(7) } }],
      predicateType: 'https://openvex.dev/ns',
      predicate: vexDocument('CVE-2024-0002'),
    };
    const inToto = await pushArtifact(
      auth,
      'application/vnd.in-toto+json',
      [
        {
          bytes: Buffer.from(JSON.stringify(statement)),
          mediaType: 'application/vnd.in-toto+json',
          annotations: { 'in-toto.io/predicate-type': 'https://openvex.dev/ns' },
        },
      ],
      image,
    );
    // 3. Not VEX: an SBOM attestation and an SPDX artifact are left alone.
    const sbom = await pushArtifact(
      auth,
      'application/spdx+json',
      [{ bytes: Buffer.from('{"spdxVersion":"SPDX-2.3"}'), mediaType: 'application/spdx+json' }],
      image,
    );
    // 4. Hostile: an OpenVEX artifact whose blob claims 64 MiB (never fetched: over the cap).
    const huge = await pushArtifact(
      auth,
      OPENVEX_MEDIA_TYPE,
      [{ bytes: Buffer.from('{"x":1}'), mediaType: OPENVEX_MEDIA_TYPE, size: 64 * 1024 * 1024 }],
      image,
    );
    // The referrers tag schema (OCI 1.1 fallback): an index under sha256-<hex> listing the artifacts.
    const referrers = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [openvex, inToto, sbom, huge] }),
    );
    await putManifest(registry.url, REPO, image.digest.replace(':', '-'), referrers, OCI_INDEX, auth);
    // 5. cosign attest --type openvex: a DSSE envelope under sha256-<hex>.att.
    const dsseStatement = {
      ...statement,
      predicateType: 'https://openvex.dev/ns/v0.2.0',
      predicate: vexDocument('CVE-2024-0003'),
    };
    const envelope = {
      payloadType: 'application/vnd.in-toto+json',
      payload: Buffer.from(JSON.stringify(dsseStatement)).toString('base64'),
      signatures: [{ keyid: '', sig: 'AAAA' }],
    };
    const envelopeBytes = Buffer.from(JSON.stringify(envelope));
    const envelopeDigest = await uploadBlob(registry.url, REPO, envelopeBytes, auth);
    await uploadBlob(registry.url, REPO, EMPTY, auth);
    const att = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: EMPTY_TYPE, digest: sha256(EMPTY), size: EMPTY.length },
        layers: [
          {
            mediaType: 'application/vnd.dsse.envelope.v1+json',
            digest: envelopeDigest,
            size: envelopeBytes.length,
            annotations: { predicateType: 'https://openvex.dev/ns/v0.2.0' },
          },
        ],
      }),
    );
    await putManifest(registry.url, REPO, `${image.digest.replace(':', '-')}.att`, att, OCI_MANIFEST, auth);
  });
  afterAll(async () => {
    await registry?.stop();
  });

  test('found: the OpenVEX artifact, the in-toto predicate and the cosign attestation; nothing else', async () => {
    const log = logger();
    const documents = await readImageVex(`${registry.host}/${REPO}:1`, { access: access(), logger: log });
    const ids = documents.map(
      (document) =>
        (JSON.parse(document.text) as { statements: Array<{ vulnerability: { name: string } }> }).statements[0]!
          .vulnerability.name,
    );
    expect(ids).toEqual(['CVE-2024-0001', 'CVE-2024-0002', 'CVE-2024-0003']);
    for (const document of documents) {
      expect(document.source).toMatch(new RegExp(`^${registry.host}/${REPO}@sha256:[0-9a-f]{64} \\(`));
      expect(JSON.parse(document.text)).toMatchObject({
        '@context': 'https://openvex.dev/ns/v0.2.0',
        author: 'Acme Security',
      });
    }
    expect(documents[2]!.source).toContain('(cosign attestation,');
    // The oversized blob was refused by its declared size, with a warning; the SBOM was not read at all.
    expect(log.lines.join('\n')).toContain(`imagegate reads at most ${1024 * 1024}`);
  });

  test('pinned to the digest read: a tag moved since brings no other image’s VEX', async () => {
    const documents = await readImageVex(`${registry.host}/${REPO}:bare`, {
      access: access(),
      logger: logger(),
      digest: image.digest,
    });
    expect(documents).toHaveLength(3);
    expect(await readImageVex(`${registry.host}/${REPO}:bare`, { access: access(), logger: logger() })).toEqual([]);
    expect(bare.digest).not.toBe(image.digest);
  });

  test('capped: at most maxDocuments documents are kept', async () => {
    const documents = await readImageVex(`${registry.host}/${REPO}:1`, {
      access: access(),
      logger: logger(),
      vexLimits: { maxDocuments: 1 },
    });
    expect(documents).toHaveLength(1);
  });

  test('the pipeline stage reads them only when the policy sets vulnerabilities.vexFromImage', async () => {
    const facts = await readFromRegistry(`${registry.host}/${REPO}:1`, { access: access(), logger: logger() });
    const acquired = {
      facts,
      scanInput: { kind: 'registry' as const, reference: `${registry.host}/${REPO}@${facts.digest}` },
    };
    const environment = credentialsEnvironment(registry);
    expect(await readImageVexStage(acquired, {}, { environment }, logger())).toBeUndefined();
    expect(await readImageVexStage(acquired, { vexFromImage: false }, { environment }, logger())).toBeUndefined();
    const found = await readImageVexStage(acquired, { vexFromImage: true }, { environment }, logger());
    expect(found).toHaveLength(3);
    // …and they suppress what they say, through the same matcher as the policy's own VEX files.
    const documents = parseAttachedVex(found!, logger());
    const finding = (id: string): Finding => ({
      ruleId: `vuln/${id}`,
      severity: 'high',
      message: id,
      location: { kind: 'image', image: REPO },
      fingerprint: id,
      properties: { vulnerabilityId: id },
    });
    const reference = parseImageReference(`${registry.host}/${REPO}:1`);
    const applied = applyVex([finding('CVE-2024-0001'), finding('CVE-2099-0001')], documents, {
      image: imageIdentity(facts, reference),
      imageRepository: reference.repository,
      vulnerabilityScanRan: true,
    });
    expect(applied.findings.map((each) => [each.ruleId, each.suppressedBy?.by])).toEqual([
      ['vuln/CVE-2024-0001', 'vex'],
      ['vuln/CVE-2099-0001', undefined],
    ]);
    // Not from a registry: nothing to ask, said in the log, no error.
    const log = logger();
    const local = {
      facts: { ...facts, source: 'daemon' as const },
      scanInput: { kind: 'daemon' as const, reference: 'local:1' },
    };
    expect(await readImageVexStage(local, { vexFromImage: true }, { environment }, log)).toEqual([]);
    expect(log.lines.join('\n')).toContain('not read from a registry or an OCI layout');
  });
});

describe('OpenVEX predicate types', () => {
  test('the spellings in use are accepted, look-alikes are not', () => {
    for (const type of [
      'https://openvex.dev/ns',
      'https://openvex.dev/ns/v0.2.0',
      'https://openvex.dev/ns/v0.0.1',
      'http://openvex.dev/ns/v0.2.0#statement',
    ]) {
      expect([type, isOpenVexPredicate(type)]).toEqual([type, true]);
    }
    for (const type of [
      'https://openvex.dev.evil.example/ns',
      'https://spdx.dev/Document',
      'https://openvex.dev/nsx',
      42,
      undefined,
    ]) {
      expect([type, isOpenVexPredicate(type)]).toEqual([type, false]);
    }
  });
});
