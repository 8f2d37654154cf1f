import { createHash } from 'node:crypto';
import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import { toSignedEntity, toTrustMaterial, Verifier, type TrustMaterial } from '@sigstore/verify';
import type { LoadedTrustRoot } from './trusted-root.js';
import { describeSigner, identityMatches, type KeySigner, type Signer } from './signer-policy.js';
import type { VerificationOutcome } from './verification-outcome.js';

/**
 * Verify a Sigstore bundle (v0.1–v0.3, message signature or DSSE) over `artifact`, offline, with the maintained
 * @sigstore/verify: signature over the artifact, the certificate chain to the trusted Fulcio roots valid at the
 * log's time, the log entry (inclusion proof or signed entry timestamp) against the trusted Rekor keys, SCTs; then
 * the signer against the policy's signers. `expectedDigest` (`sha256:<hex>`), when given, must be the digest the
 * bundle says it signed, so a bundle for another artifact is named as such rather than as a bad signature.
 */
export function verifyBundle(
  bundleJson: unknown,
  artifact: Buffer,
  trust: LoadedTrustRoot,
  signers: readonly Signer[],
  expectedDigest?: string,
): VerificationOutcome {
  let bundle: Bundle;
  try {
    bundle = bundleFromJSON(bundleJson);
  } catch (error) {
    return { status: 'invalid', reason: `not a Sigstore bundle: ${(error as Error).message}` };
  }
  const digestProblem = checkDigest(bundle, artifact, expectedDigest);
  if (digestProblem) return { status: 'invalid', reason: digestProblem };

  if (bundle.verificationMaterial.content.$case === 'publicKey')
    return verifyWithKeys(bundle, artifact, trust, signers);

  let identity: { subject: string | undefined; issuer: string | undefined };
  try {
    const signer = new Verifier(trust.material).verify(toSignedEntity(bundle, artifact));
    identity = { subject: signer.identity?.subjectAlternativeName, issuer: signer.identity?.extensions?.issuer };
  } catch (error) {
    return { status: 'invalid', reason: reasonOf(error, trust) };
  }
  const who = `${identity.subject ?? '(no subject)'} from ${identity.issuer ?? '(no issuer)'}`;
  const match = signers.find((signer) => signer.kind === 'identity' && identityMatches(signer, identity));
  if (match) return { status: 'verified', signer: who };
  const wanted = signers.filter((signer) => signer.kind === 'identity').map(describeSigner);
  return {
    status: 'untrusted-signer',
    signer: who,
    reason: wanted.length
      ? `signed by ${who}, which is none of the allowed identities (${wanted.join('; ')})`
      : `signed keylessly by ${who}, but the policy allows only keys`,
  };
}

/** A bundle signed with a plain key: try each key signer; the log entry is still checked against the trust root. */
function verifyWithKeys(
  bundle: Bundle,
  artifact: Buffer,
  trust: LoadedTrustRoot,
  signers: readonly Signer[],
): VerificationOutcome {
  const keys = signers.filter((signer): signer is KeySigner => signer.kind === 'key');
  if (keys.length === 0) {
    return {
      status: 'untrusted-signer',
      signer: 'a public key',
      reason: 'signed with a public key, but the policy allows only keyless identities',
    };
  }
  let lastInvalid: string | undefined;
  for (const signer of keys) {
    const material: TrustMaterial = toTrustMaterial(trust.root, () => ({
      publicKey: signer.key,
      validFor: () => true,
    }));
    try {
      new Verifier(material).verify(toSignedEntity(bundle, artifact));
      return { status: 'verified', signer: describeSigner(signer) };
    } catch (error) {
      const code = (error as { code?: string }).code;
      // A signature error with this key only means another key signed it; anything else is the bundle's fault.
      if (code !== 'SIGNATURE_ERROR') lastInvalid = reasonOf(error, trust);
    }
  }
  if (lastInvalid) return { status: 'invalid', reason: lastInvalid };
  return {
    status: 'untrusted-signer',
    signer: 'an unknown key',
    reason: `the signature verifies with none of the allowed keys (${keys.map(describeSigner).join('; ')})`,
  };
}

function checkDigest(bundle: Bundle, artifact: Buffer, expectedDigest: string | undefined): string | undefined {
  const actual = `sha256:${createHash('sha256').update(artifact).digest('hex')}`;
  if (expectedDigest !== undefined && expectedDigest !== actual) {
    return `the artifact is ${actual}, not the expected ${expectedDigest}`;
  }
  if (bundle.content.$case !== 'messageSignature') return undefined;
  const signed = bundle.content.messageSignature.messageDigest;
  const signedHex = Buffer.from(signed.digest).toString('hex');
  if (`sha256:${signedHex}` !== actual) {
    return `the bundle signs digest ${signedHex || '(none)'}, not this artifact's ${actual}`;
  }
  return undefined;
}

/** @sigstore/verify's error code and message, in the words a finding shows. */
function reasonOf(error: unknown, trust: LoadedTrustRoot): string {
  const code = (error as { code?: string }).code ?? 'ERROR';
  const message = (error as Error).message ?? String(error);
  const what: Record<string, string> = {
    SIGNATURE_ERROR: 'the signature does not match the signed content',
    CERTIFICATE_ERROR: `the certificate does not chain to a certificate authority of ${trust.name} valid at signing time`,
    PUBLIC_KEY_ERROR: 'the public key is not valid at signing time',
    TLOG_ERROR: 'no usable transparency-log entry',
    TLOG_INCLUSION_PROOF_ERROR: `the transparency-log inclusion proof does not verify against ${trust.name}`,
    TLOG_INCLUSION_PROMISE_ERROR: `the transparency-log signed entry timestamp does not verify against ${trust.name}`,
    TLOG_MISSING_INCLUSION_ERROR: 'the transparency-log entry has neither inclusion proof nor signed entry timestamp',
    TLOG_BODY_ERROR: 'the transparency-log entry records another signature, key or digest',
    TIMESTAMP_ERROR: 'no trusted timestamp for the signature',
  };
  return `${what[code] ?? 'verification failed'} (${code}: ${message})`;
}
