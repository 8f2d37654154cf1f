import type { Container, ContextValue, Workload } from '../k8s/types.js';
import type { Finding } from '../model/findings.js';
import { code, md } from '../util/markdown-message.js';
import { capabilityName, DANGEROUS_CAPABILITIES } from './capabilities.js';
import { k8sFinding, subject } from './k8s-finding.js';

/**
 * The Kubernetes privilege rules, on the effective security context (the container's settings over the pod's):
 * privileged, privilege escalation, host namespaces, capabilities, unconfined profiles, the service-account
 * token, and, when the policy asks, a writable root filesystem and storage limits.
 */

export interface K8sPodOptions {
  requireReadOnlyRootfs?: boolean;
  requireStorageLimits?: boolean;
  /** `kubernetes.allowedCapabilities`; unset: only the capabilities enough to escape are reported. */
  allowedCapabilities?: readonly string[];
  requireNoPrivilegeEscalation?: boolean;
  /** Any hostPath volume is reported (`k8s/host-path-volume`). */
  forbidHostPath?: boolean;
  /** Volume types a pod may use (`k8s/volume-type`); unset: any. */
  allowedVolumeTypes?: readonly string[];
  /** `runAsNonRoot: true` or a non-zero `runAsUser` required (`k8s/run-as-root`). */
  requireRunAsNonRoot?: boolean;
  /** A `RuntimeDefault` or `Localhost` seccomp profile required (`k8s/unconfined-profile`). */
  requireSeccompProfile?: boolean;
  /** `capabilities.drop` must contain ALL (`k8s/dangerous-capability`). */
  requireDropAll?: boolean;
}

/**
 * The sysctls the Pod Security Standards (baseline) allow: namespaced, and unable to affect other pods or the node.
 */
const SAFE_SYSCTLS: ReadonlySet<string> = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);

/** SELinux types the baseline profile allows for a container (`seLinuxOptions.type`). */
const SELINUX_TYPES: ReadonlySet<string> = new Set([
  'container_t',
  'container_init_t',
  'container_kvm_t',
  'container_engine_t',
]);

const HOST_NAMESPACES: ReadonlyArray<readonly [key: string, what: string]> = [
  ['hostNetwork', "the node's network stack: its interfaces and every service listening on its localhost"],
  ['hostPID', "the node's processes, which it can see, signal and (with ptrace) inspect"],
  ['hostIPC', "the node's shared memory and semaphores"],
];

export function k8sPodFindings(workload: Workload, options: K8sPodOptions): Finding[] {
  const findings: Finding[] = [];
  for (const [key, what] of HOST_NAMESPACES) {
    const setting = workload.pod[key];
    if (setting?.value !== true) continue;
    findings.push(
      k8sFinding('k8s/host-namespace', {
        workload,
        message: md`${subject(workload)} sets ${code(`${key}: true`)}: its containers share ${what}. Remove it${key === 'hostNetwork' ? md`, and expose the ports with a Service.` : md`.`}`,
        position: setting.position,
        key: [key],
        properties: { setting: key },
      }),
    );
  }
  const token = workload.pod['automountServiceAccountToken'];
  // Unset on the pod, the ServiceAccount's own setting applies (when that object was among the manifests).
  if (token?.value !== false && !(token === undefined && workload.serviceAccountAutomount?.value === false)) {
    findings.push(
      k8sFinding('k8s/service-account-token', {
        workload,
        message: md`${subject(workload)} ${token ? md`sets \`automountServiceAccountToken: true\`` : md`leaves \`automountServiceAccountToken\` unset (on)`}: every container gets a Kubernetes API token of its service account. Set \`automountServiceAccountToken: false\` unless it calls the API.`,
        position: token?.position ?? workload.podSpecPosition,
        key: ['automountServiceAccountToken'],
      }),
    );
  }
  findings.push(...volumeFindings(workload, options));
  for (const setting of workload.sysctls) {
    if (SAFE_SYSCTLS.has(setting.value)) continue;
    findings.push(
      k8sFinding('k8s/unsafe-sysctl', {
        workload,
        message: md`${subject(workload)} sets the sysctl ${code(setting.value)}, which is not among the safe, namespaced ones: it can affect other pods or the node. Remove it, or set it on the node.`,
        position: setting.position,
        key: ['sysctl', setting.value],
        properties: { sysctl: setting.value },
      }),
    );
  }
  if (options.requireStorageLimits) {
    for (const volume of workload.volumes) {
      if (volume.type !== 'emptyDir' || volume.source.sizeLimit) continue;
      findings.push(
        k8sFinding('k8s/storage-limit', {
          workload,
          message: md`The emptyDir volume ${code(volume.name)} of ${subject(workload)} has no \`sizeLimit\`: what its containers write there can fill the node's disk. Set \`emptyDir.sizeLimit\` (the policy asks for storage limits: kubernetes.requireStorageLimits).`,
          position: volume.typePosition,
          key: ['emptyDir', volume.name],
          properties: { volume: volume.name },
        }),
      );
    }
  }
  for (const container of workload.containers) findings.push(...containerFindings(workload, container, options));
  return findings;
}

