import type { ReportingDescriptor } from 'sarif';
import type { RuleDescriptor } from '../model/catalog.js';
import type { Finding, Severity } from '../model/findings.js';
import type { AdvisoryFacts, ScanFacts, ScanSeverity, SecretFacts } from '../scan/types.js';
import { codeSpan, escapeInline, singleLine, truncate } from '../util/markdown-escape.js';
import { catalogRules, describeRule, type RuleResolver } from './rules.js';
import { LEVEL, SECURITY_SEVERITY } from './sarif-result.js';
import { reportingDescriptor } from './sarif-rules.js';
import { cvssScoreOf, ruleKey, safeHttpUrl, vulnerabilityProperties } from './scan-findings.js';

/**
 * Rules of the scanner run. A vulnerability id is one rule (GitHub groups alerts by rule, and a CVE is what
 * people search for), described from the scan's own data: title, description, CWE, references. All of that is
 * untrusted text: plain-text fields are kept to one line and cut, Markdown goes through markdown-escape, and
 * links are only http(s) URLs re-serialized by the URL parser, written as `<…>` destinations.
 *
 * security-severity is the highest CVSS v3/v4 score (`cvssScore` on the findings) of the rule's results, one
 * decimal; without CVSS, the severity mapping the image run uses (critical 9.5, high 8.0, medium 5.5, low 2.0,
 * none for info).
 */

const MAX_TITLE = 200;
const MAX_FULL_DESCRIPTION = 1_000;
const MAX_HELP_DESCRIPTION = 1_500;
const MAX_PACKAGE_ROWS = 5;
const MAX_REFERENCES = 5;
/** GitHub keeps at most 20 tags per rule. */
const MAX_TAGS = 20;

/** The scan's facts indexed for rule descriptions. */
export interface ScanRuleFacts {
  /** Per vulnerability id: its advisory (one per id, see AdvisoryFacts) and the severities Trivy gave its records. */
  vulnerabilities: Map<string, RuleAdvisory>;
  secrets: Map<string, SecretFacts>;
  resolveRule?: RuleResolver;
}

export interface RuleAdvisory {
  advisory: AdvisoryFacts;
  severities: Set<ScanSeverity>;
}

export function indexScanFacts(scan: ScanFacts | undefined, resolveRule?: RuleResolver): ScanRuleFacts {
  const vulnerabilities = new Map<string, RuleAdvisory>();
  const secrets = new Map<string, SecretFacts>();
  for (const vulnerability of scan?.vulnerabilities ?? []) {
    const known = vulnerabilities.get(vulnerability.id);
    if (known) known.severities.add(vulnerability.severity);
    else {
      vulnerabilities.set(vulnerability.id, {
        advisory: vulnerability.advisory,
        severities: new Set([vulnerability.severity]),
      });
    }
  }
  for (const secret of scan?.secrets ?? []) if (!secrets.has(secret.ruleId)) secrets.set(secret.ruleId, secret);
  return { vulnerabilities, secrets, ...(resolveRule ? { resolveRule } : {}) };
}

/** The descriptor of one rule of the scanner run, given the run's findings of that rule. */
export function scanRuleDescriptor(
  ruleId: string,
  severity: Severity,
  findings: readonly Finding[],
  facts: ScanRuleFacts,
): ReportingDescriptor {
  if (ruleId.startsWith('vuln/')) {
    return vulnerabilityRule(ruleId, severity, findings, facts.vulnerabilities.get(ruleKey(ruleId)));
  }
  if (ruleId.startsWith('secret/')) return secretRule(ruleId, severity, findings, facts.secrets.get(ruleKey(ruleId)));
  const resolve = facts.resolveRule ?? catalogRules;
  const known = resolve(ruleId) ?? (ruleId === LICENSE_RULE.id ? LICENSE_RULE : undefined);
  return reportingDescriptor(known ?? describeRule(ruleId, severity, resolve), severity);
}

