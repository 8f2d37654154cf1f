import type { Finding } from '../model/findings.js';
import { codeSpan, escapeInline } from '../util/markdown-escape.js';
import { header, row, severityCell, shortDigest } from '../report/markdown-table.js';
import type { ScanOutcome } from './scan-image.js';
import type { ShardResult } from './types.js';

/**
 * What a shard's people read: `summary.md` beside rescan-result.json (a job summary on GitHub, an artifact on
 * GitLab) with a row per image and only the findings that are new since the ledger, and a few lines on stdout.
 * Everything that comes from the registry or the scanner is escaped: tags, messages and package names are
 * untrusted text.
 */

export const RUN_SUMMARY_FILE = 'summary.md';

/**
 * Rows of new findings shown per image and in all; the rest are counted (every finding is in the image's
 * imagegate.json). The total keeps a large shard's summary well under GitHub's 1 MiB job-summary limit.
 */
const MAX_ROWS_PER_IMAGE = 50;
const MAX_ROWS = 1000;
const CELL = 120;

export interface SummaryInput {
  shard: ShardResult;
  outcomes: readonly ScanOutcome[];
  /** The ledger file as given, or undefined when the run had none (every finding is new). */
  ledgerFile?: string;
  /** For a run of one reference rather than a plan. */
  single: boolean;
}

export function runSummaryMarkdown(input: SummaryInput): string {
  const { shard, outcomes } = input;
  const title = input.single ? '# imagegate rescan' : `# imagegate rescan — shard ${shard.shard}`;
  const totals = tally(outcomes);
  const against = input.ledgerFile
    ? `new since the ledger ${codeSpan(input.ledgerFile, { maxLength: CELL })}`
    : 'new: no ledger was given, so every finding is new';
  const lines = [
    title,
    '',
    `${outcomes.length} of ${shard.planned} images done` +
      (shard.finishedAt ? '' : ' (the run has not finished)') +
      `: ${totals.scanned} scanned, ${totals.failed} failed, ${totals.failing} failing the gate. ` +
      `**${plural(totals.fresh, 'finding')} ${against}**` +
      (totals.fresh > 0 ? ` (${totals.freshFailing} of them failing the gate).` : '.'),
  ];
  if (outcomes.length > 0) {
    lines.push('', ...header(['Image', 'Tags', 'Verdict', 'New', 'Findings', 'Reports']));
    for (const outcome of outcomes) lines.push(imageRow(outcome));
  }
  const failed = outcomes.filter((outcome) => outcome.result.status === 'failed');
  if (failed.length > 0) {
    lines.push('', '## Failed scans', '');
    for (const { result } of failed) {
      lines.push(
        `- ${imageName(result.repository, result.digest)}: ${escapeInline(result.error ?? '', { maxLength: 500 })}`,
      );
    }
  }
  const fresh = outcomes.filter((outcome) => outcome.fresh.length > 0);
  if (fresh.length > 0) {
    lines.push('', '## New findings');
    let budget = MAX_ROWS;
    for (const outcome of fresh) {
      const rows = Math.min(MAX_ROWS_PER_IMAGE, budget, outcome.fresh.length);
      lines.push('', ...newFindingsSection(outcome, rows));
      budget -= rows;
    }
  }
  return `${lines.join('\n')}\n`;
}

function imageRow({ result, findings }: ScanOutcome): string {
  const tags = result.tags.length > 0 ? result.tags.map((tag) => codeSpan(tag, { inTable: true, maxLength: 60 })) : [];
  const shownTags = tags.length > 5 ? [...tags.slice(0, 5), `+${tags.length - 5}`] : tags;
  const reports = result.outDir ? codeSpan(`${result.outDir}/`, { inTable: true, maxLength: CELL }) : '—';
  if (result.status === 'failed') {
    return row([
      imageName(result.repository, result.digest),
      shownTags.join(' ') || '—',
      '⚠️ scan failed',
      '—',
      '—',
      reports,
    ]);
  }
  return row([
    imageName(result.repository, result.digest),
    shownTags.join(' ') || '—',
    result.verdict === 'fail' ? '❌ fail' : '✅ pass',
    String(result.newFindings ?? 0),
    String(findings),
    reports,
  ]);
}

