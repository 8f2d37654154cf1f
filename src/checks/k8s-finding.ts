import type { Container, ValuePosition, VolumeMount, Workload } from '../k8s/types.js';
import type { RuleId } from '../model/catalog.js';
import type { Finding } from '../model/findings.js';
import { code, md, type Message } from '../util/markdown-message.js';
import { sourceLocation } from './compose-finding.js';
import { makeFinding } from './make-finding.js';

/**
 * How Kubernetes findings are made: located at the value that decided them (the rendered manifest's
 * file:line:column, with helm's chart template in the properties), fingerprinted by rule, file, workload,
 * container and subject, never by line; carrying the properties `allow.mounts` matches on (`service` is the
 * workload's name, `target` the mountPath, `source`/`hostPath` the volume's source), as compose findings do.
 */

export interface K8sFindingDetails {
  workload: Workload;
  container?: Container;
  message: Message;
  position: ValuePosition;
  /** What identifies the problem within the container (or pod): the mount, or the setting. */
  key: ReadonlyArray<string | undefined>;
  mount?: VolumeMount;
  properties?: Finding['properties'];
}

export function k8sFinding(ruleId: RuleId, details: K8sFindingDetails): Finding {
  const { workload, container, mount } = details;
  const objectId = `${workload.namespace ? `${workload.namespace}/` : ''}${workload.kind}/${workload.name}`;
  const source = mount ? mountSource(mount) : undefined;
  return makeFinding(ruleId, findingScope(workload), {
    message: details.message,
    location: sourceLocation(details.position),
    key: JSON.stringify([objectId, container?.name ?? null, ...details.key]),
    properties: {
      service: workload.name,
      workload: `${workload.kind}/${workload.name}`,
      ...(workload.namespace ? { namespace: workload.namespace } : {}),
      ...(container ? { container: container.name } : {}),
      ...(workload.template ? { template: workload.template.template } : {}),
      ...(mount
        ? { target: mount.mountPath, mountType: mount.volume.type, volume: mount.volumeName, readOnly: mount.readOnly }
        : {}),
      ...(source !== undefined ? { source } : {}),
      ...(mount?.volume.source.hostPath ? { hostPath: mount.volume.source.hostPath.path.value } : {}),
      ...details.properties,
    },
  });
}

/** Kubernetes findings are fingerprinted under their manifest file, in place of an image repository. */
export function findingScope(workload: Workload): { imageRepository: string } {
  return { imageRepository: `k8s:${workload.position.path}` };
}

/** A mount's source as a reader of the manifest knows it: the host path, the claim, the configMap … */
export function mountSource(mount: VolumeMount): string | undefined {
  const source = mount.volume.source;
  return (
    source.hostPath?.path.value ??
    source.claimName ??
    source.configMap ??
    source.secret ??
    source.csiDriver ??
    (source.nfs ? `${source.nfs.server ?? ''}:${source.nfs.path ?? ''}` : undefined) ??
    source.imageReference
  );
}

/** `Container app of Deployment web`: how messages name the subject (names escaped, as code). */
export function subject(workload: Workload, container?: Container): Message {
  const object = md`${workload.kind} ${code(workload.name)}`;
  if (!container) return object;
  const role =
    container.role === 'initContainer'
      ? 'Init container'
      : container.role === 'ephemeralContainer'
        ? 'Ephemeral container'
        : 'Container';
  return md`${role} ${code(container.name)} of ${object}`;
}
