import { atLeast, type Finding } from '../model/findings.js';
import type { FailOn, ImageRules } from './types.js';
import type { RuleFamily, Verdict } from '../model/verdict.js';

export type FamilyFailOn = Partial<Record<RuleFamily, FailOn>>;

/**
 * The gate: fail when any finding that is not suppressed is at or above its threshold, which is its family's
 * (the ruleId prefix: `vuln/CVE-…` → `vuln`) when `familyFailOn` has one, else `failOn`. A finding's own `gate`
 * decision (KEV forces a failure; grace and EPSS exempt) replaces the threshold.
 */
export function decideVerdict(findings: readonly Finding[], failOn: FailOn, familyFailOn: FamilyFailOn = {}): Verdict {
  const thresholds = new Map<string, FailOn>(Object.entries(familyFailOn));
  for (const finding of findings) {
    if (finding.suppressedBy) continue;
    if (finding.gate?.decision === 'fail') return 'fail';
    if (finding.gate?.decision === 'exempt') continue;
    const slash = finding.ruleId.indexOf('/');
    const threshold = (slash === -1 ? undefined : thresholds.get(finding.ruleId.slice(0, slash))) ?? failOn;
    if (threshold !== 'never' && atLeast(finding.severity, threshold)) return 'fail';
  }
  return 'pass';
}

/** The per-family thresholds an image's rules set (`vulnerabilities.failOn` → `vuln`, …); unset ones are left out. */
export function familyFailOnFor(rules: ImageRules): FamilyFailOn {
  const thresholds: FamilyFailOn = {};
  if (rules.vulnerabilities.failOn) thresholds.vuln = rules.vulnerabilities.failOn;
  if (rules.secrets.failOn) thresholds.secret = rules.secrets.failOn;
  if (rules.licenses.failOn) thresholds.license = rules.licenses.failOn;
  return thresholds;
}
