import { atLeast, type Finding } from './findings.js';
import type { FailOn } from './policy/types.js';
import type { Verdict } from './run-result.js';

/** The gate: fail when any finding that is not suppressed is at or above `failOn`. */
export function decideVerdict(findings: readonly Finding[], failOn: FailOn): Verdict {
  if (failOn === 'never') return 'pass';
  return findings.some((finding) => !finding.suppressedBy && atLeast(finding.severity, failOn)) ? 'fail' : 'pass';
}
