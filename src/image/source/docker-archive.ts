import { ConfigurationError } from '../../util/errors.js';
import type { ImageFacts } from '../facts.js';
import { digestOfBlobPath, resolvePointer } from './archive-paths.js';
import { isObject, parseImageConfig } from '../image-config.js';
import { matchesSelector } from './image-select.js';
import { readJson, type ImageStore } from './image-store.js';
import { assembleFacts, readLayers, sha256Digest, type LayerPointer } from '../layers/layer-facts.js';
import { findOciManifestForConfig, readOciFromStore } from './oci-layout.js';
import { withImageStore } from './open-store.js';
import { contentOptions, resolveReadLimits, type ImageReadOptions } from '../read-options.js';

/**
 * `docker save` archives: the legacy layout (`manifest.json`, `<id>/layer.tar`, `<id>.json`) and the layout
 * Docker 25+ writes (an OCI layout, `blobs/sha256/…`, plus the same `manifest.json` for compatibility). The
 * archive is indexed by offset and each layer is streamed once; nothing is extracted.
 */

interface ManifestEntry {
  config: string;
  repoTags: string[];
  layers: string[];
  index: number;
}

/** Reads one image from a docker-save archive (or, when it has no manifest.json, an OCI layout tar). */
export async function readDockerArchive(archivePath: string, options: ImageReadOptions): Promise<ImageFacts> {
  return withImageStore(archivePath, options, (store) => readImageFromStore(store, options));
}

/** Detects the layout in an opened store and reads the chosen image. */
export async function readImageFromStore(store: ImageStore, options: ImageReadOptions): Promise<ImageFacts> {
  if (await store.has('manifest.json')) return readDockerSaveFromStore(store, options);
  if (await store.has('index.json')) return readOciFromStore(store, options, 'oci-layout');
  throw new ConfigurationError(
    'not an image archive: it has neither manifest.json (docker save) nor index.json (OCI image layout)',
    { path: store.path },
  );
}

export async function readDockerSaveFromStore(store: ImageStore, options: ImageReadOptions): Promise<ImageFacts> {
  const limits = resolveReadLimits(options.limits);
  const verifyDigests = options.verifyDigests ?? true;
  const { logger } = options;
  const { value } = await readJson(store, 'manifest.json', limits, 'manifest.json');
  const entries = parseManifest(value, store.locate('manifest.json'));
  const chosen = chooseImage(entries, store, options);
  const where = `manifest.json[${chosen.index}]`;

  const configName = resolvePointer(chosen.config, 'manifest.json', store.path, `${where}.Config`);
  const { value: configJson, bytes: configBytes } = await readJson(store, configName, limits, 'image config');
  const id = sha256Digest(configBytes);
  const named = configDigestFromName(configName);
  if (verifyDigests && named && named !== id) {
    throw new ConfigurationError(`image config ${configName} is named ${named} but its content hashes to ${id}`, {
      path: store.path,
    });
  }
  const config = parseImageConfig(configJson, store.locate(configName));
  if (chosen.layers.length !== config.diffIds.length) {
    throw new ConfigurationError(
      `${where}.Layers lists ${chosen.layers.length} layers but the config's rootfs.diff_ids has ` +
        `${config.diffIds.length}`,
      { path: store.path },
    );
  }

  const oci = await findOciManifestForConfig(store, id, limits, logger);
  const pointers: LayerPointer[] = chosen.layers.map((layer, i) => {
    const name = resolvePointer(layer, 'manifest.json', store.path, `${where}.Layers[${i}]`);
    const blobDigest = digestOfBlobPath(name);
    const descriptor = oci?.layers[i];
    return {
      name,
      diffId: config.diffIds[i] ?? '',
      ...(blobDigest ? { blobDigest } : {}),
      ...(descriptor && descriptor.digest === blobDigest ? { blobSize: descriptor.size } : {}),
      ...(descriptor?.mediaType ? { mediaType: descriptor.mediaType } : {}),
      what: `${where}.Layers[${i}]`,
    };
  });
  const contents = contentOptions(options);
  const { layers, contents: contentFacts } = await readLayers(store, pointers, {
    logger,
    limits,
    verifyDigests,
    ...(contents ? { contents } : {}),
    ...(options.hasher ? { hasher: options.hasher } : {}),
  });
  return assembleFacts(
    {
      source: 'docker-archive',
      ...(chosen.repoTags[0] !== undefined ? { reference: chosen.repoTags[0] } : {}),
      id,
      ...(oci ? { digest: oci.digest } : {}),
      repoTags: chosen.repoTags,
      repoDigests: [],
      config,
      layers,
      ...(contentFacts ? { contents: contentFacts } : {}),
    },
    logger,
    store.path,
  );
}

function parseManifest(value: unknown, location: string): ManifestEntry[] {
  const fail = (message: string): never => {
    throw new ConfigurationError(`manifest.json: ${message}`, { path: location });
  };
  if (!Array.isArray(value)) return fail('expected a JSON array of images');
  if (value.length === 0) return fail('lists no images');
  return value.map((item: unknown, index): ManifestEntry => {
    if (!isObject(item)) return fail(`[${index}] is not an object`);
    if (typeof item.Config !== 'string') return fail(`[${index}].Config is missing; expected the config's path`);
    if (!Array.isArray(item.Layers) || item.Layers.some((layer) => typeof layer !== 'string')) {
      return fail(`[${index}].Layers is missing or not a list of paths`);
    }
    const tags = item.RepoTags ?? [];
    if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string')) {
      return fail(`[${index}].RepoTags is not a list of names`);
    }
    return { config: item.Config, repoTags: tags as string[], layers: item.Layers as string[], index };
  });
}

function chooseImage(entries: ManifestEntry[], store: ImageStore, options: ImageReadOptions): ManifestEntry {
  const describe = (entry: ManifestEntry): string =>
    entry.repoTags.length > 0 ? entry.repoTags.join(', ') : (configDigestFromName(entry.config) ?? entry.config);
  if (options.image !== undefined) {
    const selector = options.image;
    const found = entries.find((entry) => {
      const digest = configDigestFromName(entry.config);
      return matchesSelector(selector, { names: entry.repoTags, digests: digest ? [digest] : [] });
    });
    if (!found) {
      throw new ConfigurationError(
        `no image ${JSON.stringify(selector)} in the archive; it holds: ${entries.map(describe).join('; ')}`,
        { path: store.path },
      );
    }
    return found;
  }
  const first = entries[0] as ManifestEntry;
  if (entries.length > 1) {
    options.logger.debug(
      `${store.path} holds ${entries.length} images (${entries.map(describe).join('; ')}); ` +
        `reading the first, ${describe(first)} (choose another by tag or id)`,
    );
  }
  return first;
}

/** The config digest a docker-save name encodes: `<hex>.json` (legacy) or `blobs/sha256/<hex>` (Docker 25). */
function configDigestFromName(name: string): string | undefined {
  const legacy = /^(?:.*\/)?([a-f0-9]{64})\.json$/.exec(name);
  return legacy ? `sha256:${legacy[1]}` : digestOfBlobPath(name);
}
