import { readSigners } from './convert-signatures.js';
import type { PolicyProblem } from './problems.js';
import type { ProvenanceRules } from './types.js';
import type { PathSegment, PolicySource } from './yaml-source.js';

/** `provenance:` (schema-validated already): the keys that are set, lists of non-empty strings only. */
export function readProvenanceRules(
  map: Record<string, unknown>,
  source: PolicySource,
  at: PathSegment[],
  problems: PolicyProblem[],
): ProvenanceRules {
  const rules: ProvenanceRules = {};
  if (Array.isArray(map.signers)) rules.signers = readSigners(source, map.signers, [...at, 'signers'], problems);
  if (typeof map.required === 'boolean') rules.required = map.required;
  if (typeof map.basesPinned === 'boolean') rules.basesPinned = map.basesPinned;
  const builderIds = strings(map.builderIds);
  if (builderIds) rules.builderIds = builderIds;
  if (Array.isArray(map.sources)) {
    rules.sources = map.sources.flatMap((item: unknown) => {
      if (typeof item !== 'object' || item === null) return [];
      const entry = item as Record<string, unknown>;
      if (typeof entry.repository !== 'string' || entry.repository === '') return [];
      const refs = strings(entry.refs);
      return [{ repository: entry.repository, ...(refs ? { refs } : {}) }];
    });
  }
  return rules;
}

function strings(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is string => typeof item === 'string' && item !== '');
}