function containerFindings(workload: Workload, container: Container, options: K8sPodOptions): Finding[] {
  const findings: Finding[] = [];
  const context = container.securityContext;
  const at = (value: ContextValue) => value.position;
  const privileged = context['privileged'];
  if (privileged?.value === true) {
    findings.push(
      k8sFinding('k8s/privileged', {
        workload,
        container,
        message: md`${subject(workload, container)} runs privileged: every capability, every node device, no seccomp or AppArmor profile: root in the container is root on the node. Grant only the capabilities it needs.`,
        position: at(privileged),
        key: ['privileged'],
      }),
    );
  }
  const escalation = context['allowPrivilegeEscalation'];
  if (escalation?.value === true || (options.requireNoPrivilegeEscalation && escalation?.value !== false)) {
    findings.push(
      k8sFinding('k8s/privilege-escalation', {
        workload,
        container,
        message: md`${subject(workload, container)} ${escalation ? md`sets \`allowPrivilegeEscalation: true\`` : md`does not set \`allowPrivilegeEscalation: false\``}: a process can gain more privileges than its parent through setuid programs or file capabilities. Set \`allowPrivilegeEscalation: false\`.`,
        position: escalation?.position ?? container.position,
        key: ['allowPrivilegeEscalation'],
      }),
    );
  }
  findings.push(...capabilityFindings(workload, container, options));
  findings.push(...unconfinedFindings(workload, container, options));
  for (const port of container.hostPorts) {
    findings.push(
      k8sFinding('k8s/host-port', {
        workload,
        container,
        message: md`${subject(workload, container)} binds port ${port.value} on the node (\`hostPort\`): outside the Service and NetworkPolicy model, and one such pod per node. Expose the port with a Service.`,
        position: port.position,
        key: ['hostPort', String(port.value)],
        properties: { hostPort: port.value },
      }),
    );
  }
  const runAsUser = context['runAsUser'];
  const nonRoot = context['runAsNonRoot'];
  const rootUser = runAsUser?.value === 0;
  const nonRootUser = typeof runAsUser?.value === 'number' && runAsUser.value > 0;
  if (options.requireRunAsNonRoot && (rootUser || (nonRoot?.value !== true && !nonRootUser))) {
    findings.push(
      k8sFinding('k8s/run-as-root', {
        workload,
        container,
        message: rootUser
          ? md`${subject(workload, container)} ${runAsUser!.from === 'pod' ? 'inherits from the pod' : 'sets'} \`runAsUser: 0\`: it runs as root; the policy asks for non-root (kubernetes.requireRunAsNonRoot). Use a non-zero uid.`
          : md`${subject(workload, container)} sets neither \`runAsNonRoot: true\` nor a non-zero \`runAsUser\` (on itself or the pod): it runs as whatever user the image names, root included; the policy asks for non-root (kubernetes.requireRunAsNonRoot). Set \`runAsNonRoot: true\`.`,
        position: rootUser ? runAsUser!.position : (nonRoot?.position ?? container.position),
        key: ['runAsNonRoot'],
      }),
    );
  }
  const hostProcess = (context['windowsOptions']?.value as { hostProcess?: unknown } | undefined)?.hostProcess;
  if (hostProcess === true) {
    findings.push(
      k8sFinding('k8s/privileged', {
        workload,
        container,
        message: md`${subject(workload, container)} sets \`windowsOptions.hostProcess: true\`: it runs as a process on the Windows node, with the node's privileges. Remove it.`,
        position: context['windowsOptions']!.position,
        key: ['hostProcess'],
      }),
    );
  }
  if (options.requireReadOnlyRootfs) {
    const readOnly = context['readOnlyRootFilesystem'];
    if (readOnly?.value !== true) {
      findings.push(
        k8sFinding('k8s/writable-rootfs', {
          workload,
          container,
          message: md`${subject(workload, container)} has a writable root filesystem${readOnly ? md` (\`readOnlyRootFilesystem: false\`)` : md``}; the policy asks for \`readOnlyRootFilesystem: true\` (kubernetes.requireReadOnlyRootfs). Give the paths it writes an emptyDir.`,
          position: readOnly?.position ?? container.position,
          key: ['readOnlyRootFilesystem'],
        }),
      );
    }
  }
  if (options.requireStorageLimits && !container.ephemeralStorageLimit) {
    findings.push(
      k8sFinding('k8s/storage-limit', {
        workload,
        container,
        message: md`${subject(workload, container)} has no \`resources.limits.ephemeral-storage\`: its logs, writable layer and emptyDirs can fill the node's disk. Set the limit (kubernetes.requireStorageLimits).`,
        position: container.position,
        key: ['ephemeral-storage'],
      }),
    );
  }
  return findings;
}

