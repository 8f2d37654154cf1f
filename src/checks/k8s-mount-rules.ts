import type { Container, VolumeMount, Workload } from '../k8s/types.js';
import type { Finding } from '../model/findings.js';
import { code, md } from '../util/markdown-message.js';
import { describeSensitiveMatch, engineSocketAt, isHarmlessDevice, sensitivePathAt } from './host-paths.js';
import { k8sFinding, mountSource, subject } from './k8s-finding.js';

/**
 * The Kubernetes mount rules, on the same host-path knowledge as the compose ones (host-paths.ts): engine
 * sockets (reported alone: readOnly does not help a socket), sensitive node paths, writable hostPath mounts,
 * `…OrCreate` types on system paths, subPath into a hostPath, and writable mounts of the volume types the
 * policy wants read-only.
 */

export interface K8sMountOptions {
  /** `kubernetes.readOnlyVolumeTypes`: volume types every mount of which must be read-only. */
  readOnlyVolumeTypes?: readonly string[];
}

const CREATE_TYPES: ReadonlySet<string> = new Set(['DirectoryOrCreate', 'FileOrCreate']);

export function k8sMountFindings(workload: Workload, container: Container, options: K8sMountOptions): Finding[] {
  const findings: Finding[] = [];
  for (const mount of container.mounts) {
    const hostPath = mount.volume.source.hostPath;
    if (hostPath) {
      const socket = engineSocketAt(hostPath.path.value);
      if (socket) {
        const what = socket.viaParent
          ? md`a directory that holds the ${socket.engine} engine socket (${socket.socket})`
          : md`the ${socket.engine} engine socket`;
        findings.push(
          k8sFinding('k8s/engine-socket', {
            workload,
            container,
            mount,
            message: md`${subject(workload, container)} mounts the hostPath ${code(hostPath.path.value)} at ${mount.mountPath}, ${what}. Whoever controls the container controls the node's container engine, and through it the node.${mount.readOnly ? md` The mount is read-only, which does not help: a socket still takes requests.` : md``} Remove the volume, or put a socket proxy in between that allows only the API calls it needs.`,
            position: hostPath.path.position,
            key: [mount.mountPath, hostPath.path.value],
            properties: { engine: socket.engine, socket: socket.socket },
          }),
        );
        continue;
      }
      findings.push(...hostPathFindings(workload, container, mount));
    } else if (options.readOnlyVolumeTypes?.includes(mount.volume.type) && !mount.readOnly) {
      findings.push(
        k8sFinding('k8s/writable-mount', {
          workload,
          container,
          mount,
          message: md`${subject(workload, container)} mounts the ${mount.volume.type} volume ${code(mount.volumeName)}${sourceNote(mount)} at ${mount.mountPath} read-write; the policy wants ${mount.volume.type} volumes read-only (kubernetes.readOnlyVolumeTypes). Set \`readOnly: true\` on the volumeMount.`,
          position: mount.readOnlyPosition,
          key: [mount.mountPath, mount.volumeName],
        }),
      );
    }
  }
  return findings;
}

function sourceNote(mount: VolumeMount) {
  const source = mountSource(mount);
  return source === undefined || source === '' ? md`` : md` (${code(source)})`;
}

function hostPathFindings(workload: Workload, container: Container, mount: VolumeMount): Finding[] {
  const hostPath = mount.volume.source.hostPath!;
  const path = hostPath.path.value;
  const findings: Finding[] = [];
  const sensitive = sensitivePathAt(path, mount.readOnly);
  if (sensitive) {
    findings.push(
      k8sFinding('k8s/sensitive-host-path', {
        workload,
        container,
        mount,
        message: md`${subject(workload, container)} mounts the hostPath ${code(path)} at ${mount.mountPath}, ${describeSensitiveMatch(sensitive)}, ${mount.readOnly ? 'read-only: the container can read it' : 'read-write: the container can read and change it'}. Use a configMap, a secret or a persistent volume instead.`,
        position: hostPath.path.position,
        key: [mount.mountPath, path],
        properties: { sensitivePath: sensitive.pattern },
      }),
    );
  }
  if (!mount.readOnly && !isHarmlessDevice(path)) {
    findings.push(
      k8sFinding('k8s/writable-host-path', {
        workload,
        container,
        mount,
        message: md`${subject(workload, container)} mounts the hostPath ${code(path)} at ${mount.mountPath} read-write (${mount.readOnlyReason === 'mount-readOnly-false' ? 'the volumeMount sets readOnly: false' : 'readOnly is not set'}): it can change, delete or plant files on the node. Set \`readOnly: true\` on the volumeMount if it only reads them.`,
        position: mount.readOnlyPosition,
        key: [mount.mountPath, path],
      }),
    );
  }
  const type = hostPath.type;
  const system = sensitivePathAt(path, false);
  if (type && CREATE_TYPES.has(type.value) && system && system.relation !== 'contains') {
    findings.push(
      k8sFinding('k8s/host-path-create', {
        workload,
        container,
        mount,
        message: md`The hostPath volume ${code(mount.volumeName)} of ${subject(workload)} has type ${code(type.value)} on ${code(path)} (${system.what}): the kubelet creates it as root on every node the pod runs on. Use ${code(type.value === 'FileOrCreate' ? 'File' : 'Directory')} so a missing path fails the pod instead.`,
        position: type.position,
        key: [mount.volumeName, path, 'type'],
        properties: { hostPathType: type.value },
      }),
    );
  }
  const sub = mount.subPath ?? mount.subPathExpr;
  if (sub !== undefined) {
    findings.push(
      k8sFinding('k8s/host-path-subpath', {
        workload,
        container,
        mount,
        message: md`${subject(workload, container)} mounts ${code(sub)} of the hostPath ${code(path)} with ${mount.subPath !== undefined ? 'subPath' : 'subPathExpr'} at ${mount.mountPath}: a container that can write the volume can make the sub-path a symbolic link the kubelet follows on the node (CVE-2021-25741). Mount the directory itself, read-only.`,
        position: mount.position,
        key: [mount.mountPath, path, 'subPath'],
      }),
    );
  }
  return findings;
}
