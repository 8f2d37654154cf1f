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
export const SIGSTORE_BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
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
  /** A keyless signature's proof: its Sigstore bundle, and cosign's certificate and Rekor-bundle annotations. */
  keyless?: { sigstoreBundle: Buffer; cosignAnnotations: Record<string, string> };
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
  const head = await client.headManifest(repository, subjectDigest);
  if (!head.mediaType || head.size === undefined) {
    throw new ToolError(`registry ${client.registry} did not say the media type and size of ${subjectDigest}`, {
      command: `HEAD ${client.registry}/v2/${repository}/manifests/${subjectDigest}`,
    });
  }
  const subject = { mediaType: head.mediaType, digest: head.digest, size: head.size };
  const envelope = await pushReferrer(client, repository, subject, {
    artifactType: DSSE_ENVELOPE_MEDIA_TYPE,
    blob: request.envelope,
    what: 'verification summary envelope',
    layerAnnotations: { [PREDICATE_TYPE_ANNOTATION]: request.predicateType },
    annotations: {
      [PREDICATE_TYPE_ANNOTATION]: request.predicateType,
      'org.opencontainers.image.created': request.created,
    },
  });
  const referrers = [envelope];
  if (request.keyless) {
    // The keyless signature's proof (certificate, Rekor entry) travels as a Sigstore bundle, as cosign and GitHub
    // artifact attestations attach it.
    referrers.push(
      await pushReferrer(client, repository, subject, {
        artifactType: SIGSTORE_BUNDLE_MEDIA_TYPE,
        blob: request.keyless.sigstoreBundle,
        what: 'Sigstore bundle',
        layerAnnotations: {},
        annotations: {
          'dev.sigstore.bundle.content': 'dsse-envelope',
          'dev.sigstore.bundle.predicateType': request.predicateType,
          'org.opencontainers.image.created': request.created,
        },
      }),
    );
  }
  const cosignTag = await addToCosignAttestations(
    client,
    repository,
    subject.digest,
    envelope.layer,
    request.predicateType,
    request.keyless?.cosignAnnotations ?? {},
  );
  if (referrers.every((referrer) => referrer.ociSubject === subject.digest)) {
    return { digest: envelope.entry.digest, indexedBy: 'referrers-api', cosignTag };
  }
  await addToFallbackIndex(
    client,
    repository,
    subject.digest,
    referrers.map((referrer) => referrer.entry),
  );
  return { digest: envelope.entry.digest, indexedBy: 'tag-fallback', cosignTag };
}

interface PushedReferrer {
  /** Its descriptor, as a referrers index lists it. */
  entry: Record<string, unknown> & { digest: string };
  layer: { digest: string; size: number };
  ociSubject?: string;
}

/** One artifact manifest: an empty config, `blob` as its only layer, `subject` the image. */
async function pushReferrer(
  client: RegistryClient,
  repository: string,
  subject: { mediaType: string; digest: string; size: number },
  artifact: {
    artifactType: string;
    blob: Buffer;
    what: string;
    layerAnnotations: Record<string, string>;
    annotations: Record<string, string>;
  },
): Promise<PushedReferrer> {
  const config = await client.pushBlob(repository, EMPTY_JSON, 'empty config');
  const layer = await client.pushBlob(repository, artifact.blob, artifact.what);
  const layerAnnotations = Object.keys(artifact.layerAnnotations).length
    ? { annotations: artifact.layerAnnotations }
    : {};
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: artifact.artifactType,
      config: { mediaType: OCI_EMPTY, ...config },
      layers: [{ mediaType: artifact.artifactType, ...layer, ...layerAnnotations }],
      subject,
      annotations: artifact.annotations,
    }),
  );
  const put = await client.putManifest(repository, digestOf(manifest), manifest, OCI_MANIFEST);
  return {
    entry: {
      mediaType: OCI_MANIFEST,
      artifactType: artifact.artifactType,
      digest: put.digest,
      size: manifest.length,
      annotations: artifact.annotations,
    },
    layer,
    ...(put.ociSubject ? { ociSubject: put.ociSubject } : {}),
  };
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
  extraAnnotations: Record<string, string>,
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
    annotations: { [COSIGN_SIGNATURE_ANNOTATION]: '', predicateType, ...extraAnnotations },
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
  entries: ReadonlyArray<Record<string, unknown> & { digest: string }>,
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
  }
  const present = new Set(manifests.map((item) => (isObject(item) ? item.digest : undefined)));
  const added = entries.filter((entry) => !present.has(entry.digest));
  if (added.length === 0) return;
  const index = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [...manifests, ...added] }),
  );
  await client.putManifest(repository, tag, index, OCI_INDEX);
}

function digestOf(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
