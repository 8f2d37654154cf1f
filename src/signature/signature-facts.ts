import type { Location } from '../model/findings.js';
import type { VerificationOutcome } from './verification-outcome.js';

/** One image whose signatures were looked for (the image under test, or a base), with what was found. */
export interface SignedSubject {
  /** The reference as the policy matched it (normalized), for messages. */
  reference: string;
  /** The digest the signatures must name; undefined when the reference could not be resolved (see `notes`). */
  digest?: string;
  /** Each signature found, with the verdict on it. */
  signatures: { source: string; digest?: string; outcome: VerificationOutcome }[];
  /** What could not be read or resolved: a hostile or unreachable registry, an oversized blob. */
  notes: string[];
  /** The signers the policy allows here, described (`key keys/base.pub`, `subject from issuer`). */
  signers: string[];
}

/** A base image (FROM) matched by a `signatures.bases` entry. */
export interface SignedBase extends SignedSubject {
  /** The FROM line: where findings point; the image itself for a base named by its base-name label. */
  from: Location;
  /** The `signatures.bases[].match` pattern that applied. */
  match: string;
}

/**
 * What the signature stage found (issue 15 item 3), for the pure checks in src/checks/signatures.ts. Absent from
 * the CheckContext when the policy has no `signatures:` section.
 */
export interface SignatureFacts {
  /** `signatures.image`; `unavailable` says why the image under test could not be looked at (no registry source). */
  image?: (SignedSubject & { required: boolean }) | { required: boolean; unavailable: string };
  bases: SignedBase[];
  /** The trust root keyless signatures were checked against (its name). */
  trustRoot: string;
}
