import { bySeverity, SEVERITIES, type Finding, type Location, type Severity } from '../findings.js';
import type { ImageFacts } from '../image/facts.js';
import type { RunResult } from '../run-result.js';
import { formatBytes } from '../util/units.js';
import { codeSpan, escapeInline } from './markdown-escape.js';
import { describeRule, type RuleResolver } from './rules.js';

/**
 * The Markdown summary (`summary.md`, the job summary, later the PR comment body): verdict, what the image is, the
 * findings most severe first, suppressed findings collapsed, and where the bytes are, layer by layer. Every piece
 * of text that comes from the image, the policy or a finding goes through markdown-escape.
 */

export const SUMMARY_FILE_NAME = 'summary.md';

export interface MarkdownOptions {
  /** Name in the heading; `imagegate` unless a caller (a PR comment for one of several images) wants more. */
  title?: string;
  resolveRule?: RuleResolver;
  /** Rows of the findings table before the rest are counted instead of listed (GitHub caps comment size). */
  maxFindingRows?: number;
  maxLayerRows?: number;
  /** Longest message, reason or reference kept in a cell, in characters. */
  maxCellLength?: number;
  /** Longest created_by kept in the layer table. */
  maxCreatedByLength?: number;
}

const SEVERITY_ICON: Record<Severity, string> = {
  critical: '🔴',
  high: '🟠',
  medium: '🟡',
  low: '🔵',
  info: '⚪',
};

interface Settings {
  title: string;
  resolveRule: RuleResolver | undefined;
  maxFindingRows: number;
  maxLayerRows: number;
  cell: number;
  createdBy: number;
}

export function toMarkdownSummary(result: RunResult, options: MarkdownOptions = {}): string {
  const settings: Settings = {
    title: options.title ?? 'imagegate',
    resolveRule: options.resolveRule,
    maxFindingRows: options.maxFindingRows ?? 100,
    maxLayerRows: options.maxLayerRows ?? 100,
    cell: options.maxCellLength ?? 200,
    createdBy: options.maxCreatedByLength ?? 80,
  };
  const findings = [...result.findings].sort(bySeverity);
  const active = findings.filter((finding) => !finding.suppressedBy);
  const suppressed = findings.filter((finding) => finding.suppressedBy);
  const sections = [
    heading(result, settings),
    gateLine(result),
    imageFacts(result.image, settings),
    findingsSection(active, settings),
    suppressedSection(suppressed, settings),
    layersSection(result, settings),
  ];
  return `${sections.filter((section) => section !== '').join('\n\n')}\n`;
}

function heading(result: RunResult, settings: Settings): string {
  const verdict = result.verdict === 'pass' ? '✅ passed' : '❌ failed';
  const image = result.image.reference ?? result.image.id;
  return `## ${verdict}: ${escapeInline(settings.title, { maxLength: 80 })} · ${codeSpan(image, { maxLength: settings.cell })}`;
}

function gateLine(result: RunResult): string {
  const gate =
    result.failOn === 'never'
      ? 'never fails (`failOn: never`)'
      : `fails on \`${result.failOn}\`${result.failOn === 'critical' ? '' : ' or more severe'}`;
  const counts = SEVERITIES.map((severity) => `${SEVERITY_ICON[severity]} ${result.counts[severity]} ${severity}`);
  const suppressed = result.suppressedCount > 0 ? ` · ${result.suppressedCount} suppressed` : '';
  return `**Gate:** ${gate}  \n**Findings:** ${counts.join(' · ')}${suppressed}`;
}

function imageFacts(image: ImageFacts, settings: Settings): string {
  const code = (text: string) => codeSpan(text, { maxLength: settings.cell });
  const platform = [image.platform.os, image.platform.architecture, image.platform.variant].filter(Boolean).join('/');
  const metadataOnly = image.history.filter((entry) => entry.emptyLayer).length;
  const facts: Array<[string, string]> = [
    ['Reference', image.reference ? code(image.reference) : '_none_'],
    [image.digest ? 'Digest' : 'Image ID', code(image.digest ?? image.id)],
    ['Platform', code(platform)],
    ['Size', formatBytes(image.size)],
  ];
  if (image.compressedSize !== undefined) facts.push(['Compressed size', formatBytes(image.compressedSize)]);
  facts.push(
    ['Layers', `${image.layers.length}${metadataOnly > 0 ? ` (+ ${metadataOnly} metadata-only history entries)` : ''}`],
    ['User', image.config.user === '' ? '_not set: runs as root_' : code(image.config.user)],
  );
  return ['### Image', '', ...facts.map(([name, value]) => `- **${name}:** ${value}`)].join('\n');
}

