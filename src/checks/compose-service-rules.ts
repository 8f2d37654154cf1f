import type { Mount } from '../compose/mounts/mounts.js';
import { mapGet } from '../compose/loader/node.js';
import type { ComposeNode, ComposeProject, ComposeScalar, ComposeService } from '../compose/types.js';
import type { Finding } from '../model/findings.js';
import { composeFinding } from './compose-finding.js';
import { code, md } from '../util/markdown-message.js';
import { capabilityName, DANGEROUS_CAPABILITIES } from './capabilities.js';

/**
 * The service rules: privileged, host namespaces, dangerous capabilities, unconfined security profiles and (when
 * the policy asks) a writable root filesystem. Each finding points at the value that grants the power.
 */

const HOST_NAMESPACES: ReadonlyArray<readonly [key: string, what: string]> = [
  ['network_mode', "the host's network stack: its interfaces and every service listening on localhost"],
  ['pid', "the host's processes, which it can see, signal and (with ptrace) inspect"],
  ['ipc', "the host's shared memory and semaphores"],
  ['userns_mode', "the host's user ids: user-namespace remapping is off"],
  ['uts', "the host's hostname, which it can change"],
  ['cgroup', "the host's cgroup tree"],
];

/** `security_opt` values that turn a confinement off: option name → the value that does it. */
const UNCONFINED: ReadonlyArray<readonly [option: string, value: string, what: string]> = [
  ['seccomp', 'unconfined', 'every system call is allowed'],
  ['apparmor', 'unconfined', 'no AppArmor profile confines it'],
  ['label', 'disable', 'SELinux separation is off'],
  ['systempaths', 'unconfined', 'the masked /proc and /sys paths are exposed'],
];

export interface ServiceRuleOptions {
  requireReadOnlyRootfs?: boolean;
}

export function serviceFindings(
  project: ComposeProject,
  service: ComposeService,
  mounts: readonly Mount[],
  options: ServiceRuleOptions,
): Finding[] {
  return [
    ...privileged(project, service),
    ...hostNamespaces(project, service),
    ...capabilities(project, service),
    ...unconfinedProfiles(project, service),
    ...(options.requireReadOnlyRootfs ? writableRootfs(project, service, mounts) : []),
  ];
}

function privileged(project: ComposeProject, service: ComposeService): Finding[] {
  const node = scalarAt(service, 'privileged');
  if (!node || !isTrue(node)) return [];
  return [
    composeFinding('compose/privileged', project, {
      service: service.name,
      message: md`Service ${code(service.name)} runs privileged: every capability, every host device, no seccomp or AppArmor profile: root in the container is root on the host. Grant only what it needs with \`cap_add\` and \`devices\`.`,
      position: node.position,
      key: ['privileged'],
    }),
  ];
}

function hostNamespaces(project: ComposeProject, service: ComposeService): Finding[] {
  return HOST_NAMESPACES.flatMap(([key, what]) => {
    const node = scalarAt(service, key);
    if (!node || typeof node.value !== 'string' || node.value.trim() !== 'host') return [];
    return [
      composeFinding('compose/host-namespace', project, {
        service: service.name,
        message: md`Service ${code(service.name)} sets ${code(`${key}: host`)}: it shares ${what}. Remove it${
          key === 'network_mode' ? md`, and publish the ports it serves with \`ports\`.` : md`.`
        }`,
        position: node.position,
        key: [key],
        properties: { setting: key },
      }),
    ];
  });
}

function capabilities(project: ComposeProject, service: ComposeService): Finding[] {
  return itemsAt(service, 'cap_add').flatMap((item) => {
    if (typeof item.value !== 'string') return [];
    const name = capabilityName(item.value);
    const what = DANGEROUS_CAPABILITIES.get(name);
    if (!what) return [];
    return [
      composeFinding('compose/dangerous-capability', project, {
        service: service.name,
        message: md`Service ${code(service.name)} adds the capability ${item.value} (${what}), enough to escape the container. Grant a narrower capability, or move the privileged work out of the container.`,
        position: item.position,
        key: ['cap_add', name],
        properties: { capability: name },
      }),
    ];
  });
}

function unconfinedProfiles(project: ComposeProject, service: ComposeService): Finding[] {
  return itemsAt(service, 'security_opt').flatMap((item) => {
    if (typeof item.value !== 'string') return [];
    // The engine accepts `name=value` and the legacy `name:value`.
    const match = /^\s*([A-Za-z-]+)\s*[=:]\s*(.*?)\s*$/.exec(item.value);
    if (!match) return [];
    const option = (match[1] as string).toLowerCase();
    const value = (match[2] as string).toLowerCase();
    const rule = UNCONFINED.find(([name, off]) => name === option && off === value);
    if (!rule) return [];
    return [
      composeFinding('compose/unconfined-profile', project, {
        service: service.name,
        message: md`Service ${code(service.name)} sets ${code(`security_opt: ${item.value}`)}: ${rule[2]}. Use the default profile, or a custom one that allows only what the service needs.`,
        position: item.position,
        key: ['security_opt', option],
        properties: { securityOpt: item.value },
      }),
    ];
  });
}

function writableRootfs(project: ComposeProject, service: ComposeService, mounts: readonly Mount[]): Finding[] {
  const node = scalarAt(service, 'read_only');
  if (node && isTrue(node)) return [];
  const tmpfs = mounts.filter((mount) => mount.type === 'tmpfs').map((mount) => mount.target);
  const partner =
    tmpfs.length > 0
      ? md`It already has a tmpfs at ${tmpfs.join(', ')}; give any other path it writes one too, or a volume.`
      : md`Give the paths it writes a tmpfs (\`tmpfs: [/tmp]\`) or a volume.`;
  return [
    composeFinding('compose/writable-rootfs', project, {
      service: service.name,
      message: md`Service ${code(service.name)} has a writable root filesystem${
        node ? md` (\`read_only: false\`)` : md``
      }; the policy asks for \`read_only: true\` (compose.requireReadOnlyRootfs), so nothing can replace its programs or drop tools into it. ${partner}`,
      position: node?.position ?? service.position,
      key: ['read_only'],
    }),
  ];
}

function scalarAt(service: ComposeService, key: string): ComposeScalar | undefined {
  const node = mapGet(service.body, key);
  return node?.kind === 'scalar' && node.value !== null ? node : undefined;
}

/** A list's scalar items; compose takes a single string for some of these keys too. */
function itemsAt(service: ComposeService, key: string): ComposeScalar[] {
  const node: ComposeNode | undefined = mapGet(service.body, key);
  if (node?.kind === 'scalar') return node.value === null ? [] : [node];
  if (node?.kind !== 'sequence') return [];
  return node.items.filter((item): item is ComposeScalar => item.kind === 'scalar');
}

function isTrue(node: ComposeScalar): boolean {
  if (typeof node.value === 'boolean') return node.value;
  return typeof node.value === 'string' && ['true', 'yes', 'on', 'y'].includes(node.value.toLowerCase());
}
