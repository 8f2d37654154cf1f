import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  describeAge
} from "./chunk-ON4C7FYR.js";
import {
  COMPOSE_ONLY_LABEL,
  countsText,
  decideVerdict,
  formatBudgetValue,
  headroomCell,
  plural
} from "./chunk-ALVOWIAA.js";
import "./chunk-SAYJQMG6.js";
import {
  formatBytes
} from "./chunk-2SIDVBE2.js";
import "./chunk-OOOZQBDA.js";
import {
  formatPosition
} from "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";

// src/report/terminal.ts
import path from "node:path";
var MAX_LISTED = 20;
function toTerminalSummary(result, reports, cwd) {
  const active = result.findings.filter((finding) => !finding.suppressedBy);
  const counts = Object.entries(result.counts).map(([severity, count]) => `${severity} ${count}`).join(", ");
  const verdict = result.verdict === "pass" ? `PASS: no finding at or above ${thresholds(result)}` : `FAIL: ${active.filter((f) => isGating(f, result)).length} finding(s) at or above ${thresholds(result)}`;
  const image = result.image;
  const lines = [
    `imagegate ${verdict}`,
    result.composeOnly ? `  image     none: ${COMPOSE_ONLY_LABEL}` : `  image     ${clean(image.reference ?? image.id)}  ${formatBytes(image.size)}, ${plural(image.layers.length, "layer")}, user ${clean(image.config.user || "root (unset)")}`,
    ...(result.platforms ?? []).map(
      (platform) => `  platform  ${clean(platform.platform)}  ${platform.verdict.toUpperCase()}  ${formatBytes(platform.size)}, ${plural(platform.layers, "layer")}, vulnerabilities: ${countsText(platform.vulnerabilities)}`
    ),
    ...result.kubernetes ? [
      `  k8s       ${plural(result.kubernetes.workloads, "workload")}, ${plural(result.kubernetes.containers, "container")} in ${plural(result.kubernetes.files.length, "manifest file")}`
    ] : [],
    `  findings  ${counts}${result.suppressedCount ? ` (+${result.suppressedCount} suppressed)` : ""}`,
    ...dbLine(result),
    ...feedsLine(result)
  ];
  for (const budget of result.budgets ?? []) lines.push(budgetLine(budget));
  const listed = active.slice(0, MAX_LISTED);
  const ruleWidth = Math.min(40, Math.max(0, ...listed.map((finding) => finding.ruleId.length)));
  for (const finding of listed) {
    lines.push(
      `    ${finding.severity.padEnd(8)} ${clean(finding.ruleId).padEnd(ruleWidth)} ${where(finding)}  ${clean(finding.message)}` + (finding.platforms ? `  [${clean(finding.platforms.join(", "))}]` : "")
    );
  }
  if (active.length > MAX_LISTED) lines.push(`    … and ${active.length - MAX_LISTED} more in the reports`);
  lines.push(
    `  reports   ${rel(reports.json, cwd)}`,
    `            ${rel(reports.sarif, cwd)}`,
    `            ${rel(reports.summary, cwd)}`
  );
  for (const sbom of [reports.cyclonedx, reports.spdx]) if (sbom) lines.push(`            ${rel(sbom, cwd)}`);
  return lines.join("\n");
}
function budgetLine(budget) {
  const used = budget.used === null ? "not measured" : formatBudgetValue(budget, budget.used);
  const limit = `${budget.bound === "min" ? "at least " : ""}${formatBudgetValue(budget, budget.limit)}`;
  const headroom = headroomCell(budget).replace(/^[✅❌] /, "");
  return `  budget    ${budget.key.padEnd(20)} ${used} of ${limit}: ${headroom}`;
}
function thresholds(result) {
  const families = Object.entries(result.familyFailOn).map(([family, failOn]) => `${family}/: ${failOn}`);
  return families.length > 0 ? `${result.failOn} (${families.join(", ")})` : result.failOn;
}
function isGating(finding, result) {
  return decideVerdict([finding], result.failOn, result.familyFailOn) === "fail";
}
function feedsLine(result) {
  const records = result.scan?.feeds ?? [];
  if (records.length === 0) return [];
  const described = records.map(
    (record) => `${record.feed === "kev" ? "CISA KEV" : "EPSS"}${record.version ? ` ${record.version}` : ""} (${record.origin})`
  );
  return [`  feeds     ${clean(described.join(", "))}`];
}
function dbLine(result) {
  const db = result.scan?.db;
  if (!db) return [];
  return [
    `  db        ${clean(`Trivy DB of ${db.updatedAt}, ${describeAge(db.ageSeconds)} old${db.offline ? " (offline)" : ""}`)}`
  ];
}
function where(finding) {
  const location = finding.location;
  if (location.kind === "source") return formatPosition(location);
  return location.layer ? `${location.image} layer ${location.layer.slice(0, 19)}` : location.image;
}
function clean(text) {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ");
}
function rel(file, cwd) {
  const relative = path.relative(cwd, file);
  return relative.startsWith("..") ? file : relative;
}
export {
  toTerminalSummary
};
//# sourceMappingURL=terminal-7RYIJ2Z4.js.map
