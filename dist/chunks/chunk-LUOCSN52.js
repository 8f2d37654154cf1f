import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  excerptValue
} from "./chunk-G7D7EWW2.js";
import {
  ConfigurationError
} from "./chunk-BRI3MEVE.js";

// src/image/image-config.ts
var DIFF_ID = /^sha256:[a-f0-9]{64}$/;
function parseImageConfig(value, location) {
  const fail = (message) => {
    throw new ConfigurationError(`image config: ${message}`, { path: location });
  };
  if (!isObject(value)) return fail("expected a JSON object");
  const rootfs = value.rootfs;
  if (!isObject(rootfs) || !Array.isArray(rootfs.diff_ids)) return fail("rootfs.diff_ids is missing");
  const diffIds = rootfs.diff_ids.map((id, i) => {
    if (typeof id !== "string" || !DIFF_ID.test(id)) {
      return fail(`rootfs.diff_ids[${i}] is ${excerptValue(id)}; expected sha256:<64 hex digits>`);
    }
    return id;
  });
  const history = value.history === void 0 || value.history === null ? [] : value.history;
  if (!Array.isArray(history)) return fail("history is not an array");
  return {
    platform: platformOf(value.os, value.architecture, value.variant),
    ...typeof value.created === "string" ? { created: value.created } : {},
    config: runConfigFacts(value.config),
    diffIds,
    history: history.map((entry, i) => {
      if (!isObject(entry)) return fail(`history[${i}] is not an object`);
      return {
        createdBy: stringOr(entry.created_by, ""),
        ...typeof entry.created === "string" ? { created: entry.created } : {},
        ...typeof entry.comment === "string" && entry.comment !== "" ? { comment: entry.comment } : {},
        emptyLayer: entry.empty_layer === true
      };
    })
  };
}
function platformOf(os, architecture, variant) {
  return {
    os: stringOr(os, "unknown"),
    architecture: stringOr(architecture, "unknown"),
    ...typeof variant === "string" && variant !== "" ? { variant } : {}
  };
}
function runConfigFacts(raw) {
  const config = isObject(raw) ? raw : {};
  return {
    user: stringOr(config.User, ""),
    env: stringArray(config.Env) ?? [],
    entrypoint: stringArray(config.Entrypoint),
    cmd: stringArray(config.Cmd),
    workingDir: stringOr(config.WorkingDir, ""),
    labels: isObject(config.Labels) ? Object.fromEntries(
      Object.entries(config.Labels).filter((pair) => typeof pair[1] === "string")
    ) : {},
    exposedPorts: isObject(config.ExposedPorts) ? Object.keys(config.ExposedPorts).sort() : [],
    // Only when there are some, so the facts of images without VOLUME look as they always did.
    ...isObject(config.Volumes) && Object.keys(config.Volumes).length > 0 ? { volumes: Object.keys(config.Volumes).sort() } : {},
    ...healthcheckOf(config.Healthcheck)
  };
}
function healthcheckOf(raw) {
  const test = isObject(raw) ? stringArray(raw.Test) : null;
  return test && test.length > 0 ? { healthcheck: test } : {};
}
function linkHistory(history, layers, logger, where) {
  const nonEmpty = history.filter((entry) => !entry.emptyLayer);
  if (nonEmpty.length !== layers.length) {
    if (history.length > 0) {
      logger.warning(
        `${where}: the history has ${nonEmpty.length} entries that made layers but the image has ${layers.length} layers; layers are not linked to history entries`
      );
    }
    return;
  }
  let layer = 0;
  history.forEach((entry, index) => {
    if (entry.emptyLayer) return;
    entry.layerIndex = layer;
    const facts = layers[layer];
    if (facts) facts.historyIndex = index;
    layer += 1;
  });
}
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function stringOr(value, fallback) {
  return typeof value === "string" ? value : fallback;
}
function stringArray(value) {
  if (!Array.isArray(value)) return null;
  return value.filter((item) => typeof item === "string");
}

export {
  parseImageConfig,
  platformOf,
  runConfigFacts,
  linkHistory,
  isObject
};
//# sourceMappingURL=chunk-LUOCSN52.js.map
