import type { SignatureRules, SignerRule } from './convert-signatures.js';
import type { PolicyChange } from './policy-diff.js';
import { describeSignerRule } from './signer-rule-label.js';

/**
 * `signatures:` changes of a pull request's policy against the deciding one. Trusting more is a relaxation: the
 * section or an image's requirement removed, `required` turned off, a signer added (any signer more can sign what
 * passes), a base pattern dropped, another trust root. Requiring more is a tightening.
 */
export function signaturesChanges(
  changes: PolicyChange[],
  base: SignatureRules | undefined,
  head: SignatureRules | undefined,
): void {
  if (!base && !head) return;
  if (base && !head) {
    changes.push({ kind: 'relaxation', key: 'signatures', message: 'signatures: removed: no signature is checked' });
    return;
  }
  if (!base && head) {
    changes.push({ kind: 'tightening', key: 'signatures', message: 'signatures: added' });
    return;
  }
  const before = base!;
  const after = head!;
  if (before.image && !after.image) {
    changes.push({ kind: 'relaxation', key: 'signatures.image', message: 'signatures.image: removed' });
  } else if (after.image) {
    if (before.image?.required && !after.image.required) {
      changes.push({
        kind: 'relaxation',
        key: 'signatures.image.required',
        message: 'signatures.image.required: true → false',
      });
    } else if (!before.image?.required && after.image.required) {
      changes.push({
        kind: 'tightening',
        key: 'signatures.image.required',
        message: 'signatures.image.required: → true',
      });
    }
    signerChanges(changes, 'signatures.image.signers', before.image?.signers ?? [], after.image.signers);
  }
  const beforeBases = new Map((before.bases ?? []).map((entry) => [entry.match, entry.signers]));
  const afterBases = new Map((after.bases ?? []).map((entry) => [entry.match, entry.signers]));
  for (const [match, signers] of beforeBases) {
    const now = afterBases.get(match);
    const key = `signatures.bases[match=${match}]`;
    if (!now)
      changes.push({ kind: 'relaxation', key, message: `${key}: removed: bases matching it need no signature` });
    else signerChanges(changes, `${key}.signers`, signers, now);
  }
  for (const match of afterBases.keys()) {
    const key = `signatures.bases[match=${match}]`;
    if (!beforeBases.has(match)) changes.push({ kind: 'tightening', key, message: `${key}: added` });
  }
  const rootBefore = before.trustedRoot?.written ?? '(Sigstore public-good)';
  const rootAfter = after.trustedRoot?.written ?? '(Sigstore public-good)';
  if (rootBefore !== rootAfter) {
    changes.push({
      kind: 'relaxation',
      key: 'signatures.trustedRoot',
      message: `signatures.trustedRoot: ${rootBefore} → ${rootAfter}: other certificate authorities and logs are trusted`,
    });
  }
}

function signerChanges(
  changes: PolicyChange[],
  key: string,
  before: readonly SignerRule[],
  after: readonly SignerRule[],
): void {
  const names = (list: readonly SignerRule[]) => new Set(list.map(describeSignerRule));
  const was = names(before);
  const is = names(after);
  for (const name of is) if (!was.has(name)) changes.push({ kind: 'relaxation', key, message: `${key}: adds ${name}` });
  for (const name of was)
    if (!is.has(name)) changes.push({ kind: 'tightening', key, message: `${key}: removes ${name}` });
}
