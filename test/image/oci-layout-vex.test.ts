import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import { readOciLayoutVex } from '../../src/image/source/oci-layout-vex.js';
import { readOciLayout } from '../../src/image/source/oci-layout.js';
import { readImageVexStage } from '../../src/pipeline/image-vex-stage.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { sha256 } from '../support/registry-push.js';
import { tempDir } from '../support/temp.js';
import { sampleSpec } from './support/archives.js';

/**
 * Issue 14 item 6 for OCI layouts: referrers kept in the layout (`oras copy -r --to-oci-layout`) as manifests in
 * index.json with a `subject`, and cosign's `.att` tag; a tampered blob is skipped with a warning.
 */

const root = await tempDir('imagegate-layout-vex-');
const OPENVEX = 'application/vnd.openvex+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const EMPTY = Buffer.from('{}');

const vex = (id: string) =>
  JSON.stringify({
    '@context': 'https://openvex.dev/ns/v0.2.0',
    '@id': `https://example.com/vex/${id}`,
    author: 'Acme',
    timestamp: '2026-11-01T00:00:00Z',
    version: 1,
    statements: [{ vulnerability: { name: id }, products: [{ '@id': 'pkg:oci/x' }], status: 'fixed' }],
  });

async function addBlob(layout: string, bytes: Buffer): Promise<string> {
  const digest = sha256(bytes);
  await writeFile(path.join(layout, 'blobs', 'sha256', digest.slice(7)), bytes);
  return digest;
}

async function layoutWithVex(name: string, tamper = false) {
  const layout = path.join(root, name);
  await writeImageArchive(layout, sampleSpec(), { format: 'oci-dir', compression: 'gzip' });
  const facts = await readOciLayout(layout, { logger: new MemoryLogger() });
  const index = JSON.parse(await readFile(path.join(layout, 'index.json'), 'utf8')) as {
    manifests: Array<Record<string, unknown>>;
  };
  const image = index.manifests[0]!;
  const emptyDigest = await addBlob(layout, EMPTY);
  const vexBytes = Buffer.from(vex('CVE-2024-1111'));
  const vexDigest = await addBlob(layout, vexBytes);
  if (tamper) await writeFile(path.join(layout, 'blobs', 'sha256', vexDigest.slice(7)), vex('CVE-2024-6666'));
  const artifact = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: OPENVEX,
      config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: emptyDigest, size: 2 },
      layers: [{ mediaType: OPENVEX, digest: vexDigest, size: vexBytes.length }],
      subject: { mediaType: image.mediaType, digest: image.digest, size: image.size },
    }),
  );
  const artifactDigest = await addBlob(layout, artifact);
  // cosign attest --type openvex, saved with `cosign save`: the .att tag holds a DSSE envelope.
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    predicateType: 'https://openvex.dev/ns/v0.2.0',
    predicate: JSON.parse(vex('CVE-2024-2222')) as unknown,
  };
  const envelope = Buffer.from(
    JSON.stringify({
      payloadType: 'application/vnd.in-toto+json',
      payload: Buffer.from(JSON.stringify(statement)).toString('base64'),
      signatures: [],
    }),
  );
  const envelopeDigest = await addBlob(layout, envelope);
  const att = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: emptyDigest, size: 2 },
      layers: [{ mediaType: 'application/vnd.dsse.envelope.v1+json', digest: envelopeDigest, size: envelope.length }],
    }),
  );
  const attDigest = await addBlob(layout, att);
  index.manifests.push(
    { mediaType: OCI_MANIFEST, digest: artifactDigest, size: artifact.length, artifactType: OPENVEX },
    {
      mediaType: OCI_MANIFEST,
      digest: attDigest,
      size: att.length,
      annotations: { 'org.opencontainers.image.ref.name': `${String(image.digest).replace(':', '-')}.att` },
    },
  );
  await writeFile(path.join(layout, 'index.json'), JSON.stringify(index));
  return { layout, digest: String(image.digest), factsDigest: facts.digest! };
}

const names = (documents: Array<{ text: string }>) =>
  documents.map(
    (d) =>
      (JSON.parse(d.text) as { statements: Array<{ vulnerability: { name: string } }> }).statements[0]!.vulnerability
        .name,
  );

describe('OpenVEX attached to an image in an OCI layout', () => {
  test('the referrer with a subject and the cosign attestation are found', async () => {
    const { layout, digest, factsDigest } = await layoutWithVex('plain');
    expect(factsDigest).toBe(digest);
    const documents = await readOciLayoutVex(layout, digest, { logger: new MemoryLogger() });
    expect(names(documents)).toEqual(['CVE-2024-1111', 'CVE-2024-2222']);
    expect(documents[0]!.source).toContain(`${layout}@sha256:`);
  });

  test('a tampered blob (its bytes do not hash to its digest) is skipped with a warning', async () => {
    const { layout, digest } = await layoutWithVex('tampered', true);
    const logger = new MemoryLogger();
    const documents = await readOciLayoutVex(layout, digest, { logger });
    expect(names(documents)).toEqual(['CVE-2024-2222']);
    expect(logger.lines.join('\n')).toMatch(
      /warning: VEX on the image: referrers of sha256:[0-9a-f]{64} could not be read/,
    );
  });

  test('through the pipeline stage: read only with vexFromImage', async () => {
    const { layout } = await layoutWithVex('stage');
    const facts = await readOciLayout(layout, { logger: new MemoryLogger() });
    const acquired = { facts, scanInput: { kind: 'oci-layout' as const, path: layout } };
    const access = { environment: {} };
    expect(await readImageVexStage(acquired, {}, access, new MemoryLogger())).toBeUndefined();
    expect(names((await readImageVexStage(acquired, { vexFromImage: true }, access, new MemoryLogger()))!)).toEqual([
      'CVE-2024-1111',
      'CVE-2024-2222',
    ]);
  });
});
