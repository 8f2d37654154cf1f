import { toPlain } from '../compose/loader/node.js';
import type { ContextValue, YamlMap } from './types.js';

/**
 * A container's effective security context. Kubernetes lets the container's `securityContext` override these
 * fields of the pod's (PodSecurityContext and SecurityContext both have them); the others exist on one level only.
 */
export const POD_OVERRIDABLE_FIELDS = [
  'runAsUser',
  'runAsGroup',
  'runAsNonRoot',
  'seLinuxOptions',
  'seccompProfile',
  'windowsOptions',
  'appArmorProfile',
] as const;

/** Fields of the container's SecurityContext alone. */
export const CONTAINER_ONLY_FIELDS = [
  'privileged',
  'allowPrivilegeEscalation',
  'capabilities',
  'readOnlyRootFilesystem',
  'procMount',
] as const;

export function effectiveSecurityContext(
  pod: YamlMap | undefined,
  container: YamlMap | undefined,
): Record<string, ContextValue> {
  const merged: Record<string, ContextValue> = {};
  const take = (from: 'pod' | 'container', map: YamlMap | undefined, fields: readonly string[]) => {
    for (const field of fields) {
      const entry = map?.entries.get(field);
      if (!entry || (entry.value.kind === 'scalar' && entry.value.value === null)) continue;
      merged[field] = { value: toPlain(entry.value), position: entry.value.position, from };
    }
  };
  take('pod', pod, POD_OVERRIDABLE_FIELDS);
  // The container's own value wins where both set it (SecurityContext takes precedence over PodSecurityContext).
  take('container', container, [...POD_OVERRIDABLE_FIELDS, ...CONTAINER_ONLY_FIELDS]);
  return merged;
}
