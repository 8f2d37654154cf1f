import type { Finding } from '../findings.js';
import type { BaselineComparison, BaselineFinding } from './baseline.js';
import { codeSpan, escapeInline } from './markdown-escape.js';
import { header, locationCell, moreLine, resultLocationCell, row, severityCell } from './markdown-table.js';

/** The summary's "since baseline" section: what this change introduced and what it fixed, most severe first. */

export interface BaselineSectionSettings {
  cell: number;
  maxRows: number;
}

export function baselineSection(
  baseline: (BaselineComparison & { file: string }) | undefined,
  settings: BaselineSectionSettings,
): string {
  if (!baseline) return '';
  const against = codeSpan(baseline.file, { maxLength: settings.cell }) || '_the baseline_';
  const line =
    `Compared with ${against}: **${baseline.new.length} new**, **${baseline.fixed.length} fixed**, ` +
    `${baseline.unchanged} unchanged (active findings, matched by fingerprint).`;
  return ['### Since baseline', line, newTable(baseline.new, settings), fixedTable(baseline.fixed, settings)]
    .filter((part) => part !== '')
    .join('\n\n');
}

function newTable(findings: readonly Finding[], settings: BaselineSectionSettings): string {
  if (findings.length === 0) return '';
  const rows = findings
    .slice(0, settings.maxRows)
    .map((finding) =>
      row([
        severityCell(finding.severity),
        ruleCell(finding.ruleId),
        escapeInline(finding.message, { maxLength: settings.cell }),
        locationCell(finding.location, settings.cell),
      ]),
    );
  return [
    '**New since baseline**',
    '',
    ...header(['Severity', 'Rule', 'Message', 'Location']),
    ...rows,
    ...moreLine(findings.length - rows.length, 'new findings'),
  ].join('\n');
}

function fixedTable(findings: readonly BaselineFinding[], settings: BaselineSectionSettings): string {
  if (findings.length === 0) return '';
  const rows = findings
    .slice(0, settings.maxRows)
    .map((finding) =>
      row([
        severityCell(finding.severity),
        ruleCell(finding.ruleId),
        escapeInline(finding.message, { maxLength: settings.cell }),
        resultLocationCell(finding.location, settings.cell),
      ]),
    );
  return [
    '**Fixed since baseline**',
    '',
    ...header(['Severity', 'Rule', 'Message', 'Location (then)']),
    ...rows,
    ...(findings.length > rows.length ? ['', `… and ${findings.length - rows.length} more fixed findings.`] : []),
  ].join('\n');
}

function ruleCell(ruleId: string): string {
  return codeSpan(ruleId, { inTable: true, maxLength: 80 });
}
