import type { Logger } from '../../../util/logger.js';
import { isSlsaProvenance, parseProvenance } from '../../../provenance/parse-provenance.js';
import type { ProvenanceFacts } from '../../../provenance/types.js';
import { verifyProvenanceDocument, type ProvenanceVerification } from '../../../provenance/verify-provenance.js';
import { findAttachments, type ArtifactSource, type AttachmentKind, type AttachmentLimits } from './attachments.js';

/**
 * SLSA provenance attached to an image (issue 15 item 4), through the shared attachment walk (attachments.ts):
 * BuildKit attestation manifests in the image's index (`docker buildx build --provenance`), OCI referrers and
 * cosign's `.att` tag. Layers annotated with another predicate (BuildKit's SPDX SBOM) are never downloaded.
 * The statement is kept whole (subject and predicate type matter). With `verify` (the policy names
 * `provenance.signers`), each document's DSSE envelope or Sigstore bundle is verified (verify-provenance.ts) and
 * the outcome recorded as `signature`; without, nothing is verified.
 */
const PROVENANCE_KIND: AttachmentKind = {
  label: 'Provenance',
  acceptsPredicate: isSlsaProvenance,
  keep: (statement) => JSON.stringify(statement),
};

export async function findImageProvenance(
  source: ArtifactSource,
  subjects: readonly string[],
  options: {
    logger: Logger;
    rootIndex?: unknown;
    limits?: Partial<AttachmentLimits>;
    verify?: ProvenanceVerification;
  },
): Promise<ProvenanceFacts[]> {
  const documents = await findAttachments(PROVENANCE_KIND, source, subjects, options);
  const facts: ProvenanceFacts[] = [];
  for (const document of documents) {
    const parsed = parseProvenance(
      JSON.parse(document.text) as unknown,
      document.source,
      document.envelope !== undefined,
    );
    if (!parsed) continue;
    parsed.digest = document.digest;
    if (options.verify) parsed.signature = verifyProvenanceDocument(document, subjects, options.verify);
    facts.push(parsed);
  }
  return facts;
}
