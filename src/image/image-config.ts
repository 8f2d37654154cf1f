import { ConfigurationError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import type { HistoryEntry, ImageConfigFacts, LayerFacts, Platform } from './facts.js';
import { excerptValue } from '../util/excerpt.js';

/**
 * The image config (OCI / Docker image JSON) as the facts need it: run config, platform, rootfs diff_ids and
 * history. The daemon's `docker image inspect` uses the same field names for `Config`, so both go through here.
 */

export interface ParsedImageConfig {
  platform: Platform;
  created?: string;
  config: ImageConfigFacts;
  diffIds: string[];
  history: HistoryEntry[];
}

type Json = Record<string, unknown>;

const DIFF_ID = /^sha256:[a-f0-9]{64}$/;

/** Parses an image config document; `location` names it in errors. */
export function parseImageConfig(value: unknown, location: string): ParsedImageConfig {
  const fail = (message: string): never => {
    throw new ConfigurationError(`image config: ${message}`, { path: location });
  };
  if (!isObject(value)) return fail('expected a JSON object');
  const rootfs = value.rootfs;
  if (!isObject(rootfs) || !Array.isArray(rootfs.diff_ids)) return fail('rootfs.diff_ids is missing');
  const diffIds = rootfs.diff_ids.map((id, i) => {
    if (typeof id !== 'string' || !DIFF_ID.test(id)) {
      return fail(`rootfs.diff_ids[${i}] is ${excerptValue(id)}; expected sha256:<64 hex digits>`);
    }
    return id;
  });
  const history = value.history === undefined || value.history === null ? [] : value.history;
  if (!Array.isArray(history)) return fail('history is not an array');
  return {
    platform: platformOf(value.os, value.architecture, value.variant),
    ...(typeof value.created === 'string' ? { created: value.created } : {}),
    config: runConfigFacts(value.config),
    diffIds,
    history: history.map((entry, i) => {
      if (!isObject(entry)) return fail(`history[${i}] is not an object`);
      return {
        createdBy: stringOr(entry.created_by, ''),
        ...(typeof entry.created === 'string' ? { created: entry.created } : {}),
        ...(typeof entry.comment === 'string' && entry.comment !== '' ? { comment: entry.comment } : {}),
        emptyLayer: entry.empty_layer === true,
      };
    }),
  };
}

export function platformOf(os: unknown, architecture: unknown, variant: unknown): Platform {
  return {
    os: stringOr(os, 'unknown'),
    architecture: stringOr(architecture, 'unknown'),
    ...(typeof variant === 'string' && variant !== '' ? { variant } : {}),
  };
}

/** The run config (`config` of an image config, `Config` of `docker image inspect`). */
export function runConfigFacts(raw: unknown): ImageConfigFacts {
  const config = isObject(raw) ? raw : {};
  return {
    user: stringOr(config.User, ''),
    env: stringArray(config.Env) ?? [],
    entrypoint: stringArray(config.Entrypoint),
    cmd: stringArray(config.Cmd),
    workingDir: stringOr(config.WorkingDir, ''),
    labels: isObject(config.Labels)
      ? Object.fromEntries(
          Object.entries(config.Labels).filter((pair): pair is [string, string] => typeof pair[1] === 'string'),
        )
      : {},
    exposedPorts: isObject(config.ExposedPorts) ? Object.keys(config.ExposedPorts).sort() : [],
    // Only when there are some, so the facts of images without VOLUME look as they always did.
    ...(isObject(config.Volumes) && Object.keys(config.Volumes).length > 0
      ? { volumes: Object.keys(config.Volumes).sort() }
      : {}),
    ...healthcheckOf(config.Healthcheck),
  };
}

/** `Healthcheck.Test` when it is a non-empty list of strings (an empty one means "inherit", as none here). */
function healthcheckOf(raw: unknown): { healthcheck?: string[] } {
  const test = isObject(raw) ? stringArray(raw.Test) : null;
  return test && test.length > 0 ? { healthcheck: test } : {};
}

/**
 * Links history entries that made a filesystem layer to the layers, in order. When the non-empty entries do not
 * match the layers one to one (history missing or rewritten), no links are made rather than wrong ones.
 */
export function linkHistory(history: HistoryEntry[], layers: LayerFacts[], logger: Logger, where: string): void {
  const nonEmpty = history.filter((entry) => !entry.emptyLayer);
  if (nonEmpty.length !== layers.length) {
    if (history.length > 0) {
      logger.warning(
        `${where}: the history has ${nonEmpty.length} entries that made layers but the image has ${layers.length} ` +
          'layers; layers are not linked to history entries',
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

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function stringArray(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  return value.filter((item): item is string => typeof item === 'string');
}