function newFindingsSection(outcome: ScanOutcome, maxRows: number): string[] {
  const { result, fresh } = outcome;
  const shown = fresh.slice(0, maxRows);
  const lines = [
    `### ${imageName(result.repository, result.digest)}`,
    '',
    ...(shown.length > 0 ? header(['Severity', 'Rule', 'Package', 'Message']) : []),
    ...shown.map((finding) =>
      row([
        severityCell(finding.severity),
        codeSpan(finding.ruleId, { inTable: true, maxLength: 80 }),
        packageCell(finding),
        escapeInline(finding.message, { maxLength: CELL }),
      ]),
    ),
  ];
  const hidden = fresh.length - shown.length;
  if (hidden > 0) {
    const where = codeSpan(`${result.outDir ?? ''}/imagegate.json`, { maxLength: CELL });
    if (shown.length > 0) lines.push('');
    lines.push(`… and ${hidden} more new findings (all findings are in ${where}).`);
  }
  return lines;
}

/** `openssl 3.0.2 → 3.0.7` for a vulnerability, the package alone for a license, — otherwise. */
function packageCell(finding: Finding): string {
  const properties = finding.properties ?? {};
  const name = typeof properties.pkgName === 'string' ? properties.pkgName : undefined;
  if (!name) return '—';
  const installed = typeof properties.installedVersion === 'string' ? ` ${properties.installedVersion}` : '';
  const fixed = typeof properties.fixedVersion === 'string' ? ` → ${properties.fixedVersion}` : '';
  return escapeInline(`${name}${installed}${fixed}`, { maxLength: CELL });
}

function imageName(repository: string, digest: string): string {
  return codeSpan(`${repository}@${shortDigest(digest)}`, { inTable: true, maxLength: CELL });
}

interface Totals {
  scanned: number;
  failed: number;
  failing: number;
  fresh: number;
  freshFailing: number;
}

export function tally(outcomes: readonly ScanOutcome[]): Totals {
  const totals: Totals = { scanned: 0, failed: 0, failing: 0, fresh: 0, freshFailing: 0 };
  for (const outcome of outcomes) {
    if (outcome.result.status === 'failed') totals.failed += 1;
    else totals.scanned += 1;
    if (outcome.result.verdict === 'fail') totals.failing += 1;
    totals.fresh += outcome.fresh.length;
    totals.freshFailing += outcome.freshFailing;
  }
  return totals;
}

/** The few lines `rescan run` prints: a line per image, then the totals and where the files are. */
export function runSummaryText(input: SummaryInput, files: { result: string; summary: string }): string {
  const { shard, outcomes } = input;
  const totals = tally(outcomes);
  const lines = outcomes.map(({ result, findings }) => {
    const name = `${result.repository}@${shortDigest(result.digest)}`;
    if (result.status === 'failed') return `  FAILED ${name}: ${(result.error ?? '').split('\n')[0]}`;
    return `  ${result.verdict === 'fail' ? 'fail  ' : 'pass  '} ${name}  ${result.newFindings ?? 0} new of ${findings}`;
  });
  const what = input.single ? 'rescan' : `rescan shard ${shard.shard}`;
  lines.unshift(
    `${what}: ${totals.scanned} scanned, ${totals.failed} failed; ${plural(totals.fresh, 'new finding')} ` +
      `(${totals.freshFailing} failing the gate)${input.ledgerFile ? ' since the ledger' : ', no ledger given'}`,
  );
  lines.push(`results: ${files.result}`, `summary: ${files.summary}`);
  return `${lines.join('\n')}\n`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
