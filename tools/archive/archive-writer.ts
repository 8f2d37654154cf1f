import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { Platform } from '../../src/image/facts.js';
import { directorySink, tarSink, type ArchiveSink } from './archive-sink.js';
import { gzipStream, layerTarStream, regularBytesOf, summarizeLayer, type LayerEntrySpec } from './layer-writer.js';

/**
 * Writes image archives deterministically and as streams: `docker save` output in the legacy layout or the
 * Docker 25+ layout, and OCI image layouts (directory or tar, uncompressed or gzip layers). Used by the demo (an
 * example image without a daemon), by tests (well-formed archives to read and to corrupt) and by benchmarks
 * (multi-GB archives whose file bodies are generated, never held in memory).
 */

export type { LayerEntrySpec } from './layer-writer.js';

export interface ImageSpec {
  repoTags: string[];
  /** Default linux/amd64. */
  platform?: Platform;
  config?: {
    User?: string;
    Env?: string[];
    Cmd?: string[];
    Entrypoint?: string[];
    WorkingDir?: string;
    Labels?: Record<string, string>;
    ExposedPorts?: string[];
  };
  /** ISO time of the image and of steps without their own; default the epoch. */
  created?: string;
  steps: StepSpec[];
}

export interface StepSpec {
  createdBy: string;
  created?: string;
  comment?: string;
  /** Metadata only (ENV, USER, …): a history entry without a layer. */
  emptyLayer?: boolean;
  entries?: LayerEntrySpec[];
}

export type ArchiveFormat = 'docker-legacy' | 'docker-oci' | 'oci-dir' | 'oci-tar';

export interface WriteArchiveOptions {
  format: ArchiveFormat;
  /** Layer blobs as stored; default uncompressed. */
  compression?: 'none' | 'gzip';
  gzipLevel?: number;
  /** OCI formats: images sharing their first repo tag go into one nested index, one manifest per platform. */
  nestPlatforms?: boolean;
}

/** An image given as its config bytes and uncompressed layer tars (e.g. to convert another archive). */
export interface RawImage {
  repoTags: string[];
  config: Buffer;
  layers: RawLayer[];
}

export interface RawLayer {
  /** The uncompressed layer tar; called once or twice, must give the same bytes each time. */
  open(): AsyncIterable<Buffer>;
  diffId?: string;
  tarSize?: number;
  regularBytes?: number;
}

export interface WrittenLayer {
  diffId: string;
  tarSize: number;
  /** Digest and size of the blob as stored (equal to diffId and tarSize when uncompressed). */
  digest: string;
  blobSize: number;
  compressed: boolean;
  regularBytes?: number;
}

export interface WrittenImage {
  repoTags: string[];
  /** Config digest (the image id). */
  id: string;
  /** Digest of the OCI manifest (Docker 25 and OCI formats). */
  manifestDigest?: string;
  layers: WrittenLayer[];
}

/** Writes `images` (specs) to `target` (a file, or a directory for `oci-dir`). */
export async function writeImageArchive(
  target: string,
  images: ImageSpec | ImageSpec[],
  options: WriteArchiveOptions,
): Promise<WrittenImage[]> {
  const raws: RawImage[] = [];
  for (const spec of Array.isArray(images) ? images : [images]) raws.push(await rawImageFromSpec(spec));
  return writeRawImages(target, raws, options);
}

/** Builds an image's layers (streams) and config from a spec; each layer is read once here for its diffId. */
export async function rawImageFromSpec(spec: ImageSpec): Promise<RawImage> {
  const created = spec.created ?? '1970-01-01T00:00:00Z';
  const mtime = new Date(Math.floor(Date.parse(created) / 1000) * 1000);
  const layers: RawLayer[] = [];
  for (const step of spec.steps) {
    if (step.emptyLayer) {
      if (step.entries?.length) throw new Error(`step ${step.createdBy}: an empty-layer step cannot have entries`);
      continue;
    }
    const entries = step.entries ?? [];
    const open = (): AsyncIterable<Buffer> => layerTarStream(entries, mtime);
    layers.push({ open, ...(await summarizeLayer(open)), regularBytes: regularBytesOf(entries) });
  }
  const platform = spec.platform ?? { os: 'linux', architecture: 'amd64' };
  const runConfig = spec.config ?? {};
  const { ExposedPorts, ...rest } = runConfig;
  const config = {
    architecture: platform.architecture,
    config: {
      ...rest,
      ...(ExposedPorts ? { ExposedPorts: Object.fromEntries(ExposedPorts.map((port) => [port, {}])) } : {}),
    },
    created,
    history: spec.steps.map((step) => ({
      created: step.created ?? created,
      created_by: step.createdBy,
      ...(step.comment ? { comment: step.comment } : {}),
      ...(step.emptyLayer ? { empty_layer: true } : {}),
    })),
    os: platform.os,
    rootfs: { type: 'layers', diff_ids: layers.map((layer) => layer.diffId) },
    ...(platform.variant ? { variant: platform.variant } : {}),
  };
  return { repoTags: spec.repoTags, config: Buffer.from(JSON.stringify(config)), layers };
}

