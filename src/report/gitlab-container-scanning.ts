import type { Finding, Severity } from '../model/findings.js';
import type { RunResult } from './run-result.js';
import type { AdvisoryFacts, CvssScore } from '../scan/types.js';
import { codeSpan, singleLine, truncate } from '../util/markdown-escape.js';
import { escapeGitLabInline } from './gitlab-markdown.js';
import { isVulnerabilityFinding, ruleKey, safeHttpUrl, vulnerabilityProperties } from './scan-findings.js';

/**
 * GitLab's container-scanning report (security report schema 15.2.1), rendered from a RunResult: one entry per
 * active `vuln/` finding. GitLab drops a report that fails its schema without a word, so every value here is
 * shaped to the schema: times without a zone, severities in GitLab's casing, only http(s) links, CVSS vectors only
 * when they match the schema's pattern, texts cut to its limits.
 *
 * Findings accepted by the allowlist are left out rather than flagged: the schema's only flag type is
 * `flagged-as-likely-false-positive`, which an accepted risk is not. `scan.messages` says how many were left out.
 * Without a scan there is no report at all: an empty one would tell GitLab the image was scanned and is clean.
 */

export const CONTAINER_SCANNING_FILE_NAME = 'gl-container-scanning-report.json';
export const CONTAINER_SCANNING_SCHEMA_VERSION = '15.2.1';

export interface ContainerScanningOptions {
  /** imagegate's version (the analyzer's). */
  toolVersion: string;
}

export interface ContainerScanningReport {
  version: string;
  scan: {
    analyzer: Tool;
    scanner: Tool & { url?: string };
    type: 'container_scanning';
    start_time: string;
    end_time: string;
    status: 'success' | 'failure';
    messages?: Array<{ level: 'info' | 'warn' | 'fatal'; value: string }>;
  };
  vulnerabilities: ContainerScanningVulnerability[];
}

interface Tool {
  id: string;
  name: string;
  version: string;
  vendor: { name: string };
}

export interface ContainerScanningVulnerability {
  id: string;
  name?: string;
  description?: string;
  severity: GitLabSeverity;
  solution?: string;
  identifiers: Array<{ type: string; name: string; value: string; url?: string }>;
  cvss_vectors?: Array<{ vendor: string; vector: string }>;
  links?: Array<{ url: string }>;
  location: {
    dependency: { package: { name: string }; version: string };
    operating_system: string;
    image: string;
  };
}

export type GitLabSeverity = 'Info' | 'Unknown' | 'Low' | 'Medium' | 'High' | 'Critical';

const SEVERITY: Record<Severity, GitLabSeverity> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

/** Limits of the schema (name 255, solution 7,000) and of what is worth reading in a widget. */
const MAX_NAME = 255;
const MAX_DESCRIPTION = 4_000;
const MAX_SOLUTION = 1_000;
const MAX_LINKS = 10;
/** The schema allows 10 vectors per vulnerability. */
const MAX_VECTORS = 10;

/** The report for a run with a scan; undefined when no scan ran. */
export function toContainerScanningReport(
  result: RunResult,
  options: ContainerScanningOptions,
): ContainerScanningReport | undefined {
  const scan = result.scan;
  if (!scan) return undefined;
  const advisories = new Map<string, AdvisoryFacts>();
  for (const vulnerability of scan.vulnerabilities) {
    if (!advisories.has(vulnerability.id)) advisories.set(vulnerability.id, vulnerability.advisory);
  }
  const image = result.image.reference || scan.artifactName || result.image.id || 'unknown image';
  const operatingSystem = scan.os && scan.os.family ? `${scan.os.family} ${scan.os.name}`.trim() : undefined;
  const vulnerabilityFindings = result.findings.filter(isVulnerabilityFinding);
  const active = vulnerabilityFindings.filter((finding) => !finding.suppressedBy);
  const accepted = vulnerabilityFindings.length - active.length;
  const seen = new Set<string>();
  const vulnerabilities: ContainerScanningVulnerability[] = [];
  for (const finding of active) {
    const id = vulnerabilityUuid(finding.fingerprint);
    // GitLab keys findings on this id; a second finding with the same fingerprint is the same problem.
    if (seen.has(id)) continue;
    seen.add(id);
    vulnerabilities.push(
      toVulnerability(finding, id, advisories.get(ruleKey(finding.ruleId)), { image, operatingSystem }),
    );
  }
  return {
    version: CONTAINER_SCANNING_SCHEMA_VERSION,
    scan: {
      analyzer: {
        id: 'imagegate',
        name: 'imagegate',
        version: options.toolVersion || 'unknown',
        vendor: { name: 'imagegate' },
      },
      scanner: {
        id: 'trivy',
        name: 'Trivy',
        version: scan.scanner.version || 'unknown',
        vendor: { name: 'Aqua Security' },
        url: 'https://github.com/aquasecurity/trivy',
      },
      type: 'container_scanning',
      start_time: gitlabTime(result.startedAt),
      end_time: gitlabTime(result.finishedAt),
      status: 'success',
      ...(accepted > 0
        ? {
            messages: [
              {
                level: 'info' as const,
                value:
                  `${accepted} vulnerability finding(s) accepted by the imagegate allowlist (allow.vulnerabilities) or VEX ` +
                  'are not in this report; imagegate.json lists them with their reasons.',
              },
            ],
          }
        : {}),
    },
    vulnerabilities,
  };
}

