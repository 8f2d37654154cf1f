import { mapGet } from '../compose/loader/node.js';
import type { ComposeNode, ComposeProject, ComposeScalar, ComposeService, ValuePosition } from '../compose/types.js';
import type { Finding } from '../model/findings.js';
import type { RuleId } from '../model/catalog.js';
import { composeFinding } from './compose-finding.js';
import { code, md, type Message } from '../util/markdown-message.js';

/**
 * The CIS Docker Benchmark settings a service should make and most do not (5.26 no-new-privileges, 5.11 memory
 * limit, 5.29 PIDs limit): hygiene, so each is off unless the policy asks for it (`compose.requireNoNewPrivileges`,
 * …). A finding points at the value that turns the protection off when one is written (`no-new-privileges:false`,
 * `pids_limit: -1`), else at the service's name, and carries the service as its subject.
 */

export interface HardeningRuleOptions {
  requireNoNewPrivileges?: boolean;
  requireMemoryLimit?: boolean;
  requirePidsLimit?: boolean;
  forbidPrivilegedPorts?: boolean;
}

export function hardeningFindings(
  project: ComposeProject,
  service: ComposeService,
  options: HardeningRuleOptions,
): Finding[] {
  return [
    ...(options.requireNoNewPrivileges ? noNewPrivileges(project, service) : []),
    ...(options.requireMemoryLimit ? memoryLimit(project, service) : []),
    ...(options.requirePidsLimit ? pidsLimit(project, service) : []),
    ...(options.forbidPrivilegedPorts ? privilegedPorts(project, service) : []),
  ];
}

/**
 * The engine (moby's parseSecurityOpt) takes `no-new-privileges` alone as on, else splits `name=value` (or the
 * legacy `name:value`) and reads the value with Go's strconv.ParseBool. The last entry wins, as in the engine.
 */
const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

function noNewPrivileges(project: ComposeProject, service: ComposeService): Finding[] {
  let setting: { on: boolean; item: ComposeScalar } | undefined;
  for (const item of itemsAt(service, 'security_opt')) {
    if (typeof item.value !== 'string') continue;
    const text = item.value.trim();
    if (text === 'no-new-privileges') {
      setting = { on: true, item };
      continue;
    }
    const match = /^no-new-privileges[=:](.*)$/.exec(text);
    const value = match?.[1];
    if (value === undefined) continue;
    if (GO_TRUE.has(value)) setting = { on: true, item };
    else if (GO_FALSE.has(value)) setting = { on: false, item };
  }
  if (setting?.on) return [];
  const written = setting?.item;
  return [
    finding('compose/no-new-privileges', project, service, written?.position, {
      message: md`Service ${code(service.name)} ${
        written ? md`sets ${code(`security_opt: ${String(written.value)}`)}` : md`does not set \`no-new-privileges\``
      }: a setuid or setgid program (or file capabilities) can still raise its processes' privileges. Add \`security_opt: [no-new-privileges:true]\` (the policy asks for it: compose.requireNoNewPrivileges).`,
      key: ['security_opt', 'no-new-privileges'],
    }),
  ];
}

function memoryLimit(project: ComposeProject, service: ComposeService): Finding[] {
  const limit = firstLimit(service, 'mem_limit', 'memory', isUnlimitedMemory);
  if (limit.set) return [];
  return [
    finding('compose/memory-limit', project, service, limit.unlimited?.position, {
      message: md`Service ${code(service.name)} ${
        limit.unlimited ? md`sets an unlimited memory limit (${code(limit.label)})` : md`has no memory limit`
      }: one leak or one attacker can take the host's memory from every other container. Set \`mem_limit\` or \`deploy.resources.limits.memory\` (the policy asks for it: compose.requireMemoryLimit).`,
      key: ['mem_limit'],
    }),
  ];
}

function pidsLimit(project: ComposeProject, service: ComposeService): Finding[] {
  const limit = firstLimit(service, 'pids_limit', 'pids', isUnlimitedPids);
  if (limit.set) return [];
  return [
    finding('compose/pids-limit', project, service, limit.unlimited?.position, {
      message: md`Service ${code(service.name)} ${
        limit.unlimited ? md`sets an unlimited PIDs limit (${code(limit.label)})` : md`has no PIDs limit`
      }: a fork bomb in it can exhaust the host's process table. Set \`pids_limit\` or \`deploy.resources.limits.pids\` (the policy asks for it: compose.requirePidsLimit).`,
      key: ['pids_limit'],
    }),
  ];
}

/** Below this, a port is privileged (CIS 5.8). */
const FIRST_UNPRIVILEGED_PORT = 1024;

/**
 * `ports` entries that publish a host port below 1024. Short syntax as the engine parses it
 * (`[HOST_IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/PROTOCOL]`: the host port is the part before the last
 * colon); long syntax by `published`. No host port, or 0, lets the engine pick an unprivileged one.
 */