function volumeFindings(workload: Workload, options: K8sPodOptions): Finding[] {
  const findings: Finding[] = [];
  for (const volume of workload.volumes) {
    if (options.forbidHostPath && volume.type === 'hostPath') {
      findings.push(
        k8sFinding('k8s/host-path-volume', {
          workload,
          message: md`${subject(workload)} has the hostPath volume ${code(volume.name)} (${code(volume.source.hostPath?.path.value ?? '')}); the policy forbids hostPath volumes (kubernetes.forbidHostPath). Use a configMap, a secret, a persistent volume or an emptyDir.`,
          position: volume.typePosition,
          key: ['hostPath', volume.name],
          properties: { volume: volume.name },
        }),
      );
    }
    // A StatefulSet's claim templates are persistent volume claims for this check.
    const type = volume.type === 'volumeClaimTemplate' ? 'persistentVolumeClaim' : volume.type;
    if (options.allowedVolumeTypes && !options.allowedVolumeTypes.includes(type)) {
      findings.push(
        k8sFinding('k8s/volume-type', {
          workload,
          message: md`The volume ${code(volume.name)} of ${subject(workload)} is of type ${code(volume.type)}, which kubernetes.allowedVolumeTypes does not list (${options.allowedVolumeTypes.join(', ')}).`,
          position: volume.typePosition,
          key: ['volume', volume.name, volume.type],
          properties: { volume: volume.name, volumeType: volume.type },
        }),
      );
    }
  }
  return findings;
}

function capabilityFindings(workload: Workload, container: Container, options: K8sPodOptions): Finding[] {
  const capabilities = container.securityContext['capabilities'];
  const added = (capabilities?.value as { add?: unknown } | undefined)?.add;
  const dropped = (capabilities?.value as { drop?: unknown } | undefined)?.drop;
  const dropsAll =
    Array.isArray(dropped) && dropped.some((item) => typeof item === 'string' && capabilityName(item) === 'ALL');
  const dropFinding =
    options.requireDropAll && !dropsAll
      ? [
          k8sFinding('k8s/dangerous-capability', {
            workload,
            container,
            message: md`${subject(workload, container)} does not drop every capability (\`capabilities.drop: [ALL]\`); the policy asks for it (kubernetes.requireDropAll), so that it keeps only what it adds back.`,
            position: capabilities?.position ?? container.position,
            key: ['capabilities.drop', 'ALL'],
            properties: { capability: 'drop ALL' },
          }),
        ]
      : [];
  if (!capabilities || !Array.isArray(added)) return dropFinding;
  const allowed = options.allowedCapabilities?.map(capabilityName);
  return [
    ...dropFinding,
    ...added.flatMap((item: unknown) => {
      if (typeof item !== 'string') return [];
      const name = capabilityName(item);
      const dangerous = DANGEROUS_CAPABILITIES.get(name);
      if (allowed ? allowed.includes(name) : !dangerous) return [];
      const why = allowed
        ? md`which kubernetes.allowedCapabilities does not list${dangerous ? md` (${dangerous})` : md``}`
        : md`(${dangerous ?? ''}), enough to escape the container`;
      return [
        k8sFinding('k8s/dangerous-capability', {
          workload,
          container,
          message: md`${subject(workload, container)} adds the capability ${code(item)}, ${why}. Grant a narrower capability.`,
          position: capabilities.position,
          key: ['capabilities.add', name],
          properties: { capability: name },
        }),
      ];
    }),
  ];
}

