import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  describeNode,
  mapGet,
  stringValue
} from "./chunk-TFUQI7BM.js";
import {
  ConfigurationError
} from "./chunk-BRI3MEVE.js";

// src/k8s/fields.ts
function optionalMap(parent, key, where) {
  const node = mapGet(parent, key);
  if (node === void 0 || node.kind === "scalar" && node.value === null) return void 0;
  if (node.kind !== "map") {
    throw new ConfigurationError(`\`${key}\` of ${where} must be a map, found ${describeNode(node)}`, node.position);
  }
  return node;
}
function mapList(parent, key, where) {
  const node = mapGet(parent, key);
  if (node === void 0 || node.kind === "scalar" && node.value === null) return [];
  if (node.kind !== "sequence") {
    throw new ConfigurationError(`\`${key}\` of ${where} must be a list, found ${describeNode(node)}`, node.position);
  }
  return node.items.map((item) => {
    if (item.kind !== "map") {
      throw new ConfigurationError(
        `each entry of \`${key}\` of ${where} must be a map, found ${describeNode(item)}`,
        item.position
      );
    }
    return item;
  });
}
function optionalString(parent, key, where) {
  const node = mapGet(parent, key);
  if (node === void 0 || node.kind === "scalar" && node.value === null) return void 0;
  if (node.kind !== "scalar" || typeof node.value !== "string") {
    throw new ConfigurationError(`\`${key}\` of ${where} must be a string, found ${describeNode(node)}`, node.position);
  }
  return { value: node.value, position: node.position };
}
function optionalQuantity(parent, key, where) {
  const node = mapGet(parent, key);
  if (node === void 0 || node.kind === "scalar" && node.value === null) return void 0;
  if (node.kind !== "scalar" || typeof node.value !== "string" && typeof node.value !== "number") {
    throw new ConfigurationError(
      `\`${key}\` of ${where} must be a quantity (1Gi, 500M), found ${describeNode(node)}`,
      node.position
    );
  }
  return { value: String(node.value), position: node.position };
}
function optionalBoolean(parent, key, where) {
  const node = mapGet(parent, key);
  if (node === void 0 || node.kind === "scalar" && node.value === null) return void 0;
  if (node.kind !== "scalar" || typeof node.value !== "boolean") {
    throw new ConfigurationError(
      `\`${key}\` of ${where} must be true or false, found ${describeNode(node)}`,
      node.position
    );
  }
  return { value: node.value, position: node.position };
}
function requiredString(parent, key, where) {
  const found = optionalString(parent, key, where);
  if (!found || found.value === "") {
    throw new ConfigurationError(`${where} has no \`${key}\``, mapGet(parent, key)?.position ?? parent.position);
  }
  return found;
}

