import { bySeverity, type Finding } from '../findings.js';
import { checkBase } from './base.js';
import type { CheckContext, SeverityLookup } from './context.js';
import { checkLayers } from './layers.js';
import { checkSize } from './size.js';
import { checkUser } from './user.js';

type Check = (context: CheckContext) => Finding[];

/** The image-policy checks, in report order. New rule families register here. */
const IMAGE_CHECKS: readonly Check[] = [checkSize, checkLayers, checkBase, checkUser];

/** Runs every image check and applies the policy's per-rule severities (`off` drops the rule). */
export function runImageChecks(context: CheckContext, severityFor: SeverityLookup): Finding[] {
  const findings: Finding[] = [];
  for (const check of IMAGE_CHECKS) {
    for (const finding of check(context)) {
      const severity = severityFor(finding.ruleId, finding.severity);
      if (severity !== 'off') findings.push({ ...finding, severity });
    }
  }
  return findings.sort(bySeverity);
}
