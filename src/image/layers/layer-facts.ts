import { createHash } from 'node:crypto';
import { ConfigurationError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import type { ImageFacts, LayerFacts } from '../facts.js';
import { linkHistory, type ParsedImageConfig } from '../image-config.js';
import type { ContentFacts } from './content-facts.js';
import { analyzeContents, type ContentAnalysisOptions } from './contents.js';
import type { ImageStore } from '../source/image-store.js';
import type { LayerStats } from './layer-analyzer.js';
import { LayerTreeCollector } from './layer-tree.js';
import type { ImageReadLimits } from '../read-options.js';
import { createRegionHasher, HASH_WORKERS_FROM_BYTES, type RegionHasher } from './region-hasher.js';

/** Turning a manifest's layer list into verified LayerFacts, and the parts of ImageFacts every source shares. */

export interface LayerPointer {
  /** Entry of the store holding the blob. */
  name: string;
  /** From the config's rootfs.diff_ids. */
  diffId: string;
  /** Digest the blob must have (an OCI descriptor, or a `blobs/sha256/<hex>` name). */
  blobDigest?: string;
  /** Size the blob must have (an OCI descriptor). */
  blobSize?: number;
  mediaType?: string;
  /** How messages name the pointer, e.g. `manifest.json[0].Layers[2]`. */
  what: string;
}

export interface LayerReadContext {
  logger: Logger;
  limits: ImageReadLimits;
  verifyDigests: boolean;
  /** Also record the layers' file trees in the same pass and summarize them (see contents.ts). */
  contents?: ContentAnalysisOptions;
  /** A pool started (and closed) by the caller, used instead of starting one (ImageReadOptions.hasher). */
  hasher?: RegionHasher;
}

/** Reads every layer once (a layer listed twice is read once), checking sizes and, when verifying, digests. */
export async function readLayerFacts(
  store: ImageStore,
  pointers: readonly LayerPointer[],
  context: LayerReadContext,
): Promise<LayerFacts[]> {
  return (await readLayers(store, pointers, context)).layers;
}

/**
 * readLayerFacts, plus the contents summary when `context.contents` is set: each layer's tree is recorded while
 * its blob is read for sizes and digests (one pass), then the layers are replayed in image order.
 */
export async function readLayers(
  store: ImageStore,
  pointers: readonly LayerPointer[],
  context: LayerReadContext,
): Promise<{ layers: LayerFacts[]; contents?: ContentFacts }> {
  const collector = context.contents ? (store.recorded ?? new LayerTreeCollector()) : undefined;
  const { stats: seen, digests } = await analyzeUnique(store, pointers, context, collector);
  // The replay runs while worker threads may still be hashing the blobs; their verdict comes before the facts.
  const contents = collector && context.contents ? summarize(store, pointers, collector, context) : undefined;
  await digests;
  const layers = pointers.map((pointer): LayerFacts => {
    const stats = seen.get(pointer.name) as LayerStats;
    verifyLayer(store, pointer, stats);
    const compressed = stats.compression !== 'none';
    return {
      diffId: pointer.diffId,
      ...(pointer.blobDigest ? { digest: pointer.blobDigest } : {}),
      size: stats.regularBytes,
      ...(compressed ? { compressedSize: stats.blobSize } : {}),
      ...(pointer.mediaType ? { mediaType: pointer.mediaType } : {}),
    };
  });
  return contents ? { layers, contents } : { layers };
}

function summarize(
  store: ImageStore,
  pointers: readonly LayerPointer[],
  collector: LayerTreeCollector,
  context: LayerReadContext,
): ContentFacts {
  const started = Date.now();
  const contents = analyzeContents(collector.trees(pointers.map((pointer) => pointer.name)), context.contents);
  context.logger.debug(
    `${store.path}: ${contents.finalFiles} files in the final filesystem, ${contents.wastedFiles} wasted copies ` +
      `(${contents.wastedBytes} bytes), efficiency ${(contents.efficiency * 100).toFixed(1)}%, ${Date.now() - started} ms`,
  );
  return contents;
}

/**
 * Analyzes each distinct blob once. Blobs in local files are hashed on worker threads and several are read at once;
 * whatever finishes first, a broken layer reported is the first in manifest order (walk errors before digests,
 * which settle later: the returned `digests` promise).
 */
async function analyzeUnique(
  store: ImageStore,
  pointers: readonly LayerPointer[],
  context: LayerReadContext,
  collector: LayerTreeCollector | undefined,
): Promise<{ stats: Map<string, LayerStats>; digests: Promise<void> }> {
  const names: string[] = [];
  for (const pointer of pointers) {
    if (names.includes(pointer.name)) continue;
    if (!(await store.has(pointer.name))) {
      throw new ConfigurationError(`${pointer.what} names layer ${pointer.name}, which is not in the archive`, {
        path: store.path,
      });
    }
    names.push(pointer.name);
  }
  // `hasher` is a pool this call starts and closes; `lent` is the caller's (started early), which the caller closes.
  let hasher: RegionHasher | undefined;
  let lent: RegionHasher | undefined;
  if (context.verifyDigests && store.localFiles) {
    if (context.hasher) lent = context.hasher;
    else {
      let bytes = 0;
      for (const name of names) bytes += (await store.size(name)) ?? 0;
      if (bytes >= HASH_WORKERS_FROM_BYTES) hasher = createRegionHasher();
    }
  }
  const workers = hasher ?? lent;
  const results = new Map<string, LayerStats>();
  const failures = new Map<number, unknown>();
  let digests: Promise<void> = Promise.resolve();
  try {
    const analyze = async (index: number): Promise<void> => {
      const name = names[index] as string;
      const started = Date.now();
      const label = { path: store.path, what: `layer ${name}` };
      const visitor = collector && !collector.has(name) ? collector.visitorFor(name, label) : undefined;
      try {
        const stats = await store.analyzeLayer(name, {
          hash: context.verifyDigests,
          limits: context.limits,
          ...(visitor ? { visitor } : {}),
          ...(workers ? { hasher: workers } : {}),
        });
        context.logger.debug(
          `${store.locate(name)}: ${stats.blobSize} bytes (${stats.compression}), ` +
            `${stats.entries} entries, ${stats.regularBytes} bytes of files, ${Date.now() - started} ms`,
        );
        results.set(name, stats);
      } catch (error) {
        failures.set(index, error);
      }
    };
    await runLimited(names.length, workers ? workers.parallelism + 1 : 1, analyze, () => failures.size > 0);
    if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
    const pool = hasher;
    hasher = undefined;
    // The pool closes once every digest is in, however long the caller is busy with the trees meanwhile.
    digests = settleDigests(names, results, context.logger, store).finally(() => pool?.close());
    digests.catch(() => undefined);
  } finally {
    await hasher?.close();
  }
  return { stats: results, digests };
}

/** Fills in the digests worker threads computed, in manifest order (so the first failure is the first layer's). */
async function settleDigests(
  names: readonly string[],
  results: Map<string, LayerStats>,
  logger: Logger,
  store: ImageStore,
): Promise<void> {
  for (const name of names) {
    const stats = results.get(name) as LayerStats;
    if (!stats.pendingDigest) continue;
    const digest = await stats.pendingDigest;
    const { pendingDigest: _settled, ...rest } = stats;
    results.set(name, {
      ...rest,
      blobDigest: digest,
      ...(stats.compression === 'none' ? { diffId: digest } : {}),
    });
    logger.debug(`${store.locate(name)}: sha256 ${digest}`);
  }
}

/** Runs task(0..count-1), at most `limit` at a time, in order; starts no new task once `stop()` says so. */
async function runLimited(
  count: number,
  limit: number,
  task: (index: number) => Promise<void>,
  stop: () => boolean,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count && !stop()) {
      const index = next;
      next += 1;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
}

function verifyLayer(store: ImageStore, pointer: LayerPointer, stats: LayerStats): void {
  const fail = (message: string): never => {
    throw new ConfigurationError(`layer ${pointer.name} (${pointer.what}): ${message}`, { path: store.path });
  };
  if (pointer.blobSize !== undefined && pointer.blobSize !== stats.blobSize) {
    fail(`the manifest says the blob has ${pointer.blobSize} bytes but it has ${stats.blobSize}`);
  }
  if (pointer.blobDigest && stats.blobDigest && pointer.blobDigest !== stats.blobDigest) {
    fail(`blob digest mismatch: expected ${pointer.blobDigest}, the blob hashes to ${stats.blobDigest}`);
  }
  if (stats.diffId && pointer.diffId !== stats.diffId) {
    fail(
      `diffId mismatch: the config's rootfs.diff_ids says ${pointer.diffId}, the layer tar hashes to ${stats.diffId}`,
    );
  }
}

/** `sha256:<hex>` of some bytes (config and manifest digests). */
export function sha256Digest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Checks a small blob against the digest that names it. */
export function verifyDigest(store: ImageStore, name: string, bytes: Buffer, expected: string, what: string): string {
  const actual = sha256Digest(bytes);
  if (actual !== expected) {
    throw new ConfigurationError(
      `${what} ${name}: digest mismatch: expected ${expected}, the content hashes to ${actual}`,
      {
        path: store.path,
      },
    );
  }
  return actual;
}

export interface AssembledImage {
  source: ImageFacts['source'];
  reference?: string;
  id: string;
  digest?: string;
  repoTags: string[];
  repoDigests: string[];
  ociRefName?: string;
  config: ParsedImageConfig;
  layers: LayerFacts[];
  contents?: ContentFacts;
}

/** Builds the facts: sizes summed, history linked to layers. */
export function assembleFacts(image: AssembledImage, logger: Logger, where: string): ImageFacts {
  const { config, layers } = image;
  const history = config.history.map((entry) => ({ ...entry }));
  linkHistory(history, layers, logger, where);
  const size = layers.reduce((sum, layer) => sum + layer.size, 0);
  const allCompressed = layers.length > 0 && layers.every((layer) => layer.compressedSize !== undefined);
  return {
    source: image.source,
    ...(image.reference !== undefined ? { reference: image.reference } : {}),
    id: image.id,
    ...(image.digest !== undefined ? { digest: image.digest } : {}),
    ...(image.ociRefName !== undefined ? { ociRefName: image.ociRefName } : {}),
    repoTags: image.repoTags,
    repoDigests: image.repoDigests,
    platform: config.platform,
    ...(config.created !== undefined ? { created: config.created } : {}),
    size,
    ...(allCompressed ? { compressedSize: layers.reduce((sum, layer) => sum + (layer.compressedSize ?? 0), 0) } : {}),
    config: config.config,
    layers,
    history,
    ...(image.contents ? { contents: image.contents } : {}),
  };
}
