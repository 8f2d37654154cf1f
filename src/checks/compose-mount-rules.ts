import path from 'node:path';
import { PROPAGATIONS } from '../compose/mounts/mount-volume.js';
import type { Mount, VolumesFromEntry } from '../compose/mounts/mounts.js';
import type { ComposeProject, ComposeService, ValuePosition } from '../compose/types.js';
import type { Finding } from '../model/findings.js';
import { didYouMean } from '../policy/did-you-mean.js';
import { composeFinding, describeSource } from './compose-finding.js';
import { code, joinMessages, md, type Message } from '../util/markdown-message.js';
import {
  describeSensitiveMatch,
  engineSocketAt,
  isHarmlessDevice,
  sensitivePathAt,
  type SocketMatch,
} from './host-paths.js';

/**
 * The mount rules: engine sockets, sensitive host paths, modes compose ignores, writable binds, shared
 * propagation and writable `volumes_from`. A mount that hands over an engine socket is reported as that alone:
 * `:ro` would not help it, and the socket is the problem to fix.
 */

const KNOWN_OPTIONS = ['ro', 'rw', 'nocopy', 'z', 'Z', ...PROPAGATIONS];
/** Old Docker Desktop consistency hints: compose ignores them on purpose, and they never meant read-only. */
const CONSISTENCY_HINTS: ReadonlySet<string> = new Set(['cached', 'delegated', 'consistent']);
const READ_ONLY_SPELLINGS: ReadonlySet<string> = new Set(['r', 'ro', 'readonly', 'read-only', 'read_only']);

export function mountFindings(
  project: ComposeProject,
  service: ComposeService,
  mounts: readonly Mount[],
  volumesFrom: readonly VolumesFromEntry[],
): Finding[] {
  const findings: Finding[] = [];
  for (const mount of mounts) {
    const socket = socketOf(mount);
    if (socket) {
      findings.push(engineSocketFinding(project, mount, socket));
      continue;
    }
    const sensitive = sensitiveFinding(project, mount);
    if (sensitive) findings.push(sensitive);
    if (mount.origin === 'volumes_from') continue;
    const ineffective = ineffectiveModeFinding(project, mount);
    if (ineffective) findings.push(ineffective);
    // The ignored-mode finding already says the mount is read-write and what to write instead.
    const readOnlyIntended = ineffective !== undefined && readOnlySpellings(mount).length > 0;
    const writable = readOnlyIntended ? undefined : writableBindFinding(project, service, mount);
    if (writable) findings.push(writable);
    const shared = sharedPropagationFinding(project, mount);
    if (shared) findings.push(shared);
  }
  for (const entry of volumesFrom) {
    const finding = writableVolumesFromFinding(project, service, mounts, entry);
    if (finding) findings.push(finding);
  }
  return findings;
}

function socketOf(mount: Mount): SocketMatch | undefined {
  if (mount.origin === 'use_api_socket') return { engine: 'Docker', socket: mount.source ?? '', viaParent: false };
  if ((mount.type !== 'bind' && mount.type !== 'npipe') || mount.source === undefined) return undefined;
  return engineSocketAt(mount.source);
}

function inherited(mount: Mount): Message {
  return mount.inheritedFrom ? md` (inherited through volumes_from from ${code(mount.inheritedFrom.service)})` : md``;
}

function engineSocketFinding(project: ComposeProject, mount: Mount, socket: SocketMatch): Finding {
  const what =
    mount.origin === 'use_api_socket'
      ? md`sets \`use_api_socket: true\`: compose hands it the engine's API socket (at ${mount.target}) and your registry credentials`
      : socket.viaParent
        ? md`mounts ${describeSource(mount, project)} at ${mount.target}${inherited(mount)}, a directory that holds the ${socket.engine} engine socket (${socket.socket})`
        : md`mounts the ${socket.engine} engine socket ${describeSource(mount, project)} at ${mount.target}${inherited(mount)}`;
  const readOnlyNote = mount.readOnly
    ? md` The mount is read-only, which does not help: a socket still takes requests.`
    : md``;
  return composeFinding('compose/engine-socket', project, {
    service: mount.service,
    message: md`Service ${code(mount.service)} ${what}. Whoever controls the container controls the engine, and through it the host (it can start a privileged container that mounts /).${readOnlyNote} Remove it, or put a socket proxy in between that allows only the API calls the service needs.`,
    position: mount.position,
    key: [mount.target, mount.origin === 'use_api_socket' ? 'use_api_socket' : mount.source],
    mount,
    properties: { engine: socket.engine, socket: socket.socket },
  });
}

