import { ConfigurationError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { blobPath } from './archive-paths.js';
import type { ImageFacts, ImageSourceKind, Platform } from '../facts.js';
import { parseImageConfig } from '../image-config.js';
import { platformMatches, parsePlatform, platformText } from './image-select.js';
import { readJson, type ImageStore } from './image-store.js';
import { assembleFacts, readLayers, verifyDigest, type LayerPointer } from '../layers/layer-facts.js';
import {
  chooseManifest,
  indexPlatforms,
  isIndexMediaType,
  parseDescriptor,
  parseDescriptorList,
  type Descriptor,
} from './oci-select.js';
import { withImageStore } from './open-store.js';
import { contentOptions, resolveReadLimits, type ImageReadLimits, type ImageReadOptions } from '../read-options.js';
import { appendAll } from '../../util/append-all.js';

/**
 * OCI image layouts (a directory or a tar of one): `oci-layout`, `index.json` → manifest (one level of nested
 * index followed, platform chosen) → config and layers. Every digest is checked against `sha256:<hex>` before it
 * becomes a path, and every blob is checked against its digest as it is read.
 */

/** Reads one image from an OCI image layout directory or a tar (or .tar.gz) of one. */
export async function readOciLayout(layoutPath: string, options: ImageReadOptions): Promise<ImageFacts> {
  return withImageStore(layoutPath, options, (store) => readOciFromStore(store, options, 'oci-layout'));
}

/**
 * The platforms of the image a layout (or an OCI image tar) holds, for `--platform all`, from its index alone; no
 * layer is read. A `docker save` archive (it has manifest.json) is read as the one image its manifest.json names: [].
 */
export async function listOciLayoutPlatforms(layoutPath: string, options: ImageReadOptions): Promise<Platform[]> {
  return withImageStore(layoutPath, options, async (store) => {
    if (await store.has('manifest.json')) return [];
    const limits = resolveReadLimits(options.limits);
    await checkLayoutFile(store, limits);
    const { value: index } = await readJson(store, 'index.json', limits, 'index.json');
    const top = parseDescriptorList(index, 'manifests', store.locate('index.json'), 'index.json');
    const readBlob = (descriptor: Descriptor, what: string): Promise<unknown> =>
      readBlobJson(store, descriptor, what, limits, options.verifyDigests ?? true);
    return top.length === 0 ? [] : indexPlatforms(top, options, readBlob, store.path);
  });
}

export async function readOciFromStore(
  store: ImageStore,
  options: ImageReadOptions,
  source: ImageSourceKind,
): Promise<ImageFacts> {
  const limits = resolveReadLimits(options.limits);
  const verifyDigests = options.verifyDigests ?? true;
  const { logger } = options;
  await checkLayoutFile(store, limits);
  const { value: index } = await readJson(store, 'index.json', limits, 'index.json');
  const top = parseDescriptorList(index, 'manifests', store.locate('index.json'), 'index.json');
  if (top.length === 0)
    throw new ConfigurationError('index.json lists no images', { path: store.locate('index.json') });

  const readBlob = (descriptor: Descriptor, what: string): Promise<unknown> =>
    readBlobJson(store, descriptor, what, limits, verifyDigests);
  const chosen = await chooseManifest(top, options, readBlob, store.path);
  const manifestWhat = `manifest ${chosen.descriptor.digest}`;
  const manifest = await readBlob(chosen.descriptor, manifestWhat);
  const { config: configDescriptor, layers: layerDescriptors } = parseManifestBody(manifest, store, chosen.descriptor);

  const configName = blobPath(configDescriptor.digest, store.path, `${manifestWhat} config`);
  const configJson = await readBlob(configDescriptor, 'image config');
  const config = parseImageConfig(configJson, store.locate(configName));
  if (options.platform !== undefined && !platformMatches(config.platform, parsePlatform(options.platform))) {
    throw new ConfigurationError(
      `the image is for ${platformText(config.platform)}, not the requested ${options.platform}`,
      { path: store.path },
    );
  }
  if (layerDescriptors.length !== config.diffIds.length) {
    throw new ConfigurationError(
      `${manifestWhat} lists ${layerDescriptors.length} layers but its config's rootfs.diff_ids has ` +
        `${config.diffIds.length}`,
      { path: store.path },
    );
  }
  const pointers: LayerPointer[] = layerDescriptors.map((descriptor, i) => ({
    name: blobPath(descriptor.digest, store.path, `${manifestWhat} layers[${i}]`),
    diffId: config.diffIds[i] ?? '',
    blobDigest: descriptor.digest,
    blobSize: descriptor.size,
    ...(descriptor.mediaType ? { mediaType: descriptor.mediaType } : {}),
    what: `${manifestWhat} layers[${i}]`,
  }));
  const contents = contentOptions(options);
  const { layers, contents: contentFacts } = await readLayers(store, pointers, {
    logger,
    limits,
    verifyDigests,
    ...(contents ? { contents } : {}),
    ...(options.hasher ? { hasher: options.hasher } : {}),
  });
  const containerdName = chosen.annotations['io.containerd.image.name'];
  const refName = chosen.annotations['org.opencontainers.image.ref.name'];
  // ref.name is often only a tag (skopeo writes `oci:dir:tag`); only a full reference names the image.
  const reference = containerdName ?? (refName && /[/:@]/.test(refName) ? refName : undefined);
  return assembleFacts(
    {
      source,
      ...(reference !== undefined ? { reference } : {}),
      id: configDescriptor.digest,
      digest: chosen.descriptor.digest,
      repoTags: reference !== undefined ? [reference] : [],
      repoDigests: [],
      ...(refName !== undefined ? { ociRefName: refName } : {}),
      config,
      layers,
      ...(contentFacts ? { contents: contentFacts } : {}),
    },
    logger,
    store.path,
  );
}

/**
 * In a Docker 25+ archive, the OCI manifest whose config is `configDigest` (for the manifest digest and the
 * layers' media types). Best effort: manifest.json already says everything needed, so problems are only logged.
 */
export async function findOciManifestForConfig(
  store: ImageStore,
  configDigest: string,
  limits: ImageReadLimits,
  logger: Logger,
): Promise<{ digest: string; layers: Descriptor[] } | undefined> {
  if (!(await store.has('index.json'))) return undefined;
  const skip = (error: unknown, what: string): void => {
    if (!(error instanceof ConfigurationError)) throw error;
    logger.debug(`${store.path}: ${what} not used: ${error.message}`);
  };
  let queue: Descriptor[];
  try {
    const { value } = await readJson(store, 'index.json', limits, 'index.json');
    queue = parseDescriptorList(value, 'manifests', store.locate('index.json'), 'index.json');
  } catch (error) {
    skip(error, 'index.json');
    return undefined;
  }
  // A containerd-store archive may list platforms whose blobs it does not hold: skip what cannot be read.
  for (let read = 0; read < queue.length && read < 64; read += 1) {
    const descriptor = queue[read] as Descriptor;
    try {
      const body = await readBlobJson(store, descriptor, `manifest ${descriptor.digest}`, limits, true);
      if (isIndexMediaType(descriptor.mediaType, body)) {
        appendAll(queue, parseDescriptorList(body, 'manifests', store.path, `index ${descriptor.digest}`));
        continue;
      }
      const manifest = parseManifestBody(body, store, descriptor);
      if (manifest.config.digest === configDigest) return { digest: descriptor.digest, layers: manifest.layers };
    } catch (error) {
      skip(error, `manifest ${descriptor.digest}`);
    }
  }
  return undefined;
}

async function checkLayoutFile(store: ImageStore, limits: ImageReadLimits): Promise<void> {
  if (!(await store.has('oci-layout'))) {
    throw new ConfigurationError('not an OCI image layout: the oci-layout file is missing', { path: store.path });
  }
  const { value } = await readJson(store, 'oci-layout', limits, 'oci-layout');
  const version = (value as { imageLayoutVersion?: unknown } | null)?.imageLayoutVersion;
  if (typeof version !== 'string') {
    throw new ConfigurationError('oci-layout has no imageLayoutVersion; expected {"imageLayoutVersion": "1.0.0"}', {
      path: store.locate('oci-layout'),
    });
  }
}

/** Reads a small blob named by a descriptor: digest checked before it becomes a path, size and content verified. */
async function readBlobJson(
  store: ImageStore,
  descriptor: Descriptor,
  what: string,
  limits: ImageReadLimits,
  verify: boolean,
): Promise<unknown> {
  const name = blobPath(descriptor.digest, store.path, what);
  const { value, bytes } = await readJson(store, name, limits, what);
  if (bytes.length !== descriptor.size) {
    throw new ConfigurationError(
      `${what}: the descriptor says ${descriptor.size} bytes, the blob has ${bytes.length}`,
      {
        path: store.path,
      },
    );
  }
  if (verify) verifyDigest(store, name, bytes, descriptor.digest, what);
  return value;
}

function parseManifestBody(
  body: unknown,
  store: ImageStore,
  descriptor: Descriptor,
): { config: Descriptor; layers: Descriptor[] } {
  const location = store.locate(blobPath(descriptor.digest, store.path, 'manifest'));
  const what = `manifest ${descriptor.digest}`;
  if (isIndexMediaType(descriptor.mediaType, body)) {
    throw new ConfigurationError(`${what} is an image index nested more than one level deep`, { path: location });
  }
  const manifest = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  return {
    config: parseDescriptor(manifest.config, `${what} config`, location),
    layers: parseDescriptorList(manifest, 'layers', location, what),
  };
}
