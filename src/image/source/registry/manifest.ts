import { ConfigurationError } from '../../../util/errors.js';
import { isObject } from '../../image-config.js';

/**
 * Manifest media types a registry may serve for an image, and telling them apart. Docker v2 schema 2 and OCI
 * manifests, Docker manifest lists and OCI indexes are read; schema 1 (deprecated since 2017, removed from Docker
 * 28 and most registries) and OCI artifacts that are not container images are refused with a clear message.
 */

export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const SCHEMA1_TYPES = new Set([
  'application/vnd.docker.distribution.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
]);
const IMAGE_CONFIG_TYPES = new Set([
  'application/vnd.oci.image.config.v1+json',
  'application/vnd.docker.container.image.v1+json',
]);

/** What a manifest request accepts, best first. */
export const MANIFEST_ACCEPT = [OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST].join(', ');

export type ManifestKind = 'index' | 'manifest';

/** `application/vnd.oci.image.manifest.v1+json; charset=utf-8` → the bare type. */
export function bareMediaType(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type ? type : undefined;
}

/**
 * The kind of a manifest document, from its own mediaType, else the Content-Type it was served with, else its
 * shape. `subject` names the reference in errors.
 */
export function manifestKind(body: unknown, contentType: string | undefined, subject: string): ManifestKind {
  const declared = isObject(body) && typeof body.mediaType === 'string' ? body.mediaType : bareMediaType(contentType);
  const schema1 =
    (declared !== undefined && SCHEMA1_TYPES.has(declared)) || (isObject(body) && body.schemaVersion === 1);
  if (schema1) {
    throw new ConfigurationError(
      `${subject} is stored as a Docker image manifest schema 1, which imagegate does not read (it was ` +
        'deprecated in 2017 and current registries and Docker no longer serve it); push the image again with a ' +
        'current docker or buildx, which writes schema 2 or OCI',
    );
  }
  if (declared === OCI_INDEX || declared === DOCKER_MANIFEST_LIST) return 'index';
  if (declared === OCI_MANIFEST || declared === DOCKER_MANIFEST) return 'manifest';
  if (isObject(body) && Array.isArray(body.manifests)) return 'index';
  if (isObject(body) && isObject(body.config) && Array.isArray(body.layers)) return 'manifest';
  throw new ConfigurationError(
    `${subject} is not a container image: the registry serves it as ${declared ?? 'an unknown media type'}`,
  );
}

/** Refuses manifests whose config is not an image config (Helm charts, signatures, other OCI artifacts). */
export function checkImageConfigType(mediaType: string | undefined, subject: string): void {
  if (mediaType === undefined || IMAGE_CONFIG_TYPES.has(mediaType)) return;
  throw new ConfigurationError(`${subject} is an OCI artifact with config type ${mediaType}, not a container image`);
}
