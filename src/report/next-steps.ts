import { isRuleId } from '../model/catalog.js';
import type { Finding, SeverityCounts, SourceLocation } from '../model/findings.js';
import { RULE_FIXES } from '../model/rule-fixes.js';
import { allowSnippet } from './allow-snippet.js';
import { compareEffect, countWhere, groupByPackage, type PackageGroup } from './package-groups.js';
import type { RunResult } from './run-result.js';
import { isVulnerabilityFinding, ruleFamily } from './scan-findings.js';

/**
 * What to do about the findings that failed the gate, largest effect first: per package, the upgrade that fixes
 * its blocking vulnerabilities (the version that fixes every advisory with a fix); per rule, its short fix and where
 * to apply it; the blocking vulnerabilities nothing fixes yet, counted apart; then how to accept one finding
 * instead (an allowlist entry) and which rules' docs to read. Pure: facts in, steps out; renderers word them.
 */

export interface UpgradeStep {
  kind: 'upgrade';
  group: PackageGroup;
  /** The package's blocking findings the upgrade fixes, per severity. */
  fixes: SeverityCounts;
}

export interface RuleStep {
  kind: 'rule';
  ruleId: string;
  /** imagegate's own Markdown (RULE_FIXES), or undefined when the rule has none (a scanner's secret rule). */
  fix: string | undefined;
  /** Where: the blocking findings' source locations, each once, in order. */
  locations: SourceLocation[];
  fixes: SeverityCounts;
}

export type FixStep = UpgradeStep | RuleStep;

export interface NextSteps {
  /** Largest effect first. */
  steps: FixStep[];
  /** All blocking findings per severity ("fixes 7 of 12 critical"). */
  totals: SeverityCounts;
  /** Blocking vulnerabilities without a fix, with their packages (groups with at least one). */
  unfixed: { counts: SeverityCounts; groups: PackageGroup[] };
  /** An allowlist entry for the most relevant blocking finding the allowlist can accept. */
  accept?: { finding: Finding; yaml: string };
  /** Rule ids of the blocking findings that have docs (catalog rules), most relevant first, each once. */
  rules: string[];
}

const SECRET_FIX = 'remove the secret from the image and rotate it';

/** `blocking` must be the run's blocking findings (blocking.ts), most relevant first. */
export function nextSteps(
  result: Pick<RunResult, 'image' | 'layerInstructions' | 'layerFromBase'>,
  blocking: readonly Finding[],
): NextSteps {
  const isBlocking = new Set(blocking);
  const all = () => true;
  const totals = countWhere(blocking, all);
  const groups = groupByPackage(blocking.filter(isVulnerabilityFinding), result);
  const steps: FixStep[] = [];
  for (const group of groups) {
    if (group.fixVersion === undefined) continue;
    steps.push({ kind: 'upgrade', group, fixes: countWhere(group.findings, (f) => group.fixOf.has(f)) });
  }
  const byRule = new Map<string, Finding[]>();
  for (const finding of blocking) {
    if (isVulnerabilityFinding(finding)) continue;
    const key = ruleFamily(finding.ruleId) === 'secret' ? 'secret/*' : finding.ruleId;
    byRule.set(key, [...(byRule.get(key) ?? []), finding]);
  }
  for (const [key, findings] of byRule) {
    const ruleId = findings[0]?.ruleId ?? key;
    const seen = new Set<string>();
    const locations: SourceLocation[] = [];
    for (const finding of findings) {
      if (finding.location.kind !== 'source') continue;
      const id = `${finding.location.path}\u0000${finding.location.line}`;
      if (!seen.has(id)) locations.push(finding.location);
      seen.add(id);
    }
    steps.push({
      kind: 'rule',
      ruleId,
      fix: key === 'secret/*' ? SECRET_FIX : isRuleId(ruleId) ? RULE_FIXES[ruleId] : undefined,
      locations,
      fixes: countWhere(findings, all),
    });
  }
  // Stable: equal effects keep packages (by their most relevant finding) before rules, as built.
  steps.sort((a, b) => compareEffect(a.fixes, b.fixes));
  const unfixedGroups = groups.filter((group) => group.unfixed.length > 0);
  const unfixed = {
    counts: countWhere(
      unfixedGroups.flatMap((group) => group.unfixed),
      (finding) => isBlocking.has(finding),
    ),
    groups: unfixedGroups,
  };
  let accept: NextSteps['accept'];
  for (const finding of blocking) {
    const yaml = allowSnippet(finding);
    if (yaml !== undefined) {
      accept = { finding, yaml };
      break;
    }
  }
  const rules = [...new Set(blocking.map((finding) => finding.ruleId).filter(isRuleId))];
  return { steps, totals, unfixed, ...(accept ? { accept } : {}), rules };
}
