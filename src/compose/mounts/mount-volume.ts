import path from 'node:path';
import { ConfigurationError } from '../../util/errors.js';
import type { Mount, MountType } from './mounts.js';
import { describeNode, isMapNode, mapGet, stringValue } from '../loader/node.js';
import { isWindowsAbsolute, resolveHostPath } from '../loader/paths.js';
import { isHostPathSource, parseShortVolume } from '../loader/short-volume.js';
import type {
  ComposeMap,
  ComposeNode,
  ComposeProject,
  ComposeScalar,
  ComposeService,
  ValuePosition,
} from '../types.js';

/**
 * One entry of a service's `volumes` as the mount compose creates: short syntax read with compose-go's own
 * splitting and option rules, long syntax by its keys, and named volumes resolved through the top-level
 * `volumes` (a local volume with `o: bind` and a `device` is a bind of that path).
 */

interface EntryContext {
  service: ComposeService;
  project: ComposeProject;
  /** `services.web.volumes[2]`, for messages. */
  where: string;
}

const MOUNT_TYPES: readonly MountType[] = ['bind', 'volume', 'tmpfs', 'npipe', 'image', 'cluster'];
export const PROPAGATIONS: readonly string[] = ['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave'];

export function volumeEntryMount(item: ComposeNode, context: EntryContext): Mount {
  if (isMapNode(item)) return longSyntaxMount(item, context);
  const spec = stringValue(item);
  if (spec === undefined) {
    throw new ConfigurationError(
      `${context.where}: expected a volume such as ./data:/data:ro or a map with type, source and target, found ${describeNode(item)}`,
      item.position,
    );
  }
  return shortSyntaxMount(spec, item as ComposeScalar, context);
}

function shortSyntaxMount(spec: string, item: ComposeScalar, context: EntryContext): Mount {
  const parsed = parseShortVolume(spec);
  if (!parsed.ok) throw new ConfigurationError(`${context.where}: ${parsed.error}`, item.position);
  const { source, target, mode } = parsed.volume;
  const mount: Mount = {
    service: context.service.name,
    type: source === '' ? 'volume' : isHostPathSource(source) ? 'bind' : 'volume',
    target,
    readOnly: false,
    modePosition: item.position,
    position: item.position,
    origin: 'short',
    ignoredOptions: [],
  };
  if (mode !== undefined) {
    mount.mode = mode;
    applyShortOptions(mount, mode, item.position);
  }
  if (mount.type === 'bind') {
    // compose creates a missing host directory for short syntax, as docker-compose v1 did.
    mount.createHostPath = true;
    setHostSource(mount, source, item.baseDir ?? context.service.workingDir, context.project);
  } else if (source !== '') {
    mount.writtenSource = source;
    mount.source = source;
    applyNamedVolume(mount, source, context.project);
  }
  return mount;
}

/** compose-go's option loop: `ro`/`rw` (the last one wins), `nocopy`, propagation, `z`/`Z`; the rest is ignored. */
function applyShortOptions(mount: Mount, mode: string, position: ValuePosition): void {
  for (const option of mode.split(',')) {
    if (option === 'ro') mount.readOnly = true;
    else if (option === 'rw') mount.readOnly = false;
    else if (option === 'nocopy') mount.noCopy = true;
    else if (PROPAGATIONS.includes(option)) {
      mount.propagation = option;
      mount.propagationPosition = position;
    } else if (option === 'z' || option === 'Z') mount.selinux = option;
    else if (option !== '') mount.ignoredOptions.push(option);
  }
}

function longSyntaxMount(item: ComposeMap, context: EntryContext): Mount {
  const where = context.where;
  const typeNode = mapGet(item, 'type');
  const type = stringValue(typeNode);
  if (type === undefined || !(MOUNT_TYPES as readonly string[]).includes(type)) {
    throw new ConfigurationError(
      `${where}.type: expected one of ${MOUNT_TYPES.join(', ')}, found ${describeNode(typeNode)}`,
      typeNode?.position ?? item.position,
    );
  }
  const targetNode = mapGet(item, 'target');
  const target = stringValue(targetNode);
  if (target === undefined || target === '') {
    throw new ConfigurationError(
      `${where}: a volume in long syntax needs a \`target\` (the path inside the container)`,
      targetNode?.position ?? item.position,
    );
  }
  const mount: Mount = {
    service: context.service.name,
    type: type as MountType,
    target,
    readOnly: false,
    modePosition: item.position,
    position: item.position,
    origin: 'long',
    ignoredOptions: [],
  };
  const readOnly = mapGet(item, 'read_only');
  if (readOnly !== undefined && readOnly.kind === 'scalar' && readOnly.value !== null) {
    mount.readOnly = booleanValue(readOnly, `${where}.read_only`);
    mount.modePosition = readOnly.position;
  }
  readBindOptions(mount, mapGet(item, 'bind'), `${where}.bind`);
  readVolumeOptions(mount, mapGet(item, 'volume'));
  readTmpfsOptions(mount, mapGet(item, 'tmpfs'));

  const sourceNode = mapGet(item, 'source');
  const source = sourceNode?.kind === 'scalar' && sourceNode.value !== null ? String(sourceNode.value) : undefined;
  if (source === undefined || source === '') return mount;
  if (mount.type === 'bind') {
    setHostSource(mount, source, sourceNode?.baseDir ?? context.service.workingDir, context.project);
  } else {
    mount.writtenSource = source;
    mount.source = source;
    if (mount.type === 'volume') applyNamedVolume(mount, source, context.project);
  }
  return mount;
}

