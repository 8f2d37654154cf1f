import type { SignerRule } from './convert-signatures.js';

/** How findings and policy changes name a signer rule: `key keys/release.pub`, `<subject> from <issuer>`. */
export function describeSignerRule(rule: SignerRule): string {
  if (rule.kind === 'key') return `key ${rule.written}`;
  return `${rule.subject ?? `/${rule.subjectRegExp ?? ''}/`} from ${rule.issuer}`;
}
