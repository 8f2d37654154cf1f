import { isObject } from '../image/image-config.js';
import { bundleStatement, type FoundSignature } from '../image/source/registry/image-signatures.js';
import type { Signer } from './signer-policy.js';
import type { LoadedTrustRoot } from './trusted-root.js';
import { verifyBundle } from './verify-bundle.js';
import { verifyCosignSignature } from './verify-cosign-signature.js';
import type { VerificationOutcome } from './verification-outcome.js';

export interface SignatureCheck {
  signers: readonly Signer[];
  trust: LoadedTrustRoot;
}

/**
 * One signature found on the image (image-signatures.ts) checked against the policy: does it sign `digest`, is it
 * valid, and is its signer one the policy names. `manifest` (the image manifest's bytes, digest-checked) is needed
 * only by a message-signature bundle, whose signed artifact is the manifest itself.
 */
export function verifyFoundSignature(
  found: FoundSignature,
  digest: string,
  check: SignatureCheck,
  manifest?: Buffer,
): VerificationOutcome {
  if (found.kind === 'cosign') return verifyCosignLayer(found, digest, check);
  let json: unknown;
  try {
    json = JSON.parse(found.text);
  } catch {
    return { status: 'invalid', reason: 'the bundle is not JSON' };
  }
  const statement = bundleStatement(json);
  if (statement === null) return { status: 'invalid', reason: 'the bundle’s DSSE payload is not a JSON statement' };
  if (statement !== undefined) {
    const problem = subjectProblem(statement, digest);
    if (problem) return { status: 'invalid', reason: problem };
    return verifyBundle(json, Buffer.alloc(0), check.trust, check.signers);
  }
  if (!manifest) return { status: 'invalid', reason: 'the image manifest the bundle signs could not be read' };
  return verifyBundle(json, manifest, check.trust, check.signers, digest);
}

function verifyCosignLayer(
  found: Extract<FoundSignature, { kind: 'cosign' }>,
  digest: string,
  check: SignatureCheck,
): VerificationOutcome {
  return verifyCosignSignature(
    { payload: found.payload, annotations: found.annotations },
    digest,
    check.trust,
    check.signers,
  );
}

/** A DSSE statement signs an image only if one of its subjects carries the image's digest. */
function subjectProblem(statement: unknown, digest: string): string | undefined {
  const subjects = isObject(statement) && Array.isArray(statement.subject) ? statement.subject : [];
  const [algorithm, hex] = digest.split(':');
  const named: string[] = [];
  for (const subject of subjects.slice(0, 64)) {
    const digests = isObject(subject) && isObject(subject.digest) ? subject.digest : undefined;
    const value = digests && algorithm ? digests[algorithm] : undefined;
    if (typeof value === 'string') {
      if (value === hex) return undefined;
      named.push(`${algorithm}:${value.slice(0, 71)}`);
    }
  }
  return named.length > 0
    ? `the bundle’s statement signs ${named.slice(0, 3).join(', ')}, not this image’s ${digest}`
    : `the bundle’s statement names no ${algorithm ?? 'sha256'} subject digest`;
}
