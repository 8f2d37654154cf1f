import { isRuleId, ruleById, type RuleDescriptor } from '../model/catalog.js';
import type { Severity } from '../model/findings.js';

/**
 * Finds the descriptor of a rule id for the reports. Renderers take one so that rule families that do not live in
 * the static catalog (one rule per vulnerability id, later) can describe themselves.
 */
export type RuleResolver = (ruleId: string) => RuleDescriptor | undefined;

export const catalogRules: RuleResolver = (ruleId) => (isRuleId(ruleId) ? ruleById(ruleId) : undefined);

/** The descriptor for a rule id; an unknown id still renders, titled by its id, rather than failing the report. */
export function describeRule(ruleId: string, severity: Severity, resolve: RuleResolver = catalogRules): RuleDescriptor {
  return (
    resolve(ruleId) ?? {
      id: ruleId,
      title: ruleId,
      help: `Reported by imagegate rule \`${ruleId}\`.`,
      defaultSeverity: severity,
      policyKey: '',
      tags: [],
    }
  );
}
