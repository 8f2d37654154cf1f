import { ConfigurationError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import type { ImageFacts, LayerFacts } from './facts.js';
import { isObject, linkHistory, parseImageConfig } from './image-config.js';
import { parseImageReference } from '../model/image-reference.js';
import { excerptValue } from '../util/excerpt.js';

/**
 * Image facts from a Trivy JSON report alone (`--trivy-report` without an image), so the size, layer, base and user
 * rules still run. Trivy copies the image config into `Metadata.ImageConfig` (run config, platform, history,
 * rootfs.diff_ids) and, since v0.62, lists `Metadata.Layers[{Size, Digest, DiffID}]`.
 *
 * Sizes differ slightly from the other sources: `Layers[].Size` is the size of the uncompressed layer tar (headers
 * and padding included), where the daemon, archive and OCI sources count the bytes of regular files in the layer. A
 * layer of a few small files is a few KiB larger here; a large layer differs by well under 1%. Compressed sizes are
 * not in the report, so `compressedSize` stays unknown and `size.maxCompressed` cannot be checked from it.
 */

/** The top-level fields of a parsed Trivy report that image facts come from, as parsed (untyped). */
export interface TrivyReportImageSource {
  ArtifactName?: unknown;
  ArtifactType?: unknown;
  Metadata?: unknown;
}

export interface FromTrivyReportOptions {
  /** The report as shown to the user, for errors and warnings. */
  where: string;
  logger: Logger;
  /** Line and column of a JSON path in the report, for errors; without it errors name only the file. */
  locate?: (path: ReadonlyArray<string | number>) => { line: number; column: number } | undefined;
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const ARCHIVE_PATH = /\.(?:tar|tgz|tar\.gz|tar\.zst|tar\.xz|tar\.bz2|oci)$/i;
const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/**
 * ImageFacts (source `trivy-report`) when the report is of a container image and carries its config; undefined for
 * filesystem, repository, SBOM and VM reports, and for image reports without `Metadata.ImageConfig` (warned).
 */
export function imageFactsFromTrivyReport(
  report: TrivyReportImageSource,
  options: FromTrivyReportOptions,
): ImageFacts | undefined {
  const { where, logger } = options;
  const fail = (path: Array<string | number>, message: string): never => {
    const position = options.locate?.(path);
    throw new ConfigurationError(`${formatPath(path)} ${message}`, {
      path: where,
      ...position,
    });
  };
  const artifactType = report.ArtifactType;
  if (artifactType !== undefined && artifactType !== 'container_image') return undefined;
  const metadata = isObject(report.Metadata) ? report.Metadata : {};
  if (!isObject(metadata.ImageConfig)) {
    if (artifactType === 'container_image') {
      logger.warning(
        `${where}: the report has no Metadata.ImageConfig, so the image's ` +
          'config, history and layers are unknown; the image rules need the image itself (--image, --archive, …)',
      );
    }
    return undefined;
  }
  const imageConfig = metadata.ImageConfig;
  const rootfs = isObject(imageConfig.rootfs) ? imageConfig.rootfs : {};
  const reportLayers = layerEntries(metadata.Layers, fail);
  // Some writers leave rootfs empty; the same diff ids are in Metadata.DiffIDs (and Metadata.Layers).
  const diffIds =
    Array.isArray(rootfs.diff_ids) && rootfs.diff_ids.length > 0
      ? rootfs.diff_ids
      : Array.isArray(metadata.DiffIDs)
        ? metadata.DiffIDs
        : reportLayers.map((layer) => layer.diffId);
  let parsed: ReturnType<typeof parseImageConfig>;
  try {
    parsed = parseImageConfig({ ...imageConfig, rootfs: { ...rootfs, diff_ids: diffIds } }, 'Metadata.ImageConfig');
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    throw new ConfigurationError(error.message, { path: where, ...options.locate?.(['Metadata', 'ImageConfig']) });
  }

  const reportSize = metadata.Size;
  if (reportSize !== undefined && reportSize !== null && (typeof reportSize !== 'number' || reportSize < 0)) {
    fail(['Metadata', 'Size'], `is ${excerptValue(reportSize)}; expected a size in bytes`);
  }
  const layers = layersWithSizes(parsed.diffIds, reportLayers, reportSize, where, logger);
  linkHistory(parsed.history, layers, logger, where);
  const repoTags = strings(metadata.RepoTags);
  const repoDigests = strings(metadata.RepoDigests);
  const reference = chooseReference(report.ArtifactName, repoTags, repoDigests);
  const digest = repoDigests[0]?.split('@')[1];
  const imageId = metadata.ImageID;
  if (imageId !== undefined && typeof imageId !== 'string') {
    fail(['Metadata', 'ImageID'], `is ${excerptValue(imageId)}; expected the image's config digest`);
  }
  return {
    source: 'trivy-report',
    ...(reference !== undefined ? { reference } : {}),
    id: typeof imageId === 'string' ? imageId : '',
    ...(digest ? { digest } : {}),
    repoTags,
    repoDigests,
    platform: parsed.platform,
    ...(parsed.created !== undefined && parsed.created !== GO_ZERO_TIME ? { created: parsed.created } : {}),
    size: typeof reportSize === 'number' ? reportSize : layers.reduce((sum, layer) => sum + layer.size, 0),
    config: parsed.config,
    layers,
    history: parsed.history,
  };
}

interface ReportLayer {
  diffId: string;
  size?: number;
  digest?: string;
}

function layerEntries(value: unknown, fail: (path: Array<string | number>, message: string) => never): ReportLayer[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return fail(['Metadata', 'Layers'], 'is not an array; expected [{Size, Digest, DiffID}]');
  return value.map((entry, index): ReportLayer => {
    const at = ['Metadata', 'Layers', index];
    if (!isObject(entry)) return fail(at, 'is not an object; expected {Size, Digest, DiffID}');
    const { DiffID: diffId, Size: size, Digest: digest } = entry;
    if (typeof diffId !== 'string' || !DIGEST.test(diffId)) {
      return fail([...at, 'DiffID'], `is ${excerptValue(diffId)}; expected sha256:<64 hex digits>`);
    }
    if (size !== undefined && (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)) {
      return fail([...at, 'Size'], `is ${excerptValue(size)}; expected a size in bytes`);
    }
    return {
      diffId,
      ...(typeof size === 'number' ? { size } : {}),
      // Trivy writes an empty Digest when it scanned an image whose blobs it never saw (the daemon, a tar).
      ...(typeof digest === 'string' && DIGEST.test(digest) ? { digest } : {}),
    };
  });
}

/**
 * Layers in rootfs order with the report's sizes and digests, matched by diff id (one entry per occurrence, so an
 * image with the same layer twice keeps both). Without `Metadata.Layers` (Trivy < 0.62) only a single-layer image's
 * size is known; other layers count 0 and a warning says so.
 */
function layersWithSizes(
  diffIds: string[],
  reportLayers: ReportLayer[],
  imageSize: unknown,
  where: string,
  logger: Logger,
): LayerFacts[] {
  const byDiffId = new Map<string, ReportLayer[]>();
  for (const layer of reportLayers) {
    const queue = byDiffId.get(layer.diffId);
    if (queue) queue.push(layer);
    else byDiffId.set(layer.diffId, [layer]);
  }
  let unknownSizes = 0;
  const layers = diffIds.map((diffId): LayerFacts => {
    const known = byDiffId.get(diffId)?.shift();
    let size = known?.size;
    if (size === undefined && diffIds.length === 1 && typeof imageSize === 'number') size = imageSize;
    if (size === undefined) unknownSizes += 1;
    return { diffId, size: size ?? 0, ...(known?.digest ? { digest: known.digest } : {}) };
  });
  if (unknownSizes > 0) {
    logger.warning(
      `${where}: the report gives no size for ${unknownSizes} of ${diffIds.length} layers (Metadata.Layers is ` +
        'written by Trivy 0.62 and later); they count as 0 bytes in layer rules',
    );
  }
  return layers;
}

/**
 * The reference the user scanned when Trivy's ArtifactName is one; for `--input image.tar` it is a file path
 * (which can even parse as a reference), so a name ending like an archive is used only when a repo tag or digest
 * names the same repository. Otherwise the first repo tag, then the first repo digest.
 */
function chooseReference(artifactName: unknown, repoTags: string[], repoDigests: string[]): string | undefined {
  const parsedName = typeof artifactName === 'string' ? tryParse(artifactName) : undefined;
  if (parsedName && typeof artifactName === 'string') {
    const known = [...repoTags, ...repoDigests].some((name) => tryParse(name)?.name === parsedName.name);
    if (known || !ARCHIVE_PATH.test(artifactName)) return artifactName;
  }
  return [...repoTags, ...repoDigests].find((name) => tryParse(name) !== undefined);
}

function tryParse(text: string): ReturnType<typeof parseImageReference> | undefined {
  try {
    return parseImageReference(text);
  } catch {
    return undefined;
  }
}

function formatPath(path: Array<string | number>): string {
  return path
    .map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`))
    .join('');
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
