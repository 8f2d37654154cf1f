import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * DSSE (Dead Simple Signing Envelope, https://github.com/secure-systems-lab/dsse): the signature covers the
 * pre-authentication encoding of the payload type and the payload, never the JSON around them, so a verifier that
 * checks the signature has checked exactly the bytes it then parses.
 */
export interface DsseEnvelope {
  payloadType: string;
  /** Base64 of the payload bytes. */
  payload: string;
  signatures: { keyid?: string; sig: string }[];
}

/** The in-toto payload type that Kyverno, policy-controller and cosign expect for attestations. */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths in bytes as ASCII decimal. */
export function preAuthEncoding(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  const header = Buffer.from(`DSSEv1 ${type.length} ${payloadType} ${payload.length} `, 'utf8');
  return Buffer.concat([header, payload]);
}

/** The key kinds DSSE signing supports here: what cosign and the admission controllers verify. */
export type SigningKeyKind = 'ecdsa-p256' | 'ed25519';

/** Which kind a private or public key is, or undefined for anything else (RSA, P-384, …). */
export function signingKeyKind(key: KeyObject): SigningKeyKind | undefined {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ecdsa-p256';
  return undefined;
}

/** Ed25519 signs the message itself; ECDSA P-256 signs its SHA-256 digest (DER signature, as cosign writes). */
function digestFor(key: KeyObject): string | null {
  return signingKeyKind(key) === 'ed25519' ? null : 'sha256';
}

/** Signs `payload` into an envelope with one signature. `key` must be ECDSA P-256 or Ed25519 (see signingKeyKind). */
export function signEnvelope(payload: Uint8Array, payloadType: string, key: KeyObject, keyid?: string): DsseEnvelope {
  const sig = sign(digestFor(key), preAuthEncoding(payloadType, payload), key);
  return {
    payloadType,
    payload: Buffer.from(payload).toString('base64'),
    signatures: [{ ...(keyid ? { keyid } : {}), sig: sig.toString('base64') }],
  };
}

/** Whether any signature of the envelope verifies with `publicKey` (a PEM or a KeyObject). */
export function verifyEnvelope(envelope: DsseEnvelope, publicKey: KeyObject | string): boolean {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  const pae = preAuthEncoding(envelope.payloadType, Buffer.from(envelope.payload, 'base64'));
  return envelope.signatures.some((signature) => {
    try {
      return verify(digestFor(key), pae, key, Buffer.from(signature.sig, 'base64'));
    } catch {
      // A malformed signature is a failed one, not an error: the envelope is untrusted input.
      return false;
    }
  });
}

/** The public half of a private key, as SPKI PEM (what a verifier configures). */
export function publicKeyPem(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
}

export { createPrivateKey };
