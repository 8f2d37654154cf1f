import { exploitPriorityText } from './exploit-priority-text.js';
import type { Finding, Severity, SourceLocation } from '../model/findings.js';
import { codeSpan, escapeInline, type EscapeOptions } from '../util/markdown-escape.js';
import { fenced } from './markdown-fence.js';
import { blockingFindings } from './blocking.js';
import { linked, NO_LINKS, type ReportLinks } from './links.js';
import { platformsSuffix } from './markdown-platforms.js';
import { header, locationCell, messageCell, row, sharedCell, SEVERITY_ICON, withoutColumn } from './markdown-table.js';
import { nextSteps, type FixStep, type NextSteps } from './next-steps.js';
import type { PackageGroup } from './package-groups.js';
import type { RunResult } from './run-result.js';
import { isVulnerabilityFinding, ruleKey, vulnerabilityProperties } from './scan-findings.js';
import { isUnrated, nonZeroCountsLine } from './severity-counts.js';
import { fixVersionFor } from './version-compare.js';

/**
 * "Why was I blocked", answered at the top of the job summary, the PR comment and the MR note without expanding
 * anything: the gate-failing findings (most relevant first, up to `maxRows`) in a table, then **Next steps**: the
 * fixes with the largest effect first, how to accept a finding instead (an allowlist entry to paste), and the rules'
 * docs. One renderer for the three places; each passes its escaping for untrusted text (GitLab's breaks references
 * GitHub's leaves alone). imagegate's own words are Markdown; every value from a finding, a scanner or an image is
 * escaped or a code span, and hrefs come only from `links` (trusted parts) or an advisory's `https:` URL.
 */

export interface BlockingOptions {
  links?: ReportLinks;
  /** Escaping for untrusted text (default escapeInline; GitLab: escapeGitLabInline). */
  escape?: (text: string, options?: EscapeOptions) => string;
  /** A finding's message as a cell (default messageCell: imagegate's own Markdown when it has it). */
  message?: (finding: Finding, maxLength: number) => string;
  /** Rows of the table (default 10). */
  maxRows?: number;
  /** Numbered fixes (default 5). */
  maxSteps?: number;
  /** Longest untrusted value in a cell. */
  cell?: number;
  /** Where the rest is, after "… and N more blocking findings" (imagegate's own Markdown). */
  rest?: string;
}

interface Settings {
  links: ReportLinks;
  escape: (text: string, options?: EscapeOptions) => string;
  message: (finding: Finding, maxLength: number) => string;
  maxRows: number;
  maxSteps: number;
  cell: number;
  rest: string;
}

function settingsOf(options: BlockingOptions): Settings {
  return {
    links: options.links ?? NO_LINKS,
    escape: options.escape ?? escapeInline,
    message: options.message ?? messageCell,
    maxRows: options.maxRows ?? 10,
    maxSteps: options.maxSteps ?? 5,
    cell: options.cell ?? 200,
    rest: options.rest ?? '`imagegate.json` has all of them',
  };
}

/** The whole block; '' when nothing blocks the gate. */
export function blockingSection(result: RunResult, options: BlockingOptions = {}): string {
  const settings = settingsOf(options);
  const blocking = blockingFindings(result);
  if (blocking.length === 0) return '';
  const shown = blocking.slice(0, settings.maxRows);
  const more = blocking.length - shown.length;
  return [
    `**Why the gate failed:** ${blocking.length} ${blocking.length === 1 ? 'finding' : 'findings'} at or above ` +
      `the threshold: ${nonZeroCountsLine(blocking)}`,
    findingsTable(shown, settings),
    ...(more > 0 ? [`… and ${more} more blocking ${more === 1 ? 'finding' : 'findings'}: ${settings.rest}.`] : []),
    nextStepsPart(nextSteps(result, blocking), settings),
  ].join('\n\n');
}

/**
 * The findings table; with `blocks`, the severity cell marks the blocking ones with 🚫 (the MR note lists the
 * findings below the threshold after them).
 */
