import { verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { parseSimpleSigning } from './simple-signing.js';
import { describeSigner, type KeySigner, type Signer } from './signer-policy.js';
import type { VerificationOutcome } from './verification-outcome.js';

/**
 * A cosign tag-scheme signature made with a key: the base64 `dev.cosignproject.cosign/signature` annotation over the
 * payload layer's bytes. The payload must name `expectedDigest`, then one of the policy's keys must verify it.
 * (A Rekor bundle or certificate annotation makes it a keyless signature: that path is verify-bundle.ts.)
 */
export function verifyKeySignature(
  payload: Buffer,
  signatureBase64: string,
  expectedDigest: string,
  signers: readonly Signer[],
): VerificationOutcome {
  const parsed = parseSimpleSigning(payload);
  if ('problem' in parsed) return { status: 'invalid', reason: parsed.problem };
  if (parsed.payload.manifestDigest !== expectedDigest) {
    return {
      status: 'invalid',
      reason: `the payload signs ${parsed.payload.manifestDigest}, not this image's ${expectedDigest}`,
    };
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signatureBase64.trim())) {
    return { status: 'invalid', reason: 'the signature annotation is not base64' };
  }
  const signature = Buffer.from(signatureBase64.trim(), 'base64');
  const keys = signers.filter((signer): signer is KeySigner => signer.kind === 'key');
  if (keys.length === 0) {
    return {
      status: 'untrusted-signer',
      signer: 'a public key',
      reason: 'signed with a key, but the policy allows only keyless identities',
    };
  }
  const match = keys.find((signer) => verifies(signer.key, payload, signature));
  if (match) return { status: 'verified', signer: describeSigner(match) };
  return {
    status: 'untrusted-signer',
    signer: 'an unknown key',
    reason:
      `the signature over this payload verifies with none of the allowed keys (${keys.map(describeSigner).join('; ')}): ` +
      'another key signed it, or the payload or signature changed after signing',
  };
}

/** cosign's digests: SHA-256 for P-256 and RSA, SHA-384 for P-384; Ed25519 signs the message itself. */
export function verifies(key: KeyObject, payload: Buffer, signature: Buffer): boolean {
  const type = key.asymmetricKeyType;
  const algorithm =
    type === 'ed25519'
      ? null
      : type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'secp384r1'
        ? 'sha384'
        : 'sha256';
  try {
    return cryptoVerify(algorithm, payload, key, signature);
  } catch {
    // A malformed DER signature is a signature this key did not make.
    return false;
  }
}
