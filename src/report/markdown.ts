import { bySeverity, type Finding, type Suppression } from '../model/findings.js';
import type { ImageFacts } from '../image/facts.js';
import { checkedLabel, type RuleFamily, type RunResult } from './run-result.js';
import { formatBytes } from '../util/units.js';
import { baselineSection } from './markdown-baseline.js';
import { efficiencyText, wastedFilesSection } from './markdown-contents.js';
import { codeSpan, elideMiddle, escapeInline } from '../util/markdown-escape.js';
import { plural } from '../util/plural.js';
import { budgetsSection } from './markdown-budgets.js';
import { provenanceSection } from './markdown-provenance.js';
import { signaturesSection } from './markdown-signatures.js';
import { policyChangesSection } from './markdown-policy-changes.js';
import { scanSection } from './markdown-scan.js';
import {
  header,
  locationCell,
  messageCell,
  moreLine,
  row,
  severityCell,
  sharedCell,
  shortDigest,
  withoutColumn,
} from './markdown-table.js';
import { describeRule, type RuleResolver } from './rules.js';
import { linked, NO_LINKS, type ReportLinks } from './links.js';
import { describeTruncation, type SarifLimits, type SarifTruncation } from './sarif-limits.js';
import { sarifTruncations } from './sarif.js';
import { isScanFinding } from './scan-findings.js';
import { blockingSection, severityLabel } from './markdown-blocking.js';
import { blockingTest } from './blocking.js';
import { severityCountsLine } from './severity-counts.js';
import { platformsSection, platformsSuffix } from './markdown-platforms.js';

/**
 * The Markdown summary (`summary.md`, the job summary, later the PR comment body): verdict, what changed since a
 * baseline, what the image is, the image-policy findings most severe first, the vulnerabilities (markdown-scan),
 * suppressed findings collapsed, and where the bytes are, layer by layer. Every piece of text that comes from the
 * image, the policy, the scanner or a finding goes through markdown-escape.
 */

export const SUMMARY_FILE_NAME = 'summary.md';

export interface MarkdownOptions {
  /** Name in the heading; `imagegate` unless a caller (a PR comment for one of several images) wants more. */
  title?: string;
  resolveRule?: RuleResolver;
  /** Rows of the findings table before the rest are counted instead of listed (GitHub caps comment size). */
  maxFindingRows?: number;
  maxLayerRows?: number;
  /** Rows of the largest-wasted-files table (default 10). */
  maxWastedRows?: number;
  /** Longest message, reason or reference kept in a cell, in characters. */
  maxCellLength?: number;
  /** Longest created_by kept in the layer table. */
  maxCreatedByLength?: number;
  /** Advisory rows of the per-package vulnerability blocks (default: all of them). */
  maxVulnerabilityRows?: number;
  /** Rows of the new/fixed-since-baseline tables, and of the secrets and licenses tables (default 25). */
  maxBaselineRows?: number;
  /** The SARIF limits and category the reports were written with, so the summary can say what code scanning did not get. */
  sarifLimits?: Partial<SarifLimits>;
  sarifCategory?: string;
  /** Where rule ids, locations, the run and its artifact link to (default: nowhere, plain text). */
  links?: ReportLinks;
  /**
   * Level of the summary's own heading (default 2: `##`, sections `###`). A PR comment whose title is `###` embeds
   * the summary at 4, so nothing inside its "Full report" is larger than the comment's title.
   */
  headingLevel?: number;
}

interface Settings {
  title: string;
  resolveRule: RuleResolver | undefined;
  maxFindingRows: number;
  maxLayerRows: number;
  maxWastedRows: number;
  maxVulnerabilityRows: number;
  maxBaselineRows: number;
  cell: number;
  createdBy: number;
  /** Level of the summary's heading, 1–5; sections are one deeper. */
  level: number;
  links: ReportLinks;
}

/** The heading marks `depth` levels below the summary's own (0: the summary's title). */
function marks(settings: Pick<Settings, 'level'>, depth: number): string {
  return '#'.repeat(Math.min(6, settings.level + depth));
}

