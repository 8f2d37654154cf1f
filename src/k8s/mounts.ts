import { mapGet, stringValue } from '../compose/loader/node.js';
import { ConfigurationError } from '../util/errors.js';
import { mapList, optionalBoolean, optionalMap, optionalQuantity, optionalString, requiredString } from './fields.js';
import type { ReadOnlyReason, Volume, VolumeMount, VolumeSourceInfo, YamlMap } from './types.js';

/**
 * Pod volumes and container volumeMounts, with the read-only the kubelet applies: a mount's `readOnly: true`; a
 * volume source's own `readOnly: true` (persistentVolumeClaim, csi, nfs and the in-tree disks), which makes
 * every mount of it read-only; and the types the kubelet always mounts read-only (configMap, secret,
 * downwardAPI, projected since Kubernetes 1.10, image volumes). hostPath and emptyDir have no read-only of
 * their own: only the mount's decides.
 */

/** Types whose content the kubelet writes atomically and mounts read-only whatever the mount says. */
export const ALWAYS_READ_ONLY_TYPES: ReadonlySet<string> = new Set([
  'configMap',
  'secret',
  'downwardAPI',
  'projected',
  'image',
]);

/** Volume types without a `readOnly` field: a `readOnly` written there is dropped by the API server. */
const NO_READ_ONLY_FIELD: ReadonlySet<string> = new Set(['hostPath', 'emptyDir', 'ephemeral']);

/** `spec.volumes`, plus a StatefulSet's `volumeClaimTemplates` (mounted by their claim name). */
export function readVolumes(podSpec: YamlMap, claimTemplates: readonly YamlMap[], where: string): Volume[] {
  const volumes: Volume[] = [];
  const seen = new Map<string, Volume>();
  const add = (volume: Volume) => {
    const first = seen.get(volume.name);
    if (first) {
      throw new ConfigurationError(
        `volume \`${volume.name}\` of ${where} is defined twice (first at line ${first.position.line}); volume names are unique in a pod`,
        volume.position,
      );
    }
    seen.set(volume.name, volume);
    volumes.push(volume);
  };
  for (const entry of mapList(podSpec, 'volumes', where)) add(readVolume(entry, where));
  for (const template of claimTemplates) {
    const metadata = optionalMap(template, 'metadata', `a volumeClaimTemplate of ${where}`);
    const name = requiredString(metadata ?? template, 'name', `a volumeClaimTemplate of ${where} (metadata)`);
    add({
      name: name.value,
      type: 'volumeClaimTemplate',
      position: template.position,
      typePosition: name.position,
      source: { claimName: name.value },
    });
  }
  return volumes;
}

function readVolume(entry: YamlMap, where: string): Volume {
  const name = requiredString(entry, 'name', `a volume of ${where}`);
  const here = `volume \`${name.value}\` of ${where}`;
  const typeKeys = [...entry.entries.keys()].filter((key) => key !== 'name');
  const typeKey = typeKeys[0];
  if (typeKey === undefined) {
    // The API defaults a volume without a source to an emptyDir.
    return { name: name.value, type: 'emptyDir', position: entry.position, typePosition: name.position, source: {} };
  }
  if (typeKeys.length > 1) {
    throw new ConfigurationError(
      `${here} names ${typeKeys.length} volume types (${typeKeys.join(', ')}); a volume has exactly one`,
      entry.entries.get(typeKeys[1] as string)?.keyPosition ?? entry.position,
    );
  }
  const typeEntry = entry.entries.get(typeKey)!;
  const settings = optionalMap(entry, typeKey, here);
  const source = volumeSource(typeKey, settings, here);
  const readOnly = NO_READ_ONLY_FIELD.has(typeKey)
    ? undefined
    : optionalBoolean(settings, 'readOnly', `${here}: ${typeKey}`);
  return {
    name: name.value,
    type: typeKey,
    position: entry.position,
    typePosition: typeEntry.keyPosition,
    source,
    ...(readOnly ? { readOnly } : {}),
  };
}

