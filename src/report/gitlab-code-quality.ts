import path from 'node:path';
import type { Finding, Severity } from '../model/findings.js';
import type { RunResult } from './run-result.js';
import { singleLine, truncate } from '../util/markdown-escape.js';
import { isVulnerabilityFinding, ruleFamily } from './scan-findings.js';

/**
 * GitLab's Code Quality report (a subset of Code Climate's issue format): the image-policy, secret, license,
 * allowlist and compose findings, each on the file and line a person would change. The MR widget shows it in
 * every tier, and on the diff when the line is part of the change.
 *
 * Left out: vulnerabilities (they are the container-scanning report's, and in the JUnit report for tiers without
 * it); findings the allowlist accepted (Code Quality has no notion of an accepted issue); findings that point at
 * the image with no Dockerfile to point at, and files outside the repository (a path GitLab cannot open is noise).
 * An image finding in a run with a Dockerfile is placed on its first line, the design's fallback.
 */

export const CODE_QUALITY_FILE_NAME = 'gl-code-quality-report.json';

export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface CodeQualityIssue {
  type: 'issue';
  check_name: string;
  description: string;
  categories: string[];
  severity: CodeQualitySeverity;
  fingerprint: string;
  location: { path: string; lines: { begin: number } };
}

/** imagegate's five levels onto GitLab's five, in order. */
const SEVERITY: Record<Severity, CodeQualitySeverity> = {
  critical: 'blocker',
  high: 'critical',
  medium: 'major',
  low: 'minor',
  info: 'info',
};

/** Code Climate categories by rule family; anything else is a security concern of the image. */
const CATEGORIES: Record<string, string[]> = {
  size: ['Performance'],
  layers: ['Performance'],
  allow: ['Clarity'],
};

const MAX_DESCRIPTION = 1_000;

export function toCodeQualityReport(result: RunResult): CodeQualityIssue[] {
  const issues: CodeQualityIssue[] = [];
  const seen = new Set<string>();
  for (const finding of result.findings) {
    if (finding.suppressedBy || isVulnerabilityFinding(finding)) continue;
    const place = placeOf(finding, result.dockerfile);
    // GitLab tells issues apart by fingerprint: one issue per fingerprint.
    if (!place || seen.has(finding.fingerprint)) continue;
    seen.add(finding.fingerprint);
    issues.push({
      type: 'issue',
      check_name: finding.ruleId,
      description: truncate(singleLine(finding.message).trim() || finding.ruleId, MAX_DESCRIPTION),
      categories: CATEGORIES[ruleFamily(finding.ruleId)] ?? ['Security'],
      severity: SEVERITY[finding.severity],
      fingerprint: finding.fingerprint,
      location: { path: place.path, lines: { begin: place.line } },
    });
  }
  return issues;
}

function placeOf(finding: Finding, dockerfile: string | undefined): { path: string; line: number } | undefined {
  const location = finding.location;
  if (location.kind === 'source') {
    if (!inRepository(location.path)) return undefined;
    return { path: location.path, line: Math.max(1, Math.trunc(location.line) || 1) };
  }
  return dockerfile && inRepository(dockerfile) ? { path: dockerfile, line: 1 } : undefined;
}

/** Repository-relative paths are the only ones GitLab can show; locations outside the workspace stay absolute. */
function inRepository(file: string): boolean {
  return file !== '' && !path.posix.isAbsolute(file) && !path.win32.isAbsolute(file) && !file.startsWith('../');
}