function sensitiveFinding(project: ComposeProject, mount: Mount): Finding | undefined {
  if (mount.type !== 'bind' || mount.source === undefined) return undefined;
  // A relative source names the project's own files, wherever the project was checked out; only one that
  // climbs out of its directory can reach a system path.
  const written = mount.writtenSource ?? mount.source;
  if (written.startsWith('.') && !path.posix.normalize(written.replace(/\\/g, '/')).startsWith('..')) return undefined;
  const match = sensitivePathAt(mount.source, mount.readOnly);
  if (!match) return undefined;
  const where = describeSensitiveMatch(match);
  const access = mount.readOnly
    ? 'read-only: the container can read it'
    : 'read-write: the container can read and change it';
  return composeFinding('compose/sensitive-host-path', project, {
    service: mount.service,
    message: md`Service ${code(mount.service)} mounts ${describeSource(mount, project)} at ${mount.target}${inherited(mount)}, ${where}, ${access}. Mount only the files the service needs, from the project, or pass them as compose \`configs\` or \`secrets\`.`,
    position: mount.position,
    key: [mount.target, mount.source],
    mount,
    properties: { sensitivePath: match.pattern },
  });
}

function readOnlySpellings(mount: Mount): string[] {
  return mount.ignoredOptions.filter((option) => READ_ONLY_SPELLINGS.has(option.trim().toLowerCase()));
}

function ineffectiveModeFinding(project: ComposeProject, mount: Mount): Finding | undefined {
  if (mount.origin !== 'short' || mount.ignoredOptions.length === 0) return undefined;
  // A read-only spelling next to a real `ro` does no harm.
  const readOnly = mount.readOnly ? [] : readOnlySpellings(mount);
  const others = mount.ignoredOptions.filter(
    (option) => !READ_ONLY_SPELLINGS.has(option.trim().toLowerCase()) && !CONSISTENCY_HINTS.has(option),
  );
  if (readOnly.length === 0 && others.length === 0) return undefined;
  const spec = code(
    `${mount.writtenSource === undefined ? '' : `${mount.writtenSource}:`}${mount.target}:${mount.mode ?? ''}`,
  );
  const parts: Message[] = [];
  if (readOnly.length > 0) {
    parts.push(
      md`compose does not know the mode ${quoteList(readOnly)} and ignores it without a warning, so ${mount.target} is mounted read-write. Modes are case-sensitive and exact: only \`ro\` makes a mount read-only. Write \`:ro\`.`,
    );
  }
  if (others.length > 0) {
    const hints = others.flatMap((option) => {
      const suggestion = didYouMean(option.trim(), KNOWN_OPTIONS);
      return suggestion ? [md`${code(option)} → ${code(suggestion)}?`] : [];
    });
    const didYouMeanNote = hints.length > 0 ? md` (did you mean ${joinMessages(hints, ', ')})` : md``;
    parts.push(
      md`compose ignores the option${others.length === 1 ? '' : 's'} ${quoteList(others)} without a warning: ${others.length === 1 ? 'it has' : 'they have'} no effect on the mount. Compose knows ro, rw, nocopy, z, Z and the propagations (${PROPAGATIONS.join(', ')}), split on \`,\` with no spaces${didYouMeanNote}.`,
    );
  }
  return composeFinding('compose/ineffective-mode', project, {
    service: mount.service,
    message: md`Service ${code(mount.service)} mounts ${spec}: ${joinMessages(parts, ' ')}`,
    position: mount.modePosition,
    key: [mount.target, mount.type === 'bind' ? mount.source : undefined],
    mount,
    properties: { ignoredOptions: mount.ignoredOptions.join(',') },
  });
}

