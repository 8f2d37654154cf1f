import { fingerprintOf, type Finding, type Location } from '../model/findings.js';
import { ruleById, type RuleId } from '../model/catalog.js';
import type { CheckContext } from './context.js';
import type { Message } from '../util/markdown-message.js';

/** A finding at the rule's default severity; the runner applies the policy's severity overrides afterwards. */
export function makeFinding(
  ruleId: RuleId,
  context: Pick<CheckContext, 'imageRepository'>,
  details: { message: string | Message; location: Location; key?: string; properties?: Finding['properties'] },
): Finding {
  return {
    ruleId,
    severity: ruleById(ruleId).defaultSeverity,
    ...(typeof details.message === 'string'
      ? { message: details.message }
      : { message: details.message.text, messageMarkdown: details.message.markdown }),
    location: details.location,
    fingerprint: fingerprintOf(ruleId, context.imageRepository, details.key),
    ...(details.properties ? { properties: details.properties } : {}),
  };
}
