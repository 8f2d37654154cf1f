/**
 * What checking one signature found. `invalid`: the signature, its certificate, its log entry or the payload does
 * not hold up (tampered, wrong digest, chain not to the trust root, no log entry). `untrusted-signer`: it is a valid
 * signature, but by nobody the policy names. Reasons are imagegate's own words plus values from the signature
 * (identities, digests); renderers escape them.
 */
export type VerificationOutcome =
  | { status: 'verified'; signer: string }
  | { status: 'invalid'; reason: string }
  | { status: 'untrusted-signer'; signer: string; reason: string };
