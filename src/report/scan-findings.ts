import { byExploitPriority } from './exploit-priority-text.js';
import { severityRank, type Finding } from '../model/findings.js';
import type { RuleFamily } from './run-result.js';

/**
 * What the reports need to know about findings of the scan families (`vuln/`, `secret/`, `license/`): which
 * findings they are, their rule-specific properties read safely (properties are untyped bags), and the order in
 * which they matter when a report has to leave some out.
 */

/** Families whose findings come from the scanner (Trivy) rather than from imagegate's own image checks. */
export const SCAN_FAMILIES: ReadonlySet<RuleFamily> = new Set<RuleFamily>(['vuln', 'secret', 'license']);

/** `vuln/CVE-2024-3094` → `vuln`; a ruleId without a slash is its own family. */
export function ruleFamily(ruleId: string): string {
  const slash = ruleId.indexOf('/');
  return slash < 0 ? ruleId : ruleId.slice(0, slash);
}

export function isScanFinding(finding: Pick<Finding, 'ruleId'>): boolean {
  return SCAN_FAMILIES.has(ruleFamily(finding.ruleId) as RuleFamily);
}

export function isVulnerabilityFinding(finding: Pick<Finding, 'ruleId'>): boolean {
  return finding.ruleId.startsWith('vuln/');
}

/** `vuln/CVE-2024-3094` → `CVE-2024-3094`; `secret/aws-access-key-id` → `aws-access-key-id`. */
export function ruleKey(ruleId: string): string {
  const slash = ruleId.indexOf('/');
  return slash < 0 ? ruleId : ruleId.slice(slash + 1);
}

/** The properties of a `vuln/` finding, as the vulnerability checks set them; absent when unknown or mistyped. */
export interface VulnerabilityProperties {
  pkgName?: string;
  pkgPath?: string;
  installedVersion?: string;
  fixedVersion?: string;
  status?: string;
  scannerSeverity?: string;
  cvssScore?: number;
  target?: string;
  layerDiffId?: string;
  primaryUrl?: string;
  title?: string;
}

export function vulnerabilityProperties(finding: Pick<Finding, 'properties'>): VulnerabilityProperties {
  const bag = finding.properties;
  const out: VulnerabilityProperties = {};
  if (bag === undefined) return out;
  // Spelled out rather than a loop over the key names: the reports call this several times per finding, and named
  // reads and writes in a fixed order are several times cheaper than keyed ones. Keys in the interface's order.
  const { pkgName, pkgPath, installedVersion, fixedVersion, status, scannerSeverity, target, layerDiffId } = bag;
  const { primaryUrl, title } = bag;
  if (typeof pkgName === 'string' && pkgName !== '') out.pkgName = pkgName;
  if (typeof pkgPath === 'string' && pkgPath !== '') out.pkgPath = pkgPath;
  if (typeof installedVersion === 'string' && installedVersion !== '') out.installedVersion = installedVersion;
  if (typeof fixedVersion === 'string' && fixedVersion !== '') out.fixedVersion = fixedVersion;
  if (typeof status === 'string' && status !== '') out.status = status;
  if (typeof scannerSeverity === 'string' && scannerSeverity !== '') out.scannerSeverity = scannerSeverity;
  if (typeof target === 'string' && target !== '') out.target = target;
  if (typeof layerDiffId === 'string' && layerDiffId !== '') out.layerDiffId = layerDiffId;
  if (typeof primaryUrl === 'string' && primaryUrl !== '') out.primaryUrl = primaryUrl;
  if (typeof title === 'string' && title !== '') out.title = title;
  const score = cvssScoreOf(finding);
  if (score !== undefined) out.cvssScore = score;
  return out;
}

/** The finding's CVSS score when it has a usable one (a finite number in 0–10). */
export function cvssScoreOf(finding: Pick<Finding, 'properties'>): number | undefined {
  const value = finding.properties?.cvssScore;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 10 ? value : undefined;
}

/**
 * The order in which findings matter when a report cannot show them all: known exploited (KEV) first, then the
 * likelier exploited (higher EPSS score; issue 18), then most severe, then active before
 * suppressed (an accepted risk is worth less space than an open one), then the higher CVSS score. Use with a
 * stable sort so that equal findings keep the order the checks produced.
 */
export function byRelevance(a: Finding, b: Finding): number {
  const exploit = byExploitPriority(a, b);
  if (exploit !== 0) return exploit;
  const severity = severityRank(b.severity) - severityRank(a.severity);
  if (severity !== 0) return severity;
  const suppressed = Number(a.suppressedBy !== undefined) - Number(b.suppressedBy !== undefined);
  if (suppressed !== 0) return suppressed;
  return (cvssScoreOf(b) ?? -1) - (cvssScoreOf(a) ?? -1);
}

/**
 * An http(s) URL from untrusted data in a form safe inside a Markdown link destination written as `<…>`: parsed
 * and re-serialized by WHATWG URL (which percent-encodes spaces, quotes, `<` and `>`), with backslashes encoded as
 * well. Anything else (javascript:, data:, relative or malformed text) gives undefined: no link at all.
 */
export function safeHttpUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  const href = url.href.replaceAll('\\', '%5C');
  return /[\s<>]/.test(href) ? undefined : href;
}

/**
 * A scanner-provided URL a report may link in a Markdown table (the advisory behind a CVE id): only `https:` (a
 * plain-http advisory link could be swapped on the way), through safeHttpUrl, with `|` and backticks encoded too,
 * since a pipe ends a table cell and a backtick could open a code span across the link.
 */
export function safeHttpsLink(text: string | undefined): string | undefined {
  const href = safeHttpUrl(text);
  if (href === undefined || !href.startsWith('https://')) return undefined;
  return href.replaceAll('|', '%7C').replaceAll('`', '%60');
}