function vulnerabilityRule(
  ruleId: string,
  severity: Severity,
  findings: readonly Finding[],
  facts: RuleAdvisory | undefined,
): ReportingDescriptor {
  const id = ruleKey(ruleId);
  const advisory = facts?.advisory;
  const properties = findings.map(vulnerabilityProperties);
  const title = firstOf([...properties.map((p) => p.title), advisory?.title]);
  const description = advisory?.description || undefined;
  const primaryUrl = firstOf([...properties.map((p) => p.primaryUrl), advisory?.primaryUrl].map(safeHttpUrl));
  const links = safeLinks(advisory?.references ?? [], primaryUrl);
  const cwes = unique((advisory?.cweIds ?? []).map(cweNumber));
  const scannerSeverities = unique(
    properties.map((p) => p.scannerSeverity).concat(properties.length === 0 ? [...(facts?.severities ?? [])] : []),
  ).filter((value) => /^[A-Za-z]{1,20}$/.test(value));
  const cvss = maxOf(findings.map(cvssScoreOf));
  const securitySeverity = cvss !== undefined && cvss > 0 ? Math.min(10, Math.max(0.1, cvss)).toFixed(1) : undefined;

  const plainTitle = title ? truncate(singleLine(title), MAX_TITLE) : id;
  const ratings = [
    `severity ${severity}${scannerSeverities.length > 0 ? ` (Trivy: ${scannerSeverities.join(', ')})` : ''}`,
    ...(cvss !== undefined ? [`CVSS ${cvss.toFixed(1)}`] : []),
    ...cwes.map((n) => `CWE-${n}`),
  ];
  const packages = packageRows(findings);
  const fixable = properties.some((p) => p.fixedVersion !== undefined);
  const advice = fixable
    ? 'Upgrade the package to the fixed version: in the instruction each alert points at, or by moving to a base ' +
      'image that ships it. Rebuild and re-run imagegate.'
    : 'No fixed version is known yet. Remove the package if the image does not need it, or accept the risk with ' +
      'an allowlist entry (`allow.vulnerabilities`) that names a reason and an expiry.';

  const markdown = [
    `**${escapeInline(id, { maxLength: 100 })}**${title ? `: ${escapeInline(title, { maxLength: MAX_TITLE })}` : ''}`,
    escapeInline(ratings.join(' · ')),
    packages.markdown,
    advice,
    description ? `**Description:** ${escapeInline(description, { maxLength: MAX_HELP_DESCRIPTION })}` : '',
    links.length > 0
      ? `**References:** ${links.map((url) => `[${escapeInline(new URL(url).host)}](<${url}>)`).join(' · ')}`
      : '',
  ];
  const text = [
    `${singleLine(id)}: ${plainTitle}`,
    ratings.join(', '),
    packages.text,
    advice.replaceAll('`', ''),
    description ? `Description: ${truncate(singleLine(description), MAX_HELP_DESCRIPTION)}` : '',
    ...links,
  ];
  const tags = unique([
    'security',
    'vulnerability',
    ...scannerSeverities,
    ...cwes.map((n) => `external/cwe/cwe-${n.padStart(3, '0')}`),
  ]).slice(0, MAX_TAGS);
  const fallback = SECURITY_SEVERITY[severity];
  return {
    id: ruleId,
    shortDescription: { text: plainTitle },
    fullDescription: { text: truncateWords(singleLine(description ?? title ?? id), MAX_FULL_DESCRIPTION) },
    ...(primaryUrl ? { helpUri: primaryUrl } : {}),
    help: { text: text.filter(Boolean).join('\n'), markdown: markdown.filter(Boolean).join('\n\n') },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      tags,
      // Version-range matching against advisories: vendor backports can make a match a false positive.
      precision: 'high',
      ...(securitySeverity
        ? { 'security-severity': securitySeverity }
        : fallback
          ? { 'security-severity': fallback }
          : {}),
      ...(cvss !== undefined ? { cvssScore: cvss } : {}),
    },
  };
}

/** The primary URL and the first distinct safe references, up to MAX_REFERENCES; parsing stops when there are enough. */
function safeLinks(references: readonly string[], primaryUrl: string | undefined): string[] {
  const links = primaryUrl ? [primaryUrl] : [];
  for (const reference of references) {
    if (links.length >= MAX_REFERENCES) break;
    const url = safeHttpUrl(reference);
    if (url !== undefined && !links.includes(url)) links.push(url);
  }
  return links;
}