interface Blob {
  digest: string;
  size: number;
  open(): AsyncIterable<Buffer>;
}

interface Prepared {
  raw: RawImage;
  id: string;
  platform: Platform;
  layers: WrittenLayer[];
  blobs: Blob[];
}

export async function writeRawImages(
  target: string,
  images: RawImage[],
  options: WriteArchiveOptions,
): Promise<WrittenImage[]> {
  const compression = options.compression ?? 'none';
  const level = options.gzipLevel ?? 6;
  const blobCache = new Map<string, Blob>();
  const prepared: Prepared[] = [];
  for (const raw of images) {
    const layers: WrittenLayer[] = [];
    const blobs: Blob[] = [];
    for (const layer of raw.layers) {
      const summary =
        layer.diffId !== undefined && layer.tarSize !== undefined
          ? { diffId: layer.diffId, tarSize: layer.tarSize }
          : await summarizeLayer(() => layer.open());
      let blob = blobCache.get(summary.diffId);
      if (!blob) {
        if (compression === 'gzip') {
          const open = (): AsyncIterable<Buffer> => gzipStream(layer.open(), level);
          const { diffId: digest, tarSize: size } = await summarizeLayer(open);
          blob = { digest, size, open };
        } else {
          blob = { digest: summary.diffId, size: summary.tarSize, open: () => layer.open() };
        }
        blobCache.set(summary.diffId, blob);
      }
      blobs.push(blob);
      layers.push({
        ...summary,
        digest: blob.digest,
        blobSize: blob.size,
        compressed: compression === 'gzip',
        ...(layer.regularBytes !== undefined ? { regularBytes: layer.regularBytes } : {}),
      });
    }
    const config = JSON.parse(raw.config.toString('utf8')) as { os?: string; architecture?: string; variant?: string };
    prepared.push({
      raw,
      id: sha256(raw.config),
      platform: {
        os: config.os ?? 'linux',
        architecture: config.architecture ?? 'amd64',
        ...(config.variant ? { variant: config.variant } : {}),
      },
      layers,
      blobs,
    });
  }
  const sink = options.format === 'oci-dir' ? await openDirectory(target) : tarSink(target);
  try {
    if (options.format === 'docker-legacy') {
      await writeLegacy(sink, prepared);
      await sink.close();
      return prepared.map((p) => ({ repoTags: p.raw.repoTags, id: p.id, layers: p.layers }));
    }
    const manifestDigests = await writeOci(sink, prepared, options, compression);
    await sink.close();
    return prepared.map((p, i) => ({
      repoTags: p.raw.repoTags,
      id: p.id,
      ...(manifestDigests[i] ? { manifestDigest: manifestDigests[i] } : {}),
      layers: p.layers,
    }));
  } catch (error) {
    await sink.close().catch(() => undefined);
    throw error;
  }
}

async function openDirectory(target: string): Promise<ArchiveSink> {
  await mkdir(target, { recursive: true });
  return directorySink(target);
}

/** `docker save` before Docker 25: `<v1 id>/layer.tar`, `<config hex>.json`, manifest.json, repositories. */
async function writeLegacy(sink: ArchiveSink, images: Prepared[]): Promise<void> {
  const written = new Set<string>();
  const manifest: unknown[] = [];
  const repositories: Record<string, Record<string, string>> = {};
  for (const image of images) {
    let parent = '';
    const layerPaths: string[] = [];
    for (const [i, layer] of image.layers.entries()) {
      const v1 = createHash('sha256').update(`${parent}\n${layer.diffId}`).digest('hex');
      if (!written.has(v1)) {
        written.add(v1);
        await sink.directory(v1);
        await sink.file(`${v1}/VERSION`, Buffer.from('1.0'));
        const json = { id: v1, ...(parent ? { parent } : {}), created: '1970-01-01T00:00:00Z', os: image.platform.os };
        await sink.file(`${v1}/json`, Buffer.from(JSON.stringify(json)));
        const blob = image.blobs[i] as Blob;
        await sink.stream(`${v1}/layer.tar`, blob.size, () => blob.open());
      }
      layerPaths.push(`${v1}/layer.tar`);
      parent = v1;
    }
    const configName = `${image.id.slice('sha256:'.length)}.json`;
    if (!written.has(configName)) {
      written.add(configName);
      await sink.file(configName, image.raw.config);
    }
    manifest.push({ Config: configName, RepoTags: image.raw.repoTags, Layers: layerPaths });
    for (const tag of image.raw.repoTags) {
      const { repository, tag: name } = splitTag(tag);
      (repositories[repository] ??= {})[name] = parent;
    }
  }
  await sink.file('manifest.json', Buffer.from(JSON.stringify(manifest)));
  await sink.file('repositories', Buffer.from(JSON.stringify(repositories)));
}

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

