import type { Logger } from '../util/logger.js';
import type { ContentAnalysisOptions } from './layers/contents.js';
import type { RegionHasher } from './layers/region-hasher.js';

/**
 * Bounds on what an image reader accepts from an archive, layout or daemon. Archives come from users and CI caches,
 * so every size that would otherwise grow memory or time without end has a cap and a clear error when it is hit.
 */
export interface ImageReadLimits {
  /** Largest manifest, index or config JSON read into memory. */
  maxJsonBytes: number;
  /** Largest decompressed layer tar; protects against compression bombs. */
  maxInflatedLayerBytes: number;
  /** Most entries indexed in an outer archive (each costs a little memory). */
  maxArchiveEntries: number;
  /** Largest pax or GNU long-name header body. */
  maxTarMetaBytes: number;
  /** Total bytes of small documents kept while streaming an archive that cannot be indexed (docker save, .tar.gz). */
  maxStreamedDocumentBytes: number;
}

export const DEFAULT_READ_LIMITS: Readonly<ImageReadLimits> = {
  maxJsonBytes: 8 * 1024 * 1024,
  maxInflatedLayerBytes: 64 * 1024 ** 3,
  maxArchiveEntries: 1_000_000,
  maxTarMetaBytes: 1024 * 1024,
  maxStreamedDocumentBytes: 64 * 1024 * 1024,
};

export function resolveReadLimits(limits?: Partial<ImageReadLimits>): ImageReadLimits {
  return { ...DEFAULT_READ_LIMITS, ...limits };
}

/** How the archive and layout readers are asked to read one image. */
export interface ImageReadOptions {
  logger: Logger;
  limits?: Partial<ImageReadLimits>;
  /** Which image of a multi-image archive or layout: a tag (`app:1`) or an image id / manifest digest. */
  image?: string;
  /** Which platform of a multi-platform index, `os/arch[/variant]`; linux/amd64 when unset. */
  platform?: string;
  /** Hash every layer and check it against the config and manifests (default true). */
  verifyDigests?: boolean;
  /**
   * Also read every layer's file tree, in the same pass, and summarize what the layers contain (wasted bytes,
   * efficiency, build leftovers) as `ImageFacts.contents`. Off by default.
   */
  contents?: boolean | ContentAnalysisOptions;
  /**
   * Hashing threads the caller started early (see src/image/source/early-hasher.ts) and closes itself: used, whatever the
   * layers' size, instead of starting a pool when the layers are read from local files.
   */
  hasher?: RegionHasher;
}

/** The content analysis asked for, or undefined. */
export function contentOptions(options: Pick<ImageReadOptions, 'contents'>): ContentAnalysisOptions | undefined {
  if (options.contents === undefined || options.contents === false) return undefined;
  return options.contents === true ? {} : options.contents;
}
