import path from 'node:path';
import { RULES } from '../model/catalog.js';
import { SEVERITIES } from '../model/findings.js';
import type { PolicyProblem } from './problems.js';
import { label } from './schema-validate.js';
import type { KubernetesRules, RuleSeverity } from './types.js';
import { positionOf, type PathSegment, type PolicySource } from './yaml-source.js';

/**
 * The `kubernetes:` section as typed values, in the compose section's shape (convert-compose.ts): `files`
 * relative to the policy file, `rules` severities by short name, and the switches of the `k8s/` rules. Shapes are
 * the schema's to report; here only what it cannot see (one rule set twice in one file to different severities).
 */

const RULE_SEVERITY: ReadonlySet<string> = new Set([...SEVERITIES, 'off']);

/** `writableHostPath` → `k8s/writable-host-path`, for every Kubernetes rule of the catalog. */
export const KUBERNETES_RULE_NAMES: ReadonlyMap<string, string> = new Map(
  RULES.filter((rule) => rule.id.startsWith('k8s/')).map((rule) => [
    rule.id.slice('k8s/'.length).replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()),
    rule.id,
  ]),
);

/** A Kubernetes rule id from its id or its short name; undefined for anything else. */
export function kubernetesRuleId(name: string): string | undefined {
  if (name.startsWith('k8s/')) return RULES.some((rule) => rule.id === name) ? name : undefined;
  return KUBERNETES_RULE_NAMES.get(name);
}

export function readKubernetesSection(
  source: PolicySource,
  value: unknown,
  fileRules: Readonly<Record<string, RuleSeverity>>,
  problems: PolicyProblem[],
): { kubernetes: Partial<KubernetesRules> | undefined; severities: Record<string, RuleSeverity> } {
  const map = asMap(value);
  const severities: Record<string, RuleSeverity> = {};
  if (!map) return { kubernetes: undefined, severities };
  const kubernetes: Partial<KubernetesRules> = {};
  if (Array.isArray(map.files)) {
    const baseDir = path.dirname(source.file);
    kubernetes.files = map.files.flatMap((item, index) => {
      if (typeof item !== 'string' || item === '') return [];
      const { line = 1, column } = positionOf(source, ['kubernetes', 'files', index]);
      return [
        {
          pattern: item,
          baseDir,
          source: { kind: 'source', path: source.display, line, ...(column ? { column } : {}) },
        },
      ];
    });
  }
  for (const key of [
    'requireReadOnlyRootfs',
    'requireStorageLimits',
    'requireNoPrivilegeEscalation',
    'forbidHostPath',
    'requireRunAsNonRoot',
    'requireSeccompProfile',
    'requireDropAll',
  ] as const) {
    if (typeof map[key] === 'boolean') kubernetes[key] = map[key];
  }
  for (const key of ['readOnlyVolumeTypes', 'allowedCapabilities', 'allowedVolumeTypes'] as const) {
    const list = map[key];
    if (Array.isArray(list)) kubernetes[key] = list.filter((item): item is string => typeof item === 'string');
  }
  for (const [name, severity] of Object.entries(asMap(map.rules) ?? {})) {
    const id = KUBERNETES_RULE_NAMES.get(name);
    if (!id || typeof severity !== 'string' || !RULE_SEVERITY.has(severity)) continue;
    const other = fileRules[id];
    if (other !== undefined && other !== severity) {
      const at: PathSegment[] = ['kubernetes', 'rules', name];
      problems.push({
        message: `\`${label(at)}\`: \`${label(['rules', id])}\` in this file sets the same rule to ${other}; set it in one place`,
        position: positionOf(source, at),
      });
      continue;
    }
    severities[id] = severity as RuleSeverity;
  }
  return { kubernetes, severities };
}

function asMap(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
