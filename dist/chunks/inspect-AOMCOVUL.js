import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  describeReadOnly
} from "./chunk-H7T6J2AA.js";
import "./chunk-TFUQI7BM.js";
import "./chunk-G7D7EWW2.js";
import "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";

// src/k8s/inspect.ts
function place(position) {
  return { file: position.path, line: position.line, column: position.column };
}
function inspectManifests(manifests) {
  return {
    files: manifests.files,
    workloads: manifests.workloads.map((workload) => ({
      kind: workload.kind,
      name: workload.name,
      namespace: workload.namespace ?? null,
      at: place(workload.position),
      template: workload.template ? { path: workload.template.template, at: place(workload.template.position) } : null,
      pod: Object.fromEntries(
        Object.entries(workload.pod).map(([key, value]) => [key, { value: value.value, at: place(value.position) }])
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
            { value: value.value, from: value.from, at: place(value.position) }
          ])
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
          decidedAt: place(mount.readOnlyPosition)
        }))
      }))
    })),
    warnings: manifests.warnings.map((warning) => ({
      message: warning.message,
      at: warning.position ? place(warning.position) : null
    }))
  };
}
function sourceJson(volume) {
  const source = volume.source;
  const { hostPath, sizeLimit, ...rest } = source;
  return {
    ...rest,
    ...hostPath ? { hostPath: { path: hostPath.path.value, type: hostPath.type?.value ?? null } } : {},
    ...sizeLimit ? { sizeLimit: sizeLimit.value } : {},
    ...volume.readOnly ? { readOnly: volume.readOnly.value } : {}
  };
}
function formatManifestInspection(inspection) {
  const lines = [`files: ${inspection.files.join(", ") || "(none)"}`];
  for (const workload of inspection.workloads) {
    const template = workload.template ? ` (template ${workload.template.path})` : "";
    lines.push(`${workload.kind} ${workload.name}  ${at(workload.at)}${template}`);
    for (const container of workload.containers) {
      lines.push(`  ${container.role} ${container.name}  image ${container.image ?? "(none)"}  ${at(container.at)}`);
      for (const mount of container.mounts) {
        lines.push(
          `    ${mount.mountPath}  ${mount.volumeType} ${mount.volume}  ${mount.readOnly ? "ro" : "rw"} (${mount.why})  ${at(mount.at)}`
        );
      }
    }
  }
  if (inspection.workloads.length === 0) lines.push("no workloads (Pod, Deployment, StatefulSet, …) found");
  for (const warning of inspection.warnings) {
    lines.push(`warning: ${warning.at ? `${at(warning.at)}: ` : ""}${warning.message}`);
  }
  return lines.join("\n");
}
function at(where) {
  return `${where.file}:${where.line}:${where.column}`;
}
export {
  formatManifestInspection,
  inspectManifests,
  place
};
//# sourceMappingURL=inspect-AOMCOVUL.js.map
