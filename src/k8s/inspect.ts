import { describeReadOnly } from './mounts.js';
import type { K8sManifests, ValuePosition, Volume, VolumeSourceInfo } from './types.js';

/** `imagegate k8s inspect --json`: workloads → containers → mounts as imagegate reads them, each with its place. */

export interface Place {
  file: string;
  line: number;
  column: number;
}

export interface K8sInspection {
  files: string[];
  workloads: Array<{
    kind: string;
    name: string;
    namespace: string | null;
    at: Place;
    /** The chart template that rendered it (helm's `# Source:` comment), beside the rendered location. */
    template: { path: string; at: Place } | null;
    pod: Record<string, { value: unknown; at: Place }>;
    sysctls: Array<{ name: string; at: Place }>;
    containers: Array<{
      name: string;
      role: string;
      image: string | null;
      at: Place;
      securityContext: Record<string, { value: unknown; from: 'pod' | 'container'; at: Place }>;
      ephemeralStorageLimit: string | null;
      mounts: Array<{
        volume: string;
        volumeType: string;
        source: VolumeSourceInfoJson;
        mountPath: string;
        subPath: string | null;
        readOnly: boolean;
        readOnlyReason: string;
        why: string;
        at: Place;
        decidedAt: Place;
      }>;
    }>;
  }>;
  warnings: Array<{ message: string; at: Place | null }>;
}

type VolumeSourceInfoJson = Record<string, unknown>;

export function place(position: ValuePosition): Place {
  return { file: position.path, line: position.line, column: position.column };
}

export function inspectManifests(manifests: K8sManifests): K8sInspection {
  return {
    files: manifests.files,
    workloads: manifests.workloads.map((workload) => ({
      kind: workload.kind,
      name: workload.name,
      namespace: workload.namespace ?? null,
      at: place(workload.position),
      template: workload.template ? { path: workload.template.template, at: place(workload.template.position) } : null,
      pod: Object.fromEntries(
        Object.entries(workload.pod).map(([key, value]) => [key, { value: value.value, at: place(value.position) }]),
      ),
      sysctls: workload.sysctls.map((sysctl) => ({ name: sysctl.value, at: place(sysctl.position) })),
      containers: workload.containers.map((container) => ({
        name: container.name,
        role: container.role,
        image: container.image?.value ?? null,
        at: place(container.position),
        securityContext: Object.fromEntries(
          Object.entries(container.securityContext).map(([key, value]) => [
            key,
            { value: value.value, from: value.from, at: place(value.position) },
          ]),
        ),
        ephemeralStorageLimit: container.ephemeralStorageLimit?.value ?? null,
        mounts: container.mounts.map((mount) => ({
          volume: mount.volumeName,
          volumeType: mount.volume.type,
          source: sourceJson(mount.volume),
          mountPath: mount.mountPath,
          subPath: mount.subPath ?? mount.subPathExpr ?? null,
          readOnly: mount.readOnly,
          readOnlyReason: mount.readOnlyReason,
          why: describeReadOnly(mount),
          at: place(mount.position),
          decidedAt: place(mount.readOnlyPosition),
        })),
      })),
    })),
    warnings: manifests.warnings.map((warning) => ({
      message: warning.message,
      at: warning.position ? place(warning.position) : null,
    })),
  };
}

function sourceJson(volume: Volume): VolumeSourceInfoJson {
  const source: VolumeSourceInfo = volume.source;
  const { hostPath, sizeLimit, ...rest } = source;
  return {
    ...rest,
    ...(hostPath ? { hostPath: { path: hostPath.path.value, type: hostPath.type?.value ?? null } } : {}),
    ...(sizeLimit ? { sizeLimit: sizeLimit.value } : {}),
    ...(volume.readOnly ? { readOnly: volume.readOnly.value } : {}),
  };
}

/** The same as text for people: one line per mount under its container. */
export function formatManifestInspection(inspection: K8sInspection): string {
  const lines: string[] = [`files: ${inspection.files.join(', ') || '(none)'}`];
  for (const workload of inspection.workloads) {
    const template = workload.template ? ` (template ${workload.template.path})` : '';
    lines.push(`${workload.kind} ${workload.name}  ${at(workload.at)}${template}`);
    for (const container of workload.containers) {
      lines.push(`  ${container.role} ${container.name}  image ${container.image ?? '(none)'}  ${at(container.at)}`);
      for (const mount of container.mounts) {
        lines.push(
          `    ${mount.mountPath}  ${mount.volumeType} ${mount.volume}  ${mount.readOnly ? 'ro' : 'rw'} (${mount.why})  ${at(mount.at)}`,
        );
      }
    }
  }
  if (inspection.workloads.length === 0) lines.push('no workloads (Pod, Deployment, StatefulSet, …) found');
  for (const warning of inspection.warnings) {
    lines.push(`warning: ${warning.at ? `${at(warning.at)}: ` : ''}${warning.message}`);
  }
  return lines.join('\n');
}

function at(where: Place): string {
  return `${where.file}:${where.line}:${where.column}`;
}
