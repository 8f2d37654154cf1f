import { createHash } from 'node:crypto';

/**
 * The one result type of every check. A writable bind mount, a 600 MB image and a CVE are all Findings;
 * reports render them and never re-derive them.
 */

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is more severe. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

/** Sorts most severe first; stable for equal severities. */
export function bySeverity(a: { severity: Severity }, b: { severity: Severity }): number {
  return severityRank(b.severity) - severityRank(a.severity);
}

/** A line in a file of the user's repository (path relative to the repository root, `/` separators). */
export interface SourceLocation {
  kind: 'source';
  path: string;
  line: number;
  column?: number;
}

/** Somewhere in an image, when no source line can be named: the image and, when known, one layer. */
export interface ImageLocation {
  kind: 'image';
  image: string;
  layer?: string;
}

export type Location = SourceLocation | ImageLocation;

/** Why a finding does not count: the allowlist entry or the VEX statement that matched it. */
export interface Suppression {
  /** Absent: an allowlist entry (every suppression before VEX). */
  by?: 'allowlist' | 'vex';
  reason: string;
  expires?: string;
  /** The allowlist entry, or the VEX statement, in its file. */
  source?: SourceLocation;
  /** VEX only: the document's author, the statement's time, status and justification label. */
  author?: string;
  timestamp?: string;
  status?: string;
  justification?: string;
}

export interface GateOverride {
  decision: 'fail' | 'exempt';
  /** One sentence for reports: `in CISA KEV`, `published 2026-12-05, grace ends 2026-12-12`. */
  reason: string;
  /** Exempt by grace: when the grace ends (ISO 8601). */
  until?: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** Plain text (SARIF text, JUnit, terminal, JSON). */
  message: string;
  /**
   * The same message as inline Markdown, when imagegate wrote it with the `md` tag (util/markdown-message): its own
   * words as Markdown, every untrusted value escaped. Only set in this process, never read back from a file.
   */
  messageMarkdown?: string;
  location: Location;
  /** Stable across line moves and rebuilds: rule + image repository + the rule's own key. */
  fingerprint: string;
  suppressedBy?: Suppression;
  /**
   * A decision that replaces the severity threshold for this finding (issue 18): `fail` (a KEV-listed vulnerability
   * under `failOnKev`) or `exempt` (in its grace period, or below the EPSS bound). Suppression still wins over both.
   */
  gate?: GateOverride;
  /**
   * The platforms it was found on, when one run gated several platforms of a multi-platform image
   * (`--platform all`); a finding identical on several platforms is one finding listing them all.
   */
  platforms?: string[];
  /** Rule-specific facts for reports (actual value, limit, layer, …). */
  properties?: Record<string, string | number | boolean | null>;
}

/** A fingerprint from the parts that identify "the same problem"; never from line numbers. */
export function fingerprintOf(...parts: ReadonlyArray<string | number | undefined>): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part ?? ''}\u0000`);
  return hash.digest('hex').slice(0, 32);
}

export type SeverityCounts = Record<Severity, number>;

/** Counts of active (not suppressed) findings per severity. */
export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const finding of findings) if (!finding.suppressedBy) counts[finding.severity] += 1;
  return counts;
}
