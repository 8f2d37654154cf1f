import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  mapList,
  optionalBoolean,
  optionalMap,
  optionalQuantity,
  optionalString,
  readMounts,
  readVolumes,
  requiredString
} from "./chunk-H7T6J2AA.js";
import {
  checkYamlSize,
  parsePositionedYaml,
  readYamlText
} from "./chunk-PX7WTPDF.js";
import {
  describeNode,
  isMapNode,
  isNullNode,
  mapGet,
  stringValue,
  toPlain
} from "./chunk-TFUQI7BM.js";
import {
  WorkspacePaths
} from "./chunk-5AN7IYVK.js";
import {
  ConfigurationError
} from "./chunk-BRI3MEVE.js";

// src/k8s/load.ts
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
var KUBERNETES_DIALECT = {
  what: "Kubernetes manifest",
  reader: "Kubernetes",
  resetTags: false
};
var MAX_MANIFEST_FILES = 1e3;
var MAX_MANIFEST_TOTAL_BYTES = 64 * 1024 * 1024;
var MAX_WALK_ENTRIES = 2e5;
var SKIPPED_DIRS = /* @__PURE__ */ new Set(["node_modules", ".git", "vendor", "imagegate-out"]);
var MANIFEST_EXTENSIONS = [".yaml", ".yml"];
var STDIN_DISPLAY = "<stdin>";
async function readManifests(inputs, context) {
  const paths = context.paths ?? WorkspacePaths.unrestricted();
  const warn = context.warn ?? (() => void 0);
  const files = [];
  const objects = [];
  let total = 0;
  const account = (bytes, display) => {
    total += bytes;
    if (total > MAX_MANIFEST_TOTAL_BYTES) {
      throw new ConfigurationError(
        `the Kubernetes manifests add up to more than ${MAX_MANIFEST_TOTAL_BYTES} bytes at ${display}; name fewer files`,
        context.referencedAt
      );
    }
  };
  for (const input of inputs) {
    if (input === "-") {
      if (!context.readStdin) throw new ConfigurationError("--k8s -: standard input is not available here");
      const text = await context.readStdin();
      checkYamlSize(Buffer.byteLength(text), STDIN_DISPLAY, KUBERNETES_DIALECT.what);
      account(Buffer.byteLength(text), STDIN_DISPLAY);
      files.push(STDIN_DISPLAY);
      objects.push(
        ...manifestObjects(text, { absolute: STDIN_DISPLAY, display: STDIN_DISPLAY, baseDir: context.cwd }, warn)
      );
      continue;
    }
    for (const file of await expandInput(input, context, paths, files.length)) {
      const source = { absolute: file, display: context.displayPath(file), baseDir: path.dirname(file) };
      const text = await readYamlText(source, context.referencedAt, paths, KUBERNETES_DIALECT.what);
      account(Buffer.byteLength(text), source.display);
      files.push(source.display);
      objects.push(...manifestObjects(text, source, warn));
      if (files.length > MAX_MANIFEST_FILES) {
        throw new ConfigurationError(
          `more than ${MAX_MANIFEST_FILES} Kubernetes manifest files; name the directories of the deployment`,
          context.referencedAt
        );
      }
    }
  }
  return { files, objects };
}
async function expandInput(input, context, paths, already) {
  const absolute = path.resolve(context.cwd, input);
  let isDirectory;
  try {
    isDirectory = (await stat(absolute)).isDirectory();
  } catch (error) {
    const code = error.code;
    const reason = code === "ENOENT" ? "it does not exist" : code ?? error.message;
    throw new ConfigurationError(`Kubernetes manifest path ${input}: ${reason}`, context.referencedAt);
  }
  if (!isDirectory) return [absolute];
  const checked = await paths.check(absolute);
  if (!checked.ok && checked.problem === "refused") {
    throw new ConfigurationError(
      `Kubernetes manifest directory ${input} is refused: ${checked.reason}`,
      context.referencedAt
    );
  }
  const found = [];
  let visited = 0;
  const walk = async (dir) => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    for (const entry of entries) {
      visited += 1;
      if (visited > MAX_WALK_ENTRIES) {
        throw new ConfigurationError(
          `Kubernetes manifest directory ${input} holds more than ${MAX_WALK_ENTRIES} entries; name a smaller one`,
          context.referencedAt
        );
      }
      const child = path.join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) await walk(child);
      else if (entry.isFile() && MANIFEST_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) {
        found.push(child);
        if (already + found.length > MAX_MANIFEST_FILES) {
          throw new ConfigurationError(
            `more than ${MAX_MANIFEST_FILES} Kubernetes manifest files under ${input}; name the directories of the deployment`,
            context.referencedAt
          );
        }
      }
    }
  };
  await walk(absolute);
  return found;
}
function manifestObjects(text, source, warn) {
  const objects = [];
  for (const document of parsePositionedYaml(text, source, warn, KUBERNETES_DIALECT)) {
    const root = document.root;
    if (root === void 0 || isNullNode(root)) continue;
    const template = helmSource(document.leadingComments);
    const object = manifestObject(root, template, "a document of a Kubernetes manifest");
    if (isList(object)) {
      const items = mapGet(object.body, "items");
      if (isNullNode(items)) continue;
      if (items?.kind !== "sequence") {
        throw new ConfigurationError(
          `\`items\` of a ${object.kind} must be a list of objects, found ${describeNode(items)}`,
          items?.position ?? object.position
        );
      }
      for (const item of items.items) objects.push(manifestObject(item, template, `an item of a ${object.kind}`));
    } else {
      objects.push(object);
    }
  }
  return objects;
}
function isList(object) {
  return object.kind === "List" || object.kind.endsWith("List") && mapGet(object.body, "items") !== void 0;
}
function manifestObject(node, template, what) {
  if (!isMapNode(node)) {
    throw new ConfigurationError(
      `${what} must be an object (apiVersion, kind, metadata, …), found ${describeNode(node)}`,
      node.position
    );
  }
  const kindNode = mapGet(node, "kind");
  const kind = stringValue(kindNode);
  if (kind === void 0 || kind === "") {
    throw new ConfigurationError(
      `${what} has no \`kind\` (Deployment, Pod, …)${kindNode ? `: found ${describeNode(kindNode)}` : ""}`,
      kindNode?.position ?? node.position
    );
  }
  const metadata = mapGet(node, "metadata");
  return {
    apiVersion: stringValue(mapGet(node, "apiVersion")),
    kind,
    name: stringValue(mapGet(metadata, "name")) ?? stringValue(mapGet(metadata, "generateName")),
    namespace: stringValue(mapGet(metadata, "namespace")),
    position: node.position,
    body: node,
    ...template ? { template } : {}
  };
}
function helmSource(comments) {
  let found;
  for (const comment of comments) {
    if (!comment.text.startsWith("Source:")) continue;
    const template = comment.text.slice("Source:".length).trim();
    if (template !== "") found = { template, position: comment.position };
  }
  return found;
}

