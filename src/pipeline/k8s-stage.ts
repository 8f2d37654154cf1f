import path from 'node:path';
import picomatch from 'picomatch';
import type { K8sCheckOptions } from '../checks/k8s.js';
import { loadManifests } from '../k8s/load-manifests.js';
import { readCappedStdin } from '../k8s/stdin.js';
import type { K8sManifests } from '../k8s/types.js';
import { readWorkloads } from '../k8s/workloads.js';
import type { KubernetesRules } from '../policy/types.js';
import { ConfigurationError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import type { WorkspacePaths } from '../util/workspace-paths.js';
import { expandGlob } from './compose-stage.js';

/**
 * The Kubernetes manifests a run checks: the `--k8s` paths, then each `kubernetes.files` entry of the policy
 * (relative to the policy file; a glob names files, a plain path a file or a directory). Nothing is read when
 * neither names any.
 */
export async function loadK8sManifests(
  inputs: readonly string[],
  rules: KubernetesRules | undefined,
  context: {
    workspace: string;
    displayPath: (absolute: string) => string;
    logger: Logger;
    paths: WorkspacePaths;
    readStdin?: () => Promise<string>;
  },
): Promise<K8sManifests | undefined> {
  const load = (paths: readonly string[], referencedAt?: KubernetesRules['files'][number]['source']) =>
    loadManifests(paths, {
      cwd: context.workspace,
      displayPath: context.displayPath,
      paths: context.paths,
      readStdin: context.readStdin ?? (() => readCappedStdin()),
      warn: (message, position) =>
        context.logger.warning(
          `kubernetes: ${position ? `${position.path}:${position.line}:${position.column}: ` : ''}${message}`,
        ),
      ...(referencedAt
        ? { referencedAt: { ...referencedAt, line: referencedAt.line, column: referencedAt.column ?? 1 } }
        : {}),
    });
  const parts: K8sManifests[] = [];
  if (inputs.length > 0) parts.push(await load(inputs));
  for (const entry of rules?.files ?? []) {
    const isGlob = picomatch.scan(entry.pattern).isGlob;
    const files = isGlob
      ? await expandGlob(entry.pattern, entry.baseDir)
      : [path.resolve(entry.baseDir, entry.pattern)];
    if (files.length === 0) {
      throw new ConfigurationError(
        `kubernetes.files: '${entry.pattern}' matches no file under ${context.displayPath(entry.baseDir) || '.'}`,
        entry.source,
      );
    }
    parts.push(await load(files, entry.source));
  }
  if (parts.length === 0) return undefined;
  const manifests: K8sManifests = { files: [], objects: [], workloads: [], warnings: [] };
  for (const part of parts) {
    for (const file of part.files) if (!manifests.files.includes(file)) manifests.files.push(file);
    manifests.objects.push(...part.objects);
    manifests.warnings.push(...part.warnings);
  }
  // Read once more over every object, so a ServiceAccount in one entry applies to the pods of another.
  manifests.workloads = readWorkloads(manifests.objects);
  context.logger.info(
    `kubernetes: ${manifests.workloads.length} workload(s) in ${manifests.files.length} manifest file(s)`,
  );
  return manifests;
}

/** The `k8s/` rule switches of a policy's `kubernetes:` section. */
export function k8sCheckOptions(rules: KubernetesRules | undefined): K8sCheckOptions {
  if (!rules) return {};
  return {
    ...(rules.requireReadOnlyRootfs ? { requireReadOnlyRootfs: true } : {}),
    ...(rules.requireStorageLimits ? { requireStorageLimits: true } : {}),
    ...(rules.requireNoPrivilegeEscalation ? { requireNoPrivilegeEscalation: true } : {}),
    ...(rules.readOnlyVolumeTypes ? { readOnlyVolumeTypes: rules.readOnlyVolumeTypes } : {}),
    ...(rules.allowedCapabilities ? { allowedCapabilities: rules.allowedCapabilities } : {}),
    ...(rules.forbidHostPath ? { forbidHostPath: true } : {}),
    ...(rules.allowedVolumeTypes ? { allowedVolumeTypes: rules.allowedVolumeTypes } : {}),
    ...(rules.requireRunAsNonRoot ? { requireRunAsNonRoot: true } : {}),
    ...(rules.requireSeccompProfile ? { requireSeccompProfile: true } : {}),
    ...(rules.requireDropAll ? { requireDropAll: true } : {}),
  };
}
