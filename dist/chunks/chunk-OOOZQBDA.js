import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);

// src/model/findings.ts
import { createHash } from "node:crypto";
var SEVERITIES = ["critical", "high", "medium", "low", "info"];
function severityRank(severity) {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}
function atLeast(severity, threshold) {
  return severityRank(severity) >= severityRank(threshold);
}
function bySeverity(a, b) {
  return severityRank(b.severity) - severityRank(a.severity);
}
function fingerprintOf(...parts) {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(`${part ?? ""}\0`);
  return hash.digest("hex").slice(0, 32);
}
function countBySeverity(findings) {
  const counts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const finding of findings) if (!finding.suppressedBy) counts[finding.severity] += 1;
  return counts;
}

export {
  SEVERITIES,
  severityRank,
  atLeast,
  bySeverity,
  fingerprintOf,
  countBySeverity
};
//# sourceMappingURL=chunk-OOOZQBDA.js.map
