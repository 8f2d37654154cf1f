import { baseMaterials } from './base-materials.js';
import type { ProvenanceFacts, ProvenanceSignature, ProvenanceSource } from './types.js';

/**
 * The provenance facts a run checked (issue 15 item 4), as imagegate.json and the summary show them: per document
 * its origin, builder, source, build type and the base images among its materials with whether each is pinned by
 * digest. Every string is the registry's (untrusted) text: renderers escape it.
 */
export interface ProvenanceSummary {
  /** Why nothing could be read although the policy asks (the image came from the daemon, an archive, a report). */
  unread?: string;
  documents: ProvenanceDocumentSummary[];
}

export interface ProvenanceDocumentSummary {
  origin: string;
  predicateType: string;
  buildType?: string;
  /** '' when the provenance names none (BuildKit without `builder-id=`). */
  builderId: string;
  source?: ProvenanceSource;
  bases: Array<{ uri: string; image?: string; digest?: string; pinned: boolean }>;
  /** The signature check's outcome, when the policy names `provenance.signers`. */
  signature?: ProvenanceSignature;
}

export function provenanceSummary(stage: { documents?: ProvenanceFacts[]; unread?: string }): ProvenanceSummary {
  return {
    ...(stage.unread ? { unread: stage.unread } : {}),
    documents: (stage.documents ?? []).map((document) => ({
      origin: document.origin,
      predicateType: document.predicateType,
      ...(document.buildType ? { buildType: document.buildType } : {}),
      builderId: document.builderId,
      ...(document.source ? { source: document.source } : {}),
      bases: baseMaterials(document.materials).map((base) => ({
        uri: base.uri,
        ...(base.reference ? { image: base.reference.normalized } : {}),
        ...(base.digest ? { digest: base.digest } : {}),
        pinned: base.digest !== undefined,
      })),
      ...(document.signature ? { signature: document.signature } : {}),
    })),
  };
}
