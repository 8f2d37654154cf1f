import type { Finding } from '../model/findings.js';
import { decideVerdict } from '../policy/gate.js';
import type { RunResult } from './run-result.js';
import { byRelevance } from './scan-findings.js';

/**
 * The findings that failed the gate: active ones at or above their family's threshold, judged by the gate itself
 * (a finding blocks when the gate would fail on it alone). Most relevant first: most severe, then highest CVSS;
 * a stable sort keeps the checks' order among equals.
 */
export function blockingFindings(result: Pick<RunResult, 'findings' | 'failOn' | 'familyFailOn'>): Finding[] {
  const blocks = blockingTest(result);
  return result.findings.filter(blocks).sort(byRelevance);
}

/** Whether one finding blocks the gate of this run. */
export function blockingTest(result: Pick<RunResult, 'failOn' | 'familyFailOn'>): (finding: Finding) => boolean {
  return (finding) => !finding.suppressedBy && decideVerdict([finding], result.failOn, result.familyFailOn) === 'fail';
}