export function findingsTable(
  findings: readonly Finding[],
  options: BlockingOptions | Settings = {},
  blocks?: (finding: Finding) => boolean,
): string {
  const settings = settingsOf(options);
  // The 🚫 shares the severity cell: a column of its own would cost the table width it does not have.
  const severity = (finding: Finding) => (blocks?.(finding) ? `🚫 ${severityLabel(finding)}` : severityLabel(finding));
  const columns = ['Severity', 'Rule or CVE', 'Package → fix', 'Finding', 'Location'];
  const rows = findings.map((finding) => [
    severity(finding),
    ruleOrCve(finding, settings),
    packageCell(finding),
    findingCell(finding, settings),
    locationCell(finding.location, settings.cell, settings.links) + platformsSuffix(finding),
  ]);
  // One location for every row (ten CVEs of one layer): said once above the table, not repeated on every row.
  const shared = sharedCell(rows, 4);
  if (shared === undefined) return [...header(columns), ...rows.map(row)].join('\n');
  return [`All at ${shared}:`, '', ...header(columns.slice(0, 4)), ...withoutColumn(rows, 4).map(row)].join('\n');
}

/** `🟠 high`, or `🟡 unrated (medium)` for a vulnerability the scanner did not rate. */
export function severityLabel(finding: Finding): string {
  const icon = SEVERITY_ICON[finding.severity];
  return isUnrated(finding) ? `${icon} unrated (${finding.severity})` : `${icon} ${finding.severity}`;
}

function ruleOrCve(finding: Finding, settings: Settings): string {
  const options = { inTable: true, maxLength: 80 };
  if (isVulnerabilityFinding(finding)) {
    return linked(
      codeSpan(ruleKey(finding.ruleId), options),
      advisoryHref(vulnerabilityProperties(finding).primaryUrl),
    );
  }
  return linked(codeSpan(finding.ruleId, options), settings.links.rule(finding.ruleId));
}

/**
 * An advisory URL from the scanner, only when it is a well-formed `https:` URL without credentials; anything else
 * (http, javascript:, relative text) is not linked at all. The URL is re-serialized, so it cannot close `<…>`.
 */
export function advisoryHref(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  // One advisory URL recurs in every package it affects; parsing it is most of a summary row's cost.
  if (hrefs.has(text)) return hrefs.get(text);
  const href = parseAdvisoryHref(text);
  if (hrefs.size >= MAX_CACHED_HREFS) hrefs.clear();
  hrefs.set(text, href);
  return href;
}

/** advisoryHref's answers by input text (a pure function of it), bounded so a long-lived process does not grow. */
const hrefs = new Map<string, string | undefined>();
const MAX_CACHED_HREFS = 10_000;

function parseAdvisoryHref(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return undefined;
  const href = url.href.replaceAll('\\', '%5C');
  return /[\s<>]/.test(href) ? undefined : href;
}

function packageCell(finding: Finding): string {
  const code = (text: string) => codeSpan(text, { inTable: true, maxLength: 60 });
  if (isVulnerabilityFinding(finding)) {
    const p = vulnerabilityProperties(finding);
    if (!p.pkgName) return '—';
    const installed = p.installedVersion ? ` ${code(p.installedVersion)}` : '';
    const fix = fixVersionFor(p.installedVersion ?? '', p.fixedVersion);
    return `${code(p.pkgName)}${installed} → ${fix ? code(fix) : '_no fix yet_'}`;
  }
  const pkgName = finding.properties?.pkgName;
  return typeof pkgName === 'string' && pkgName !== '' ? code(pkgName) : '—';
}

function findingCell(finding: Finding, settings: Settings): string {
  if (isVulnerabilityFinding(finding)) {
    const title = vulnerabilityProperties(finding).title;
    // KEV / EPSS beside the title: why this one is first in the table (issue 18).
    const priority = exploitPriorityText(finding);
    if (title) return settings.escape(title, { maxLength: Math.min(settings.cell, 120) }) + priority;
    if (priority) return settings.message(finding, settings.cell) + priority;
  }
  return settings.message(finding, settings.cell);
}

