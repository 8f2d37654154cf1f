import type { Workload } from '../k8s/types.js';
import type { Finding } from '../model/findings.js';
import { k8sMountFindings, type K8sMountOptions } from './k8s-mount-rules.js';
import { k8sPodFindings, type K8sPodOptions } from './k8s-pod-rules.js';

/** What the Kubernetes rules read from the policy's `kubernetes:` section besides severities. */
export type K8sCheckOptions = K8sMountOptions & K8sPodOptions;

/**
 * Every Kubernetes rule on every workload, at the catalog's default severities, in workload order (per workload:
 * each container's mounts, then the pod's and the containers' settings). Pure: the workloads are a loaded model.
 */
export function checkWorkloads(workloads: readonly Workload[], options: K8sCheckOptions = {}): Finding[] {
  return workloads.flatMap((workload) => [
    ...workload.containers.flatMap((container) => k8sMountFindings(workload, container, options)),
    ...k8sPodFindings(workload, options),
  ]);
}
