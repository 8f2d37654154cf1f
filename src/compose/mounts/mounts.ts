import { ConfigurationError } from '../../util/errors.js';
import { volumeEntryMount } from './mount-volume.js';
import { isNullNode, mapGet, stringValue } from '../loader/node.js';
import type { ComposeNode, ComposeProject, ComposeService, ValuePosition } from '../types.js';

/**
 * Every mount `docker compose up` gives a service's container, read from the loaded model: `volumes` (short and
 * long syntax, named volumes that are binds), what `volumes_from` inherits, service `tmpfs`, and the engine socket
 * `use_api_socket` hands over. Each mount says where its read-only-ness was decided, so a finding can point at the
 * line a person has to change.
 */

export type MountType = 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'image' | 'cluster';

/** How the mount got into the service. */
export type MountOrigin = 'short' | 'long' | 'volumes_from' | 'tmpfs' | 'use_api_socket';

export interface Mount {
  /** The service whose container gets the mount. */
  service: string;
  type: MountType;
  /**
   * Binds: the absolute host path (relative paths against the directory the value came from, `~` against HOME;
   * Windows paths and pipes as written); for a named volume that is a bind, its `device`. Volumes: the volume
   * name as the service names it. Absent for anonymous volumes and tmpfs.
   */
  source?: string;
  /** The source as written (after interpolation), before paths were resolved. */
  writtenSource?: string;
  target: string;
  readOnly: boolean;
  /**
   * Where the read-only-ness was decided: the short entry (its mode suffix), the `read_only` key, the `o` option
   * of a bind volume, or the `volumes_from` entry that made inherited mounts read-only. A writable mount's
   * modePosition is where `:ro` / `read_only: true` has to be written.
   */
  modePosition: ValuePosition;
  /** The entry that declared the mount (for volumes_from: the entry that inherited it). */
  position: ValuePosition;
  origin: MountOrigin;
  /** The short syntax mode as written (`ro`, `rw,Z`, `RO`); absent otherwise. */
  mode?: string;
  /** Options compose silently ignores (`RO`, `readonly`, `noexec` …): the mount gets none of their effect. */
  ignoredOptions: string[];
  /** `rprivate`, `private`, `rshared`, `shared`, `rslave`, `slave`. */
  propagation?: string;
  /** Where the propagation was set (`bind.propagation`, or the short entry). */
  propagationPosition?: ValuePosition;
  selinux?: 'z' | 'Z';
  /** `bind.recursive`: `enabled`, `disabled`, `writable` (submounts stay writable under read_only), `readonly`. */
  recursive?: string;
  recursivePosition?: ValuePosition;
  createHostPath?: boolean;
  noCopy?: boolean;
  /** Set when a named volume is a bind of a host path (`driver_opts: {type: none, o: bind, device: PATH}`). */
  namedVolume?: { name: string; position: ValuePosition };
  /** Mounts inherited through `volumes_from`: the service that declared the mount, and where. */
  inheritedFrom?: { service: string; position: ValuePosition };
  /** tmpfs `size` / `mode`, as written. */
  tmpfs?: { size?: string | number; mode?: string | number };
}

/** One `volumes_from` entry: a service of the project or an outside container, and its mode. */
export interface VolumesFromEntry {
  kind: 'service' | 'container';
  name: string;
  /** `ro`, `rw` or what was written; absent when no mode was given (read-write). */
  mode?: string;
  readOnly: boolean;
  position: ValuePosition;
}

/** The mounts of one service, in the order compose lists them (volumes, volumes_from, tmpfs, engine socket). */
export function serviceMounts(service: ComposeService, project: ComposeProject): Mount[] {
  return collectMounts(service, project, [service.name]);
}

function collectMounts(service: ComposeService, project: ComposeProject, visiting: readonly string[]): Mount[] {
  const own = [...volumeMounts(service, project), ...tmpfsMounts(service), ...apiSocketMounts(service)];
  // The engine gives a container's own mounts precedence over inherited ones with the same target.
  const ownTargets = new Set(own.map((mount) => mount.target));
  const inherited = inheritedMounts(service, project, visiting).filter((mount) => !ownTargets.has(mount.target));
  const volumes = own.filter((mount) => mount.origin === 'short' || mount.origin === 'long');
  const rest = own.filter((mount) => mount.origin !== 'short' && mount.origin !== 'long');
  return [...volumes, ...inherited, ...rest];
}

