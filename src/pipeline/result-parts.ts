import type { K8sManifests } from '../k8s/types.js';
import { serviceMounts } from '../compose/mounts/mounts.js';
import type { ComposeProject } from '../compose/types.js';
import type { RunConfig } from '../config/run-config.js';
import type { DecidingPolicy } from '../policy/deciding-policy.js';
import type { Policy } from '../policy/types.js';
import type { RunResult } from '../report/run-result.js';

/** Parts of a RunResult that an image run and a compose-only run (compose-only.ts) build alike. */

/** The result's account of which policy decided; with a ref, what the head's changes and (by option) its verdict. */
export function policyFields(
  decided: DecidingPolicy,
  config: RunConfig,
  evaluateHead: (head: Policy) => NonNullable<RunResult['headPolicy']>,
): Pick<RunResult, 'policySource' | 'policyChanges' | 'headPolicy'> {
  if (!config.policyRef) return {};
  return {
    policySource: decided.source,
    ...(decided.changes ? { policyChanges: decided.changes } : {}),
    ...(config.evaluateHeadPolicy && decided.head ? { headPolicy: evaluateHead(decided.head) } : {}),
  };
}

/** What the reports say about the Kubernetes manifests checked. */
export function kubernetesSummary(manifests: K8sManifests): NonNullable<RunResult['kubernetes']> {
  const containers = manifests.workloads.flatMap((workload) => workload.containers);
  return {
    files: manifests.files,
    workloads: manifests.workloads.length,
    containers: containers.length,
    mounts: containers.reduce((sum, container) => sum + container.mounts.length, 0),
  };
}

export function composeSummary(projects: readonly ComposeProject[]): NonNullable<RunResult['compose']> {
  return {
    projects: projects.map((project) => ({
      name: project.name,
      files: project.files,
      services: project.services.length,
      mounts: project.services.reduce((sum, service) => sum + serviceMounts(service, project).length, 0),
    })),
  };
}
