import { exploitPriorityText } from './exploit-priority-text.js';
import type { Finding } from '../model/findings.js';
import { codeSpan, escapeInline } from '../util/markdown-escape.js';
import { htmlText } from './html-text.js';
import { linked } from './links.js';
import { advisoryHref, severityLabel } from './markdown-blocking.js';
import { header, row, SEVERITY_ICON } from './markdown-table.js';
import { compareEffect, countWhere, groupByPackage, type PackageGroup } from './package-groups.js';
import type { RunResult } from './run-result.js';
import { ruleKey, vulnerabilityProperties } from './scan-findings.js';
import { severityBreakdown } from './severity-counts.js';
import { SEVERITIES } from '../model/findings.js';

/**
 * The summary's vulnerabilities, one collapsed block per package: its name, installed → the version that fixes all
 * its advisories that have a fix, how many of each severity (and how many block the gate), where it came from; inside,
 * its advisories. Packages whose upgrade fixes most blocking findings first. The `<summary>` line is raw HTML, so its
 * untrusted parts go through htmlText; the table inside is Markdown with the usual escaping.
 */

export interface PackagesSettings {
  cell: number;
  /** Advisory rows in all (the summary lists every one; a comment fewer). */
  maxRows: number;
  blocks: (finding: Finding) => boolean;
}

export function packagesPart(
  active: readonly Finding[],
  result: Pick<RunResult, 'image' | 'layerInstructions' | 'layerFromBase'>,
  settings: PackagesSettings,
): string {
  const groups = groupByPackage(active, result)
    .map((group) => ({
      group,
      blocking: countWhere(group.findings, settings.blocks),
      all: countWhere(group.findings, () => true),
    }))
    .sort((a, b) => compareEffect(a.blocking, b.blocking) || compareEffect(a.all, b.all));
  const parts: string[] = [];
  let shownRows = 0;
  let shownGroups = 0;
  for (const { group, blocking } of groups) {
    if (shownRows >= settings.maxRows) break;
    const rows = group.findings.slice(0, settings.maxRows - shownRows);
    shownRows += rows.length;
    shownGroups += 1;
    const blockingCount = Object.values(blocking).reduce((sum, count) => sum + count, 0);
    parts.push(packageBlock(group, rows, blockingCount, settings));
  }
  const hiddenGroups = groups.slice(shownGroups);
  const hiddenFindings = groups.reduce((sum, { group }) => sum + group.findings.length, 0) - shownRows;
  if (hiddenFindings > 0) {
    const packages =
      hiddenGroups.length > 0
        ? ` in ${hiddenGroups.length} more ${hiddenGroups.length === 1 ? 'package' : 'packages'}`
        : '';
    parts.push(
      `… and ${hiddenFindings} more ${hiddenFindings === 1 ? 'vulnerability' : 'vulnerabilities'}${packages} (all of them are in \`imagegate.json\`).`,
    );
  }
  const intro = `**By package:** ${groups.length} ${groups.length === 1 ? 'package' : 'packages'}, the upgrades that fix most blocking findings first (🚫: blocks the gate).`;
  return [intro, ...parts].join('\n\n');
}

function packageBlock(
  group: PackageGroup,
  rows: readonly Finding[],
  blockingCount: number,
  settings: PackagesSettings,
): string {
  const counts = severityBreakdown(group.findings);
  const severities = SEVERITIES.filter((severity) => counts[severity].total > 0).map((severity) => {
    const unrated = counts[severity].unrated;
    return `${SEVERITY_ICON[severity]} ${counts[severity].total} ${severity}${unrated > 0 ? ` (${unrated} unrated)` : ''}`;
  });
  const fix = group.fixVersion ? ` → ${htmlText(group.fixVersion, 60)}` : ' (no fix yet)';
  const unfixed = group.fixVersion && group.unfixed.length > 0 ? ` · ${group.unfixed.length} without a fix` : '';
  const place = group.pkgPath ? ` in ${htmlText(group.pkgPath, 80)}` : '';
  const summary =
    `${blockingCount > 0 ? `🚫 ${blockingCount} blocking · ` : ''}<code>${htmlText(group.pkgName, 60)}</code> ` +
    `${htmlText(group.installedVersion, 60)}${fix} · ${severities.join(' · ')}${unfixed}${originText(group)}${place}`;
  const more = group.findings.length - rows.length;
  return [
    `<details><summary>${summary}</summary>`,
    '',
    ...header(['Severity', 'Vulnerability', 'Fixed in', 'Title']),
    ...rows.map((finding) => advisoryRow(finding, group, settings)),
    ...(more > 0 ? ['', `… and ${more} more in this package.`] : []),
    '',
    '</details>',
  ].join('\n');
}

function originText(group: PackageGroup): string {
  const at = group.origin.kind === 'unknown' ? undefined : group.origin.location;
  const where = at ? ` ${htmlText(`${at.path}:${at.line}`, 120)}` : '';
  if (group.origin.kind === 'base') return ` · base image${where ? ` (FROM at${where})` : ''}`;
  if (group.origin.kind === 'instruction') return ` · installed at${where}`;
  return '';
}

function advisoryRow(finding: Finding, group: PackageGroup, settings: PackagesSettings): string {
  const p = vulnerabilityProperties(finding);
  const fix = group.fixOf.get(finding);
  const id =
    linked(codeSpan(ruleKey(finding.ruleId), { inTable: true, maxLength: 80 }), advisoryHref(p.primaryUrl)) +
    exploitPriorityText(finding);
  const status = p.status ? ` (${escapeInline(p.status, { maxLength: 40 })})` : '';
  return row([
    `${settings.blocks(finding) ? '🚫 ' : ''}${severityLabel(finding)}`,
    id,
    fix ? codeSpan(fix, { inTable: true, maxLength: 60 }) : `_no fix_${status}`,
    p.title ? escapeInline(p.title, { maxLength: Math.min(settings.cell, 80) }) : '—',
  ]);
}
