import { tryParseTagRule } from './tag-rules.js';
import type { PolicyProblem } from './problems.js';
import { label } from './schema-validate.js';
import type { RescanRules } from './types.js';
import { positionOf, type PolicySource } from './yaml-source.js';

/**
 * The `rescan:` section. Shapes are the schema's to report; a tag rule that does not parse (a semver range that is
 * none, a regex that does not compile) is reported here at its line, so `imagegate policy validate` catches it
 * before a nightly plan does.
 */
export function readRescanSection(
  source: PolicySource,
  value: unknown,
  problems: PolicyProblem[],
): RescanRules | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const map = value as Record<string, unknown>;
  const rules: RescanRules = {};
  if (Array.isArray(map.repositories)) {
    rules.repositories = map.repositories.filter((item): item is string => typeof item === 'string' && item !== '');
  }
  if (Array.isArray(map.tags)) {
    const tags: string[] = [];
    map.tags.forEach((item: unknown, index) => {
      if (typeof item !== 'string' || item === '') return;
      const parsed = tryParseTagRule(item);
      if ('problem' in parsed) {
        const at = ['rescan', 'tags', index];
        problems.push({ message: `\`${label(at)}\` '${item}': ${parsed.problem}`, position: positionOf(source, at) });
        return;
      }
      tags.push(item);
    });
    rules.tags = tags;
  }
  return rules;
}
