import type { AttachedDocument } from '../image/source/registry/attachments.js';
import { isObject } from '../image/image-config.js';
import type { LoadedTrustRoot } from '../signature/trusted-root.js';
import { describeSigner, type KeySigner, type Signer } from '../signature/signer-policy.js';
import { verifyBundle } from '../signature/verify-bundle.js';
import { verifies } from '../signature/verify-key-signature.js';
import type { ProvenanceSignature } from './types.js';

/** The policy's `provenance.signers`, loaded, and the trust root keyless signatures are checked against. */
export interface ProvenanceVerification {
  signers: readonly Signer[];
  trust: LoadedTrustRoot;
}

/**
 * Whether one provenance document is signed by a signer the policy names (issue 15 item 4, "verified like
 * signatures"): a Sigstore bundle (GitHub artifact attestations) through verify-bundle.ts — signature over the DSSE
 * envelope, certificate chain and transparency log against the trust root, identity match; a bare DSSE envelope
 * (cosign `attest --key`) against the policy's keys over DSSE's pre-authentication encoding. Then the signed
 * statement must name one of `subjects` (the image's digests), so a valid signature on another image's provenance
 * does not count. A BuildKit attestation manifest carries no signature at all.
 */
export function verifyProvenanceDocument(
  document: AttachedDocument,
  subjects: readonly string[],
  verification: ProvenanceVerification,
): ProvenanceSignature {
  let outcome: ProvenanceSignature;
  if (document.bundle !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(document.bundle);
    } catch {
      return { status: 'invalid', reason: 'the Sigstore bundle is not JSON' };
    }
    outcome = verifyBundle(json, Buffer.from(document.text), verification.trust, verification.signers);
  } else if (document.envelope !== undefined) {
    outcome = verifyEnvelope(document.envelope, verification.signers);
  } else {
    return {
      status: 'unsigned',
      reason:
        'it is a bare in-toto statement (a BuildKit attestation manifest or an unsigned referrer): nothing signs it',
    };
  }
  if (outcome.status !== 'verified') return outcome;
  const named = subjectDigests(document.text);
  if (!subjects.some((digest) => named.includes(digest))) {
    return {
      status: 'invalid',
      reason: `the signed statement is about ${named.length > 0 ? named.join(', ') : 'no sha256 digest'}, not this image (${subjects.join(', ')})`,
    };
  }
  return outcome;
}

/** DSSE v1 pre-authentication encoding: what a DSSE signature signs. */
export function preAuthEncoding(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'utf8'),
    type,
    Buffer.from(` ${payload.length} `, 'utf8'),
    payload,
  ]);
}

const MAX_SIGNATURES = 8;

function verifyEnvelope(text: string, signers: readonly Signer[]): ProvenanceSignature {
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch {
    return { status: 'invalid', reason: 'the DSSE envelope is not JSON' };
  }
  if (!isObject(envelope) || typeof envelope.payload !== 'string' || typeof envelope.payloadType !== 'string') {
    return { status: 'invalid', reason: 'the DSSE envelope has no payload or payloadType' };
  }
  const signatures = Array.isArray(envelope.signatures)
    ? envelope.signatures
        .slice(0, MAX_SIGNATURES)
        .flatMap((item: unknown) => (isObject(item) && typeof item.sig === 'string' ? [item.sig] : []))
    : [];
  if (signatures.length === 0) return { status: 'unsigned', reason: 'the DSSE envelope carries no signature' };
  const keys = signers.filter((signer): signer is KeySigner => signer.kind === 'key');
  if (keys.length === 0) {
    return {
      status: 'untrusted-signer',
      signer: 'a public key',
      reason:
        'a bare DSSE envelope is signed with a key (no certificate), but the policy allows only keyless identities',
    };
  }
  const signed = preAuthEncoding(envelope.payloadType, Buffer.from(envelope.payload, 'base64'));
  for (const signature of signatures) {
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(signature)) continue;
    const bytes = Buffer.from(signature, 'base64');
    const match = keys.find((signer) => verifies(signer.key, signed, bytes));
    if (match) return { status: 'verified', signer: describeSigner(match) };
  }
  return {
    status: 'untrusted-signer',
    signer: 'an unknown key',
    reason:
      `the envelope's ${signatures.length === 1 ? 'signature verifies' : `${signatures.length} signatures verify`} ` +
      `with none of the allowed keys (${keys.map(describeSigner).join('; ')}): another key signed it, or the ` +
      'statement changed after signing',
  };
}

/** `sha256:<hex>` of each subject of an in-toto statement (JSON text). */
function subjectDigests(text: string): string[] {
  try {
    const statement = JSON.parse(text) as unknown;
    if (!isObject(statement) || !Array.isArray(statement.subject)) return [];
    return statement.subject.slice(0, 64).flatMap((subject: unknown) => {
      if (!isObject(subject) || !isObject(subject.digest)) return [];
      const hex = subject.digest.sha256;
      return typeof hex === 'string' && /^[0-9a-f]{64}$/.test(hex) ? [`sha256:${hex}`] : [];
    });
  } catch {
    return [];
  }
}
