import { sign, type KeyObject } from 'node:crypto';
import type { TestRegistry } from './registry.js';
import { OCI_INDEX, OCI_MANIFEST, putManifest, sha256, uploadBlob, type Pushed } from './registry-push.js';

/**
 * Signed attestations as the tools push them, made here with keys the tests generate (node crypto):
 * - `cosign attest --key`: a DSSE envelope (signature over DSSE's pre-authentication encoding, ECDSA DER) in a
 *   manifest tagged `sha256-<hex>.att`, its layer annotated with `predicateType`;
 * - `actions/attest-build-provenance` with `push-to-registry`: a Sigstore bundle v0.3 as an OCI 1.1 referrer
 *   (artifactType `application/vnd.dev.sigstore.bundle.v0.3+json`, `dev.sigstore.bundle.predicateType`), listed in
 *   the `sha256-<hex>` referrers tag (docker-registry 2.8 has no referrers API).
 */

const EMPTY = Buffer.from('{}');
const EMPTY_TYPE = 'application/vnd.oci.empty.v1+json';
export const BUNDLE_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';

export interface Envelope {
  payloadType: string;
  payload: string;
  signatures: Array<{ keyid: string; sig: string }>;
}

/** DSSE v1 PAE, written here independently of the code under test. */
function pae(type: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(type)} ${type} ${body.length} `), body]);
}

/** A DSSE envelope of `statement` signed with `key` (ECDSA P-256 / SHA-256, as cosign signs). */
export function signedEnvelope(statement: unknown, key: KeyObject): Envelope {
  const payloadType = 'application/vnd.in-toto+json';
  const body = Buffer.from(JSON.stringify(statement));
  const sig = sign('sha256', pae(payloadType, body), key).toString('base64');
  return { payloadType, payload: body.toString('base64'), signatures: [{ keyid: '', sig }] };
}

/** Pushes `envelope` as cosign's attestation of `subject` (the `sha256-<hex>.att` tag). */
export async function pushCosignAttestation(
  registry: TestRegistry,
  repository: string,
  subject: string,
  envelope: Envelope,
  predicateType: string,
): Promise<void> {
  const authorization = await registry.pushAuthorization(repository);
  const bytes = Buffer.from(JSON.stringify(envelope));
  const digest = await uploadBlob(registry.url, repository, bytes, authorization);
  await uploadBlob(registry.url, repository, EMPTY, authorization);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: EMPTY_TYPE, digest: sha256(EMPTY), size: EMPTY.length },
      layers: [
        {
          mediaType: 'application/vnd.dsse.envelope.v1+json',
          digest,
          size: bytes.length,
          annotations: { predicateType },
        },
      ],
    }),
  );
  await putManifest(
    registry.url,
    repository,
    `${subject.replace(':', '-')}.att`,
    manifest,
    OCI_MANIFEST,
    authorization,
  );
}

/** Pushes `bundle` as a referrer of `subject` and lists it in the referrers tag. Returns the bundle blob's digest. */
export async function pushBundleReferrer(
  registry: TestRegistry,
  repository: string,
  subject: Pushed,
  bundle: unknown,
  predicateType: string,
): Promise<string> {
  const authorization = await registry.pushAuthorization(repository);
  const bytes = Buffer.from(JSON.stringify(bundle));
  const digest = await uploadBlob(registry.url, repository, bytes, authorization);
  await uploadBlob(registry.url, repository, EMPTY, authorization);
  const annotations = {
    'dev.sigstore.bundle.content': 'dsse-envelope',
    'dev.sigstore.bundle.predicateType': predicateType,
  };
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: BUNDLE_TYPE,
      config: { mediaType: EMPTY_TYPE, digest: sha256(EMPTY), size: EMPTY.length },
      layers: [{ mediaType: BUNDLE_TYPE, digest, size: bytes.length }],
      subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
      annotations,
    }),
  );
  const manifestDigest = sha256(manifest);
  await putManifest(registry.url, repository, manifestDigest, manifest, OCI_MANIFEST, authorization);
  const referrers = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [
        {
          mediaType: OCI_MANIFEST,
          artifactType: BUNDLE_TYPE,
          digest: manifestDigest,
          size: manifest.length,
          annotations,
        },
      ],
    }),
  );
  await putManifest(registry.url, repository, subject.digest.replace(':', '-'), referrers, OCI_INDEX, authorization);
  return digest;
}

/**
 * A Sigstore bundle v0.3 around `envelope` with `publicKey` verification material and no transparency-log entry:
 * well-formed, but nothing a verifier may accept (every Sigstore verifier requires a log entry or timestamp).
 */
export function bundleWithoutLogEntry(envelope: Envelope): Record<string, unknown> {
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: { publicKey: { hint: 'test-key' }, tlogEntries: [], timestampVerificationData: {} },
    dsseEnvelope: envelope,
  };
}