/** Docker 25+ `docker save` and OCI layouts: blobs, index.json (+ manifest.json and repositories for Docker). */
async function writeOci(
  sink: ArchiveSink,
  images: Prepared[],
  options: WriteArchiveOptions,
  compression: 'none' | 'gzip',
): Promise<string[]> {
  const docker = options.format === 'docker-oci';
  const written = new Set<string>();
  const putBlob = async (digest: string, size: number, open: () => AsyncIterable<Buffer>): Promise<void> => {
    if (written.has(digest)) return;
    written.add(digest);
    await sink.stream(blobName(digest), size, open);
  };
  const putJson = async (value: unknown): Promise<{ digest: string; size: number }> => {
    const bytes = Buffer.from(JSON.stringify(value));
    const digest = sha256(bytes);
    await putBlob(digest, bytes.length, async function* () {
      yield bytes;
    });
    return { digest, size: bytes.length };
  };
  if (!docker) await sink.file('oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}'));
  await sink.directory('blobs');
  await sink.directory('blobs/sha256');
  const layerType = `application/vnd.oci.image.layer.v1.tar${compression === 'gzip' ? '+gzip' : ''}`;
  const manifests: { digest: string; size: number }[] = [];
  for (const image of images) {
    for (const blob of image.blobs) await putBlob(blob.digest, blob.size, () => blob.open());
    const config = { digest: image.id, size: image.raw.config.length };
    await putBlob(config.digest, config.size, async function* () {
      yield image.raw.config;
    });
    manifests.push(
      await putJson({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
        layers: image.blobs.map((blob) => ({ mediaType: layerType, digest: blob.digest, size: blob.size })),
      }),
    );
  }
  const indexEntries: unknown[] = [];
  const groups = new Map<string, number[]>();
  images.forEach((image, i) => {
    const key = options.nestPlatforms ? (image.raw.repoTags[0] ?? `#${i}`) : `#${i}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  for (const members of groups.values()) {
    const first = images[members[0] as number] as Prepared;
    let descriptor: Record<string, unknown>;
    if (options.nestPlatforms) {
      const nested = await putJson({
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: members.map((i) => ({
          mediaType: OCI_MANIFEST,
          ...manifests[i],
          platform: (images[i] as Prepared).platform,
        })),
      });
      descriptor = { mediaType: OCI_INDEX, ...nested };
    } else {
      descriptor = { mediaType: OCI_MANIFEST, ...manifests[members[0] as number] };
    }
    const tags = first.raw.repoTags;
    if (tags.length === 0) indexEntries.push(descriptor);
    for (const tag of tags) {
      const annotations = docker
        ? { 'io.containerd.image.name': fullName(tag), 'org.opencontainers.image.ref.name': splitTag(tag).tag }
        : { 'org.opencontainers.image.ref.name': tag };
      indexEntries.push({ ...descriptor, annotations });
    }
  }
  await sink.file(
    'index.json',
    Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: indexEntries })),
  );
  if (docker) {
    const manifest = images.map((image) => ({
      Config: blobName(image.id),
      RepoTags: image.raw.repoTags,
      Layers: image.blobs.map((blob) => blobName(blob.digest)),
    }));
    await sink.file('manifest.json', Buffer.from(JSON.stringify(manifest)));
    await sink.file('oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}'));
    await sink.file('repositories', Buffer.from('{}'));
  }
  return manifests.map((m) => m.digest);
}

function blobName(digest: string): string {
  return `blobs/sha256/${digest.slice('sha256:'.length)}`;
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function splitTag(reference: string): { repository: string; tag: string } {
  const slash = reference.lastIndexOf('/');
  const colon = reference.lastIndexOf(':');
  return colon > slash
    ? { repository: reference.slice(0, colon), tag: reference.slice(colon + 1) }
    : { repository: reference, tag: 'latest' };
}

/** `app:1` → `docker.io/library/app:1`, as Docker 25 writes io.containerd.image.name. */
function fullName(reference: string): string {
  const first = reference.split('/')[0] ?? '';
  if (!reference.includes('/')) return `docker.io/library/${reference}`;
  if (!/[.:]/.test(first) && first !== 'localhost') return `docker.io/${reference}`;
  return reference;
}