function findingsSection(findings: readonly Finding[], settings: Settings): string {
  if (findings.length === 0) return '### Findings\n\nNo active findings.';
  const rows = findings.slice(0, settings.maxFindingRows).map((finding) => {
    return row([
      `${SEVERITY_ICON[finding.severity]} ${finding.severity}`,
      ruleCell(finding, settings),
      escapeInline(finding.message, { maxLength: settings.cell }),
      locationCell(finding.location, settings),
    ]);
  });
  return [
    '### Findings',
    '',
    row(['Severity', 'Rule', 'Message', 'Location']),
    row(['---', '---', '---', '---']),
    ...rows,
    ...moreLine(findings.length - rows.length, 'findings'),
  ].join('\n');
}

function suppressedSection(findings: readonly Finding[], settings: Settings): string {
  if (findings.length === 0) return '';
  const rows = findings
    .slice(0, settings.maxFindingRows)
    .map((finding) =>
      row([
        `${SEVERITY_ICON[finding.severity]} ${finding.severity}`,
        ruleCell(finding, settings),
        escapeInline(finding.message, { maxLength: settings.cell }),
        locationCell(finding.location, settings),
        escapeInline(finding.suppressedBy?.reason ?? '', { maxLength: settings.cell }),
        finding.suppressedBy?.expires ? escapeInline(finding.suppressedBy.expires, { maxLength: 40 }) : '—',
      ]),
    );
  const label = findings.length === 1 ? '1 suppressed finding' : `${findings.length} suppressed findings`;
  return [
    `<details><summary>${label} (allowlisted; not counted by the gate)</summary>`,
    '',
    row(['Severity', 'Rule', 'Message', 'Location', 'Reason', 'Expires']),
    row(['---', '---', '---', '---', '---', '---']),
    ...rows,
    ...moreLine(findings.length - rows.length, 'suppressed findings'),
    '',
    '</details>',
  ].join('\n');
}

function layersSection(result: RunResult, settings: Settings): string {
  const { image } = result;
  if (image.layers.length === 0) return '';
  const total = image.layers.reduce((sum, layer) => sum + layer.size, 0);
  const withCompressed = image.layers.some((layer) => layer.compressedSize !== undefined);
  const header = ['#', 'Size', ...(withCompressed ? ['Compressed'] : []), 'Share', 'Instruction', 'Created by'];
  const rows = image.layers.slice(0, settings.maxLayerRows).map((layer, index) => {
    const instruction = result.layerInstructions[index];
    const entry = layer.historyIndex === undefined ? undefined : image.history[layer.historyIndex];
    const createdBy = entry ? displayCreatedBy(entry.createdBy) : '';
    return row([
      String(index + 1),
      formatBytes(layer.size),
      ...(withCompressed ? [layer.compressedSize === undefined ? '—' : formatBytes(layer.compressedSize)] : []),
      total > 0 ? `${((layer.size / total) * 100).toFixed(1)}%` : '—',
      instruction
        ? codeSpan(`${instruction.path}:${instruction.line}`, { inTable: true, maxLength: settings.cell })
        : '—',
      codeSpan(createdBy, { inTable: true, maxLength: settings.createdBy }) || '—',
    ]);
  });
  return [
    '### Layers',
    '',
    row(header),
    row(header.map(() => '---')),
    ...rows,
    ...moreLine(image.layers.length - rows.length, 'layers'),
  ].join('\n');
}

function ruleCell(finding: Finding, settings: Settings): string {
  const rule = describeRule(finding.ruleId, finding.severity, settings.resolveRule);
  const id = codeSpan(finding.ruleId, { inTable: true, maxLength: 80 });
  return rule.title === finding.ruleId ? id : `${escapeInline(rule.title, { maxLength: settings.cell })} (${id})`;
}

function locationCell(location: Location, settings: Settings): string {
  const options = { inTable: true, maxLength: settings.cell };
  if (location.kind === 'source') {
    const column = location.column === undefined ? '' : `:${location.column}`;
    return codeSpan(`${location.path}:${location.line}${column}`, options);
  }
  const image = codeSpan(location.image, options);
  return location.layer === undefined ? image : `${image} layer ${codeSpan(shortDigest(location.layer), options)}`;
}

/** `sha256:` and the first 12 hex digits, as Docker prints ids. */
function shortDigest(digest: string): string {
  const match = /^([a-z0-9]+:)?([0-9a-f]{12})[0-9a-f]*$/.exec(digest);
  return match ? `${match[1] ?? ''}${match[2]}` : digest;
}

/** created_by without the shell wrapper the legacy builder records (`/bin/sh -c #(nop) `) or BuildKit's marker. */
export function displayCreatedBy(createdBy: string): string {
  return createdBy
    .trim()
    .replace(/^\/bin\/sh -c #\(nop\)\s*/, '')
    .replace(/^\/bin\/sh -c\s+/, 'RUN ')
    .replace(/\s*# buildkit$/, '');
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function moreLine(count: number, noun: string): string[] {
  return count > 0 ? ['', `… and ${count} more ${noun} (all of them are in \`imagegate.json\`).`] : [];
}
