import path from 'node:path';
import { formatPosition } from '../util/errors.js';
import { formatBytes } from '../util/units.js';
import type { Finding } from '../model/findings.js';
import { decideVerdict } from '../policy/gate.js';
import { COMPOSE_ONLY_LABEL, type RunResult } from './run-result.js';
import type { BudgetUsage } from '../checks/budgets.js';
import { formatBudgetValue, headroomCell } from './markdown-budgets.js';
import { plural } from '../util/plural.js';
import type { ReportPaths } from './write-reports.js';
import { countsText } from './markdown-platforms.js';
import { describeAge } from '../util/describe-age.js';

const MAX_LISTED = 20;

/** The CLI's closing lines: verdict, the findings a person should look at, and where the reports are. */
export function toTerminalSummary(result: RunResult, reports: ReportPaths, cwd: string): string {
  const active = result.findings.filter((finding) => !finding.suppressedBy);
  const counts = Object.entries(result.counts)
    .map(([severity, count]) => `${severity} ${count}`)
    .join(', ');
  const verdict =
    result.verdict === 'pass'
      ? `PASS: no finding at or above ${thresholds(result)}`
      : `FAIL: ${active.filter((f) => isGating(f, result)).length} finding(s) at or above ${thresholds(result)}`;
  const image = result.image;
  const lines = [
    `imagegate ${verdict}`,
    result.composeOnly
      ? `  image     none: ${COMPOSE_ONLY_LABEL}`
      : `  image     ${clean(image.reference ?? image.id)}  ${formatBytes(image.size)}, ${plural(image.layers.length, 'layer')}, user ${clean(image.config.user || 'root (unset)')}`,
    ...(result.platforms ?? []).map(
      (platform) =>
        `  platform  ${clean(platform.platform)}  ${platform.verdict.toUpperCase()}  ${formatBytes(platform.size)}, ` +
        `${plural(platform.layers, 'layer')}, vulnerabilities: ${countsText(platform.vulnerabilities)}`,
    ),
    ...(result.kubernetes
      ? [
          `  k8s       ${plural(result.kubernetes.workloads, 'workload')}, ${plural(result.kubernetes.containers, 'container')} in ${plural(result.kubernetes.files.length, 'manifest file')}`,
        ]
      : []),
    `  findings  ${counts}${result.suppressedCount ? ` (+${result.suppressedCount} suppressed)` : ''}`,
    ...dbLine(result),
    ...feedsLine(result),
  ];
  for (const budget of result.budgets ?? []) lines.push(budgetLine(budget));
  const listed = active.slice(0, MAX_LISTED);
  const ruleWidth = Math.min(40, Math.max(0, ...listed.map((finding) => finding.ruleId.length)));
  for (const finding of listed) {
    lines.push(
      `    ${finding.severity.padEnd(8)} ${clean(finding.ruleId).padEnd(ruleWidth)} ${where(finding)}  ${clean(finding.message)}` +
        (finding.platforms ? `  [${clean(finding.platforms.join(', '))}]` : ''),
    );
  }
  if (active.length > MAX_LISTED) lines.push(`    … and ${active.length - MAX_LISTED} more in the reports`);
  lines.push(
    `  reports   ${rel(reports.json, cwd)}`,
    `            ${rel(reports.sarif, cwd)}`,
    `            ${rel(reports.summary, cwd)}`,
  );
  for (const sbom of [reports.cyclonedx, reports.spdx]) if (sbom) lines.push(`            ${rel(sbom, cwd)}`);
  return lines.join('\n');
}

/** `  budget    size.max            180 MB of 150 MB: over by 30.0 MB`, in the summary's units and words. */
function budgetLine(budget: BudgetUsage): string {
  const used = budget.used === null ? 'not measured' : formatBudgetValue(budget, budget.used);
  const limit = `${budget.bound === 'min' ? 'at least ' : ''}${formatBudgetValue(budget, budget.limit)}`;
  const headroom = headroomCell(budget).replace(/^[✅❌] /, '');
  return `  budget    ${budget.key.padEnd(20)} ${used} of ${limit}: ${headroom}`;
}

function thresholds(result: RunResult): string {
  const families = Object.entries(result.familyFailOn).map(([family, failOn]) => `${family}/: ${failOn}`);
  return families.length > 0 ? `${result.failOn} (${families.join(', ')})` : result.failOn;
}

/**
 * At or above the threshold of its family (`vulnerabilities.failOn` for vuln/ findings), else of the gate; or forced
 * or exempted by its own gate decision (KEV, grace, EPSS): the gate's own function decides, so the count agrees.
 */
function isGating(finding: Finding, result: RunResult): boolean {
  return decideVerdict([finding], result.failOn, result.familyFailOn) === 'fail';
}

/** `  feeds     CISA KEV 2025.08.25 (download), EPSS 2026-12-07T00:00:00+0000 (cache)`: what the priority used. */
function feedsLine(result: RunResult): string[] {
  const records = result.scan?.feeds ?? [];
  if (records.length === 0) return [];
  const described = records.map(
    (record) =>
      `${record.feed === 'kev' ? 'CISA KEV' : 'EPSS'}${record.version ? ` ${record.version}` : ''} (${record.origin})`,
  );
  return [`  feeds     ${clean(described.join(', '))}`];
}

/** `  db        Trivy DB of 2026-11-30T06:00:00.000Z, 7 days old (offline)`: how old the DB the scan used is. */
function dbLine(result: RunResult): string[] {
  const db = result.scan?.db;
  if (!db) return [];
  return [
    `  db        ${clean(`Trivy DB of ${db.updatedAt}, ${describeAge(db.ageSeconds)} old${db.offline ? ' (offline)' : ''}`)}`,
  ];
}

function where(finding: Finding): string {
  const location = finding.location;
  if (location.kind === 'source') return formatPosition(location);
  return location.layer ? `${location.image} layer ${location.layer.slice(0, 19)}` : location.image;
}

/** Terminal output must not carry escape sequences from image metadata. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

function rel(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') ? file : relative;
}