/** The distinct (package, installed, fixed) of a rule's results: a short table, or a general line when many. */
function packageRows(findings: readonly Finding[]): { markdown: string; text: string } {
  const rows = new Map<string, { pkg: string; installed: string; fixed: string; path: string }>();
  for (const finding of findings) {
    const p = vulnerabilityProperties(finding);
    const row = {
      pkg: p.pkgName ?? '?',
      installed: p.installedVersion ?? '?',
      fixed: p.fixedVersion ?? `none (${p.status ?? 'unknown'})`,
      path: p.pkgPath ?? '',
    };
    // Length-prefixed fields (the path last, whole): distinct rows never share a key, and nothing is escaped.
    const key = `${row.pkg.length}:${row.pkg}${row.installed.length}:${row.installed}${row.fixed.length}:${row.fixed}${row.path}`;
    if (!rows.has(key)) rows.set(key, row);
  }
  if (rows.size === 0) return { markdown: '', text: '' };
  const listed = [...rows.values()].slice(0, MAX_PACKAGE_ROWS);
  const more = rows.size - listed.length;
  const cell = (value: string) => codeSpan(value, { inTable: true, maxLength: 100 }) || '—';
  const moreLine = more > 0 ? `${more} more package(s); each alert names its package and versions.` : '';
  const markdown = [
    '| Package | Installed | Fixed | Path |',
    '| --- | --- | --- | --- |',
    ...listed.map((row) => `| ${cell(row.pkg)} | ${cell(row.installed)} | ${cell(row.fixed)} | ${cell(row.path)} |`),
    ...(moreLine ? ['', moreLine] : []),
  ].join('\n');
  const text = [
    ...listed.map(
      (row) =>
        `Package ${singleLine(row.pkg)} ${singleLine(row.installed)}, fixed: ${singleLine(row.fixed)}` +
        (row.path ? ` (${singleLine(row.path)})` : ''),
    ),
    ...(moreLine ? [moreLine] : []),
  ].join('\n');
  return { markdown, text };
}

function secretRule(
  ruleId: string,
  severity: Severity,
  findings: readonly Finding[],
  facts: SecretFacts | undefined,
): ReportingDescriptor {
  const titleProperty = findings.map((finding) => finding.properties?.title).find((v) => typeof v === 'string');
  const title = truncate(singleLine(facts?.title ?? (titleProperty as string | undefined) ?? ruleId), MAX_TITLE);
  const category = facts?.category ? singleLine(facts.category) : undefined;
  const markdown =
    `Trivy's secret rule ${codeSpan(ruleKey(ruleId), { maxLength: 100 })}` +
    `${category ? ` (${escapeInline(category, { maxLength: 100 })})` : ''} matched a file in the image.\n\n` +
    'A secret in an image is readable by anyone who can pull it, and deleting the file in a later layer does ' +
    'not remove it from the layer that added it. Rotate the credential, keep it out of the build context ' +
    '(`.dockerignore`), and pass build-time secrets with `RUN --mount=type=secret`.';
  return {
    id: ruleId,
    shortDescription: { text: title },
    fullDescription: { text: `A secret (${title}) is stored in a file of the image.` },
    help: { text: markdown.replaceAll('`', ''), markdown },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      tags: unique(['security', 'secret', ...(category && /^[\w .-]{1,40}$/.test(category) ? [category] : [])]),
      // Pattern matches: test fixtures and examples match too.
      precision: 'high',
      ...(SECURITY_SEVERITY[severity] ? { 'security-severity': SECURITY_SEVERITY[severity] } : {}),
    },
  };
}

/** Used when neither the catalog nor the caller's resolver describes `license/forbidden`. */
const LICENSE_RULE: RuleDescriptor = {
  id: 'license/forbidden',
  title: 'Package under a forbidden license',
  help:
    'A package in the image is distributed under a license listed in `licenses.forbid`. Remove or replace the ' +
    'package, or ask for the license to be allowed.',
  defaultSeverity: 'high',
  policyKey: 'licenses.forbid',
  tags: ['license'],
};

/** `CWE-79` → `79`; anything that is not a CWE id gives undefined. */
function cweNumber(text: string): string | undefined {
  const match = /^CWE-(\d{1,6})$/i.exec(text.trim());
  return match ? String(Number(match[1])) : undefined;
}

/** Cuts at a word boundary near `max` code points, marking the cut. */
function truncateWords(text: string, max: number): string {
  const cut = truncate(text, max);
  if (cut === text) return text;
  const body = cut.slice(0, -1);
  const space = body.lastIndexOf(' ');
  return `${space > max * 0.8 ? body.slice(0, space) : body}…`;
}

function firstOf<T>(values: ReadonlyArray<T | undefined>): T | undefined {
  return values.find((value) => value !== undefined && value !== '');
}

function unique(values: ReadonlyArray<string | undefined>): string[] {
  return [...new Set(values.filter((value): value is string => value !== undefined && value !== ''))];
}

function maxOf(values: ReadonlyArray<number | undefined>): number | undefined {
  let max: number | undefined;
  for (const value of values) if (value !== undefined && (max === undefined || value > max)) max = value;
  return max;
}
