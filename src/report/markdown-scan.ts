import { SEVERITIES, countBySeverity, type Finding } from '../model/findings.js';
import { describeVerification } from '../scan/install/release-trust.js';
import type { ScanFacts, ScannerBinaryFacts } from '../scan/types.js';
import { codeSpan, escapeInline } from '../util/markdown-escape.js';
import { header, locationCell, moreLine, row, severityCell, SEVERITY_ICON } from './markdown-table.js';
import { byRelevance, isVulnerabilityFinding, ruleKey, vulnerabilityProperties } from './scan-findings.js';

/**
 * The summary's Vulnerabilities section: what the scanner found, what is left after the policy's filters by
 * severity, the most relevant vulnerabilities with their fixed versions, secrets and forbidden licenses briefly.
 * No link is made from scanner data (ids, titles and
 * URLs come from advisories anyone can write into): ids are code spans, everything else escaped text.
 */

export interface ScanSectionSettings {
  cell: number;
  maxVulnerabilityRows: number;
  maxOtherRows: number;
}

/** The section for the run's scan-family findings; '' when no scan ran and there are none. */
export function scanSection(
  scan: ScanFacts | undefined,
  findings: readonly Finding[],
  settings: ScanSectionSettings,
): string {
  if (!scan && findings.length === 0) return '';
  const vulnerabilities = findings.filter(isVulnerabilityFinding);
  const active = vulnerabilities.filter((finding) => !finding.suppressedBy).sort(byRelevance);
  const others = findings.filter((finding) => !isVulnerabilityFinding(finding) && !finding.suppressedBy);
  const parts = [
    '### Vulnerabilities',
    scan ? scannerLine(scan, settings) : '',
    scan?.scanners ? scannersLine(scan.scanners) : '',
    scan?.binary ? binaryLine(scan.binary, settings) : '',
    countsLine(vulnerabilities),
    active.length > 0 ? vulnerabilityTable(active, settings) : 'No active vulnerabilities after the policy’s filters.',
    otherTable(
      'Secrets',
      others.filter((finding) => finding.ruleId.startsWith('secret/')),
      settings,
    ),
    otherTable(
      'Licenses',
      others.filter((finding) => finding.ruleId.startsWith('license/')),
      settings,
    ),
  ];
  return parts.filter((part) => part !== '').join('\n\n');
}

function scannerLine(scan: ScanFacts, settings: ScanSectionSettings): string {
  const scanner = `Trivy${scan.scanner.version ? ` ${escapeInline(scan.scanner.version, { maxLength: 40 })}` : ''}`;
  const found = [
    plural(scan.vulnerabilities.length, 'vulnerability record', 'vulnerability records'),
    plural(scan.secrets.length, 'secret', 'secrets'),
    plural(scan.licenses.length, 'license record', 'license records'),
  ];
  const db = scan.dbUpdatedAt ? `; vulnerability DB of ${escapeInline(scan.dbUpdatedAt, { maxLength: 40 })}` : '';
  return (
    `${scanner} found ${found.slice(0, -1).join(', ')} and ${found.at(-1)} in ${codeSpan(scan.artifactName, { maxLength: settings.cell }) || '_the image_'} ` +
    `(before the policy’s filters${db}).`
  );
}

/** Which scanners ran and why: a policy rule whose scanner did not run must not read as "nothing found". */
function scannersLine(scanners: NonNullable<ScanFacts['scanners']>): string {
  const described = scanners.map((scanner) => `${scanner.name} (${scanner.reason})`).join(', ');
  return `**Scanners:** ${escapeInline(described, { maxLength: 400 })}`;
}

/** Which trivy ran and how it was verified: a reader must see a binary that was only trusted on first use. */
function binaryLine(binary: ScannerBinaryFacts, settings: ScanSectionSettings): string {
  const warning = binary.verification === 'trust-on-first-use' || binary.verification === 'path-version-only';
  return (
    `${warning ? '⚠️ ' : ''}**Trivy binary:** ${codeSpan(binary.path, { maxLength: settings.cell })} ` +
    `(${escapeInline(binary.version, { maxLength: 40 })}), verified: ${describeVerification(binary.verification)}.`
  );
}

function countsLine(vulnerabilities: readonly Finding[]): string {
  const counts = countBySeverity(vulnerabilities);
  const suppressed = vulnerabilities.filter((finding) => finding.suppressedBy).length;
  const parts = SEVERITIES.map((severity) => `${SEVERITY_ICON[severity]} ${counts[severity]} ${severity}`);
  return `**After filters:** ${parts.join(' · ')}${suppressed > 0 ? ` · ${suppressed} suppressed` : ''}`;
}

function vulnerabilityTable(active: readonly Finding[], settings: ScanSectionSettings): string {
  const code = (text: string | undefined) => (text ? codeSpan(text, { inTable: true, maxLength: 80 }) : '');
  const rows = active.slice(0, settings.maxVulnerabilityRows).map((finding) => {
    const p = vulnerabilityProperties(finding);
    const title = p.title ? ` ${escapeInline(p.title, { maxLength: 80 })}` : '';
    const where = p.pkgPath ? ` in ${code(p.pkgPath)}` : '';
    const fixed = p.fixedVersion
      ? code(p.fixedVersion)
      : `_no fix_${p.status ? ` (${escapeInline(p.status, { maxLength: 40 })})` : ''}`;
    return row([
      severityCell(finding.severity),
      `${code(ruleKey(finding.ruleId))}${title}`,
      `${code(p.pkgName) || '—'}${where}`,
      code(p.installedVersion) || '—',
      fixed,
      locationCell(finding.location, settings.cell),
    ]);
  });
  return [
    ...header(['Severity', 'Vulnerability', 'Package', 'Installed', 'Fixed', 'Location']),
    ...rows,
    ...moreLine(active.length - rows.length, 'vulnerabilities'),
  ].join('\n');
}

function otherTable(title: string, findings: readonly Finding[], settings: ScanSectionSettings): string {
  if (findings.length === 0) return '';
  const sorted = [...findings].sort(byRelevance);
  const rows = sorted
    .slice(0, settings.maxOtherRows)
    .map((finding) =>
      row([
        severityCell(finding.severity),
        escapeInline(finding.message, { maxLength: settings.cell }),
        locationCell(finding.location, settings.cell),
      ]),
    );
  return [
    `**${title}:** ${findings.length}`,
    '',
    ...header(['Severity', 'Finding', 'Location']),
    ...rows,
    ...moreLine(findings.length - rows.length, title.toLowerCase()),
  ].join('\n');
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
