import { ConfigurationError } from '../../../util/errors.js';
import { blobPath } from '../archive-paths.js';
import type { ImageFacts, Platform } from '../../facts.js';
import { parseImageConfig, type ParsedImageConfig } from '../../image-config.js';
import { parsePlatform, platformMatches, platformText } from '../image-select.js';
import { parseJson } from '../image-store.js';
import { assembleFacts, readLayers, type LayerPointer } from '../../layers/layer-facts.js';
import {
  chooseManifest,
  indexPlatforms,
  parseDescriptor,
  parseDescriptorList,
  type Descriptor,
} from '../oci-select.js';
import { contentOptions, resolveReadLimits, type ImageReadOptions } from '../../read-options.js';
import { parseImageReference, type ImageReference } from '../../../model/image-reference.js';
import { checkImageConfigType } from './manifest.js';
import { RegistryClient, type FetchedManifest, type RegistryAccess } from './registry-client.js';
import { RegistryBlobStore } from './registry-store.js';

/**
 * Images read straight from a registry, without a daemon: the tag's manifest (an index is narrowed to one platform
 * exactly as for OCI layouts), the config blob, and — only for full facts — each layer blob streamed once through
 * the archive readers' layer analysis. Compressed sizes come from the manifest, not from downloads.
 */

export interface RegistryReadOptions extends ImageReadOptions {
  access: RegistryAccess;
  /** An open client for the reference's registry, shared across images (the re-scan planner); else one is opened. */
  client?: RegistryClient;
  /**
   * The image as resolveRegistryImage already found it (manifests and config): its layers are read without asking for
   * the manifests again, and exactly those (`--platform all` resolves every platform first, then reads each one).
   */
  resolved?: ResolvedRegistryImage;
}

/** One platform image of a registry reference, resolved from manifests and its config alone (no layer blobs). */
export interface ResolvedRegistryImage {
  reference: ImageReference;
  /** What the tag points at (an index for multi-platform images): pin `name@digest` to scan the same thing. */
  digest: string;
  /** The chosen platform's manifest (equal to `digest` for single-platform images). */
  manifest: { digest: string; mediaType?: string; size: number };
  configDigest: string;
  config: ParsedImageConfig;
  /** Layer blobs as the manifest lists them, bottom first, with their compressed sizes. */
  layers: Descriptor[];
  compressedSize: number;
}

/** Full facts of a registry image, identical to what the daemon and archive readers give for the same image. */
export async function readFromRegistry(reference: string, options: RegistryReadOptions): Promise<ImageFacts> {
  return withClient(reference, options, async (client, ref) => {
    const limits = resolveReadLimits(options.limits);
    const verifyDigests = options.verifyDigests ?? true;
    const resolved = options.resolved ?? (await resolveWith(client, ref, options));
    const store = new RegistryBlobStore(ref.original, client, ref.repository, resolved.layers);
    const manifestWhat = `manifest ${resolved.manifest.digest}`;
    const pointers: LayerPointer[] = resolved.layers.map((descriptor, i) => ({
      name: blobPath(descriptor.digest, ref.original, `${manifestWhat} layers[${i}]`),
      diffId: resolved.config.diffIds[i] ?? '',
      blobDigest: descriptor.digest,
      blobSize: descriptor.size,
      ...(descriptor.mediaType ? { mediaType: descriptor.mediaType } : {}),
      what: `${manifestWhat} layers[${i}]`,
    }));
    const contents = contentOptions(options);
    const { layers, contents: contentFacts } = await readLayers(store, pointers, {
      logger: options.logger,
      limits,
      verifyDigests,
      ...(contents ? { contents } : {}),
    });
    const familiarName = familiarRepository(ref);
    return assembleFacts(
      {
        source: 'registry',
        reference: ref.original,
        id: resolved.configDigest,
        digest: resolved.digest,
        repoTags: ref.tag !== undefined ? [`${familiarName}:${ref.tag}`] : [],
        repoDigests: [`${familiarName}@${resolved.digest}`],
        config: resolved.config,
        layers,
        ...(contentFacts ? { contents: contentFacts } : {}),
      },
      options.logger,
      ref.original,
    );
  });
}

/**
 * The platforms a registry reference's index lists (for `--platform all`), from its manifests alone; empty for a
 * single-platform image (its one manifest names no platform of its own).
 */
export async function listRegistryPlatforms(reference: string, options: RegistryReadOptions): Promise<Platform[]> {
  return withClient(reference, options, async (client, ref) => {
    const root = await client.getManifest(ref.repository, ref.digest ?? ref.tag ?? 'latest');
    if (root.kind !== 'index') return [];
    const rootDescriptor: Descriptor = {
      ...(root.mediaType ? { mediaType: root.mediaType } : {}),
      digest: root.digest,
      size: root.size,
      annotations: {},
    };
    const readIndex = async (descriptor: Descriptor) =>
      descriptor.digest === root.digest
        ? root.body
        : (await client.getManifest(ref.repository, descriptor.digest)).body;
    return indexPlatforms([rootDescriptor], options, readIndex, ref.original);
  });
}