// src/k8s/mounts.ts
var ALWAYS_READ_ONLY_TYPES = /* @__PURE__ */ new Set([
  "configMap",
  "secret",
  "downwardAPI",
  "projected",
  "image"
]);
var NO_READ_ONLY_FIELD = /* @__PURE__ */ new Set(["hostPath", "emptyDir", "ephemeral"]);
function readVolumes(podSpec, claimTemplates, where) {
  const volumes = [];
  const seen = /* @__PURE__ */ new Map();
  const add = (volume) => {
    const first = seen.get(volume.name);
    if (first) {
      throw new ConfigurationError(
        `volume \`${volume.name}\` of ${where} is defined twice (first at line ${first.position.line}); volume names are unique in a pod`,
        volume.position
      );
    }
    seen.set(volume.name, volume);
    volumes.push(volume);
  };
  for (const entry of mapList(podSpec, "volumes", where)) add(readVolume(entry, where));
  for (const template of claimTemplates) {
    const metadata = optionalMap(template, "metadata", `a volumeClaimTemplate of ${where}`);
    const name = requiredString(metadata ?? template, "name", `a volumeClaimTemplate of ${where} (metadata)`);
    add({
      name: name.value,
      type: "volumeClaimTemplate",
      position: template.position,
      typePosition: name.position,
      source: { claimName: name.value }
    });
  }
  return volumes;
}
function readVolume(entry, where) {
  const name = requiredString(entry, "name", `a volume of ${where}`);
  const here = `volume \`${name.value}\` of ${where}`;
  const typeKeys = [...entry.entries.keys()].filter((key) => key !== "name");
  const typeKey = typeKeys[0];
  if (typeKey === void 0) {
    return { name: name.value, type: "emptyDir", position: entry.position, typePosition: name.position, source: {} };
  }
  if (typeKeys.length > 1) {
    throw new ConfigurationError(
      `${here} names ${typeKeys.length} volume types (${typeKeys.join(", ")}); a volume has exactly one`,
      entry.entries.get(typeKeys[1])?.keyPosition ?? entry.position
    );
  }
  const typeEntry = entry.entries.get(typeKey);
  const settings = optionalMap(entry, typeKey, here);
  const source = volumeSource(typeKey, settings, here);
  const readOnly = NO_READ_ONLY_FIELD.has(typeKey) ? void 0 : optionalBoolean(settings, "readOnly", `${here}: ${typeKey}`);
  return {
    name: name.value,
    type: typeKey,
    position: entry.position,
    typePosition: typeEntry.keyPosition,
    source,
    ...readOnly ? { readOnly } : {}
  };
}
function volumeSource(type, settings, here) {
  const where = `${here}: ${type}`;
  const text = (key) => optionalString(settings, key, where)?.value;
  switch (type) {
    case "hostPath": {
      const hostPath = settings ? requiredString(settings, "path", where) : void 0;
      if (!hostPath) throw new ConfigurationError(`${where} needs a \`path\``, settings?.position);
      const kind = optionalString(settings, "type", where);
      return { hostPath: { path: hostPath, ...kind && kind.value !== "" ? { type: kind } : {} } };
    }
    case "emptyDir": {
      const sizeLimit = optionalQuantity(settings, "sizeLimit", where);
      const medium = text("medium");
      return { ...sizeLimit ? { sizeLimit } : {}, ...medium ? { medium } : {} };
    }
    case "persistentVolumeClaim":
      return optional({ claimName: text("claimName") });
    case "configMap":
      return optional({ configMap: text("name") });
    case "secret":
      return optional({ secret: text("secretName") });
    case "csi":
      return optional({ csiDriver: text("driver") });
    case "nfs":
      return { nfs: optional({ server: text("server"), path: text("path") }) };
    case "image":
      return optional({ imageReference: text("reference") });
    case "projected":
      return { projected: mapList(settings, "sources", where).map(projectedSource) };
    default:
      return {};
  }
}
function projectedSource(source) {
  const [kind] = source.entries.keys();
  const name = stringValue(mapGet(mapGet(source, kind ?? ""), "name"));
  return name === void 0 ? kind ?? "unknown" : `${kind}:${name}`;
}
function optional(value) {
  return Object.fromEntries(Object.entries(value).filter(([, each]) => each !== void 0));
}
function readMounts(container, volumes, where) {
  return mapList(container, "volumeMounts", where).map((entry) => {
    const name = requiredString(entry, "name", `a volumeMount of ${where}`);
    const mountPath = requiredString(entry, "mountPath", `volumeMount \`${name.value}\` of ${where}`);
    const here = `volumeMount \`${name.value}\` of ${where}`;
    const volume = volumes.find((each) => each.name === name.value);
    if (!volume) {
      const known = volumes.map((each) => each.name);
      throw new ConfigurationError(
        `${here} names no volume of the pod (${known.length > 0 ? `volumes: ${known.join(", ")}` : "the pod has no volumes"})`,
        name.position
      );
    }
    const readOnly = optionalBoolean(entry, "readOnly", here);
    const decided = effectiveReadOnly(readOnly, volume, entry);
    const subPath = optionalString(entry, "subPath", here)?.value;
    const subPathExpr = optionalString(entry, "subPathExpr", here)?.value;
    const recursiveReadOnly = optionalString(entry, "recursiveReadOnly", here)?.value;
    const mountPropagation = optionalString(entry, "mountPropagation", here);
    return {
      volumeName: name.value,
      volume,
      mountPath: mountPath.value,
      ...subPath ? { subPath } : {},
      ...subPathExpr ? { subPathExpr } : {},
      ...decided,
      ...recursiveReadOnly ? { recursiveReadOnly } : {},
      ...mountPropagation ? { mountPropagation } : {},
      position: entry.position
    };
  });
}
function effectiveReadOnly(mountReadOnly, volume, entry) {
  const decided = (readOnly, readOnlyReason, readOnlyPosition) => ({
    readOnly,
    readOnlyReason,
    readOnlyPosition
  });
  if (mountReadOnly?.value === true) return decided(true, "mount-readOnly", mountReadOnly.position);
  if (volume.readOnly?.value === true) return decided(true, "volume-readOnly", volume.readOnly.position);
  if (ALWAYS_READ_ONLY_TYPES.has(volume.type)) return decided(true, "always-read-only-type", volume.typePosition);
  if (mountReadOnly) return decided(false, "mount-readOnly-false", mountReadOnly.position);
  return decided(false, "not-set", entry.position);
}
function describeReadOnly(mount) {
  switch (mount.readOnlyReason) {
    case "mount-readOnly":
      return "the volumeMount sets readOnly: true";
    case "volume-readOnly":
      return `the ${mount.volume.type} volume sets readOnly: true`;
    case "always-read-only-type":
      return `${mount.volume.type} volumes are always mounted read-only`;
    case "mount-readOnly-false":
      return "the volumeMount sets readOnly: false";
    case "not-set":
      return "readOnly is not set (the default is read-write)";
  }
}

export {
  optionalMap,
  mapList,
  optionalString,
  optionalQuantity,
  optionalBoolean,
  requiredString,
  readVolumes,
  readMounts,
  describeReadOnly
};
//# sourceMappingURL=chunk-H7T6J2AA.js.map
