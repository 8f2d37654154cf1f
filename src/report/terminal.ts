import path from 'node:path';
import { formatPosition } from '../util/errors.js';
import { formatBytes } from '../util/units.js';
import { atLeast, type Finding } from '../model/findings.js';
import { COMPOSE_ONLY_LABEL, type RuleFamily, type RunResult } from './run-result.js';
import { ruleFamily } from './scan-findings.js';
import type { BudgetUsage } from '../checks/budgets.js';
import { formatBudgetValue, headroomCell } from './markdown-budgets.js';
import { plural } from '../util/plural.js';
import type { ReportPaths } from './write-reports.js';

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
    ...(result.kubernetes
      ? [
          `  k8s       ${plural(result.kubernetes.workloads, 'workload')}, ${plural(result.kubernetes.containers, 'container')} in ${plural(result.kubernetes.files.length, 'manifest file')}`,
        ]
      : []),
    `  findings  ${counts}${result.suppressedCount ? ` (+${result.suppressedCount} suppressed)` : ''}`,
  ];
  for (const budget of result.budgets ?? []) lines.push(budgetLine(budget));
  const listed = active.slice(0, MAX_LISTED);
  const ruleWidth = Math.min(40, Math.max(0, ...listed.map((finding) => finding.ruleId.length)));
  for (const finding of listed) {
    lines.push(
      `    ${finding.severity.padEnd(8)} ${clean(finding.ruleId).padEnd(ruleWidth)} ${where(finding)}  ${clean(finding.message)}`,
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

/** At or above the threshold of its family (`vulnerabilities.failOn` for vuln/ findings), else of the gate. */
function isGating(finding: Finding, result: RunResult): boolean {
  const failOn = result.familyFailOn[ruleFamily(finding.ruleId) as RuleFamily] ?? result.failOn;
  return failOn !== 'never' && atLeast(finding.severity, failOn);
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