/** Manifests and config only: digests, platform, layer list and compressed sizes without reading a layer. */
export async function resolveRegistryImage(
  reference: string,
  options: RegistryReadOptions,
): Promise<ResolvedRegistryImage> {
  return withClient(reference, options, (client, ref) => resolveWith(client, ref, options));
}

async function withClient<T>(
  reference: string,
  options: RegistryReadOptions,
  work: (client: RegistryClient, ref: ImageReference) => Promise<T>,
): Promise<T> {
  const ref = parseImageReference(reference);
  if (options.client && options.client.registry !== ref.registry) {
    throw new Error(`a client for ${options.client.registry} cannot read ${ref.normalized}`);
  }
  const limits = resolveReadLimits(options.limits);
  const client =
    options.client ??
    (await RegistryClient.open(ref.registry, {
      ...options.access,
      logger: options.logger,
      maxDocumentBytes: limits.maxJsonBytes,
    }));
  try {
    return await work(client, ref);
  } finally {
    if (!options.client) client.close();
  }
}

async function resolveWith(
  client: RegistryClient,
  ref: ImageReference,
  options: RegistryReadOptions,
): Promise<ResolvedRegistryImage> {
  const { logger } = options;
  const subject = ref.original;
  const root = await client.getManifest(ref.repository, ref.digest ?? ref.tag ?? 'latest');
  const fetched = new Map<string, FetchedManifest>([[root.digest, root]]);
  const readManifest = async (descriptor: Descriptor): Promise<FetchedManifest> => {
    const known = fetched.get(descriptor.digest);
    if (known) return known;
    const manifest = await client.getManifest(ref.repository, descriptor.digest);
    if (manifest.size !== descriptor.size) {
      throw new ConfigurationError(
        `${subject}: the index says manifest ${descriptor.digest} has ${descriptor.size} bytes, it has ${manifest.size}`,
      );
    }
    fetched.set(descriptor.digest, manifest);
    return manifest;
  };
  const rootDescriptor: Descriptor = {
    ...(root.mediaType ? { mediaType: root.mediaType } : {}),
    digest: root.digest,
    size: root.size,
    annotations: {},
  };
  const chosen =
    root.kind === 'index'
      ? await chooseManifest([rootDescriptor], options, async (d) => (await readManifest(d)).body, subject)
      : { descriptor: rootDescriptor, annotations: {} };
  const manifest = await readManifest(chosen.descriptor);
  if (manifest.kind === 'index') {
    throw new ConfigurationError(`${subject}: manifest ${manifest.digest} is an index nested more than one level deep`);
  }
  const manifestWhat = `manifest ${manifest.digest}`;
  const configDescriptor = parseDescriptor(
    (manifest.body as Record<string, unknown>).config,
    `${manifestWhat} config`,
    subject,
  );
  checkImageConfigType(configDescriptor.mediaType, subject);
  const layers = parseDescriptorList(manifest.body, 'layers', subject, manifestWhat);
  blobPath(configDescriptor.digest, subject, `${manifestWhat} config`);
  const configBytes = await client.readBlob(ref.repository, configDescriptor, 'image config');
  const configLocation = `${client.registry}/${ref.repository}@${configDescriptor.digest}`;
  const config = parseImageConfig(parseJson(configBytes, configLocation, 'image config'), configLocation);
  if (options.platform !== undefined && !platformMatches(config.platform, parsePlatform(options.platform))) {
    throw new ConfigurationError(
      `${subject}: the image is for ${platformText(config.platform)}, not the requested ${options.platform}`,
    );
  }
  if (layers.length !== config.diffIds.length) {
    throw new ConfigurationError(
      `${subject}: ${manifestWhat} lists ${layers.length} layers but its config's rootfs.diff_ids has ` +
        `${config.diffIds.length}`,
    );
  }
  logger.debug(
    `${subject}: ${root.digest}${manifest.digest !== root.digest ? ` → ${manifest.digest}` : ''}, ` +
      `${platformText(config.platform)}, ${layers.length} layers`,
  );
  return {
    reference: ref,
    digest: root.digest,
    manifest: {
      digest: manifest.digest,
      ...(manifest.mediaType ? { mediaType: manifest.mediaType } : {}),
      size: manifest.size,
    },
    configDigest: configDescriptor.digest,
    config,
    layers,
    compressedSize: layers.reduce((sum, layer) => sum + layer.size, 0),
  };
}

/** `127.0.0.1:5000/app`, `alpine`, `acme/api`: the name as docker prints it in RepoTags and RepoDigests. */
function familiarRepository(ref: ImageReference): string {
  const suffix = (ref.tag !== undefined ? `:${ref.tag}` : '') + (ref.digest !== undefined ? `@${ref.digest}` : '');
  return ref.familiar.slice(0, ref.familiar.length - suffix.length);
}
