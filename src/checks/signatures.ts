import type { Finding, Location } from '../model/findings.js';
import type { RuleId } from '../model/catalog.js';
import type { SignedSubject } from '../signature/signature-facts.js';
import { code, joinMessages, md, type Message } from '../util/markdown-message.js';
import type { CheckContext } from './context.js';
import { makeFinding } from './make-finding.js';

/**
 * `signatures:` (issue 15 item 3) on what the signature stage found (context.signatures). Per image (the image under
 * test, each matched base): one verified signature by an allowed signer satisfies the policy; otherwise one finding
 * that lists every signature found and why each failed — `signature/invalid` when any of them is broken,
 * `signature/untrusted-signer` when they are valid but by someone else, `signature/missing` when there is none.
 * Everything in the facts came from a registry: values go through `md`.
 */
export function checkSignatures(context: CheckContext): Finding[] {
  const facts = context.signatures;
  if (!facts) return [];
  const findings: Finding[] = [];
  const image = facts.image;
  if (image && !('unavailable' in image)) {
    const finding = subjectFinding(image, context, {
      what: md`The image ${code(image.reference)}`,
      location: context.imageLocation,
      requiredIfNone: image.required,
      key: 'image',
    });
    if (finding) findings.push(finding);
  }
  for (const base of facts.bases) {
    const finding = subjectFinding(base, context, {
      what: md`Base ${code(base.reference)} (signatures.bases ${code(base.match)})`,
      location: base.from,
      requiredIfNone: true,
      key: `base:${base.reference}`,
    });
    if (finding) findings.push(finding);
  }
  return findings;
}

function subjectFinding(
  subject: SignedSubject,
  context: CheckContext,
  options: { what: Message; location: Location; requiredIfNone: boolean; key: string },
): Finding | undefined {
  const { signatures } = subject;
  if (signatures.some((signature) => signature.outcome.status === 'verified')) return undefined;
  const allowed = subject.signers.length > 0 ? subject.signers.join(' or ') : '(none)';
  const at = subject.digest ? md`${subject.digest}` : md`its digest (unresolved)`;
  const notes =
    subject.notes.length > 0
      ? md` Not readable: ${joinMessages(
          subject.notes.map((note) => md`${note}`),
          '; ',
        )}.`
      : md``;
  const properties = { subject: subject.reference, ...(subject.digest ? { digest: subject.digest } : {}) };
  if (signatures.length === 0) {
    if (!options.requiredIfNone) return undefined;
    return makeFinding('signature/missing', context, {
      message: md`${options.what} must be signed by one of ${allowed}, and no signature was found on ${at} (neither a cosign .sig tag nor a Sigstore bundle referrer).${notes}`,
      location: options.location,
      key: options.key,
      properties,
    });
  }
  const ruleId: RuleId = signatures.some((signature) => signature.outcome.status === 'invalid')
    ? 'signature/invalid'
    : 'signature/untrusted-signer';
  const list = joinMessages(
    signatures.map(({ source, outcome }, index) =>
      outcome.status === 'invalid'
        ? md`(${index + 1}) ${source}: invalid, ${outcome.reason}`
        : md`(${index + 1}) ${source}: ${outcome.status === 'untrusted-signer' ? outcome.reason : 'verified'}`,
    ),
    '; ',
  );
  const count = signatures.length === 1 ? '1 signature' : `${signatures.length} signatures`;
  return makeFinding(ruleId, context, {
    message: md`${options.what} must be signed by one of ${allowed}; ${count} found on ${at}, none verifies by an allowed signer: ${list}.${notes}`,
    location: options.location,
    key: options.key,
    properties,
  });
}