/** The **Next steps** part: numbered fixes, what nothing fixes yet, the allowlist entry, the rule docs. */
export function nextStepsPart(steps: NextSteps, options: BlockingOptions | Settings = {}): string {
  const settings = settingsOf(options);
  const lines = ['**Next steps**', ''];
  const shown = steps.steps.slice(0, settings.maxSteps);
  shown.forEach((step, index) => lines.push(`${index + 1}. ${stepText(step, steps, settings)}`));
  const more = steps.steps.length - shown.length;
  if (more > 0)
    lines.push(`${shown.length + 1}. … and ${more} more ${more === 1 ? 'fix' : 'fixes'}: ${settings.rest}.`);
  const bullets: string[] = [];
  if (steps.unfixed.groups.length > 0) bullets.push(unfixedText(steps));
  const docs = steps.rules.flatMap((ruleId) => {
    const href = settings.links.rule(ruleId);
    return href ? [linked(codeSpan(ruleId), href)] : [];
  });
  if (docs.length > 0) bullets.push(`Rule docs: ${docs.join(', ')}.`);
  if (bullets.length > 0) lines.push(...(shown.length > 0 ? [''] : []), ...bullets.map((bullet) => `- ${bullet}`));
  if (steps.accept) {
    const what = isVulnerabilityFinding(steps.accept.finding)
      ? codeSpan(ruleKey(steps.accept.finding.ruleId), { maxLength: 80 })
      : codeSpan(steps.accept.finding.ruleId, { maxLength: 80 });
    lines.push(
      '',
      `To accept a finding instead (here ${what}), add this to the policy file with your reason and the last day it ` +
        'may apply:',
      '',
      fenced(steps.accept.yaml, 'yaml'),
    );
  }
  return lines.join('\n');
}

function stepText(step: FixStep, steps: NextSteps, settings: Settings): string {
  const effect = `fixes ${effectText(step.fixes, steps.totals)}`;
  if (step.kind === 'upgrade') return `${upgradeText(step.group, settings)}: ${effect}`;
  const rule = linked(codeSpan(step.ruleId, { maxLength: 80 }), settings.links.rule(step.ruleId));
  const where = placesText(step.locations, settings);
  const at = where ? ` at ${where}` : '';
  return step.fix === undefined ? `fix ${rule}${at}: ${effect}` : `${step.fix}${at} (${rule}): ${effect}`;
}

function upgradeText(group: PackageGroup, settings: Settings): string {
  const code = (text: string) => codeSpan(text, { maxLength: 60 });
  const from = group.installedVersion ? ` ${code(group.installedVersion)}` : '';
  return `upgrade ${code(group.pkgName)}${from} → ${code(group.fixVersion ?? '')}${originText(group, settings)}`;
}

function originText(group: PackageGroup, settings: Settings): string {
  const at = (location: SourceLocation | undefined) => (location ? sourceText(location, settings) : undefined);
  const inPlace = group.pkgPath ? ` in ${codeSpan(group.pkgPath, { maxLength: 80 })}` : '';
  const origin = group.origin;
  if (origin.kind === 'base') {
    const where = at(origin.location);
    return `${inPlace} (in the base image${where ? `, \`FROM\` at ${where}` : ''})`;
  }
  if (origin.kind === 'instruction') return `${inPlace} (installed at ${at(origin.location)})`;
  return inPlace;
}

function unfixedText(steps: NextSteps): string {
  const total = Object.values(steps.unfixed.counts).reduce((sum, count) => sum + count, 0);
  const names = steps.unfixed.groups.slice(0, 5).map((group) => codeSpan(group.pkgName, { maxLength: 60 }));
  const others = steps.unfixed.groups.length - names.length;
  return (
    `${total} blocking ${total === 1 ? 'vulnerability has' : 'vulnerabilities have'} no fixed version yet ` +
    `(${names.join(', ')}${others > 0 ? ` and ${others} more ${others === 1 ? 'package' : 'packages'}` : ''}): ` +
    `remove or replace the package, or accept ${total === 1 ? 'it' : 'them'} in the allowlist.`
  );
}

/** `7 of 12 critical, 3 of 40 high`: only the severities the step fixes. */
function effectText(fixes: Record<Severity, number>, totals: Record<Severity, number>): string {
  return (Object.keys(fixes) as Severity[])
    .filter((severity) => fixes[severity] > 0)
    .map((severity) => `${fixes[severity]} of ${totals[severity]} ${severity}`)
    .join(', ');
}

function placesText(locations: readonly SourceLocation[], settings: Settings): string {
  const shown = locations.slice(0, 3).map((location) => sourceText(location, settings));
  const more = locations.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

function sourceText(location: SourceLocation, settings: Settings): string {
  return linked(codeSpan(`${location.path}:${location.line}`, { maxLength: 120 }), settings.links.source(location));
}
