import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  serviceMounts
} from "./chunk-OD3V56NM.js";
import "./chunk-YH46MFO6.js";
import "./chunk-TFUQI7BM.js";
import "./chunk-G7D7EWW2.js";
import "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";

// src/compose/inspect-model.ts
function inspectCompose(project) {
  return {
    project: project.name,
    projectDir: project.projectDir,
    files: project.files,
    services: project.services.map((service) => {
      const readOnly = service.body.entries.get("read_only")?.value;
      return {
        name: service.name,
        readOnlyRootfs: readOnly?.kind === "scalar" && readOnly.value === true,
        mounts: serviceMounts(service, project).map((mount) => ({
          type: mount.type,
          source: mount.source ?? null,
          target: mount.target,
          readOnly: mount.readOnly,
          origin: mount.origin,
          file: mount.position.path,
          line: mount.position.line,
          column: mount.position.column,
          mode: { file: mount.modePosition.path, line: mount.modePosition.line, column: mount.modePosition.column }
        }))
      };
    }),
    warnings: project.warnings.map((warning) => ({
      message: warning.message,
      file: warning.position?.path ?? null,
      line: warning.position?.line ?? null
    }))
  };
}
function formatInspection(inspection) {
  const lines = [`project ${inspection.project} (${inspection.files.join(", ")})`];
  for (const service of inspection.services) {
    lines.push(`  ${service.name}${service.readOnlyRootfs ? "  [read_only rootfs]" : ""}`);
    if (service.mounts.length === 0) lines.push("    (no mounts)");
    for (const mount of service.mounts) {
      const mode = mount.readOnly ? "ro" : "rw";
      lines.push(
        `    ${mount.type.padEnd(6)} ${mode}  ${mount.source ?? "(anonymous)"} -> ${mount.target}  ${mount.file}:${mount.line}`
      );
    }
  }
  for (const warning of inspection.warnings) {
    lines.push(`warning: ${warning.file ? `${warning.file}:${warning.line}: ` : ""}${warning.message}`);
  }
  return lines.join("\n");
}
export {
  formatInspection,
  inspectCompose
};
//# sourceMappingURL=inspect-model-MEY4FRR2.js.map
