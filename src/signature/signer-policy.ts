import { createPublicKey, type KeyObject } from 'node:crypto';
import { RE2JS } from 're2js';

/**
 * Who may sign: a public key (PEM: ECDSA P-256/P-384, Ed25519, RSA), or a keyless identity — the OIDC issuer that
 * Fulcio wrote into the certificate and the subject (its SAN), exact or as a regular expression run on re2js, so a
 * policy-supplied pattern costs time linear in the subject whatever it is.
 */
export type Signer = KeySigner | IdentitySigner;

export interface KeySigner {
  kind: 'key';
  key: KeyObject;
  /** Where the key came from, as the policy wrote it (a path), for messages. */
  label: string;
}

export interface IdentitySigner {
  kind: 'identity';
  issuer: string;
  subject?: string;
  subjectRegExp?: { text: string; pattern: RE2JS };
}

/** Key types imagegate verifies; anything else is refused when the policy is read rather than failing every image. */
const SUPPORTED_CURVES = new Set(['prime256v1', 'secp384r1']);

/** A PEM public key, or why it is not one usable for signatures. */
export function parsePublicKey(pem: string): { key: KeyObject } | { problem: string } {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    return { problem: 'not a PEM public key (expected -----BEGIN PUBLIC KEY-----)' };
  }
  const type = key.asymmetricKeyType;
  if (type === 'ed25519' || type === 'rsa') return { key };
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve ?? 'unknown';
    if (SUPPORTED_CURVES.has(curve)) return { key };
    return { problem: `ECDSA curve ${curve} is not supported (expected P-256 or P-384)` };
  }
  return { problem: `${type ?? 'unknown'} keys are not supported (expected ECDSA P-256/P-384, Ed25519 or RSA)` };
}

/** A subject regular expression compiled on re2js (whole-subject match), or why it does not compile. */
export function compileSubjectRegExp(text: string): { pattern: RE2JS } | { problem: string } {
  if (text.length > 1024) return { problem: 'a subject pattern longer than 1024 characters is refused' };
  try {
    return { pattern: RE2JS.compile(text) };
  } catch (error) {
    return { problem: `not a regular expression re2 accepts: ${(error as Error).message}` };
  }
}

export function describeSigner(signer: Signer): string {
  if (signer.kind === 'key') return `key ${signer.label}`;
  const subject = signer.subject ?? `/${signer.subjectRegExp?.text ?? ''}/`;
  return `${subject} from ${signer.issuer}`;
}

/** The identity a Fulcio certificate carries. */
export interface CertificateIdentity {
  subject: string | undefined;
  issuer: string | undefined;
}

/** Whether a keyless identity matches one identity signer: the issuer exactly, the subject exactly or by pattern. */
export function identityMatches(signer: IdentitySigner, identity: CertificateIdentity): boolean {
  if (identity.issuer !== signer.issuer || identity.subject === undefined) return false;
  if (signer.subject !== undefined) return identity.subject === signer.subject;
  return signer.subjectRegExp?.pattern.matches(identity.subject) ?? false;
}
