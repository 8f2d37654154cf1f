import { isObject } from '../../image-config.js';
import type { Logger } from '../../../util/logger.js';
import { findAttachments, type ArtifactSource, type AttachmentKind, type AttachmentLimits } from './attachments.js';

export { descriptors, registryArtifacts, tagFor, type ArtifactSource, type Descriptor } from './attachments.js';

/**
 * OpenVEX documents attached to an image in its registry (issue 14 item 6), found the ways tools attach them:
 * - OCI 1.1 referrers (`GET /v2/<name>/referrers/<digest>`, else the `sha256-<hex>` tag fallback index): an artifact
 *   whose type or layers are OpenVEX (`vexctl attach`, `oras attach --artifact-type application/vnd.openvex+json`),
 *   or an in-toto attestation with an OpenVEX predicate;
 * - cosign's `sha256-<hex>.att` tag: DSSE envelopes of in-toto statements (`cosign attest --type openvex`);
 * - BuildKit / Docker attestation manifests in the image's index (`vnd.docker.reference.type: attestation-manifest`,
 *   how `docker buildx build --attest type=vex` and Docker Scout store VEX).
 * Everything read is the registry's word and hostile: counts and sizes are capped, every blob is digest-checked by
 * the client, a malformed artifact is skipped with a warning (it never fails the run), and only the document's text
 * leaves here; the VEX parser validates it. Signatures are not verified: the policy's `vexFromImage` says whether
 * this repository's push access is trusted.
 */

/** One VEX document found on the image, for the VEX matcher (src/vex): where it came from, and its JSON text. */
export interface ImageVexDocument {
  /** `registry/repo@sha256:… (referrer artifact)`: how reports and errors name it. */
  source: string;
  text: string;
}

export type ImageVexLimits = AttachmentLimits;

export const OPENVEX_MEDIA_TYPE = 'application/vnd.openvex+json';

/** `https://openvex.dev/ns`, `…/ns/v0.2.0`, `…/ns/v0.2.0#…` and `http://` spellings seen in attestations. */
export function isOpenVexPredicate(predicateType: unknown): boolean {
  return (
    typeof predicateType === 'string' && /^https?:\/\/openvex\.dev\/ns(\/v[0-9][0-9.]*)?([#/?].*)?$/.test(predicateType)
  );
}

/** OpenVEX as an AttachmentKind: raw OpenVEX blobs, or in-toto statements whose predicate is the document. */
const VEX_KIND: AttachmentKind = {
  label: 'VEX',
  acceptsPredicate: isOpenVexPredicate,
  rawMediaType: OPENVEX_MEDIA_TYPE,
  keep: (statement) => (isObject(statement.predicate) ? JSON.stringify(statement.predicate) : undefined),
};

/**
 * Finds the OpenVEX documents attached to `subjects` (the digests the reference resolved to: the index, if any, and
 * the chosen platform's manifest). `rootIndex`: the image's index when it is one, for BuildKit attestation
 * manifests. The walk is the shared one of attachments.ts.
 */
export async function findImageVex(
  source: ArtifactSource,
  subjects: readonly string[],
  options: { logger: Logger; rootIndex?: unknown; limits?: Partial<ImageVexLimits> },
): Promise<ImageVexDocument[]> {
  const documents = await findAttachments(VEX_KIND, source, subjects, options);
  return documents.map(({ source: from, text }) => ({ source: from, text }));
}
