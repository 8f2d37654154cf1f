import { describeNode, mapGet } from '../compose/loader/node.js';
import { ConfigurationError } from '../util/errors.js';
import { mapList, optionalBoolean, optionalMap, optionalQuantity, optionalString, requiredString } from './fields.js';
import { readMounts, readVolumes } from './mounts.js';
import { effectiveSecurityContext } from './security-context.js';
import {
  WORKLOAD_KINDS,
  type Container,
  type ContainerRole,
  type Located,
  type ManifestObject,
  type Workload,
  type WorkloadKind,
  type YamlMap,
} from './types.js';

/** Where each workload kind keeps its pod template: the path of the pod's metadata/spec parent. */
const TEMPLATE_PATHS: Record<WorkloadKind, readonly string[]> = {
  Pod: [],
  PodTemplate: ['template'],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

const ROLES: ReadonlyArray<{ key: string; role: ContainerRole }> = [
  { key: 'initContainers', role: 'initContainer' },
  { key: 'containers', role: 'container' },
  { key: 'ephemeralContainers', role: 'ephemeralContainer' },
];

/** Pod-level settings the rules read (booleans). */
const POD_BOOLEANS = ['hostNetwork', 'hostPID', 'hostIPC', 'hostUsers', 'automountServiceAccountToken'] as const;

const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

export function isWorkloadKind(kind: string): kind is WorkloadKind {
  return (WORKLOAD_KINDS as readonly string[]).includes(kind);
}

/** The workloads among the objects, in order; other kinds (Service, ConfigMap, CRDs) are skipped. */
export function readWorkloads(objects: readonly ManifestObject[]): Workload[] {
  const accounts = new Map<string, Located<boolean>>();
  for (const object of objects) {
    if (object.kind !== 'ServiceAccount' || object.name === undefined) continue;
    const automount = optionalBoolean(object.body, 'automountServiceAccountToken', `ServiceAccount ${object.name}`);
    if (automount) accounts.set(`${object.namespace ?? ''}/${object.name}`, automount);
  }
  return objects
    .filter((object) => isWorkloadKind(object.kind))
    .map((object) => {
      const workload = readWorkload(object);
      const account = workload.pod['serviceAccountName']?.value ?? 'default';
      const automount = accounts.get(`${workload.namespace ?? ''}/${String(account)}`);
      return automount ? { ...workload, serviceAccountAutomount: automount } : workload;
    });
}

export function readWorkload(object: ManifestObject): Workload {
  const kind = object.kind as WorkloadKind;
  const name = object.name ?? '(unnamed)';
  const where = `${kind} ${name}`;
  // Walk to the pod template; a workload without one is refused at the deepest part that is there.
  let parent: YamlMap = object.body;
  const walked: string[] = [];
  for (const key of TEMPLATE_PATHS[kind]) {
    const next = optionalMap(parent, key, `${where} (${[...walked, key].join('.')})`);
    walked.push(key);
    if (!next) throw missingTemplate(where, walked, parent);
    parent = next;
  }
  const podSpec = optionalMap(parent, 'spec', where);
  if (!podSpec) throw missingTemplate(where, [...walked, 'spec'], parent);
  const podMetadata = optionalMap(parent, 'metadata', where);
  const claimTemplates =
    kind === 'StatefulSet' ? mapList(mapGet(object.body, 'spec'), 'volumeClaimTemplates', where) : [];
  const volumes = readVolumes(podSpec, claimTemplates, where);
  const podSecurity = optionalMap(podSpec, 'securityContext', `the pod of ${where}`);
  const annotations = optionalMap(podMetadata, 'annotations', `the pod of ${where}`);
  const pod: Record<string, Located<unknown>> = {};
  for (const key of POD_BOOLEANS) {
    const value = optionalBoolean(podSpec, key, `the pod of ${where}`);
    if (value) pod[key] = value;
  }
  // `serviceAccount` is the deprecated spelling the API still accepts.
  const account =
    optionalString(podSpec, 'serviceAccountName', `the pod of ${where}`) ??
    optionalString(podSpec, 'serviceAccount', `the pod of ${where}`);
  if (account && account.value !== '') pod['serviceAccountName'] = account;
  // Pod-level sysctls: each `{name, value}`; the rules judge the names.
  const sysctls = mapList(podSecurity, 'sysctls', `the pod of ${where} (securityContext)`).map((entry) =>
    requiredString(entry, 'name', `a sysctl of the pod of ${where}`),
  );
  const containers: Container[] = [];
  const names = new Map<string, Container>();
  for (const { key, role } of ROLES) {
    for (const entry of mapList(podSpec, key, `the pod of ${where}`)) {
      const container = readContainer(entry, role, where, volumes, podSecurity, annotations);
      const first = names.get(container.name);
      if (first) {
        throw new ConfigurationError(
          `container \`${container.name}\` of ${where} is defined twice (first at line ${first.position.line}); container names are unique in a pod`,
          container.position,
        );
      }
      names.set(container.name, container);
      containers.push(container);
    }
  }
  if (!containers.some((container) => container.role === 'container')) {
    throw new ConfigurationError(`${where} has no containers (spec.containers)`, podSpec.position);
  }
  return {
    kind,
    name,
    namespace: object.namespace,
    position: object.position,
    ...(object.template ? { template: object.template } : {}),
    podSpecPosition: podSpec.position,
    pod,
    sysctls,
    volumes,
    containers,
  };
}

function missingTemplate(where: string, walked: readonly string[], at: YamlMap): ConfigurationError {
  return new ConfigurationError(`${where} has no pod template (${walked.join('.')})`, at.position);
}

function readContainer(
  entry: YamlMap,
  role: ContainerRole,
  workload: string,
  volumes: Workload['volumes'],
  podSecurity: YamlMap | undefined,
  annotations: YamlMap | undefined,
): Container {
  const name = requiredString(entry, 'name', `a ${role} of ${workload}`);
  const where = `${role} \`${name.value}\` of ${workload}`;
  const image = optionalString(entry, 'image', where);
  const containerSecurity = optionalMap(entry, 'securityContext', where);
  const limits = optionalMap(optionalMap(entry, 'resources', where), 'limits', where);
  const ephemeralStorageLimit = optionalQuantity(limits, 'ephemeral-storage', where);
  const appArmorAnnotation = optionalString(
    annotations,
    `${APPARMOR_ANNOTATION}${name.value}`,
    `the pod of ${workload}`,
  );
  return {
    name: name.value,
    role,
    ...(image ? { image } : {}),
    position: entry.position,
    securityContext: effectiveSecurityContext(podSecurity, containerSecurity),
    mounts: readMounts(entry, volumes, where),
    ...(ephemeralStorageLimit ? { ephemeralStorageLimit } : {}),
    ...(appArmorAnnotation ? { appArmorAnnotation } : {}),
    hostPorts: mapList(entry, 'ports', where).flatMap((port) => {
      const hostPort = mapGet(port, 'hostPort');
      if (hostPort?.kind !== 'scalar' || hostPort.value === null || hostPort.value === 0) return [];
      if (typeof hostPort.value !== 'number') {
        throw new ConfigurationError(
          `\`hostPort\` of ${where} must be a port number, found ${describeNode(hostPort)}`,
          hostPort.position,
        );
      }
      return [{ value: hostPort.value, position: hostPort.position }];
    }),
  };
}
