import { createHash } from 'node:crypto';
import { tagFor, descriptors } from '../image/source/registry/attachments.js';
import type { RegistryClient } from '../image/source/registry/registry-client.js';
import { isObject } from '../image/image-config.js';
import { ToolError } from '../util/errors.js';

/**
 * `--attest-push`: the signed verification summary attached to the image it is about, as an OCI 1.1 referrer (what
 * `cosign attest`/`oras attach` produce and Kyverno and policy-controller find): an OCI image manifest whose
 * `artifactType` and only layer are the DSSE envelope, whose `subject` is the image manifest, annotated with the
 * in-toto predicate type so readers can skip it without downloading it. A registry with the referrers API indexes it
 * itself (it answers `OCI-Subject`); for one without (distribution 2.x, many mirrors) the `sha256-<hex>` tag's index
 * is read, the artifact added, and the index put back, as the OCI distribution spec's fallback asks. The same
 * envelope blob is also listed under cosign's `sha256-<hex>.att` tag, where today's admission controllers look.
 */

export const DSSE_ENVELOPE_MEDIA_TYPE = 'application/vnd.dsse.envelope.v1+json';
export const PREDICATE_TYPE_ANNOTATION = 'in-toto.io/predicate-type';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_EMPTY = 'application/vnd.oci.empty.v1+json';
const EMPTY_JSON = Buffer.from('{}');
/** cosign marks each attestation layer with this (empty for DSSE: the signature is inside the envelope). */
const COSIGN_SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';

export interface PushAttestationRequest {
  client: RegistryClient;
  repository: string;
  /** `sha256:…`: the image manifest (or index) the summary is about. */
  subjectDigest: string;
  envelope: Buffer;
  predicateType: string;
  /** The run's clock (`org.opencontainers.image.created`). */
  created: string;
}

export interface PushedAttestation {
  /** The artifact manifest's digest. */
  digest: string;
  /** How the registry will list it: its own referrers API, or the tag-fallback index imagegate updated. */
  indexedBy: 'referrers-api' | 'tag-fallback';
  /** The cosign `sha256-<hex>.att` tag that now also carries it. */
  cosignTag: string;
}

export async function pushAttestation(request: PushAttestationRequest): Promise<PushedAttestation> {
  const { client, repository, subjectDigest } = request;
  const subject = await client.headManifest(repository, subjectDigest);
  if (!subject.mediaType || subject.size === undefined) {
    throw new ToolError(`registry ${client.registry} did not say the media type and size of ${subjectDigest}`, {
      command: `HEAD ${client.registry}/v2/${repository}/manifests/${subjectDigest}`,
    });
  }
  const config = await client.pushBlob(repository, EMPTY_JSON, 'empty config');
  const layer = await client.pushBlob(repository, request.envelope, 'verification summary envelope');
  const annotations = {
    [PREDICATE_TYPE_ANNOTATION]: request.predicateType,
    'org.opencontainers.image.created': request.created,
  };
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: DSSE_ENVELOPE_MEDIA_TYPE,
      config: { mediaType: OCI_EMPTY, ...config },
      layers: [
        {
          mediaType: DSSE_ENVELOPE_MEDIA_TYPE,
          ...layer,
          annotations: { [PREDICATE_TYPE_ANNOTATION]: request.predicateType },
        },
      ],
      subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
      annotations,
    }),
  );
  const put = await client.putManifest(repository, digestOf(manifest), manifest, OCI_MANIFEST);
  const cosignTag = await addToCosignAttestations(client, repository, subject.digest, layer, request.predicateType);
  if (put.ociSubject === subject.digest) return { digest: put.digest, indexedBy: 'referrers-api', cosignTag };
  await addToFallbackIndex(client, repository, subject.digest, {
    mediaType: OCI_MANIFEST,
    artifactType: DSSE_ENVELOPE_MEDIA_TYPE,
    digest: put.digest,
    size: manifest.length,
    annotations,
  });
  return { digest: put.digest, indexedBy: 'tag-fallback', cosignTag };
}

/**
 * The same envelope in cosign's attestation scheme (`sha256-<hex>.att`: one layer per DSSE envelope, annotated with
 * its predicate type), which is where Kyverno's verifyImages.attestations and sigstore policy-controller look for
 * attestations today. Layers already there are kept; the config lists the layers' digests as cosign writes it.
 */
async function addToCosignAttestations(
  client: RegistryClient,
  repository: string,
  subjectDigest: string,
  envelope: { digest: string; size: number },
  predicateType: string,
): Promise<string> {
  const tag = `${tagFor(subjectDigest)}.att`;
  const existing = await client.findManifest(repository, tag);
  let layers: Record<string, unknown>[] = [];
  if (existing) {
    const body = existing.body;
    if (!isObject(body) || !Array.isArray(body.layers)) {
      throw new ToolError(
        `${client.registry}/${repository}:${tag} is not an image manifest; imagegate leaves it alone`,
        {
          command: `GET ${client.registry}/v2/${repository}/manifests/${tag}`,
        },
      );
    }
    const wellFormed = new Set(descriptors(body, 'layers').map((item) => item.digest));
    layers = body.layers.filter(
      (item): item is Record<string, unknown> => isObject(item) && wellFormed.has(item.digest as string),
    );
    if (layers.some((item) => item.digest === envelope.digest)) return tag;
  }
  layers.push({
    mediaType: DSSE_ENVELOPE_MEDIA_TYPE,
    ...envelope,
    annotations: { [COSIGN_SIGNATURE_ANNOTATION]: '', predicateType },
  });
  const config = await client.pushBlob(
    repository,
    Buffer.from(
      JSON.stringify({
        architecture: '',
        created: '0001-01-01T00:00:00Z',
        history: [{ created: '0001-01-01T00:00:00Z' }],
        os: '',
        rootfs: { type: 'layers', diff_ids: layers.map((item) => item.digest) },
        config: {},
      }),
    ),
    'cosign attestation config',
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers,
    }),
  );
  await client.putManifest(repository, tag, manifest, OCI_MANIFEST);
  return tag;
}

/**
 * Adds the artifact to the `sha256-<hex>` index, keeping what other tools put there. Something under that tag that
 * is not an index is not imagegate's to replace. Two writers at once can lose one entry (the distribution API has
 * no conditional PUT); the referrers API does not have that problem.
 */
async function addToFallbackIndex(
  client: RegistryClient,
  repository: string,
  subjectDigest: string,
  entry: Record<string, unknown> & { digest: string },
): Promise<void> {
  const tag = tagFor(subjectDigest);
  const existing = await client.findManifest(repository, tag);
  let manifests: unknown[] = [];
  if (existing) {
    const body = existing.body;
    if (!isObject(body) || !Array.isArray(body.manifests)) {
      throw new ToolError(
        `${client.registry}/${repository}:${tag} is not an image index; imagegate does not replace it with the referrers index`,
        { command: `GET ${client.registry}/v2/${repository}/manifests/${tag}` },
      );
    }
    // Keep the entries as the registry holds them, malformed ones dropped (they would make the index unreadable).
    const wellFormed = new Set(descriptors(body, 'manifests').map((item) => item.digest));
    manifests = body.manifests.filter((item) => isObject(item) && wellFormed.has(item.digest as string));
    if (manifests.some((item) => isObject(item) && item.digest === entry.digest)) return;
  }
  const index = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [...manifests, entry] }),
  );
  await client.putManifest(repository, tag, index, OCI_INDEX);
}

function digestOf(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
