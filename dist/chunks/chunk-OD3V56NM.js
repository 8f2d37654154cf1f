import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  isHostPathSource,
  parseShortVolume
} from "./chunk-YH46MFO6.js";
import {
  describeNode,
  isMapNode,
  isNullNode,
  mapGet,
  stringValue
} from "./chunk-TFUQI7BM.js";
import {
  ConfigurationError
} from "./chunk-BRI3MEVE.js";

// src/compose/mounts/mount-volume.ts
import path2 from "node:path";

// src/compose/loader/paths.ts
import path from "node:path";
function expandUser(value, homeDir) {
  if (!value.startsWith("~") || homeDir === void 0 || homeDir === "") return value;
  return path.join(homeDir, value.slice(1));
}
function isWindowsAbsolute(value) {
  return /^[A-Za-z]:[\\/]/.test(value) || value.startsWith("\\\\");
}
function resolveHostPath(value, baseDir, homeDir) {
  const expanded = expandUser(value, homeDir);
  if (path.posix.isAbsolute(expanded) || isWindowsAbsolute(expanded)) return expanded;
  if (path.isAbsolute(expanded)) return expanded;
  return path.join(baseDir, expanded);
}

// src/compose/mounts/mount-volume.ts
var MOUNT_TYPES = ["bind", "volume", "tmpfs", "npipe", "image", "cluster"];
var PROPAGATIONS = ["rprivate", "private", "rshared", "shared", "rslave", "slave"];
function volumeEntryMount(item, context) {
  if (isMapNode(item)) return longSyntaxMount(item, context);
  const spec = stringValue(item);
  if (spec === void 0) {
    throw new ConfigurationError(
      `${context.where}: expected a volume such as ./data:/data:ro or a map with type, source and target, found ${describeNode(item)}`,
      item.position
    );
  }
  return shortSyntaxMount(spec, item, context);
}
function shortSyntaxMount(spec, item, context) {
  const parsed = parseShortVolume(spec);
  if (!parsed.ok) throw new ConfigurationError(`${context.where}: ${parsed.error}`, item.position);
  const { source, target, mode } = parsed.volume;
  const mount = {
    service: context.service.name,
    type: source === "" ? "volume" : isHostPathSource(source) ? "bind" : "volume",
    target,
    readOnly: false,
    modePosition: item.position,
    position: item.position,
    origin: "short",
    ignoredOptions: []
  };
  if (mode !== void 0) {
    mount.mode = mode;
    applyShortOptions(mount, mode, item.position);
  }
  if (mount.type === "bind") {
    mount.createHostPath = true;
    setHostSource(mount, source, item.baseDir ?? context.service.workingDir, context.project);
  } else if (source !== "") {
    mount.writtenSource = source;
    mount.source = source;
    applyNamedVolume(mount, source, context.project);
  }
  return mount;
}
function applyShortOptions(mount, mode, position) {
  for (const option of mode.split(",")) {
    if (option === "ro") mount.readOnly = true;
    else if (option === "rw") mount.readOnly = false;
    else if (option === "nocopy") mount.noCopy = true;
    else if (PROPAGATIONS.includes(option)) {
      mount.propagation = option;
      mount.propagationPosition = position;
    } else if (option === "z" || option === "Z") mount.selinux = option;
    else if (option !== "") mount.ignoredOptions.push(option);
  }
}
function longSyntaxMount(item, context) {
  const where = context.where;
  const typeNode = mapGet(item, "type");
  const type = stringValue(typeNode);
  if (type === void 0 || !MOUNT_TYPES.includes(type)) {
    throw new ConfigurationError(
      `${where}.type: expected one of ${MOUNT_TYPES.join(", ")}, found ${describeNode(typeNode)}`,
      typeNode?.position ?? item.position
    );
  }
  const targetNode = mapGet(item, "target");
  const target = stringValue(targetNode);
  if (target === void 0 || target === "") {
    throw new ConfigurationError(
      `${where}: a volume in long syntax needs a \`target\` (the path inside the container)`,
      targetNode?.position ?? item.position
    );
  }
  const mount = {
    service: context.service.name,
    type,
    target,
    readOnly: false,
    modePosition: item.position,
    position: item.position,
    origin: "long",
    ignoredOptions: []
  };
  const readOnly = mapGet(item, "read_only");
  if (readOnly !== void 0 && readOnly.kind === "scalar" && readOnly.value !== null) {
    mount.readOnly = booleanValue(readOnly, `${where}.read_only`);
    mount.modePosition = readOnly.position;
  }
  readBindOptions(mount, mapGet(item, "bind"), `${where}.bind`);
  readVolumeOptions(mount, mapGet(item, "volume"));
  readTmpfsOptions(mount, mapGet(item, "tmpfs"));
  const sourceNode = mapGet(item, "source");
  const source = sourceNode?.kind === "scalar" && sourceNode.value !== null ? String(sourceNode.value) : void 0;
  if (source === void 0 || source === "") return mount;
  if (mount.type === "bind") {
    setHostSource(mount, source, sourceNode?.baseDir ?? context.service.workingDir, context.project);
  } else {
    mount.writtenSource = source;
    mount.source = source;
    if (mount.type === "volume") applyNamedVolume(mount, source, context.project);
  }
  return mount;
}
function readBindOptions(mount, node, where) {
  if (!isMapNode(node)) return;
  const propagation = mapGet(node, "propagation");
  const propagationText = stringValue(propagation);
  if (propagation && propagationText !== void 0) {
    mount.propagation = propagationText;
    mount.propagationPosition = propagation.position;
  }
  const selinux = stringValue(mapGet(node, "selinux"));
  if (selinux === "z" || selinux === "Z") mount.selinux = selinux;
  const recursive = mapGet(node, "recursive");
  const recursiveText = stringValue(recursive);
  if (recursive && recursiveText !== void 0) {
    mount.recursive = recursiveText;
    mount.recursivePosition = recursive.position;
  }
  const create = mapGet(node, "create_host_path");
  if (create?.kind === "scalar" && create.value !== null) {
    mount.createHostPath = booleanValue(create, `${where}.create_host_path`);
  }
}
function readVolumeOptions(mount, node) {
  const nocopy = mapGet(node, "nocopy");
  if (nocopy?.kind === "scalar" && (nocopy.value === true || nocopy.value === "true")) mount.noCopy = true;
}
function readTmpfsOptions(mount, node) {
  if (!isMapNode(node)) return;
  const tmpfs = {};
  for (const key of ["size", "mode"]) {
    const value = mapGet(node, key);
    if (value?.kind === "scalar" && (typeof value.value === "string" || typeof value.value === "number")) {
      tmpfs[key] = value.value;
    }
  }
  mount.tmpfs = tmpfs;
}
function setHostSource(mount, source, baseDir, project) {
  mount.writtenSource = source;
  mount.source = cleanJoined(source, resolveHostPath(source, baseDir, project.homeDir));
}
function cleanJoined(written, resolved) {
  const wasRelative = !path2.posix.isAbsolute(written) && !isWindowsAbsolute(written);
  return wasRelative && resolved.length > 1 && resolved.endsWith("/") ? resolved.replace(/\/+$/, "") : resolved;
}
function applyNamedVolume(mount, name, project) {
  const definition = project.volumes?.entries.get(name);
  if (!definition || !isMapNode(definition.value)) return;
  const volume = definition.value;
  const driver = stringValue(mapGet(volume, "driver"));
  if (driver !== void 0 && driver !== "local") return;
  const external = mapGet(volume, "external");
  if (external?.kind === "scalar" && external.value === true) return;
  const options = mapGet(volume, "driver_opts");
  const fsType = stringValue(mapGet(options, "type"));
  const oNode = mapGet(options, "o");
  const deviceNode = mapGet(options, "device");
  const o = stringValue(oNode);
  const device = stringValue(deviceNode);
  if (o === void 0 || device === void 0 || device === "" || !deviceNode || !oNode) return;
  const flags = o.split(",").map((flag) => flag.trim());
  if (!flags.includes("bind") && !flags.includes("rbind")) return;
  if (fsType !== void 0 && fsType !== "none") return;
  mount.type = "bind";
  mount.namedVolume = { name, position: definition.keyPosition };
  mount.writtenSource = device;
  mount.source = o === "bind" ? resolveHostPath(device, deviceNode.baseDir ?? project.projectDir, project.homeDir) : device;
  if (!mount.readOnly && flags.includes("ro")) {
    mount.readOnly = true;
    mount.modePosition = oNode.position;
  }
}
function booleanValue(node, where) {
  if (typeof node.value === "boolean") return node.value;
  const text = String(node.value).toLowerCase();
  if (["true", "y", "yes", "on"].includes(text)) return true;
  if (["false", "n", "no", "off"].includes(text)) return false;
  throw new ConfigurationError(`${where}: expected true or false, found ${describeNode(node)}`, node.position);
}

