import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import type { TestRegistry } from './registry.js';

/**
 * Pushing test images to a registry over the distribution API (plain fetch, independent of the client under
 * test): blobs by POST + PUT, manifests by PUT. Images come from OCI layouts written by the project's archive
 * writer; `format: 'docker'` re-encodes their manifests as Docker v2 schema 2 and manifest lists (blobs unchanged),
 * so both manifest families are tested against the same bytes. skopeo copies what docker built.
 */

export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';

interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
  platform?: unknown;
  annotations?: Record<string, string>;
}

export interface Pushed {
  digest: string;
  size: number;
  mediaType: string;
}

/** Pushes the image (or index) `index.json` lists at `entry` (default the first) under `tags`. */
export async function pushLayout(
  layout: string,
  registry: TestRegistry,
  repository: string,
  tags: string[],
  options: { format?: 'oci' | 'docker'; entry?: number } = {},
): Promise<Pushed> {
  const index = JSON.parse(await readFile(path.join(layout, 'index.json'), 'utf8')) as { manifests: Descriptor[] };
  const top = index.manifests[options.entry ?? 0];
  if (!top) throw new Error(`${layout}: no entry ${options.entry ?? 0} in index.json`);
  const authorization = await registry.pushAuthorization(repository);
  const docker = options.format === 'docker';
  const readBlob = (digest: string) => readFile(path.join(layout, 'blobs', ...digest.split(':')));

  const push = async (descriptor: Descriptor): Promise<Pushed> => {
    const document = JSON.parse((await readBlob(descriptor.digest)).toString('utf8')) as Record<string, unknown>;
    let body: Record<string, unknown>;
    let mediaType: string;
    if (Array.isArray(document.manifests)) {
      const children: Descriptor[] = [];
      for (const child of document.manifests as Descriptor[]) {
        const pushed = await push(child);
        children.push({ ...child, ...pushed });
      }
      mediaType = docker ? DOCKER_LIST : OCI_INDEX;
      body = { schemaVersion: 2, mediaType, manifests: children };
    } else {
      const config = document.config as Descriptor;
      const layers = document.layers as Descriptor[];
      await uploadBlob(registry.url, repository, await readBlob(config.digest), authorization);
      for (const layer of layers)
        await uploadBlob(registry.url, repository, await readBlob(layer.digest), authorization);
      mediaType = docker ? DOCKER_MANIFEST : OCI_MANIFEST;
      body = docker
        ? {
            schemaVersion: 2,
            mediaType,
            config: { ...config, mediaType: 'application/vnd.docker.container.image.v1+json' },
            layers: layers.map((layer) => ({
              ...layer,
              mediaType: layer.mediaType?.endsWith('+gzip')
                ? 'application/vnd.docker.image.rootfs.diff.tar.gzip'
                : 'application/vnd.docker.image.rootfs.diff.tar',
            })),
          }
        : { ...document, mediaType };
    }
    const bytes = Buffer.from(JSON.stringify(body));
    const digest = sha256(bytes);
    await putManifest(registry.url, repository, digest, bytes, mediaType, authorization);
    return { digest, size: bytes.length, mediaType };
  };

  const pushed = await push(top);
  const bytes = await fetchManifestBytes(registry.url, repository, pushed.digest, pushed.mediaType, authorization);
  for (const tag of tags) await putManifest(registry.url, repository, tag, bytes, pushed.mediaType, authorization);
  return pushed;
}

/** Uploads a blob unless the repository has it already; returns its digest. */
export async function uploadBlob(
  registryUrl: string,
  repository: string,
  bytes: Buffer,
  authorization: string,
): Promise<string> {
  const digest = sha256(bytes);
  const head = await fetch(`${registryUrl}/v2/${repository}/blobs/${digest}`, {
    method: 'HEAD',
    headers: { authorization },
  });
  if (head.status === 200) return digest;
  const start = await fetch(`${registryUrl}/v2/${repository}/blobs/uploads/`, {
    method: 'POST',
    headers: { authorization },
  });
  if (start.status !== 202)
    throw new Error(`upload start for ${repository}: HTTP ${start.status} ${await start.text()}`);
  const location = new URL(start.headers.get('location') ?? '', registryUrl);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { authorization, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  if (put.status !== 201)
    throw new Error(`upload of ${digest} to ${repository}: HTTP ${put.status} ${await put.text()}`);
  return digest;
}

export async function putManifest(
  registryUrl: string,
  repository: string,
  reference: string,
  bytes: Buffer,
  mediaType: string,
  authorization: string,
): Promise<void> {
  const response = await fetch(`${registryUrl}/v2/${repository}/manifests/${reference}`, {
    method: 'PUT',
    headers: { authorization, 'content-type': mediaType },
    body: bytes,
  });
  if (response.status !== 201) {
    throw new Error(`manifest ${repository}:${reference}: HTTP ${response.status} ${await response.text()}`);
  }
}

async function fetchManifestBytes(
  registryUrl: string,
  repository: string,
  digest: string,
  mediaType: string,
  authorization: string,
): Promise<Buffer> {
  const response = await fetch(`${registryUrl}/v2/${repository}/manifests/${digest}`, {
    headers: { authorization, accept: mediaType },
  });
  if (response.status !== 200) throw new Error(`manifest ${repository}@${digest}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** `skopeo copy` into the registry (`docker-daemon:img:tag`, `oci:dir:tag` → `repo:tag`), with its credentials. */
export async function skopeoPush(source: string, registry: TestRegistry, target: string): Promise<void> {
  await execa('skopeo', [
    'copy',
    '--quiet',
    '--dest-tls-verify=false',
    '--dest-creds',
    `${registry.username}:${registry.password}`,
    source,
    `docker://${registry.host}/${target}`,
  ]);
}

export function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