function volumeMounts(service: ComposeService, project: ComposeProject): Mount[] {
  const node = mapGet(service.body, 'volumes');
  return listItems(node, `services.${service.name}.volumes`).map((item, index) =>
    volumeEntryMount(item, { service, project, where: `services.${service.name}.volumes[${index}]` }),
  );
}

/** The service's `volumes_from` entries (`svc`, `svc:ro`, `container:name`, `container:name:rw`). */
export function volumesFromEntries(service: ComposeService): VolumesFromEntry[] {
  const node = mapGet(service.body, 'volumes_from');
  return listItems(node, `services.${service.name}.volumes_from`).map((item, index) => {
    const text = stringValue(item);
    if (text === undefined || text === '') {
      throw new ConfigurationError(
        `services.${service.name}.volumes_from[${index}]: expected a service name or container:NAME, optionally ` +
          'followed by :ro or :rw',
        item.position,
      );
    }
    const container = text.startsWith('container:');
    const [name = '', mode] = (container ? text.slice('container:'.length) : text).split(':');
    return {
      kind: container ? 'container' : 'service',
      name,
      ...(mode === undefined ? {} : { mode }),
      readOnly: mode !== undefined && mode.split(',').includes('ro'),
      position: item.position,
    };
  });
}

function inheritedMounts(service: ComposeService, project: ComposeProject, visiting: readonly string[]): Mount[] {
  return volumesFromEntries(service).flatMap((entry) => {
    if (entry.kind === 'container' || visiting.includes(entry.name)) return [];
    const from = project.services.find((candidate) => candidate.name === entry.name);
    if (!from) return [];
    return collectMounts(from, project, [...visiting, entry.name])
      .filter((mount) => mount.type !== 'tmpfs')
      .map((mount): Mount => {
        const { inheritedFrom, ...rest } = mount;
        return {
          ...rest,
          service: service.name,
          origin: 'volumes_from',
          // The engine keeps an inherited mount read-only when it was, and makes it so for `:ro`.
          readOnly: mount.readOnly || entry.readOnly,
          modePosition: mount.readOnly ? mount.modePosition : entry.position,
          position: entry.position,
          inheritedFrom: inheritedFrom ?? { service: mount.service, position: mount.position },
        };
      });
  });
}

/** Service `tmpfs`: a path or a list of paths, each optionally `PATH:OPTIONS` (`/run:size=64m,ro`). */
function tmpfsMounts(service: ComposeService): Mount[] {
  const node = mapGet(service.body, 'tmpfs');
  const items =
    node?.kind === 'scalar' && !isNullNode(node) ? [node] : listItems(node, `services.${service.name}.tmpfs`);
  return items.map((item, index) => {
    const text = stringValue(item);
    if (text === undefined || text === '') {
      throw new ConfigurationError(
        `services.${service.name}.tmpfs[${index}]: expected a path inside the container such as /tmp`,
        item.position,
      );
    }
    const colon = text.indexOf(':');
    const target = colon < 0 ? text : text.slice(0, colon);
    const options = colon < 0 ? [] : text.slice(colon + 1).split(',');
    return {
      service: service.name,
      type: 'tmpfs',
      target,
      readOnly: options.includes('ro'),
      modePosition: item.position,
      position: item.position,
      origin: 'tmpfs',
      ignoredOptions: [],
    };
  });
}

/** `use_api_socket: true` (Compose 2.37+): compose binds the engine's socket into the container. */
function apiSocketMounts(service: ComposeService): Mount[] {
  const node = mapGet(service.body, 'use_api_socket');
  if (node?.kind !== 'scalar' || !(node.value === true || node.value === 'true')) return [];
  return [
    {
      service: service.name,
      type: 'bind',
      source: ENGINE_API_SOCKET,
      target: ENGINE_API_SOCKET,
      readOnly: false,
      modePosition: node.position,
      position: node.position,
      origin: 'use_api_socket',
      ignoredOptions: [],
    },
  ];
}

/** Where compose binds the engine API for `use_api_socket`. */
export const ENGINE_API_SOCKET = '/var/run/docker.sock';

function listItems(node: ComposeNode | undefined, where: string): ComposeNode[] {
  if (node === undefined || isNullNode(node)) return [];
  if (node.kind !== 'sequence') {
    throw new ConfigurationError(`${where}: expected a list`, node.position);
  }
  return node.items;
}
