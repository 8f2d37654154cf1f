import { didYouMean } from '../../policy/did-you-mean.js';
import { isMapNode, mapGet } from './node.js';
import type { ComposeMap, ComposeNode } from '../types.js';
import type { Warn } from './yaml-tree.js';

/**
 * The keys the compose specification allows where mounts are decided (from the compose-spec JSON schema;
 * test/compose/loader/known-keys.test.ts keeps these lists equal to it). compose rejects a file with an unknown
 * key; imagegate warns instead, because a misspelt key such as `readonly: true` is silently not a read-only mount
 * for whoever reads it, and the rest of the file can still be checked. `x-` keys are extensions and always allowed.
 */
export const KNOWN_KEYS = {
  top: ['version', 'name', 'include', 'services', 'models', 'networks', 'volumes', 'secrets', 'configs'],
  service: [
    'develop',
    'deploy',
    'annotations',
    'attach',
    'build',
    'blkio_config',
    'cap_add',
    'cap_drop',
    'cgroup',
    'cgroup_parent',
    'command',
    'configs',
    'container_name',
    'cpu_count',
    'cpu_percent',
    'cpu_shares',
    'cpu_quota',
    'cpu_period',
    'cpu_rt_period',
    'cpu_rt_runtime',
    'cpus',
    'cpuset',
    'credential_spec',
    'depends_on',
    'device_cgroup_rules',
    'devices',
    'dns',
    'dns_opt',
    'dns_search',
    'domainname',
    'entrypoint',
    'env_file',
    'label_file',
    'environment',
    'expose',
    'extends',
    'provider',
    'external_links',
    'extra_hosts',
    'gpus',
    'group_add',
    'healthcheck',
    'hostname',
    'image',
    'init',
    'ipc',
    'isolation',
    'labels',
    'links',
    'logging',
    'mac_address',
    'mem_limit',
    'mem_reservation',
    'mem_swappiness',
    'memswap_limit',
    'network_mode',
    'models',
    'networks',
    'oom_kill_disable',
    'oom_score_adj',
    'pid',
    'pids_limit',
    'platform',
    'ports',
    'post_start',
    'pre_stop',
    'privileged',
    'profiles',
    'pull_policy',
    'pull_refresh_after',
    'read_only',
    'restart',
    'runtime',
    'scale',
    'security_opt',
    'shm_size',
    'secrets',
    'sysctls',
    'stdin_open',
    'stop_grace_period',
    'stop_signal',
    'storage_opt',
    'tmpfs',
    'tty',
    'ulimits',
    'use_api_socket',
    'user',
    'uts',
    'userns_mode',
    'volumes',
    'volumes_from',
    'working_dir',
  ],
  serviceVolume: ['type', 'source', 'target', 'read_only', 'consistency', 'bind', 'volume', 'tmpfs', 'image'],
  serviceVolumeBind: ['propagation', 'create_host_path', 'recursive', 'selinux'],
  serviceVolumeVolume: ['labels', 'nocopy', 'subpath'],
  serviceVolumeTmpfs: ['size', 'mode'],
  serviceVolumeImage: ['subpath'],
  topVolume: ['name', 'driver', 'driver_opts', 'external', 'labels'],
} as const;

type KeyList = readonly string[];

/** Warns about every key of `map` that the specification does not allow there. */
function checkKeys(map: ComposeMap, allowed: KeyList, where: string, warn: Warn): void {
  for (const [key, { keyPosition }] of map.entries) {
    if (key.startsWith('x-') || allowed.includes(key)) continue;
    const hint = didYouMean(key.replace(/-/g, '_'), allowed);
    warn(
      `unknown key \`${key}\` in ${where}${hint ? ` (did you mean \`${hint}\`?)` : ''}; ` +
        'docker compose rejects the file, imagegate ignores the key',
      keyPosition,
    );
  }
}

/** Unknown keys at the top level, in services, in long-syntax service volumes and in top-level volumes. */
export function warnUnknownKeys(model: ComposeMap, warn: Warn): void {
  checkKeys(model, KNOWN_KEYS.top, 'the top level', warn);
  const services = mapGet(model, 'services');
  if (isMapNode(services)) {
    for (const [name, { value }] of services.entries) {
      if (!isMapNode(value)) continue;
      checkKeys(value, KNOWN_KEYS.service, `service \`${name}\``, warn);
      checkServiceVolumes(mapGet(value, 'volumes'), name, warn);
    }
  }
  const volumes = mapGet(model, 'volumes');
  if (isMapNode(volumes)) {
    for (const [name, { value }] of volumes.entries) {
      if (isMapNode(value)) checkKeys(value, KNOWN_KEYS.topVolume, `volume \`${name}\``, warn);
    }
  }
}

function checkServiceVolumes(volumes: ComposeNode | undefined, service: string, warn: Warn): void {
  if (volumes?.kind !== 'sequence') return;
  for (const item of volumes.items) {
    if (!isMapNode(item)) continue;
    const where = `a volume of service \`${service}\``;
    checkKeys(item, KNOWN_KEYS.serviceVolume, where, warn);
    const nested: Array<[string, KeyList]> = [
      ['bind', KNOWN_KEYS.serviceVolumeBind],
      ['volume', KNOWN_KEYS.serviceVolumeVolume],
      ['tmpfs', KNOWN_KEYS.serviceVolumeTmpfs],
      ['image', KNOWN_KEYS.serviceVolumeImage],
    ];
    for (const [key, allowed] of nested) {
      const value = mapGet(item, key);
      if (isMapNode(value)) checkKeys(value, allowed, `\`${key}:\` of ${where}`, warn);
    }
  }
}
