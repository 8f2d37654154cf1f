import type { ReportingDescriptor } from 'sarif';
import type { RuleDescriptor } from '../model/catalog.js';
import { severityRank, type Finding, type Severity } from '../model/findings.js';
import { LEVEL, SECURITY_SEVERITY } from './sarif-result.js';

/** A run's rule table: descriptors in order of first use, and each rule id's index in it. */
export interface RuleTable {
  descriptors: ReportingDescriptor[];
  index: Map<string, number>;
}

/**
 * The rules the findings use, in order of first use, each described by `describe` with the findings of that rule
 * and the most severe level they have in this run (a policy may override the catalog's default severity).
 */
export function ruleTable(
  findings: readonly Finding[],
  describe: (ruleId: string, severity: Severity, findings: readonly Finding[]) => ReportingDescriptor,
): RuleTable {
  const byRule = new Map<string, { severity: Severity; findings: Finding[] }>();
  for (const finding of findings) {
    const seen = byRule.get(finding.ruleId);
    if (!seen) byRule.set(finding.ruleId, { severity: finding.severity, findings: [finding] });
    else {
      seen.findings.push(finding);
      if (severityRank(finding.severity) > severityRank(seen.severity)) seen.severity = finding.severity;
    }
  }
  const descriptors: ReportingDescriptor[] = [];
  const index = new Map<string, number>();
  for (const [ruleId, { severity, findings: ofRule }] of byRule) {
    index.set(ruleId, descriptors.length);
    descriptors.push(describe(ruleId, severity, ofRule));
  }
  return { descriptors, index };
}

/** A catalog rule (or a resolver's) as a SARIF reportingDescriptor at the given severity. */
export function reportingDescriptor(rule: RuleDescriptor, severity: Severity): ReportingDescriptor {
  const securitySeverity = SECURITY_SEVERITY[severity];
  const policyLine = rule.policyKey ? `Configured by the policy key \`${rule.policyKey}\`.` : '';
  const markdown = [rule.help, policyLine].filter(Boolean).join('\n\n');
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: plainText(firstParagraph(rule.help)) },
    help: { text: plainText(markdown), markdown },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      tags: [...rule.tags],
      // Checks compare measured facts with configured limits: no heuristics, so no false-positive rate to state.
      precision: 'very-high',
      ...(securitySeverity ? { 'security-severity': securitySeverity } : {}),
    },
  };
}

/** `layers/max-layer-size` → `LayersMaxLayerSize`: SARIF's rule name is an identifier-like, readable form of the id. */
export function ruleName(ruleId: string): string {
  return ruleId
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

function firstParagraph(markdown: string): string {
  return markdown.split(/\n\s*\n/)[0] ?? markdown;
}

/** Help text without Markdown code marks, for readers that show `text` verbatim. */
export function plainText(markdown: string): string {
  return markdown.replaceAll('`', '');
}
