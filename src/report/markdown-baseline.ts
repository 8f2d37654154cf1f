import type { Finding } from '../model/findings.js';
import type { BaselineComparison, BaselineFinding } from '../baseline/baseline.js';
import { codeSpan } from '../util/markdown-escape.js';
import { nounFor } from '../util/plural.js';
import { linked, NO_LINKS, type ReportLinks } from './links.js';
import {
  header,
  locationCell,
  messageCell,
  moreLine,
  resultLocationCell,
  row,
  severityCell,
} from './markdown-table.js';

/** The summary's "since baseline" section: what this change introduced and what it fixed, most severe first. */

export interface BaselineSectionSettings {
  cell: number;
  maxRows: number;
  /** Heading marks (default `###`): one level below the title of the report it sits in. */
  heading?: string;
  /** Where rule ids and live locations link to (default: nowhere). */
  links?: ReportLinks;
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
  return [
    `${settings.heading ?? '###'} Since baseline`,
    line,
    newTable(baseline.new, settings),
    fixedTable(baseline.fixed, settings),
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

function newTable(findings: readonly Finding[], settings: BaselineSectionSettings): string {
  return findingTable(findings, settings, {
    title: 'New since baseline',
    locationHeader: 'Location',
    location: (finding) => locationCell(finding.location, settings.cell, settings.links ?? NO_LINKS),
    // Findings of this run: a message a check wrote with md is imagegate's own Markdown.
    message: (finding) => messageCell(finding, settings.cell),
    more: (hidden) => moreLine(hidden, 'new findings'),
  });
}

function fixedTable(findings: readonly BaselineFinding[], settings: BaselineSectionSettings): string {
  return findingTable(findings, settings, {
    title: 'Fixed since baseline',
    locationHeader: 'Location (then)',
    location: (finding) => resultLocationCell(finding.location, settings.cell),
    // Read back from a file: whatever it says, its text is someone else's and is escaped, never taken as Markdown.
    message: (finding) => messageCell({ message: finding.message }, settings.cell),
    // Only their fingerprints are in imagegate.json: the baseline has the rest.
    more: (hidden) => (hidden > 0 ? ['', `… and ${hidden} more fixed ${nounFor(hidden, 'finding')}.`] : []),
  });
}

/** New findings carry a live location, fixed ones the location recorded in the baseline: only that column differs. */
function findingTable<T extends Pick<Finding, 'severity' | 'ruleId' | 'message'>>(
  findings: readonly T[],
  settings: BaselineSectionSettings,
  table: {
    title: string;
    locationHeader: string;
    location: (finding: T) => string;
    message: (finding: T) => string;
    more: (hidden: number) => string[];
  },
): string {
  if (findings.length === 0) return '';
  const rows = findings
    .slice(0, settings.maxRows)
    .map((finding) =>
      row([
        severityCell(finding.severity),
        ruleCell(finding.ruleId, settings.links ?? NO_LINKS),
        table.message(finding),
        table.location(finding),
      ]),
    );
  return [
    `**${table.title}**`,
    '',
    ...header(['Severity', 'Rule', 'Message', table.locationHeader]),
    ...rows,
    ...table.more(findings.length - rows.length),
  ].join('\n');
}

function ruleCell(ruleId: string, links: ReportLinks): string {
  return linked(codeSpan(ruleId, { inTable: true, maxLength: 80 }), links.rule(ruleId));
}