function toVulnerability(
  finding: Finding,
  id: string,
  advisory: AdvisoryFacts | undefined,
  context: { image: string; operatingSystem: string | undefined },
): ContainerScanningVulnerability {
  const vulnerabilityId = ruleKey(finding.ruleId);
  const properties = vulnerabilityProperties(finding);
  const title = properties.title ?? advisory?.title;
  const links = uniqueLinks([properties.primaryUrl, ...(advisory?.references ?? [])]);
  const vectors = cvssVectors(advisory?.cvss ?? []);
  return {
    id,
    name: truncate(singleLine(title || vulnerabilityId), MAX_NAME),
    description: describe(finding, advisory),
    severity: SEVERITY[finding.severity],
    solution: solution(properties.pkgName, properties.fixedVersion, properties.status),
    identifiers: identifiers(vulnerabilityId, properties.primaryUrl, advisory?.cweIds ?? []),
    ...(vectors.length > 0 ? { cvss_vectors: vectors } : {}),
    ...(links.length > 0 ? { links: links.map((url) => ({ url })) } : {}),
    location: {
      dependency: {
        package: { name: properties.pkgName ?? vulnerabilityId },
        version: properties.installedVersion ?? '',
      },
      operating_system: context.operatingSystem || osFromTarget(properties.target) || 'unknown',
      image: context.image,
    },
  };
}

/**
 * A UUID-shaped id from the finding's fingerprint (32 hex digits), so the same problem keeps its id across
 * pipelines. The version nibble says 8 (RFC 9562: application-defined) and the variant bits are set, so the
 * value is a well-formed UUID rather than one that merely looks like it.
 */