// src/k8s/security-context.ts
var POD_OVERRIDABLE_FIELDS = [
  "runAsUser",
  "runAsGroup",
  "runAsNonRoot",
  "seLinuxOptions",
  "seccompProfile",
  "windowsOptions",
  "appArmorProfile"
];
var CONTAINER_ONLY_FIELDS = [
  "privileged",
  "allowPrivilegeEscalation",
  "capabilities",
  "readOnlyRootFilesystem",
  "procMount"
];
function effectiveSecurityContext(pod, container) {
  const merged = {};
  const take = (from, map, fields) => {
    for (const field of fields) {
      const entry = map?.entries.get(field);
      if (!entry || entry.value.kind === "scalar" && entry.value.value === null) continue;
      merged[field] = { value: toPlain(entry.value), position: entry.value.position, from };
    }
  };
  take("pod", pod, POD_OVERRIDABLE_FIELDS);
  take("container", container, [...POD_OVERRIDABLE_FIELDS, ...CONTAINER_ONLY_FIELDS]);
  return merged;
}

// src/k8s/types.ts
var WORKLOAD_KINDS = [
  "Pod",
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "ReplicationController",
  "Job",
  "CronJob",
  "PodTemplate"
];

// src/k8s/workloads.ts
var TEMPLATE_PATHS = {
  Pod: [],
  PodTemplate: ["template"],
  Deployment: ["spec", "template"],
  StatefulSet: ["spec", "template"],
  DaemonSet: ["spec", "template"],
  ReplicaSet: ["spec", "template"],
  ReplicationController: ["spec", "template"],
  Job: ["spec", "template"],
  CronJob: ["spec", "jobTemplate", "spec", "template"]
};
var ROLES = [
  { key: "initContainers", role: "initContainer" },
  { key: "containers", role: "container" },
  { key: "ephemeralContainers", role: "ephemeralContainer" }
];
var POD_BOOLEANS = ["hostNetwork", "hostPID", "hostIPC", "hostUsers", "automountServiceAccountToken"];
var APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";
function isWorkloadKind(kind) {
  return WORKLOAD_KINDS.includes(kind);
}
function readWorkloads(objects) {
  const accounts = /* @__PURE__ */ new Map();
  for (const object of objects) {
    if (object.kind !== "ServiceAccount" || object.name === void 0) continue;
    const automount = optionalBoolean(object.body, "automountServiceAccountToken", `ServiceAccount ${object.name}`);
    if (automount) accounts.set(`${object.namespace ?? ""}/${object.name}`, automount);
  }
  return objects.filter((object) => isWorkloadKind(object.kind)).map((object) => {
    const workload = readWorkload(object);
    const account = workload.pod["serviceAccountName"]?.value ?? "default";
    const automount = accounts.get(`${workload.namespace ?? ""}/${String(account)}`);
    return automount ? { ...workload, serviceAccountAutomount: automount } : workload;
  });
}
function readWorkload(object) {
  const kind = object.kind;
  const name = object.name ?? "(unnamed)";
  const where = `${kind} ${name}`;
  let parent = object.body;
  const walked = [];
  for (const key of TEMPLATE_PATHS[kind]) {
    const next = optionalMap(parent, key, `${where} (${[...walked, key].join(".")})`);
    walked.push(key);
    if (!next) throw missingTemplate(where, walked, parent);
    parent = next;
  }
  const podSpec = optionalMap(parent, "spec", where);
  if (!podSpec) throw missingTemplate(where, [...walked, "spec"], parent);
  const podMetadata = optionalMap(parent, "metadata", where);
  const claimTemplates = kind === "StatefulSet" ? mapList(mapGet(object.body, "spec"), "volumeClaimTemplates", where) : [];
  const volumes = readVolumes(podSpec, claimTemplates, where);
  const podSecurity = optionalMap(podSpec, "securityContext", `the pod of ${where}`);
  const annotations = optionalMap(podMetadata, "annotations", `the pod of ${where}`);
  const pod = {};
  for (const key of POD_BOOLEANS) {
    const value = optionalBoolean(podSpec, key, `the pod of ${where}`);
    if (value) pod[key] = value;
  }
  const account = optionalString(podSpec, "serviceAccountName", `the pod of ${where}`) ?? optionalString(podSpec, "serviceAccount", `the pod of ${where}`);
  if (account && account.value !== "") pod["serviceAccountName"] = account;
  const sysctls = mapList(podSecurity, "sysctls", `the pod of ${where} (securityContext)`).map(
    (entry) => requiredString(entry, "name", `a sysctl of the pod of ${where}`)
  );
  const containers = [];
  const names = /* @__PURE__ */ new Map();
  for (const { key, role } of ROLES) {
    for (const entry of mapList(podSpec, key, `the pod of ${where}`)) {
      const container = readContainer(entry, role, where, volumes, podSecurity, annotations);
      const first = names.get(container.name);
      if (first) {
        throw new ConfigurationError(
          `container \`${container.name}\` of ${where} is defined twice (first at line ${first.position.line}); container names are unique in a pod`,
          container.position
        );
      }
      names.set(container.name, container);
      containers.push(container);
    }
  }
  if (!containers.some((container) => container.role === "container")) {
    throw new ConfigurationError(`${where} has no containers (spec.containers)`, podSpec.position);
  }
  return {
    kind,
    name,
    namespace: object.namespace,
    position: object.position,
    ...object.template ? { template: object.template } : {},
    podSpecPosition: podSpec.position,
    pod,
    sysctls,
    volumes,
    containers
  };
}
function missingTemplate(where, walked, at) {
  return new ConfigurationError(`${where} has no pod template (${walked.join(".")})`, at.position);
}
function readContainer(entry, role, workload, volumes, podSecurity, annotations) {
  const name = requiredString(entry, "name", `a ${role} of ${workload}`);
  const where = `${role} \`${name.value}\` of ${workload}`;
  const image = optionalString(entry, "image", where);
  const containerSecurity = optionalMap(entry, "securityContext", where);
  const limits = optionalMap(optionalMap(entry, "resources", where), "limits", where);
  const ephemeralStorageLimit = optionalQuantity(limits, "ephemeral-storage", where);
  const appArmorAnnotation = optionalString(
    annotations,
    `${APPARMOR_ANNOTATION}${name.value}`,
    `the pod of ${workload}`
  );
  return {
    name: name.value,
    role,
    ...image ? { image } : {},
    position: entry.position,
    securityContext: effectiveSecurityContext(podSecurity, containerSecurity),
    mounts: readMounts(entry, volumes, where),
    ...ephemeralStorageLimit ? { ephemeralStorageLimit } : {},
    ...appArmorAnnotation ? { appArmorAnnotation } : {},
    hostPorts: mapList(entry, "ports", where).flatMap((port) => {
      const hostPort = mapGet(port, "hostPort");
      if (hostPort?.kind !== "scalar" || hostPort.value === null || hostPort.value === 0) return [];
      if (typeof hostPort.value !== "number") {
        throw new ConfigurationError(
          `\`hostPort\` of ${where} must be a port number, found ${describeNode(hostPort)}`,
          hostPort.position
        );
      }
      return [{ value: hostPort.value, position: hostPort.position }];
    })
  };
}

// src/k8s/load-manifests.ts
async function loadManifests(inputs, context) {
  const warnings = [];
  const { files, objects } = await readManifests(inputs, {
    ...context,
    warn: (message, position) => {
      warnings.push(position ? { message, position } : { message });
      context.warn?.(message, position);
    }
  });
  return { files, objects, workloads: readWorkloads(objects), warnings };
}

export {
  readWorkloads,
  loadManifests
};
//# sourceMappingURL=chunk-AUXTYMAK.js.map