function readBindOptions(mount: Mount, node: ComposeNode | undefined, where: string): void {
  if (!isMapNode(node)) return;
  const propagation = mapGet(node, 'propagation');
  const propagationText = stringValue(propagation);
  if (propagation && propagationText !== undefined) {
    mount.propagation = propagationText;
    mount.propagationPosition = propagation.position;
  }
  const selinux = stringValue(mapGet(node, 'selinux'));
  if (selinux === 'z' || selinux === 'Z') mount.selinux = selinux;
  const recursive = mapGet(node, 'recursive');
  const recursiveText = stringValue(recursive);
  if (recursive && recursiveText !== undefined) {
    mount.recursive = recursiveText;
    mount.recursivePosition = recursive.position;
  }
  const create = mapGet(node, 'create_host_path');
  if (create?.kind === 'scalar' && create.value !== null) {
    mount.createHostPath = booleanValue(create, `${where}.create_host_path`);
  }
}

function readVolumeOptions(mount: Mount, node: ComposeNode | undefined): void {
  const nocopy = mapGet(node, 'nocopy');
  if (nocopy?.kind === 'scalar' && (nocopy.value === true || nocopy.value === 'true')) mount.noCopy = true;
}

function readTmpfsOptions(mount: Mount, node: ComposeNode | undefined): void {
  if (!isMapNode(node)) return;
  const tmpfs: NonNullable<Mount['tmpfs']> = {};
  for (const key of ['size', 'mode'] as const) {
    const value = mapGet(node, key);
    if (value?.kind === 'scalar' && (typeof value.value === 'string' || typeof value.value === 'number')) {
      tmpfs[key] = value.value;
    }
  }
  mount.tmpfs = tmpfs;
}

function setHostSource(mount: Mount, source: string, baseDir: string, project: ComposeProject): void {
  mount.writtenSource = source;
  mount.source = cleanJoined(source, resolveHostPath(source, baseDir, project.homeDir));
}

/**
 * compose joins a relative path to its directory (and `~` to HOME) with Go's filepath.Join, which also drops a
 * trailing slash (`./` is the directory itself); absolute paths it keeps as written.
 */
function cleanJoined(written: string, resolved: string): string {
  const wasRelative = !path.posix.isAbsolute(written) && !isWindowsAbsolute(written);
  return wasRelative && resolved.length > 1 && resolved.endsWith('/') ? resolved.replace(/\/+$/, '') : resolved;
}

/**
 * A named volume whose top-level definition makes the local driver bind-mount a host path
 * (`driver_opts: {type: none, o: bind, device: PATH}`; `o` may add options such as `ro`): the container gets
 * that host path, so the mount is a bind of it. External volumes and other drivers are left as volumes.
 */
function applyNamedVolume(mount: Mount, name: string, project: ComposeProject): void {
  const definition = project.volumes?.entries.get(name);
  if (!definition || !isMapNode(definition.value)) return;
  const volume = definition.value;
  const driver = stringValue(mapGet(volume, 'driver'));
  if (driver !== undefined && driver !== 'local') return;
  const external = mapGet(volume, 'external');
  if (external?.kind === 'scalar' && external.value === true) return;
  const options = mapGet(volume, 'driver_opts');
  const fsType = stringValue(mapGet(options, 'type'));
  const oNode = mapGet(options, 'o');
  const deviceNode = mapGet(options, 'device');
  const o = stringValue(oNode);
  const device = stringValue(deviceNode);
  if (o === undefined || device === undefined || device === '' || !deviceNode || !oNode) return;
  const flags = o.split(',').map((flag) => flag.trim());
  if (!flags.includes('bind') && !flags.includes('rbind')) return;
  if (fsType !== undefined && fsType !== 'none') return;
  mount.type = 'bind';
  mount.namedVolume = { name, position: definition.keyPosition };
  mount.writtenSource = device;
  // compose resolves a relative device against the project only for `o: bind` exactly; other spellings go to
  // the engine as written, which refuses relative paths.
  mount.source =
    o === 'bind' ? resolveHostPath(device, deviceNode.baseDir ?? project.projectDir, project.homeDir) : device;
  if (!mount.readOnly && flags.includes('ro')) {
    mount.readOnly = true;
    mount.modePosition = oNode.position;
  }
}

/** `true`/`false` as compose reads them (the loader already cast interpolated strings; hand-built trees may not). */
function booleanValue(node: ComposeScalar, where: string): boolean {
  if (typeof node.value === 'boolean') return node.value;
  const text = String(node.value).toLowerCase();
  if (['true', 'y', 'yes', 'on'].includes(text)) return true;
  if (['false', 'n', 'no', 'off'].includes(text)) return false;
  throw new ConfigurationError(`${where}: expected true or false, found ${describeNode(node)}`, node.position);
}