function writableBindFinding(project: ComposeProject, service: ComposeService, mount: Mount): Finding | undefined {
  if (mount.type !== 'bind' || (mount.source !== undefined && isHarmlessDevice(mount.source))) return undefined;
  const what = mount.namedVolume
    ? md`volume ${code(mount.namedVolume.name)}, a bind of ${describeSource(mount, project)} (its driver_opts),`
    : md`${describeSource(mount, project)}`;
  if (mount.readOnly) {
    if (mount.recursive !== 'writable' || !mount.recursivePosition) return undefined;
    return composeFinding('compose/writable-bind-mount', project, {
      service: mount.service,
      message: md`Service ${code(mount.service)} mounts ${what} at ${mount.target} read-only, but \`bind.recursive: writable\` leaves every mount beneath it writable. Remove \`recursive: writable\` (the default makes submounts read-only too).`,
      position: mount.recursivePosition,
      key: [mount.target, mount.source, 'recursive'],
      mount,
    });
  }
  const fix = mount.origin === 'short' ? md`Add \`:ro\` to the entry` : md`Set \`read_only: true\``;
  return composeFinding('compose/writable-bind-mount', project, {
    service: mount.service,
    message: md`Service ${code(mount.service)} bind-mounts ${what} at ${mount.target} read-write: the container can change, delete or plant files on the host. ${fix} if it only reads them, or use a named volume for data it writes.${overrideNote(service, mount.modePosition, mount.target)}`,
    position: mount.modePosition,
    key: [mount.target, mount.source],
    mount,
  });
}

/** When the deciding entry comes from another file than the service (an override), say how it got there. */
function overrideNote(service: ComposeService, position: ValuePosition, target: string): Message {
  if (position.path === service.position.path) return md``;
  return md` The entry comes from ${position.path}, which mounts ${target} again: compose keys volumes by target, so a later file's entry replaces the earlier one whole, mode included.`;
}

function sharedPropagationFinding(project: ComposeProject, mount: Mount): Finding | undefined {
  if (mount.propagation !== 'shared' && mount.propagation !== 'rshared') return undefined;
  return composeFinding('compose/shared-propagation', project, {
    service: mount.service,
    message: md`Service ${code(mount.service)} mounts ${describeSource(mount, project)} at ${mount.target} with ${code(mount.propagation)} propagation: mounts made inside the container appear on the host beneath that path. Use the default (rprivate), or rslave to receive host mounts without sending any.`,
    position: mount.propagationPosition ?? mount.position,
    key: [mount.target, mount.source],
    mount,
    properties: { propagation: mount.propagation },
  });
}

function writableVolumesFromFinding(
  project: ComposeProject,
  service: ComposeService,
  mounts: readonly Mount[],
  entry: VolumesFromEntry,
): Finding | undefined {
  if (entry.readOnly) return undefined;
  const known = entry.kind === 'service' && project.services.some((each) => each.name === entry.name);
  const writable = mounts.filter(
    (mount) => mount.origin === 'volumes_from' && !mount.readOnly && samePosition(mount.position, entry.position),
  );
  if (known && writable.length === 0) return undefined;
  const source = entry.kind === 'container' ? md`container ${code(entry.name)}` : md`service ${code(entry.name)}`;
  const modeNote =
    entry.mode !== undefined && entry.mode !== 'rw'
      ? md` (${code(entry.mode)} is not a mode: the engine knows ro and rw)`
      : md``;
  const what = known
    ? `so it can change ${writable.map((mount) => mount.target).join(', ')}`
    : entry.kind === 'container'
      ? 'whatever that container mounts (imagegate cannot see outside the project)'
      : 'whatever that service mounts (it is not among the services checked)';
  const spelled = entry.kind === 'container' ? `container:${entry.name}:ro` : `${entry.name}:ro`;
  return composeFinding('compose/writable-volumes-from', project, {
    service: service.name,
    message: md`Service ${code(service.name)} takes the mounts of ${source} read-write${modeNote}, ${what}. Add \`:ro\` (${code(spelled)}) if it only reads them, or mount the one volume it needs.`,
    position: entry.position,
    key: ['volumes_from', `${entry.kind}:${entry.name}`],
    properties: {
      volumesFrom: `${entry.kind}:${entry.name}`,
      writableTargets: writable.map((m) => m.target).join(','),
    },
  });
}

function samePosition(a: ValuePosition, b: ValuePosition): boolean {
  return a.path === b.path && a.line === b.line && a.column === b.column;
}

function quoteList(items: readonly string[]): Message {
  return joinMessages(
    items.map((item) => md`${code(item)}`),
    ', ',
  );
}