function volumeSource(type: string, settings: YamlMap | undefined, here: string): VolumeSourceInfo {
  const where = `${here}: ${type}`;
  const text = (key: string) => optionalString(settings, key, where)?.value;
  switch (type) {
    case 'hostPath': {
      const hostPath = settings ? requiredString(settings, 'path', where) : undefined;
      if (!hostPath) throw new ConfigurationError(`${where} needs a \`path\``, settings?.position);
      const kind = optionalString(settings, 'type', where);
      return { hostPath: { path: hostPath, ...(kind && kind.value !== '' ? { type: kind } : {}) } };
    }
    case 'emptyDir': {
      const sizeLimit = optionalQuantity(settings, 'sizeLimit', where);
      const medium = text('medium');
      return { ...(sizeLimit ? { sizeLimit } : {}), ...(medium ? { medium } : {}) };
    }
    case 'persistentVolumeClaim':
      return optional({ claimName: text('claimName') });
    case 'configMap':
      return optional({ configMap: text('name') });
    case 'secret':
      return optional({ secret: text('secretName') });
    case 'csi':
      return optional({ csiDriver: text('driver') });
    case 'nfs':
      return { nfs: optional({ server: text('server'), path: text('path') }) };
    case 'image':
      return optional({ imageReference: text('reference') });
    case 'projected':
      return { projected: mapList(settings, 'sources', where).map(projectedSource) };
    default:
      return {};
  }
}

function projectedSource(source: YamlMap): string {
  const [kind] = source.entries.keys();
  const name = stringValue(mapGet(mapGet(source, kind ?? ''), 'name'));
  return name === undefined ? (kind ?? 'unknown') : `${kind}:${name}`;
}

function optional<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, each]) => each !== undefined)) as never;
}

/** A container's `volumeMounts`, each joined to its volume; a mount that names no volume is refused. */
export function readMounts(container: YamlMap, volumes: readonly Volume[], where: string): VolumeMount[] {
  return mapList(container, 'volumeMounts', where).map((entry) => {
    const name = requiredString(entry, 'name', `a volumeMount of ${where}`);
    const mountPath = requiredString(entry, 'mountPath', `volumeMount \`${name.value}\` of ${where}`);
    const here = `volumeMount \`${name.value}\` of ${where}`;
    const volume = volumes.find((each) => each.name === name.value);
    if (!volume) {
      const known = volumes.map((each) => each.name);
      throw new ConfigurationError(
        `${here} names no volume of the pod (${known.length > 0 ? `volumes: ${known.join(', ')}` : 'the pod has no volumes'})`,
        name.position,
      );
    }
    const readOnly = optionalBoolean(entry, 'readOnly', here);
    const decided = effectiveReadOnly(readOnly, volume, entry);
    const subPath = optionalString(entry, 'subPath', here)?.value;
    const subPathExpr = optionalString(entry, 'subPathExpr', here)?.value;
    const recursiveReadOnly = optionalString(entry, 'recursiveReadOnly', here)?.value;
    const mountPropagation = optionalString(entry, 'mountPropagation', here);
    return {
      volumeName: name.value,
      volume,
      mountPath: mountPath.value,
      ...(subPath ? { subPath } : {}),
      ...(subPathExpr ? { subPathExpr } : {}),
      ...decided,
      ...(recursiveReadOnly ? { recursiveReadOnly } : {}),
      ...(mountPropagation ? { mountPropagation } : {}),
      position: entry.position,
    };
  });
}

function effectiveReadOnly(
  mountReadOnly: { value: boolean; position: VolumeMount['position'] } | undefined,
  volume: Volume,
  entry: YamlMap,
): Pick<VolumeMount, 'readOnly' | 'readOnlyReason' | 'readOnlyPosition'> {
  const decided = (readOnly: boolean, readOnlyReason: ReadOnlyReason, readOnlyPosition: VolumeMount['position']) => ({
    readOnly,
    readOnlyReason,
    readOnlyPosition,
  });
  if (mountReadOnly?.value === true) return decided(true, 'mount-readOnly', mountReadOnly.position);
  if (volume.readOnly?.value === true) return decided(true, 'volume-readOnly', volume.readOnly.position);
  if (ALWAYS_READ_ONLY_TYPES.has(volume.type)) return decided(true, 'always-read-only-type', volume.typePosition);
  if (mountReadOnly) return decided(false, 'mount-readOnly-false', mountReadOnly.position);
  return decided(false, 'not-set', entry.position);
}

/** Why a mount is (not) read-only, in words, for inspect and messages. */
export function describeReadOnly(mount: VolumeMount): string {
  switch (mount.readOnlyReason) {
    case 'mount-readOnly':
      return 'the volumeMount sets readOnly: true';
    case 'volume-readOnly':
      return `the ${mount.volume.type} volume sets readOnly: true`;
    case 'always-read-only-type':
      return `${mount.volume.type} volumes are always mounted read-only`;
    case 'mount-readOnly-false':
      return 'the volumeMount sets readOnly: false';
    case 'not-set':
      return 'readOnly is not set (the default is read-write)';
  }
}
