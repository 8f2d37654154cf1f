import { SEVERITIES, type Finding, type Severity } from '../model/findings.js';
import { SEVERITY_ICON } from './markdown-table.js';
import { isVulnerabilityFinding } from './scan-findings.js';

/**
 * Counts per severity that say what they mix: "🟠 62 high (60 vulnerabilities, 2 policy)". Vulnerabilities the
 * scanner did not rate (Trivy's UNKNOWN, mapped to a severity by the policy) are counted as "unrated", never as an
 * ordinary vulnerability of the severity they were mapped to.
 */

export interface SeverityBreakdown {
  total: number;
  vulnerabilities: number;
  unrated: number;
  policy: number;
}

/** Whether a vulnerability finding had no rating from the scanner (its severity is the policy's mapping). */
export function isUnrated(finding: Finding): boolean {
  // The one property read directly: vulnerabilityProperties would copy every property, per finding, per count.
  return isVulnerabilityFinding(finding) && finding.properties?.scannerSeverity === 'UNKNOWN';
}

/** Active findings per severity, split by kind. */
export function severityBreakdown(findings: readonly Finding[]): Record<Severity, SeverityBreakdown> {
  const zero = (): SeverityBreakdown => ({ total: 0, vulnerabilities: 0, unrated: 0, policy: 0 });
  // Keys in SEVERITIES order, as callers iterate them.
  const counts: Record<Severity, SeverityBreakdown> = {
    critical: zero(),
    high: zero(),
    medium: zero(),
    low: zero(),
    info: zero(),
  };
  for (const finding of findings) {
    if (finding.suppressedBy) continue;
    const entry = counts[finding.severity];
    entry.total += 1;
    if (isUnrated(finding)) entry.unrated += 1;
    else if (isVulnerabilityFinding(finding)) entry.vulnerabilities += 1;
    else entry.policy += 1;
  }
  return counts;
}

/** `🟠 62 high (60 vulnerabilities, 2 policy)`; the split only when it mixes kinds or has unrated ones. */
export function severityCountText(severity: Severity, counts: SeverityBreakdown): string {
  const parts: string[] = [];
  if (counts.vulnerabilities > 0) {
    parts.push(`${counts.vulnerabilities} ${counts.vulnerabilities === 1 ? 'vulnerability' : 'vulnerabilities'}`);
  }
  if (counts.unrated > 0) parts.push(`${counts.unrated} unrated`);
  if (counts.policy > 0) parts.push(`${counts.policy} policy`);
  const split = parts.length > 1 || counts.unrated > 0 ? ` (${parts.join(', ')})` : '';
  return `${SEVERITY_ICON[severity]} ${counts.total} ${severity}${split}`;
}

/**
 * Every severity, zeros included, joined with ` · ` (the gate lines). `totals`, when given, are the run's own
 * counts (RunResult.counts), which the split then explains.
 */
export function severityCountsLine(findings: readonly Finding[], totals?: Record<Severity, number>): string {
  const counts = severityBreakdown(findings);
  return SEVERITIES.map((severity) =>
    severityCountText(severity, { ...counts[severity], total: totals?.[severity] ?? counts[severity].total }),
  ).join(' · ');
}

/** Only the severities that have findings (the blocking line). */
export function nonZeroCountsLine(findings: readonly Finding[]): string {
  const counts = severityBreakdown(findings);
  return SEVERITIES.filter((severity) => counts[severity].total > 0)
    .map((severity) => severityCountText(severity, counts[severity]))
    .join(' · ');
}
