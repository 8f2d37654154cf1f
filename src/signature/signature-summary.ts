import type { SignatureFacts, SignedSubject } from './signature-facts.js';

/**
 * One line of the summary's "Signatures" section: what was checked, where the policy asked for it, and what was
 * found. Values are plain text from registries and the policy: the Markdown renderer escapes them.
 */
export interface SignatureSummaryRow {
  /** `registry/repo:tag@sha256:…` */
  subject: string;
  /** `Dockerfile:3` for a base, `image` for the image under test. */
  where: string;
  /** `verified: key keys/base.pub`, `2 found, none verified`, `none found`, `not checked: …`. */
  outcome: string;
  verified: boolean;
}

export function summarizeSignatures(facts: SignatureFacts): { trustRoot: string; rows: SignatureSummaryRow[] } {
  const rows: SignatureSummaryRow[] = [];
  if (facts.image) {
    rows.push(
      'unavailable' in facts.image
        ? {
            subject: 'the image under test',
            where: 'image',
            outcome: 'not checked: not read from a registry',
            verified: false,
          }
        : row(facts.image, 'image'),
    );
  }
  for (const base of facts.bases) {
    rows.push(row(base, base.from.kind === 'source' ? `${base.from.path}:${base.from.line}` : 'base-name label'));
  }
  return { trustRoot: facts.trustRoot, rows };
}

function row(subject: SignedSubject, where: string): SignatureSummaryRow {
  const name = subject.digest ? `${subject.reference}@${subject.digest}` : subject.reference;
  const verified = subject.signatures.find((signature) => signature.outcome.status === 'verified');
  if (verified && verified.outcome.status === 'verified') {
    return { subject: name, where, outcome: `verified: ${verified.outcome.signer}`, verified: true };
  }
  const count = subject.signatures.length;
  const outcome =
    subject.digest === undefined
      ? 'not resolved in its registry'
      : count === 0
        ? 'no signature found'
        : `${count} found, none by an allowed signer`;
  return { subject: name, where, outcome, verified: false };
}