export function vulnerabilityUuid(fingerprint: string): string {
  const hex = fingerprint
    .toLowerCase()
    .replace(/[^0-9a-f]/g, '')
    .padEnd(32, '0')
    .slice(0, 32);
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** `YYYY-MM-DDTHH:MM:SS` in UTC, as the schema wants it (no fraction, no zone). */
export function gitlabTime(iso: string): string {
  const date = new Date(iso);
  return (Number.isNaN(date.getTime()) ? new Date(0) : date).toISOString().slice(0, 19);
}

/** The id first (GitLab's primary identifier), with a link where one is known, then its CWEs. */
function identifiers(
  id: string,
  primaryUrl: string | undefined,
  cweIds: readonly string[],
): ContainerScanningVulnerability['identifiers'] {
  const url = identifierUrl(id) ?? safeHttpUrl(primaryUrl);
  const list: ContainerScanningVulnerability['identifiers'] = [
    { type: identifierType(id), name: id, value: id, ...(url ? { url } : {}) },
  ];
  for (const cwe of new Set(cweIds)) {
    const number = /^CWE-(\d{1,6})$/i.exec(cwe.trim())?.[1];
    if (!number) continue;
    list.push({
      type: 'cwe',
      name: `CWE-${number}`,
      value: number,
      url: `https://cwe.mitre.org/data/definitions/${number}.html`,
    });
  }
  return list;
}

/** `cve`, `ghsa`, else the id's lower-cased prefix (`RHSA-2024:1234` → `rhsa`, `GO-2024-1` → `go`). */
function identifierType(id: string): string {
  if (/^CVE-\d{4}-\d+$/i.test(id)) return 'cve';
  if (/^GHSA(-[0-9a-z]{4}){3}$/i.test(id)) return 'ghsa';
  const prefix = /^([A-Za-z][A-Za-z0-9]*)[-:]/.exec(id)?.[1];
  return prefix ? prefix.toLowerCase() : 'trivy';
}

function identifierUrl(id: string): string | undefined {
  if (/^CVE-\d{4}-\d+$/i.test(id)) return `https://nvd.nist.gov/vuln/detail/${id.toUpperCase()}`;
  if (/^GHSA(-[0-9a-z]{4}){3}$/i.test(id)) return `https://github.com/advisories/${id}`;
  return undefined;
}

/** The advisory's text (untrusted: escaped for GitLab Markdown) and where imagegate found the package. */
function describe(finding: Finding, advisory: AdvisoryFacts | undefined): string {
  const text = advisory?.description || advisory?.title || finding.message;
  const parts = [escapeGitLabInline(text, { maxLength: MAX_DESCRIPTION })];
  const { pkgPath } = vulnerabilityProperties(finding);
  if (pkgPath) parts.push(`Package path: ${codeSpan(pkgPath, { maxLength: 300 })}.`);
  const location = finding.location;
  if (location.kind === 'source') {
    parts.push(`imagegate locates it at ${codeSpan(`${location.path}:${location.line}`, { maxLength: 300 })}.`);
  } else if (location.layer) {
    parts.push(`imagegate found it in layer ${codeSpan(location.layer, { maxLength: 100 })}.`);
  }
  return parts.join('\n\n');
}

function solution(pkgName: string | undefined, fixedVersion: string | undefined, status: string | undefined): string {
  const name = pkgName ? codeSpan(pkgName, { maxLength: 200 }) : 'the package';
  if (fixedVersion) {
    return truncate(`Upgrade ${name} to ${codeSpan(fixedVersion, { maxLength: 200 })} or later.`, MAX_SOLUTION);
  }
  const why =
    status === 'will_not_fix'
      ? 'the vendor will not fix it'
      : status === 'end_of_life'
        ? 'the distribution version is end of life'
        : 'no fixed version is known yet';
  return `No upgrade available (${why}). Remove ${name} if the image does not need it, or accept the risk in the imagegate policy (allow.vulnerabilities) with a reason and an expiry.`;
}

/** http(s) URLs from untrusted data, normalized, without duplicates. */
function uniqueLinks(candidates: ReadonlyArray<string | undefined>): string[] {
  const links = new Set<string>();
  for (const candidate of candidates) {
    const url = safeHttpUrl(candidate);
    if (url) links.add(url);
    if (links.size === MAX_LINKS) break;
  }
  return [...links];
}

/** The CVSS 3.x base and temporal/environmental metrics the schema's vector pattern accepts. */
const CVSS3_METRIC =
  '(?:AV:[NALP]|AC:[LH]|PR:[NLH]|UI:[NR]|S:[UC]|[CIA]:[NLH]|E:[XUPFH]|RL:[XOTWU]|RC:[XURC]|[CIA]R:[XLMH]|' +
  'MAV:[XNALP]|MAC:[XLH]|MPR:[XNLH]|MUI:[XNR]|MS:[XUC]|M[CIA]:[XNLH])';
const CVSS3_VECTOR = new RegExp(`^CVSS:3[.][01]/(?:${CVSS3_METRIC}/)*${CVSS3_METRIC}$`);

/** CVSS 3.x vectors by source; any other vector would make GitLab reject the whole report, so it is left out. */
function cvssVectors(scores: readonly CvssScore[]): Array<{ vendor: string; vector: string }> {
  const vectors: Array<{ vendor: string; vector: string }> = [];
  for (const score of scores) {
    const vector = score.v3Vector?.trim();
    if (!vector || vector.length < 32 || vector.length > 128 || !CVSS3_VECTOR.test(vector)) continue;
    vectors.push({ vendor: singleLine(score.source).trim() || 'unknown', vector });
    if (vectors.length === MAX_VECTORS) break;
  }
  return vectors;
}

/** `alpine 3.19.1` from Trivy's target `docker.io/acme/api:1.2.3 (alpine 3.19.1)`. */
function osFromTarget(target: string | undefined): string | undefined {
  const os = target ? /\(([^()]+)\)\s*$/.exec(target)?.[1]?.trim() : undefined;
  return os ? truncate(singleLine(os), 100) : undefined;
}
