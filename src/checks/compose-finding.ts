import path from 'node:path';
import type { Mount } from '../compose/mounts/mounts.js';
import type { ComposeProject, ValuePosition } from '../compose/types.js';
import type { Finding, SourceLocation } from '../model/findings.js';
import type { RuleId } from '../model/catalog.js';
import { makeFinding } from './make-finding.js';
import type { Message } from '../util/markdown-message.js';

/**
 * How compose findings are made: located at the value that decided them, fingerprinted by rule, compose file,
 * service and what the finding is about (a mount's target and source, a setting), never by line, and carrying
 * the properties `allow.mounts` entries match on.
 */

export interface ComposeFindingDetails {
  service: string;
  message: string | Message;
  position: ValuePosition;
  /** What identifies the problem within the service: the mount, or the setting (`privileged`, `cap_add SYS_ADMIN`). */
  key: ReadonlyArray<string | undefined>;
  mount?: Mount;
  properties?: Finding['properties'];
}

export function composeFinding(ruleId: RuleId, project: ComposeProject, details: ComposeFindingDetails): Finding {
  const { mount } = details;
  const source = mount ? displaySource(mount, project) : undefined;
  return makeFinding(ruleId, findingScope(project), {
    message: details.message,
    location: sourceLocation(details.position),
    key: JSON.stringify([details.service, ...details.key]),
    properties: {
      service: details.service,
      ...(mount ? { target: mount.target, mountType: mount.type, readOnly: mount.readOnly } : {}),
      ...(source !== undefined ? { source } : {}),
      ...(mount?.source !== undefined && mount.type === 'bind' ? { hostPath: mount.source } : {}),
      ...details.properties,
    },
  });
}

/** What compose findings are fingerprinted under, in place of an image repository: the project's main file. */
export function findingScope(project: ComposeProject): { imageRepository: string } {
  return { imageRepository: `compose:${project.files[0] ?? project.name}` };
}

export function sourceLocation(position: ValuePosition): SourceLocation {
  return { kind: 'source', path: position.path, line: position.line, column: position.column };
}

/**
 * A mount's source the way a reader of the compose file knows it, and the same on every machine: a bind inside
 * the project as `./path`, other binds as the absolute host path, a volume by name.
 */
export function displaySource(mount: Mount, project: ComposeProject): string | undefined {
  if (mount.source === undefined) return undefined;
  if (mount.type !== 'bind' || !path.isAbsolute(mount.source)) return mount.source;
  const relative = path.relative(project.projectDir, mount.source);
  if (relative === '') return '.';
  if (relative.startsWith('..') || path.isAbsolute(relative)) return mount.source;
  return `./${relative.split(path.sep).join('/')}`;
}

/** `./data` (→ /srv/app/data) style text for messages: the source as written, and where it resolved when it differs. */
export function describeSource(mount: Mount, project: ComposeProject): string {
  const shown = displaySource(mount, project) ?? '(anonymous)';
  const written = mount.writtenSource;
  return written !== undefined && written !== shown ? `${written} (${shown})` : shown;
}