/** Longest image reference or id shown whole; longer ones lose their middle (imagegate.json has them whole). */
const MAX_REFERENCE = 72;

export function toMarkdownSummary(result: RunResult, options: MarkdownOptions = {}): string {
  const settings: Settings = {
    title: options.title ?? 'imagegate',
    resolveRule: options.resolveRule,
    maxFindingRows: options.maxFindingRows ?? 100,
    maxLayerRows: options.maxLayerRows ?? 100,
    maxWastedRows: options.maxWastedRows ?? 10,
    maxVulnerabilityRows: options.maxVulnerabilityRows ?? Number.POSITIVE_INFINITY,
    maxBaselineRows: options.maxBaselineRows ?? 25,
    cell: options.maxCellLength ?? 200,
    createdBy: options.maxCreatedByLength ?? 80,
    level: Math.min(5, Math.max(1, Math.trunc(options.headingLevel ?? 2))),
    links: options.links ?? NO_LINKS,
  };
  const findings = [...result.findings].sort(bySeverity);
  const active = findings.filter((finding) => !finding.suppressedBy);
  const suppressed = findings.filter((finding) => finding.suppressedBy);
  const scanFindings = findings.filter(isScanFinding);
  const truncations = sarifTruncations(result, {
    category: options.sarifCategory ?? '',
    ...(options.sarifLimits ? { limits: options.sarifLimits } : {}),
  });
  const sections = [
    heading(result, settings),
    gateLine(result),
    platformsSection(result.platforms, marks(settings, 1)),
    warningsLine(result),
    blockingSection(result, {
      links: settings.links,
      cell: settings.cell,
      rest: 'all of them are listed below',
    }),
    policyChangesSection(result, { heading: marks(settings, 2) }),
    baselineSection(result.baseline, {
      cell: settings.cell,
      maxRows: settings.maxBaselineRows,
      heading: marks(settings, 1),
      links: settings.links,
    }),
    result.composeOnly ? composeOnlySection(settings) : imageFacts(result.image, settings),
    budgetsSection(result.budgets, marks(settings, 1)),
    provenanceSection(result.provenance, { heading: marks(settings, 1), cell: settings.cell }),
    signaturesSection(result.signatures, marks(settings, 1)),
    composeLine(result),
    kubernetesLine(result),
    findingsSection(
      active.filter((finding) => !isScanFinding(finding)),
      scanFindings.length > 0 || result.scan !== undefined,
      settings,
    ),
    scanSection(result.scan, scanFindings, {
      cell: settings.cell,
      maxVulnerabilityRows: settings.maxVulnerabilityRows,
      maxOtherRows: settings.maxBaselineRows,
      heading: marks(settings, 1),
      links: settings.links,
      blocks: blockingTest(result),
      result,
    }),
    ...truncations.map(truncationNote),
    suppressedSection(suppressed, settings),
    wastedFilesSection(result, { maxRows: settings.maxWastedRows, cell: settings.cell, heading: marks(settings, 1) }),
    layersSection(result, settings),
  ];
  return `${sections.filter((section) => section !== '').join('\n\n')}\n`;
}

/** Which compose projects were checked: their findings are in the findings table with the image's. */
function composeLine(result: RunResult): string {
  const projects = result.compose?.projects ?? [];
  if (projects.length === 0) return '';
  const described = projects.map(
    (project) =>
      `${project.files.map((file) => codeSpan(file, { maxLength: 120 })).join(' + ')} ` +
      `(${plural(project.services, 'service')}, ${plural(project.mounts, 'mount')})`,
  );
  return `**Compose:** ${described.join('; ')}`;
}

