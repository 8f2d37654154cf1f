import { SEVERITIES, type Finding } from '../model/findings.js';
import { severityBreakdown } from './severity-counts.js';
import { describeVerification } from '../scan/install/release-trust.js';
import type { ScanFacts, ScannerBinaryFacts } from '../scan/types.js';
import { codeSpan, escapeInline } from '../util/markdown-escape.js';
import { NO_LINKS, type ReportLinks } from './links.js';
import { header, locationCell, messageCell, moreLine, row, severityCell, SEVERITY_ICON } from './markdown-table.js';
import { byRelevance, isVulnerabilityFinding } from './scan-findings.js';
import { packagesPart } from './markdown-packages.js';
import type { RunResult } from './run-result.js';
import { describeAge } from '../util/describe-age.js';

/**
 * The summary's Vulnerabilities section: what the scanner found, what is left after the policy's filters by
 * severity, the most relevant vulnerabilities with their fixed versions, secrets and forbidden licenses briefly.
 * Scanner data (ids, titles and URLs come from advisories anyone can write into) makes no link but one: a CVE id
 * links to its advisory's `PrimaryURL` when that is an `https:` URL (safeHttpsLink); ids are code spans, everything
 * else escaped text. Locations link through `links` (built from the runner's trusted parts).
 */

export interface ScanSectionSettings {
  cell: number;
  maxVulnerabilityRows: number;
  maxOtherRows: number;
  /** Heading marks (default `###`): one level below the title of the report it sits in. */
  heading?: string;
  /** Where locations link to (default: nowhere). */
  links?: ReportLinks;
  /** Whether a finding blocks the gate (blocking.ts), and the layers' origins, for the per-package blocks. */
  blocks: (finding: Finding) => boolean;
  result: Pick<RunResult, 'image' | 'layerInstructions' | 'layerFromBase'>;
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
    `${settings.heading ?? '###'} Vulnerabilities`,
    scan ? scannerLine(scan, settings) : '',
    scan?.scanners ? scannersLine(scan.scanners) : '',
    scan?.binary ? binaryLine(scan.binary, settings) : '',
    scan?.cached ? cachedLine(scan.cached) : '',
    scan?.db ? dbAgeLine(scan.db) : '',
    countsLine(vulnerabilities),
    active.length > 0
      ? packagesPart(active, settings.result, {
          cell: settings.cell,
          maxRows: settings.maxVulnerabilityRows,
          blocks: settings.blocks,
        })
      : 'No active vulnerabilities after the policy’s filters.',
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

/** Results from the scan cache: a reader must know Trivy did not run now, and how old its results are. */
function cachedLine(cached: NonNullable<ScanFacts['cached']>): string {
  return (
    `**Cached scan:** Trivy did not run; its results for this image, Trivy version and DB were saved ` +
    `${escapeInline(cached.savedAt, { maxLength: 40 })} (${describeAge(cached.ageSeconds, { seconds: true })} ago; \`--no-scan-cache\` scans again).`
  );
}

/** The DB's age (issue 18 item 3): offline runs use the cached DB whatever its age, so a reader must see it. */
function dbAgeLine(db: NonNullable<ScanFacts['db']>): string {
  const offline = db.offline ? ' The run was offline: the cached DB was used whatever its age.' : '';
  return (
    `**Vulnerability DB:** updated ${escapeInline(db.updatedAt, { maxLength: 40 })} ` +
    `(${describeAge(db.ageSeconds)} old).${offline}`
  );
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
  const counts = severityBreakdown(vulnerabilities);
  const suppressed = vulnerabilities.filter((finding) => finding.suppressedBy).length;
  // Unrated ones (the scanner said UNKNOWN) are named, not passed off as ordinary ones of their mapped severity.
  const parts = SEVERITIES.map((severity) => {
    const { total, unrated } = counts[severity];
    return `${SEVERITY_ICON[severity]} ${total} ${severity}${unrated > 0 ? ` (${unrated} unrated)` : ''}`;
  });
  return `**After filters:** ${parts.join(' · ')}${suppressed > 0 ? ` · ${suppressed} suppressed` : ''}`;
}

function otherTable(title: string, findings: readonly Finding[], settings: ScanSectionSettings): string {
  if (findings.length === 0) return '';
  const sorted = [...findings].sort(byRelevance);
  const rows = sorted
    .slice(0, settings.maxOtherRows)
    .map((finding) =>
      row([
        severityCell(finding.severity),
        messageCell(finding, settings.cell),
        locationCell(finding.location, settings.cell, settings.links ?? NO_LINKS),
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
