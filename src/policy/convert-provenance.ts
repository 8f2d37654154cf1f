import type { ProvenanceRules } from './types.js';

/** `provenance:` (schema-validated already): the keys that are set, lists of non-empty strings only. */
export function readProvenanceRules(map: Record<string, unknown>): ProvenanceRules {
  const rules: ProvenanceRules = {};
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
