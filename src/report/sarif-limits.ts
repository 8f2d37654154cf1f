import { groupDigits } from '../util/group-digits.js';
import type { Finding } from '../model/findings.js';
import { byRelevance } from './scan-findings.js';

/**
 * GitHub code scanning rejects a run with more than 25,000 results or 25,000 rules (and shows only the top 5,000
 * results by severity anyway). Rather than lose the upload, a run keeps the findings that matter most and says how
 * many it left out; imagegate.json and the gate always have all of them.
 */

export interface SarifLimits {
  /** Results (and unlocated-finding notifications) per run; GitHub's limit is 25,000. */
  maxResultsPerRun: number;
  /** Rules per run; GitHub's limit is 25,000. */
  maxRulesPerRun: number;
}

export const GITHUB_SARIF_LIMITS: SarifLimits = { maxResultsPerRun: 25_000, maxRulesPerRun: 25_000 };

/** What one run kept of its findings. */
export interface RunSelection {
  /** Kept findings, most relevant first (see byRelevance). */
  kept: Finding[];
  total: number;
  rulesTotal: number;
  rulesKept: number;
  /** Whether the rules limit (not only the results limit) cut findings. */
  cutByRules: boolean;
}

/**
 * Keeps at most `maxResultsPerRun` findings, most relevant first; then, if their rules still number more than
 * `maxRulesPerRun`, keeps the rules of the most relevant findings and drops the findings of the others, so that
 * no rule without results is listed.
 */
export function selectForRun(findings: readonly Finding[], limits: SarifLimits): RunSelection {
  const ordered = [...findings].sort(byRelevance);
  const rulesTotal = new Set(ordered.map((finding) => finding.ruleId)).size;
  let kept = ordered.slice(0, Math.max(0, limits.maxResultsPerRun));
  const rules = new Set<string>();
  for (const finding of kept) {
    if (rules.size >= limits.maxRulesPerRun) break;
    rules.add(finding.ruleId);
  }
  const cutByRules = rules.size < new Set(kept.map((finding) => finding.ruleId)).size;
  if (cutByRules) kept = kept.filter((finding) => rules.has(finding.ruleId));
  return { kept, total: ordered.length, rulesTotal, rulesKept: rules.size, cutByRules };
}

/** A run that could not carry all its findings, as the SARIF run and the summary state it. */
export interface SarifTruncation {
  /** `imagegate` for the image-policy run, `trivy` for the scanner's run. */
  run: 'imagegate' | 'trivy';
  category: string;
  total: number;
  kept: number;
  rulesTotal: number;
  rulesKept: number;
  cutByRules: boolean;
  limits: SarifLimits;
}

export function truncationOf(
  selection: RunSelection,
  run: SarifTruncation['run'],
  category: string,
  limits: SarifLimits,
): SarifTruncation | undefined {
  if (selection.kept.length === selection.total) return undefined;
  return {
    run,
    category,
    total: selection.total,
    kept: selection.kept.length,
    rulesTotal: selection.rulesTotal,
    rulesKept: selection.rulesKept,
    cutByRules: selection.cutByRules,
    limits,
  };
}

const count = (value: number) => groupDigits(value);

/** `12 of 25,012 results not in SARIF: GitHub's 25,000-results-per-run limit` (plus the rules limit when it cut). */
export function describeTruncation(truncation: SarifTruncation): string {
  const { total, kept, rulesTotal, rulesKept, limits } = truncation;
  const reasons: string[] = [];
  if (total > limits.maxResultsPerRun) reasons.push(`GitHub's ${count(limits.maxResultsPerRun)}-results-per-run limit`);
  if (truncation.cutByRules) {
    reasons.push(
      `GitHub's ${count(limits.maxRulesPerRun)}-rules-per-run limit (${count(rulesTotal - rulesKept)} of ` +
        `${count(rulesTotal)} rules left out)`,
    );
  }
  return `${count(total - kept)} of ${count(total)} results not in SARIF: ${reasons.join('; ')}`;
}
