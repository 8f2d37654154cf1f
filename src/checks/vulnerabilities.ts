import { atLeast, fingerprintOf, type Finding, type Location, type Severity } from '../model/findings.js';
import { DEFAULT_UNKNOWN_SEVERITY, type VulnerabilityRules } from '../policy/types.js';
import type { CvssScore, ScanSeverity, VulnerabilityFacts, VulnerabilityStatus } from '../scan/types.js';
import type { CheckContext } from './context.js';
import { scanLocator } from './scan-location.js';
import { exploitPriority } from './exploit-priority.js';
import { md, type Message } from '../util/markdown-message.js';

/** The ruleId prefix of vulnerability findings: `vuln/CVE-2024-3094`. */
export const VULNERABILITY_RULE_PREFIX = 'vuln/';

/**
 * One finding per vulnerability id, package, installed version and package path (or Trivy target) that passes
 * the policy's filters (`minSeverity`, `ignoreUnfixed`, `ignoreStatuses`). What a filter drops is reported nowhere.
 * Severity is Trivy's, with UNKNOWN mapped by `unknownSeverity`. The allowlist is applied later, to all findings.
 */
export function checkVulnerabilities(context: CheckContext): Finding[] {
  const scan = context.scan;
  if (!scan || scan.vulnerabilities.length === 0) return [];
  const rules = context.rules.vulnerabilities;
  const unknownSeverity = rules.unknownSeverity ?? DEFAULT_UNKNOWN_SEVERITY;
  const keep = vulnerabilityFilter(rules);
  const locate = scanLocator(context);
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const vulnerability of scan.vulnerabilities) {
    const severity = fromScannerSeverity(vulnerability.severity, unknownSeverity);
    if (!keep(vulnerability, severity)) continue;
    const key = `${vulnerability.id}\u0000${vulnerability.pkgName}\u0000${vulnerability.installedVersion}\u0000${vulnerability.pkgPath ?? vulnerability.target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const finding = vulnerabilityFinding(vulnerability, severity, locate(vulnerability.layerDiffId), context);
    const priority = exploitPriority(vulnerability, severity, rules, context.feeds, context.now);
    // Only when a feed or a grace period is in play, so findings of runs that use neither stay as they were.
    if (context.feeds || rules.gracePeriod) Object.assign(finding.properties ?? {}, priority.properties);
    if (priority.gate) {
      finding.gate = priority.gate;
      Object.assign(finding.properties ?? {}, { gate: priority.gate.decision, gateReason: priority.gate.reason });
    }
    findings.push(finding);
  }
  return findings;
}

/** Trivy's severity in imagegate's scale; UNKNOWN (no data source rated it) becomes `unknown`. */
export function fromScannerSeverity(severity: ScanSeverity, unknown: Severity): Severity {
  switch (severity) {
    case 'CRITICAL':
      return 'critical';
    case 'HIGH':
      return 'high';
    case 'MEDIUM':
      return 'medium';
    case 'LOW':
      return 'low';
    default:
      return unknown;
  }
}

function vulnerabilityFilter(
  rules: VulnerabilityRules,
): (vulnerability: VulnerabilityFacts, severity: Severity) => boolean {
  const { minSeverity, ignoreUnfixed } = rules;
  const ignoredStatuses = new Set<VulnerabilityStatus>(rules.ignoreStatuses ?? []);
  return (vulnerability, severity) => {
    if (minSeverity !== undefined && !atLeast(severity, minSeverity)) return false;
    if (ignoreUnfixed && !vulnerability.fixedVersion) return false;
    return !ignoredStatuses.has(vulnerability.status);
  };
}

function vulnerabilityFinding(
  vulnerability: VulnerabilityFacts,
  severity: Severity,
  location: Location,
  context: Pick<CheckContext, 'imageRepository'>,
): Finding {
  const ruleId = `${VULNERABILITY_RULE_PREFIX}${vulnerability.id}`;
  const message = vulnerabilityMessage(vulnerability);
  return {
    ruleId,
    severity,
    message: message.text,
    messageMarkdown: message.markdown,
    location,
    // Not the installed version: upgrading to a still-vulnerable version is the same open problem.
    fingerprint: fingerprintOf(ruleId, context.imageRepository, vulnerability.pkgName, packagePlace(vulnerability)),
    properties: {
      vulnerabilityId: vulnerability.id,
      pkgName: vulnerability.pkgName,
      pkgPath: vulnerability.pkgPath ?? null,
      installedVersion: vulnerability.installedVersion,
      fixedVersion: vulnerability.fixedVersion ?? null,
      status: vulnerability.status,
      scannerSeverity: vulnerability.severity,
      cvssScore: highestCvssScore(vulnerability.advisory.cvss),
      target: vulnerability.target,
      layerDiffId: vulnerability.layerDiffId ?? null,
      purl: vulnerability.purl ?? null,
      primaryUrl: vulnerability.advisory.primaryUrl ?? null,
      title: vulnerability.advisory.title ?? null,
    },
  };
}

/**
 * What tells two copies of one package apart in a fingerprint: its path, else for language packages the lock
 * file Trivy read (`go.mod` vs `submod/go.mod`). OS packages have neither, and their target names the image and
 * distribution version, which a base-image update changes, so it is left out.
 */
function packagePlace(vulnerability: VulnerabilityFacts): string {
  if (vulnerability.pkgPath) return vulnerability.pkgPath;
  return vulnerability.resultClass === 'os-pkgs' ? '' : vulnerability.target;
}

/** The highest CVSS v3 or v4 base score any source gives, or null when none does. */
export function highestCvssScore(scores: readonly CvssScore[]): number | null {
  let highest: number | null = null;
  for (const score of scores) {
    for (const value of [score.v3Score, score.v40Score]) {
      if (value !== undefined && Number.isFinite(value) && (highest === null || value > highest)) highest = value;
    }
  }
  return highest;
}

function vulnerabilityMessage(vulnerability: VulnerabilityFacts): Message {
  const where = vulnerability.pkgPath ? md` (${vulnerability.pkgPath})` : md``;
  const { title: advisoryTitle } = vulnerability.advisory;
  const title = advisoryTitle ? md`: ${abbreviate(advisoryTitle)}` : md``;
  // Everything here but the fix wording is the scanner's: interpolated, so escaped in the Markdown form.
  const message = md`${vulnerability.id} in ${vulnerability.pkgName} ${vulnerability.installedVersion}${where}, ${fixText(vulnerability)}${title}`;
  return /[.!?…]$/.test(message.text) ? message : md`${message}.`;
}

function fixText(vulnerability: VulnerabilityFacts): string {
  if (vulnerability.fixedVersion) return `fixed in ${vulnerability.fixedVersion}`;
  switch (vulnerability.status) {
    case 'will_not_fix':
      return 'no fix: the vendor will not fix it';
    case 'fix_deferred':
      return 'no fix yet: the vendor deferred it';
    case 'end_of_life':
      return 'no fix: the distribution version is end of life';
    case 'under_investigation':
      return 'no fix yet (under investigation)';
    case 'not_affected':
      return 'the vendor says it is not affected';
    default:
      return 'no fix yet';
  }
}

function abbreviate(text: string, max = 160): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
