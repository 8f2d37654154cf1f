import { createHash } from 'node:crypto';
import { ConfigurationError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import type { ImageFacts, LayerFacts } from './facts.js';
import { linkHistory, type ParsedImageConfig } from './image-config.js';
import type { ImageStore } from './image-store.js';
import type { LayerStats } from './layer-analyzer.js';
import type { ImageReadLimits } from './read-options.js';

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
}

/** Reads every layer once (a layer listed twice is read once), checking sizes and, when verifying, digests. */
export async function readLayerFacts(
  store: ImageStore,
  pointers: readonly LayerPointer[],
  context: LayerReadContext,
): Promise<LayerFacts[]> {
  const seen = new Map<string, LayerStats>();
  const layers: LayerFacts[] = [];
  for (const pointer of pointers) {
    let stats = seen.get(pointer.name);
    if (!stats) {
      if (!(await store.has(pointer.name))) {
        throw new ConfigurationError(`${pointer.what} names layer ${pointer.name}, which is not in the archive`, {
          path: store.path,
        });
      }
      const started = Date.now();
      stats = await store.analyzeLayer(pointer.name, { hash: context.verifyDigests, limits: context.limits });
      context.logger.debug(
        `${store.locate(pointer.name)}: ${stats.blobSize} bytes (${stats.compression}), ` +
          `${stats.entries} entries, ${stats.regularBytes} bytes of files, ${Date.now() - started} ms`,
      );
      seen.set(pointer.name, stats);
    }
    verifyLayer(store, pointer, stats);
    const compressed = stats.compression !== 'none';
    layers.push({
      diffId: pointer.diffId,
      ...(pointer.blobDigest ? { digest: pointer.blobDigest } : {}),
      size: stats.regularBytes,
      ...(compressed ? { compressedSize: stats.blobSize } : {}),
      ...(pointer.mediaType ? { mediaType: pointer.mediaType } : {}),
    });
  }
  return layers;
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
  };
}
