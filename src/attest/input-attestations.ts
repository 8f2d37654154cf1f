import type { ProvenanceFacts } from '../provenance/types.js';
import type { SignatureFacts } from '../signature/signature-facts.js';
import type { ResourceDescriptor } from './vsa-statement.js';

const SHA256 = /^sha256:([0-9a-f]{64})$/;

/**
 * The VSA's `inputAttestations`: the evidence the verdict relied on, each named by the digest of the blob it was
 * read from, so the cluster can fetch exactly what imagegate checked. That is every signature that verified (of the
 * image and of its bases) and every provenance document the provenance checks read — unless the policy named
 * `provenance.signers`, when only the provenance that verified was believed and only that is listed. Entries are
 * the registry's names (untrusted text), so only the digest is structured; a repeated blob is listed once.
 */
export function inputAttestations(
  signatures: SignatureFacts | undefined,
  provenance: readonly ProvenanceFacts[] | undefined,
): ResourceDescriptor[] {
  const out = new Map<string, ResourceDescriptor>();
  const add = (name: string, digest: string | undefined) => {
    const hex = digest === undefined ? undefined : SHA256.exec(digest)?.[1];
    if (hex !== undefined && !out.has(hex)) out.set(hex, { name, digest: { sha256: hex } });
  };
  const subjects = [
    ...(signatures?.image && 'signatures' in signatures.image ? [signatures.image] : []),
    ...(signatures?.bases ?? []),
  ];
  for (const subject of subjects) {
    for (const signature of subject.signatures) {
      if (signature.outcome.status === 'verified') add(signature.source, signature.digest);
    }
  }
  for (const document of provenance ?? []) {
    if (document.signature === undefined || document.signature.status === 'verified')
      add(document.origin, document.digest);
  }
  return [...out.values()];
}