/** Which Kubernetes manifests were checked: their findings are in the findings table too. */
function kubernetesLine(result: RunResult): string {
  const checked = result.kubernetes;
  if (!checked) return '';
  const files = checked.files.slice(0, 5).map((file) => codeSpan(file, { maxLength: 120 }));
  const more = checked.files.length > 5 ? ` and ${checked.files.length - 5} more` : '';
  return (
    `**Kubernetes:** ${files.join(', ')}${more} (${plural(checked.workloads, 'workload')}, ` +
    `${plural(checked.containers, 'container')}, ${plural(checked.mounts, 'mount')})`
  );
}

function heading(result: RunResult, settings: Settings): string {
  const verdict = result.verdict === 'pass' ? '✅ passed' : '❌ failed';
  const image = checkedLabel(result);
  return `${marks(settings, 0)} ${verdict}: ${escapeInline(settings.title, { maxLength: 80 })} · ${codeSpan(elideMiddle(image, MAX_REFERENCE))}`;
}

function gateLine(result: RunResult): string {
  const threshold = (failOn: RunResult['failOn']) =>
    failOn === 'never' ? 'never' : `on \`${failOn}\`${failOn === 'critical' ? '' : ' or more severe'}`;
  const families = Object.entries(result.familyFailOn)
    .filter((entry): entry is [string, RunResult['failOn']] => entry[1] !== undefined)
    .map(([family, failOn]) => `${FAMILY_NAMES[family as RuleFamily] ?? family} (\`${family}/\`) ${threshold(failOn)}`);
  const gate =
    (result.failOn === 'never' ? 'never fails (`failOn: never`)' : `fails ${threshold(result.failOn)}`) +
    (families.length > 0 ? `; ${families.join('; ')}` : '');
  const suppressed = result.suppressedCount > 0 ? ` · ${result.suppressedCount} suppressed` : '';
  return `**Gate:** ${gate}  \n**Findings:** ${severityCountsLine(result.findings, result.counts)}${suppressed}`;
}

/** What the policy asks that this run could not check (a rule whose scanner is off): said, never silent. */
function warningsLine(result: RunResult): string {
  const warnings = result.warnings ?? [];
  return warnings.map((warning) => `⚠️ **Not checked:** ${escapeInline(warning, { maxLength: 600 })}`).join('  \n');
}

/** What code scanning did not get, per run, so nobody reads an incomplete alert list as the whole truth. */
function truncationNote(truncation: SarifTruncation): string {
  const run = truncation.run === 'trivy' ? 'Trivy run' : 'imagegate run';
  const category = truncation.category ? `, category ${codeSpan(truncation.category, { maxLength: 200 })}` : '';
  return (
    `> ⚠️ **Code scanning does not get every finding** (${run}${category}): ${describeTruncation(truncation)}. The most severe ` +
    'were kept; the gate and `imagegate.json` count all of them.'
  );
}

const FAMILY_NAMES: Partial<Record<RuleFamily, string>> = {
  vuln: 'vulnerabilities',
  secret: 'secrets',
  license: 'licenses',
};

/** In place of the Image section when no image was checked: say so rather than show an empty image. */
function composeOnlySection(settings: Settings): string {
  return `${marks(settings, 1)} Image\n\n_None: compose files only._ The compose rules ran on the files below; no image was read or scanned.`;
}

function imageFacts(image: ImageFacts, settings: Settings): string {
  const code = (text: string) => codeSpan(text, { maxLength: settings.cell });
  // Long tokens are cut for the page (a digest to Docker's 12 hex digits); imagegate.json keeps them whole.
  const platform = [image.platform.os, image.platform.architecture, image.platform.variant].filter(Boolean).join('/');
  const metadataOnly = image.history.filter((entry) => entry.emptyLayer).length;
  const facts: Array<[string, string]> = [
    ['Reference', image.reference ? code(elideMiddle(image.reference, MAX_REFERENCE)) : '_none_'],
    [image.digest ? 'Digest' : 'Image ID', code(shortDigest(image.digest ?? image.id))],
    ['Platform', code(platform)],
    ['Size', formatBytes(image.size)],
  ];
  if (image.compressedSize !== undefined) facts.push(['Compressed size', formatBytes(image.compressedSize)]);
  if (image.contents) facts.push(['Efficiency', efficiencyText(image.contents)]);
  facts.push(
    [
      'Layers',
      `${image.layers.length}${metadataOnly > 0 ? ` (+ ${plural(metadataOnly, 'metadata-only history entry', 'metadata-only history entries')})` : ''}`,
    ],
    ['User', image.config.user === '' ? '_not set: runs as root_' : code(image.config.user)],
  );
  return [`${marks(settings, 1)} Image`, '', ...facts.map(([name, value]) => `- **${name}:** ${value}`)].join('\n');
}