// src/compose/mounts/mounts.ts
function serviceMounts(service, project) {
  return collectMounts(service, project, [service.name]);
}
function collectMounts(service, project, visiting) {
  const own = [...volumeMounts(service, project), ...tmpfsMounts(service), ...apiSocketMounts(service)];
  const ownTargets = new Set(own.map((mount) => mount.target));
  const inherited = inheritedMounts(service, project, visiting).filter((mount) => !ownTargets.has(mount.target));
  const volumes = own.filter((mount) => mount.origin === "short" || mount.origin === "long");
  const rest = own.filter((mount) => mount.origin !== "short" && mount.origin !== "long");
  return [...volumes, ...inherited, ...rest];
}
function volumeMounts(service, project) {
  const node = mapGet(service.body, "volumes");
  return listItems(node, `services.${service.name}.volumes`).map(
    (item, index) => volumeEntryMount(item, { service, project, where: `services.${service.name}.volumes[${index}]` })
  );
}
function volumesFromEntries(service) {
  const node = mapGet(service.body, "volumes_from");
  return listItems(node, `services.${service.name}.volumes_from`).map((item, index) => {
    const text = stringValue(item);
    if (text === void 0 || text === "") {
      throw new ConfigurationError(
        `services.${service.name}.volumes_from[${index}]: expected a service name or container:NAME, optionally followed by :ro or :rw`,
        item.position
      );
    }
    const container = text.startsWith("container:");
    const [name = "", mode] = (container ? text.slice("container:".length) : text).split(":");
    return {
      kind: container ? "container" : "service",
      name,
      ...mode === void 0 ? {} : { mode },
      readOnly: mode !== void 0 && mode.split(",").includes("ro"),
      position: item.position
    };
  });
}
function inheritedMounts(service, project, visiting) {
  return volumesFromEntries(service).flatMap((entry) => {
    if (entry.kind === "container" || visiting.includes(entry.name)) return [];
    const from = project.services.find((candidate) => candidate.name === entry.name);
    if (!from) return [];
    return collectMounts(from, project, [...visiting, entry.name]).filter((mount) => mount.type !== "tmpfs").map((mount) => {
      const { inheritedFrom, ...rest } = mount;
      return {
        ...rest,
        service: service.name,
        origin: "volumes_from",
        // The engine keeps an inherited mount read-only when it was, and makes it so for `:ro`.
        readOnly: mount.readOnly || entry.readOnly,
        modePosition: mount.readOnly ? mount.modePosition : entry.position,
        position: entry.position,
        inheritedFrom: inheritedFrom ?? { service: mount.service, position: mount.position }
      };
    });
  });
}
function tmpfsMounts(service) {
  const node = mapGet(service.body, "tmpfs");
  const items = node?.kind === "scalar" && !isNullNode(node) ? [node] : listItems(node, `services.${service.name}.tmpfs`);
  return items.map((item, index) => {
    const text = stringValue(item);
    if (text === void 0 || text === "") {
      throw new ConfigurationError(
        `services.${service.name}.tmpfs[${index}]: expected a path inside the container such as /tmp`,
        item.position
      );
    }
    const colon = text.indexOf(":");
    const target = colon < 0 ? text : text.slice(0, colon);
    const options = colon < 0 ? [] : text.slice(colon + 1).split(",");
    return {
      service: service.name,
      type: "tmpfs",
      target,
      readOnly: options.includes("ro"),
      modePosition: item.position,
      position: item.position,
      origin: "tmpfs",
      ignoredOptions: []
    };
  });
}
function apiSocketMounts(service) {
  const node = mapGet(service.body, "use_api_socket");
  if (node?.kind !== "scalar" || !(node.value === true || node.value === "true")) return [];
  return [
    {
      service: service.name,
      type: "bind",
      source: ENGINE_API_SOCKET,
      target: ENGINE_API_SOCKET,
      readOnly: false,
      modePosition: node.position,
      position: node.position,
      origin: "use_api_socket",
      ignoredOptions: []
    }
  ];
}
var ENGINE_API_SOCKET = "/var/run/docker.sock";
function listItems(node, where) {
  if (node === void 0 || isNullNode(node)) return [];
  if (node.kind !== "sequence") {
    throw new ConfigurationError(`${where}: expected a list`, node.position);
  }
  return node.items;
}

export {
  PROPAGATIONS,
  serviceMounts,
  volumesFromEntries
};
//# sourceMappingURL=chunk-OD3V56NM.js.map