function unconfinedFindings(workload: Workload, container: Container, options: K8sPodOptions): Finding[] {
  const context = container.securityContext;
  const found: Array<{ setting: string; what: string; position: ContextValue['position']; from: string }> = [];
  for (const key of ['seccompProfile', 'appArmorProfile'] as const) {
    const profile = context[key];
    const type = (profile?.value as { type?: unknown } | undefined)?.type;
    if (profile && type === 'Unconfined') {
      found.push({
        setting: `${key}.type: Unconfined`,
        what: key === 'seccompProfile' ? 'every system call is allowed' : 'no AppArmor profile confines it',
        position: profile.position,
        from: profile.from,
      });
    }
  }
  if (container.appArmorAnnotation?.value === 'unconfined') {
    found.push({
      setting: 'AppArmor annotation unconfined',
      what: 'no AppArmor profile confines it',
      position: container.appArmorAnnotation.position,
      from: 'pod',
    });
  }
  const seLinux = context['seLinuxOptions'];
  const seLinuxValue = (seLinux?.value ?? {}) as { type?: unknown; user?: unknown; role?: unknown };
  const seLinuxProblems = [
    ...(typeof seLinuxValue.type === 'string' && seLinuxValue.type !== '' && !SELINUX_TYPES.has(seLinuxValue.type)
      ? [`type ${seLinuxValue.type}`]
      : []),
    ...(typeof seLinuxValue.user === 'string' && seLinuxValue.user !== '' ? [`user ${seLinuxValue.user}`] : []),
    ...(typeof seLinuxValue.role === 'string' && seLinuxValue.role !== '' ? [`role ${seLinuxValue.role}`] : []),
  ];
  if (seLinux && seLinuxProblems.length > 0) {
    found.push({
      setting: `seLinuxOptions ${seLinuxProblems.join(', ')}`,
      what: "a custom SELinux type, user or role can lift the container's separation (allowed types: container_t, container_init_t, container_kvm_t, container_engine_t; no user or role)",
      position: seLinux.position,
      from: seLinux.from,
    });
  }
  const seccomp = context['seccompProfile'];
  const seccompType = (seccomp?.value as { type?: unknown } | undefined)?.type;
  if (
    options.requireSeccompProfile &&
    seccompType !== 'RuntimeDefault' &&
    seccompType !== 'Localhost' &&
    seccompType !== 'Unconfined'
  ) {
    found.push({
      setting: 'no seccompProfile',
      what: 'no seccomp profile is set (the runtime may run it unconfined); the policy asks for RuntimeDefault or Localhost (kubernetes.requireSeccompProfile)',
      position: seccomp?.position ?? container.position,
      from: 'container',
    });
  }
  const procMount = context['procMount'];
  if (procMount?.value === 'Unmasked') {
    found.push({
      setting: 'procMount: Unmasked',
      what: 'the masked /proc paths are exposed',
      position: procMount.position,
      from: 'container',
    });
  }
  return found.map((each) =>
    k8sFinding('k8s/unconfined-profile', {
      workload,
      container,
      message: md`${subject(workload, container)} ${each.from === 'pod' ? 'inherits from the pod' : 'sets'} ${code(each.setting)}: ${each.what}. Use \`RuntimeDefault\` or a profile of your own.`,
      position: each.position,
      key: ['unconfined', each.setting],
      properties: { setting: each.setting },
    }),
  );
}
