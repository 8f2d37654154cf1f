import { serviceMounts, type Mount } from './mounts/mounts.js';
import type { ComposeProject } from './types.js';

/** `imagegate compose inspect --json`: the mounts imagegate sees, for users to debug their compose files with. */
export interface ComposeInspection {
  project: string;
  projectDir: string;
  files: string[];
  services: Array<{
    name: string;
    readOnlyRootfs: boolean;
    mounts: Array<{
      type: Mount['type'];
      source: string | null;
      target: string;
      readOnly: boolean;
      origin: Mount['origin'];
      /** The file and line of the entry, and of the value that decided read-only or not. */
      file: string;
      line: number;
      column: number;
      mode: { file: string; line: number; column: number };
    }>;
  }>;
  warnings: Array<{ message: string; file: string | null; line: number | null }>;
}

export function inspectCompose(project: ComposeProject): ComposeInspection {
  return {
    project: project.name,
    projectDir: project.projectDir,
    files: project.files,
    services: project.services.map((service) => {
      const readOnly = service.body.entries.get('read_only')?.value;
      return {
        name: service.name,
        readOnlyRootfs: readOnly?.kind === 'scalar' && readOnly.value === true,
        mounts: serviceMounts(service, project).map((mount) => ({
          type: mount.type,
          source: mount.source ?? null,
          target: mount.target,
          readOnly: mount.readOnly,
          origin: mount.origin,
          file: mount.position.path,
          line: mount.position.line,
          column: mount.position.column,
          mode: { file: mount.modePosition.path, line: mount.modePosition.line, column: mount.modePosition.column },
        })),
      };
    }),
    warnings: project.warnings.map((warning) => ({
      message: warning.message,
      file: warning.position?.path ?? null,
      line: warning.position?.line ?? null,
    })),
  };
}

/** The same as a table for people. */
export function formatInspection(inspection: ComposeInspection): string {
  const lines = [`project ${inspection.project} (${inspection.files.join(', ')})`];
  for (const service of inspection.services) {
    lines.push(`  ${service.name}${service.readOnlyRootfs ? '  [read_only rootfs]' : ''}`);
    if (service.mounts.length === 0) lines.push('    (no mounts)');
    for (const mount of service.mounts) {
      const mode = mount.readOnly ? 'ro' : 'rw';
      lines.push(
        `    ${mount.type.padEnd(6)} ${mode}  ${mount.source ?? '(anonymous)'} -> ${mount.target}  ${mount.file}:${mount.line}`,
      );
    }
  }
  for (const warning of inspection.warnings) {
    lines.push(`warning: ${warning.file ? `${warning.file}:${warning.line}: ` : ''}${warning.message}`);
  }
  return lines.join('\n');
}
