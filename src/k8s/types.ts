import type { ComposeMap, ComposeNode, ValuePosition } from '../compose/types.js';

/**
 * Kubernetes workloads as imagegate reads them from manifests: every value keeps the file:line:column it was
 * written at (the same positioned YAML tree as compose, src/yaml/positioned-yaml.ts), and every container carries
 * its mounts with the effective read-only and why, and its security context merged with the pod's as the kubelet
 * does. Built by load.ts (files → objects), workloads.ts (objects → pod specs) and mounts.ts (volumes, mounts).
 */

export type YamlNode = ComposeNode;
export type YamlMap = ComposeMap;
export type { ValuePosition };

/** A value and where it was written. */
export interface Located<T> {
  value: T;
  position: ValuePosition;
}

/** A helm `# Source: chart/templates/x.yaml` comment: the template that rendered the object. */
export interface TemplateSource {
  template: string;
  position: ValuePosition;
}

/** One object of a manifest (a document, or an item of a `List`). */
export interface ManifestObject {
  apiVersion: string | undefined;
  kind: string;
  name: string | undefined;
  namespace: string | undefined;
  /** The object's map. */
  position: ValuePosition;
  body: YamlMap;
  template?: TemplateSource;
}

export const WORKLOAD_KINDS = [
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'PodTemplate',
] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export type VolumeType =
  | 'hostPath'
  | 'emptyDir'
  | 'persistentVolumeClaim'
  | 'volumeClaimTemplate'
  | 'ephemeral'
  | 'configMap'
  | 'secret'
  | 'downwardAPI'
  | 'projected'
  | 'csi'
  | 'nfs'
  | 'image'
  | 'unknown'
  | (string & {});

/** What a volume takes its data from, as the manifest says it. */
export interface VolumeSourceInfo {
  /** `hostPath.path` and `hostPath.type` (`DirectoryOrCreate`, `Socket`, … ; unset: no check). */
  hostPath?: { path: Located<string>; type?: Located<string> };
  /** The claim's name (persistentVolumeClaim) or the claim template's (StatefulSet volumeClaimTemplates). */
  claimName?: string;
  configMap?: string;
  secret?: string;
  csiDriver?: string;
  nfs?: { server?: string; path?: string };
  /** `projected.sources`: `configMap:name`, `secret:name`, `serviceAccountToken`, `downwardAPI`, `clusterTrustBundle`. */
  projected?: string[];
  /** `image.reference` of an image volume. */
  imageReference?: string;
  /** `emptyDir.medium` (`Memory` is tmpfs). */
  medium?: string;
  /** `emptyDir.sizeLimit`. */
  sizeLimit?: Located<string>;
}

export interface Volume {
  name: string;
  type: VolumeType;
  /** The volume's entry (`- name: data`), or the claim template's. */
  position: ValuePosition;
  /** The volume-type key (`hostPath:`), where its settings are. */
  typePosition: ValuePosition;
  source: VolumeSourceInfo;
  /** `persistentVolumeClaim.readOnly`, `csi.readOnly`, `nfs.readOnly` …: forces every mount of it read-only. */
  readOnly?: Located<boolean>;
}

export type ReadOnlyReason =
  'mount-readOnly' | 'volume-readOnly' | 'always-read-only-type' | 'not-set' | 'mount-readOnly-false';

export interface VolumeMount {
  volumeName: string;
  /** Undefined only while loading; load refuses a mount that names no volume. */
  volume: Volume;
  mountPath: string;
  subPath?: string;
  subPathExpr?: string;
  /** The effective read-only as the kubelet applies it, and why. */
  readOnly: boolean;
  readOnlyReason: ReadOnlyReason;
  /** The value that decided: the mount's `readOnly`, the volume's, the volume type, or the mount entry. */
  readOnlyPosition: ValuePosition;
  /** `recursiveReadOnly` as written (`Enabled`, `IfPossible`, `Disabled`). */
  recursiveReadOnly?: string;
  mountPropagation?: Located<string>;
  /** The mount's entry (`- name: data`). */
  position: ValuePosition;
}

/** A security-context setting after the merge: the container's value when set, else the pod's. */
export interface ContextValue {
  value: unknown;
  position: ValuePosition;
  from: 'pod' | 'container';
}

export type ContainerRole = 'container' | 'initContainer' | 'ephemeralContainer';

export interface Container {
  name: string;
  role: ContainerRole;
  image?: Located<string>;
  position: ValuePosition;
  /** Merged security context, by field name (`runAsNonRoot`, `capabilities`, `seccompProfile`, …). */
  securityContext: Record<string, ContextValue>;
  mounts: VolumeMount[];
  /** `resources.limits.ephemeral-storage`. */
  ephemeralStorageLimit?: Located<string>;
  /** An AppArmor annotation on the pod (`container.apparmor.security.beta.kubernetes.io/<name>`). */
  appArmorAnnotation?: Located<string>;
  /** `ports[].hostPort` values other than 0. */
  hostPorts: Array<Located<number>>;
}

export interface Workload {
  kind: WorkloadKind;
  name: string;
  namespace: string | undefined;
  position: ValuePosition;
  template?: TemplateSource;
  /** The pod spec's map (`spec`, `spec.template.spec`, `spec.jobTemplate.spec.template.spec`, `template.spec`). */
  podSpecPosition: ValuePosition;
  /** Pod-level settings the rules read: hostNetwork, hostPID, hostIPC, automountServiceAccountToken, … */
  pod: Record<string, Located<unknown>>;
  /**
   * `automountServiceAccountToken` of the pod's ServiceAccount (`serviceAccountName`, else `default`), when that
   * ServiceAccount is among the manifests read (same namespace): the pod inherits it when it sets none itself.
   */
  serviceAccountAutomount?: Located<boolean>;
  /** The names of the pod's `securityContext.sysctls`. */
  sysctls: Array<Located<string>>;
  volumes: Volume[];
  containers: Container[];
}

/** Everything read from the manifests of a run. */
export interface K8sManifests {
  /** Files read, as display paths (`-` is `<stdin>`). */
  files: string[];
  objects: ManifestObject[];
  workloads: Workload[];
  warnings: Array<{ message: string; position?: ValuePosition }>;
}