/** Image-policy findings; the scanner's have their own section when `scanned`. */
function findingsSection(findings: readonly Finding[], scanned: boolean, settings: Settings): string {
  if (findings.length === 0) {
    return `${marks(settings, 1)} Findings\n\nNo active ${scanned ? 'image-policy findings; vulnerabilities are below' : 'findings'}.`;
  }
  const rows = findings.slice(0, settings.maxFindingRows).map((finding) => {
    return [
      severityCell(finding.severity),
      ruleCell(finding, settings),
      messageCell(finding, settings.cell),
      locationCell(finding.location, settings.cell, settings.links) + platformsSuffix(finding),
    ];
  });
  // One location for every finding (an image without a Dockerfile): said once, not on every row.
  const everyLocation = findings.map(
    (finding) => locationCell(finding.location, settings.cell, settings.links) + platformsSuffix(finding),
  );
  const shared = sharedCell(
    everyLocation.map((cell) => [cell]),
    0,
  );
  const columns = ['Severity', 'Rule', 'Message', 'Location'];
  return [
    `${marks(settings, 1)} Findings`,
    '',
    ...(shared === undefined ? [] : [`Every finding is at ${shared}.`, '']),
    ...header(shared === undefined ? columns : withoutColumn([columns], 3)[0]!),
    ...(shared === undefined ? rows : withoutColumn(rows, 3)).map(row),
    ...moreLine(findings.length - rows.length, 'findings'),
  ].join('\n');
}

function suppressedSection(findings: readonly Finding[], settings: Settings): string {
  if (findings.length === 0) return '';
  const rows = findings
    .slice(0, settings.maxFindingRows)
    .map((finding) =>
      row([
        severityLabel(finding),
        ruleCell(finding, settings),
        messageCell(finding, settings.cell),
        locationCell(finding.location, settings.cell, settings.links),
        acceptedCell(finding, settings),
      ]),
    );
  const label = plural(findings.length, 'suppressed finding');
  return [
    `<details><summary>${label} (${findings.some((finding) => finding.suppressedBy?.by === 'vex') ? 'allowlisted or VEX' : 'allowlisted'}; not counted by the gate)</summary>`,
    '',
    ...header(['Severity', 'Rule', 'Message', 'Location', 'Reason']),
    ...rows,
    ...moreLine(findings.length - rows.length, 'suppressed findings'),
    '',
    '</details>',
  ].join('\n');
}

/** The allowlist entry's reason and, when it has one, its expiry: one column, so the table fits the comment column. */
function acceptedCell(finding: Finding, settings: Settings): string {
  const reason = escapeInline(finding.suppressedBy?.reason ?? '', { maxLength: settings.cell }) || '—';
  if (finding.suppressedBy?.by === 'vex') return `${vexLabel(finding.suppressedBy)}${reason}`;
  const expires = finding.suppressedBy?.expires;
  return expires ? `${reason} (until ${escapeInline(expires, { maxLength: 40 })})` : reason;
}

/** `VEX not_affected (vulnerable_code_not_present), Jane, 2026-01-02: ` — every part is the document's: escaped. */
function vexLabel(suppression: Suppression): string {
  const parts = [suppression.author, suppression.timestamp?.slice(0, 10)]
    .filter((part): part is string => Boolean(part))
    .map((part) => escapeInline(part, { maxLength: 60 }));
  const justification = suppression.justification
    ? ` (${escapeInline(suppression.justification, { maxLength: 60 })})`
    : '';
  const status = escapeInline(suppression.status ?? '', { maxLength: 30 });
  return `VEX ${status}${justification}${parts.length > 0 ? `, ${parts.join(', ')}` : ''}: `;
}

