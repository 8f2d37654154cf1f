import { readManifests, type ManifestReadContext } from './load.js';
import type { K8sManifests } from './types.js';
import { readWorkloads } from './workloads.js';

/** `--k8s` paths → the workloads imagegate checks, with every object read (for inspect). */
export async function loadManifests(inputs: readonly string[], context: ManifestReadContext): Promise<K8sManifests> {
  const warnings: K8sManifests['warnings'] = [];
  const { files, objects } = await readManifests(inputs, {
    ...context,
    warn: (message, position) => {
      warnings.push(position ? { message, position } : { message });
      context.warn?.(message, position);
    },
  });
  return { files, objects, workloads: readWorkloads(objects), warnings };
}
