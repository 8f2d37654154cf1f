import { createHash } from 'node:crypto';
import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import { HashAlgorithm, hashAlgorithmToJSON } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, Verifier, type SignedEntity, type TrustMaterial } from '@sigstore/verify';
import { verifies } from './verify-key-signature.js';
import type { LoadedTrustRoot } from './trusted-root.js';
import { describeSigner, identityMatches, type IdentitySigner, type KeySigner, type Signer } from './signer-policy.js';
import { explainFailure } from './verification-reasons.js';
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

  return verifyParsedBundle(bundle, artifact, trust, signers);
}

/**
 * A bundle already parsed (and, for a message signature, already checked to sign `artifact`): the cryptography and
 * the log through @sigstore/verify, then the signer against the policy. Also the path of cosign's tag-scheme
 * signatures, which verify-cosign-signature.ts turns into a v0.1 bundle.
 */
export function verifyParsedBundle(
  bundle: Bundle,
  artifact: Buffer,
  trust: LoadedTrustRoot,
  signers: readonly Signer[],
): VerificationOutcome {
  if (bundle.verificationMaterial.content.$case === 'publicKey')
    return verifyWithKeys(bundle, artifact, trust, signers);

  let identity: { subject: string | undefined; issuer: string | undefined };
  try {
    const signer = verifierFor(trust.material, trust).verify(toSignedEntity(bundle, artifact));
    identity = { subject: signer.identity?.subjectAlternativeName, issuer: signer.identity?.extensions?.issuer };
  } catch (error) {
    return { status: 'invalid', reason: explainFailure(error, bundle, trust) };
  }
  return matchIdentity(identity, signers);
}

/**
 * @sigstore/verify requires one SCT by default. A trust root that lists no CT log (a private Fulcio without
 * certificate transparency) has nothing to check an SCT against, so none is required there; a root that lists CT
 * logs (the public-good one does) keeps the requirement, so a certificate without an SCT from them fails.
 */
export function verifierFor(material: TrustMaterial, trust: LoadedTrustRoot): Verifier {
  return new Verifier(material, { ctlogThreshold: trust.root.ctlogs.length > 0 ? 1 : 0 });
}

/** The keyless signer against the policy's identities; a subject allowed only from another issuer is named so. */
function matchIdentity(
  identity: { subject: string | undefined; issuer: string | undefined },
  signers: readonly Signer[],
): VerificationOutcome {
  const who = `${identity.subject ?? '(no subject)'} from ${identity.issuer ?? '(no issuer)'}`;
  const identities = signers.filter((signer): signer is IdentitySigner => signer.kind === 'identity');
  if (identities.some((signer) => identityMatches(signer, identity))) return { status: 'verified', signer: who };
  if (identities.length === 0) {
    return {
      status: 'untrusted-signer',
      signer: who,
      reason: `signed keylessly by ${who}, but the policy allows only keys`,
    };
  }
  const sameSubject = identities.filter((signer) =>
    identityMatches({ ...signer, issuer: identity.issuer ?? '' }, identity),
  );
  if (sameSubject.length > 0 && identity.issuer !== undefined) {
    const issuers = [...new Set(sameSubject.map((signer) => signer.issuer))].join(', ');
    return {
      status: 'untrusted-signer',
      signer: who,
      reason: `signed by ${identity.subject ?? ''} with a token from issuer ${identity.issuer}, but the policy allows that subject only from ${issuers}`,
    };
  }
  return {
    status: 'untrusted-signer',
    signer: who,
    reason: `signed by ${who}, which is none of the allowed identities (${identities.map(describeSigner).join('; ')})`,
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
      verifierFor(material, trust).verify(signedEntity(bundle, artifact, signer));
      return { status: 'verified', signer: describeSigner(signer) };
    } catch (error) {
      const code = (error as { code?: string }).code;
      // A signature error with this key only means another key signed it; anything else is the bundle's fault.
      if (code !== 'SIGNATURE_ERROR') lastInvalid = explainFailure(error, bundle, trust);
    }
  }
  if (lastInvalid) return { status: 'invalid', reason: lastInvalid };
  return {
    status: 'untrusted-signer',
    signer: 'an unknown key',
    reason: `the signature verifies with none of the allowed keys (${keys.map(describeSigner).join('; ')})`,
  };
}

/** The message digests a bundle may declare, as node names them. */
const DIGEST_NAMES: Partial<Record<HashAlgorithm, string>> = {
  [HashAlgorithm.HASH_ALGORITHM_UNSPECIFIED]: 'sha256',
  [HashAlgorithm.SHA2_256]: 'sha256',
  [HashAlgorithm.SHA2_384]: 'sha384',
  [HashAlgorithm.SHA2_512]: 'sha512',
};

function checkDigest(bundle: Bundle, artifact: Buffer, expectedDigest: string | undefined): string | undefined {
  const actual = `sha256:${createHash('sha256').update(artifact).digest('hex')}`;
  if (expectedDigest !== undefined && expectedDigest !== actual) {
    return `the artifact is ${actual}, not the expected ${expectedDigest}`;
  }
  if (bundle.content.$case !== 'messageSignature') return undefined;
  const signed = bundle.content.messageSignature.messageDigest;
  const signedHex = Buffer.from(signed.digest).toString('hex');
  const name = DIGEST_NAMES[signed.algorithm];
  if (name === undefined) {
    return `the bundle's message digest is ${hashAlgorithmToJSON(signed.algorithm)}, not SHA-256, SHA-384 or SHA-512`;
  }
  if (name === 'sha256') {
    return signedHex === actual.slice('sha256:'.length)
      ? undefined
      : `the bundle signs digest ${signedHex || '(none)'}, not this artifact's ${actual}`;
  }
  const actualHex = createHash(name).update(artifact).digest('hex');
  return signedHex === actualHex
    ? undefined
    : `the bundle signs ${name} digest ${signedHex || '(none)'}, not this artifact's ${name}:${actualHex}`;
}

/**
 * The entity @sigstore/verify checks. It verifies a message signature by hashing with the declared digest, which an
 * Ed25519 key cannot do (Ed25519 signs the message itself): for such a key the signature is checked over the artifact
 * as Ed25519 defines it; everything else (log entry, digest, signature recorded) stays with the library.
 */
function signedEntity(bundle: Bundle, artifact: Buffer, signer: KeySigner): SignedEntity {
  const entity = toSignedEntity(bundle, artifact);
  if (bundle.content.$case !== 'messageSignature' || signer.key.asymmetricKeyType !== 'ed25519') return entity;
  const content = entity.signature;
  const signature = Buffer.from(bundle.content.messageSignature.signature);
  entity.signature = {
    signature: content.signature,
    compareSignature: (candidate) => content.compareSignature(candidate),
    compareDigest: (digest) => content.compareDigest(digest),
    verifySignature: (key) => verifies(key, artifact, signature),
  };
  return entity;
}