function layersSection(result: RunResult, settings: Settings): string {
  const { image } = result;
  if (image.layers.length === 0) return '';
  const total = image.layers.reduce((sum, layer) => sum + layer.size, 0);
  const withCompressed = image.layers.some((layer) => layer.compressedSize !== undefined);
  const contents = image.contents?.layers;
  // Every instruction in one Dockerfile (the usual case): the path is said once, the column gives the line.
  const paths = new Set(
    result.layerInstructions.filter((instruction) => instruction).map((instruction) => instruction!.path),
  );
  const oneFile = paths.size === 1 ? [...paths][0] : undefined;
  const columns = [
    '#',
    'Size',
    ...(withCompressed ? ['Compressed'] : []),
    'Share',
    ...(contents ? ['Wasted later'] : []),
    oneFile === undefined ? 'Instruction' : 'Line',
    'Created by',
  ];
  const rows = image.layers.slice(0, settings.maxLayerRows).map((layer, index) => {
    const instruction = result.layerInstructions[index];
    const entry = layer.historyIndex === undefined ? undefined : image.history[layer.historyIndex];
    const createdBy = entry ? displayCreatedBy(entry.createdBy) : '';
    return row([
      String(index + 1),
      formatBytes(layer.size),
      ...(withCompressed ? [layer.compressedSize === undefined ? '—' : formatBytes(layer.compressedSize)] : []),
      total > 0 ? `${((layer.size / total) * 100).toFixed(1)}%` : '—',
      ...(contents ? [wastedCell(contents[index]?.wastedBytes ?? 0)] : []),
      instruction
        ? linked(
            codeSpan(oneFile === undefined ? `${instruction.path}:${instruction.line}` : String(instruction.line), {
              inTable: true,
              maxLength: settings.cell,
            }),
            settings.links.source({ kind: 'source', path: instruction.path, line: instruction.line }),
          )
        : '—',
      codeSpan(longWordsElided(createdBy), { inTable: true, maxLength: settings.createdBy }) || '—',
    ]);
  });
  return [
    `${marks(settings, 1)} Layers`,
    '',
    ...(oneFile === undefined ? [] : [`Lines of ${codeSpan(oneFile, { maxLength: settings.cell })}.`, '']),
    ...header(columns),
    ...rows,
    ...moreLine(image.layers.length - rows.length, 'layers'),
  ].join('\n');
}

function wastedCell(bytes: number): string {
  return bytes > 0 ? formatBytes(bytes) : '—';
}

function ruleCell(finding: Finding, settings: Settings): string {
  const rule = describeRule(finding.ruleId, finding.severity, settings.resolveRule);
  const id = linked(codeSpan(finding.ruleId, { inTable: true, maxLength: 80 }), settings.links.rule(finding.ruleId));
  return rule.title === finding.ruleId ? id : `${escapeInline(rule.title, { maxLength: settings.cell })} (${id})`;
}

/**
 * A code span does not wrap inside a word, so one long path in `created_by` would widen the whole layer table past
 * the comment column: words over 40 characters lose their middle (imagegate.json keeps the history whole).
 */
function longWordsElided(createdBy: string): string {
  return createdBy
    .slice(0, 2_000)
    .split(' ')
    .map((word) => elideMiddle(word, 40))
    .join(' ');
}

/** created_by without the shell wrapper the legacy builder records (`/bin/sh -c #(nop) `) or BuildKit's marker. */
export function displayCreatedBy(createdBy: string): string {
  return createdBy
    .trim()
    .replace(/^\/bin\/sh -c #\(nop\)\s*/, '')
    .replace(/^\/bin\/sh -c\s+/, 'RUN ')
    .replace(/\s*# buildkit$/, '');
}
