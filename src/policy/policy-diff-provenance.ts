import type { SignerRule } from './convert-signatures.js';
import { flag, listWidened, type PolicyChange } from './policy-diff.js';
import { describeSignerRule } from './signer-rule-label.js';
import type { ImageRules } from './types.js';

/**
 * policy-diff for `provenance:` (issue 15 item 4): no longer requiring provenance or pinned bases, allowing more
 * builders, sources or signers, or dropping the signer list (any provenance believed again) let more images through:
 * relaxations. A pull request that does so is shown as relaxing the gate it is judged by.
 */
export function provenanceChanges(
  changes: PolicyChange[],
  at: (key: string) => string,
  base: ImageRules,
  head: ImageRules,
): void {
  const before = base.provenance ?? {};
  const after = head.provenance ?? {};
  flag(changes, at('provenance.required'), before.required, after.required);
  flag(changes, at('provenance.basesPinned'), before.basesPinned, after.basesPinned);
  listWidened(changes, at('provenance.builderIds'), before.builderIds, after.builderIds, 'builder ids');
  const sources = (list: ImageRules['provenance']) =>
    list?.sources?.map((entry) => entry.repository + (entry.refs ? ` (${entry.refs.join(', ')})` : ''));
  listWidened(changes, at('provenance.sources'), sources(before), sources(after), 'sources');
  const signers = (list: SignerRule[] | undefined) => list?.map(describeSignerRule);
  listWidened(changes, at('provenance.signers'), signers(before.signers), signers(after.signers), 'signers');
}