function privilegedPorts(project: ComposeProject, service: ComposeService): Finding[] {
  return portEntries(service).flatMap(({ published, binding, node }) => {
    const port = firstPort(published);
    if (port === undefined || port < 1 || port >= FIRST_UNPRIVILEGED_PORT) return [];
    return [
      composeFinding('compose/privileged-port', project, {
        service: service.name,
        message: md`Service ${code(service.name)} publishes host port ${port} (${code(published)}), a privileged port below 1024: binding it takes root or \`CAP_NET_BIND_SERVICE\` on the host. Publish a port of 1024 or above (\`8080:80\`) and put a load balancer or proxy in front if the service must answer on ${port} (the policy asks for it: compose.forbidPrivilegedPorts).`,
        position: node.position,
        // The whole binding (host IP, port, protocol): 53/tcp and 53/udp, or one port on two addresses, are two
        // problems with two fingerprints, and neither hides the other when both sit on one line.
        key: ['ports', binding],
        properties: { subject: service.name, port },
      }),
    ];
  });
}

/** `published` is the host port part; `binding` names the binding whole: `<host ip>|<published>/<protocol>`. */
function portEntries(service: ComposeService): Array<{ published: string; binding: string; node: ComposeNode }> {
  const node = mapGet(service.body, 'ports');
  if (node?.kind !== 'sequence') return [];
  return node.items.flatMap((item) => {
    if (item.kind === 'scalar') {
      if (typeof item.value !== 'string') return [];
      const [withoutProtocol = '', protocol = 'tcp'] = item.value.trim().split('/');
      const parts = withoutProtocol.split(':');
      if (parts.length < 2) return [];
      const host = parts[parts.length - 2] ?? '';
      const hostIp = parts.slice(0, -2).join(':');
      return host === '' ? [] : [{ published: host, binding: `${hostIp}|${host}/${protocol}`, node: item }];
    }
    const published = mapGet(item, 'published');
    if (published?.kind !== 'scalar' || (typeof published.value !== 'string' && typeof published.value !== 'number')) {
      return [];
    }
    const hostIp = mapGet(item, 'host_ip');
    const protocol = mapGet(item, 'protocol');
    const text = (node: ComposeNode | undefined, fallback: string) =>
      node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : fallback;
    const port = String(published.value);
    return [{ published: port, binding: `${text(hostIp, '')}|${port}/${text(protocol, 'tcp')}`, node: published }];
  });
}

/** The first port of `80` or `80-90`; undefined when it is not a port number. */
function firstPort(published: string): number | undefined {
  const match = /^(\d{1,5})(?:-\d{1,5})?$/.exec(published.trim());
  return match ? Number(match[1]) : undefined;
}

interface LimitState {
  /** A limit is set to a real bound. */
  set: boolean;
  /** The value written that means "no limit" (0, -1), when there is one and no real bound. */
  unlimited?: ComposeScalar;
  label: string;
}

/** The service-level key (`mem_limit`) or `deploy.resources.limits.<key>`; either one with a real bound is enough. */
function firstLimit(
  service: ComposeService,
  serviceKey: string,
  deployKey: string,
  isUnlimited: (value: string | number | boolean) => boolean,
): LimitState {
  const candidates: Array<[label: string, node: ComposeNode | undefined]> = [
    [serviceKey, mapGet(service.body, serviceKey)],
    [
      `deploy.resources.limits.${deployKey}`,
      mapGet(mapGet(mapGet(mapGet(service.body, 'deploy'), 'resources'), 'limits'), deployKey),
    ],
  ];
  let unlimited: { node: ComposeScalar; label: string } | undefined;
  for (const [label, node] of candidates) {
    if (node?.kind !== 'scalar' || node.value === null || node.value === '') continue;
    if (!isUnlimited(node.value)) return { set: true, label };
    unlimited ??= { node, label: `${label}: ${String(node.value)}` };
  }
  return unlimited ? { set: false, unlimited: unlimited.node, label: unlimited.label } : { set: false, label: '' };
}

/** Docker reads a memory limit of 0 (in any unit go-units' RAMInBytes reads: `0`, `0b`, `0 MB`, `0KiB`, `0t`) as none. */
function isUnlimitedMemory(value: string | number | boolean): boolean {
  if (typeof value === 'number') return value <= 0;
  return typeof value === 'string' && /^0+(?:\.0+)?\s?(?:[kmgtp]i?)?b?$/i.test(value.trim());
}

/** Docker reads a PIDs limit of 0 or -1 (any negative) as none. */
function isUnlimitedPids(value: string | number | boolean): boolean {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  return Number.isFinite(number) && number <= 0;
}

function finding(
  ruleId: RuleId,
  project: ComposeProject,
  service: ComposeService,
  position: ValuePosition | undefined,
  details: { message: Message; key: string[] },
): Finding {
  return composeFinding(ruleId, project, {
    service: service.name,
    message: details.message,
    position: position ?? service.position,
    key: details.key,
    properties: { subject: service.name },
  });
}

/** A list's scalar items (compose's schema wants a list; a lone string, which compose refuses, is read as one item). */
function itemsAt(service: ComposeService, key: string): ComposeScalar[] {
  const node: ComposeNode | undefined = mapGet(service.body, key);
  if (node?.kind === 'scalar') return node.value === null ? [] : [node];
  if (node?.kind !== 'sequence') return [];
  return node.items.filter((item): item is ComposeScalar => item.kind === 'scalar');
}
