import { ConfigurationError } from '../../util/errors.js';
import type { Platform } from '../facts.js';
import { isObject, platformOf } from '../image-config.js';
import { DEFAULT_PLATFORM, matchesSelector, parsePlatform, platformMatches, platformText } from './image-select.js';
import type { ImageReadOptions } from '../read-options.js';
import { excerptValue } from '../../util/excerpt.js';

/** OCI descriptors and the choice of one image manifest out of an index (by name, then by platform). */

export interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations: Record<string, string>;
}

const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

/** Whether a descriptor (or, without a media type, the document it points at) is an index. */
export function isIndexMediaType(mediaType: string | undefined, body?: unknown): boolean {
  if (mediaType !== undefined) return INDEX_TYPES.has(mediaType);
  return isObject(body) && Array.isArray(body.manifests);
}

export function parseDescriptor(value: unknown, what: string, location: string): Descriptor {
  if (!isObject(value)) throw new ConfigurationError(`${what} is missing or not an object`, { path: location });
  const { mediaType, digest, size, platform, annotations } = value;
  if (typeof digest !== 'string') throw new ConfigurationError(`${what} has no digest`, { path: location });
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new ConfigurationError(`${what} has size ${excerptValue(size)}; expected a byte count`, { path: location });
  }
  return {
    ...(typeof mediaType === 'string' ? { mediaType } : {}),
    digest,
    size,
    ...(isObject(platform) ? { platform: platformOf(platform.os, platform.architecture, platform.variant) } : {}),
    annotations: isObject(annotations)
      ? Object.fromEntries(
          Object.entries(annotations).filter((pair): pair is [string, string] => typeof pair[1] === 'string'),
        )
      : {},
  };
}

/** The descriptors in `document[key]` (`manifests` of an index, `layers` of a manifest). */
export function parseDescriptorList(document: unknown, key: string, location: string, what: string): Descriptor[] {
  const list = isObject(document) ? document[key] : undefined;
  if (!Array.isArray(list))
    throw new ConfigurationError(`${what}: ${key} is missing or not a list`, { path: location });
  return list.map((item, i) => parseDescriptor(item, `${what} ${key}[${i}]`, location));
}

export interface ChosenManifest {
  descriptor: Descriptor;
  /** The index entry's annotations (names), with the chosen manifest's own on top. */
  annotations: Record<string, string>;
}

interface Candidate {
  descriptor: Descriptor;
  annotations: Record<string, string>;
}

/**
 * Picks the image: the one the selector names (else the first name in the index), then, among its platform
 * manifests (one level of nested index followed), the requested platform (linux/amd64 by default, or the only one).
 */
export async function chooseManifest(
  top: Descriptor[],
  options: ImageReadOptions,
  readBlob: (descriptor: Descriptor, what: string) => Promise<unknown>,
  archive: string,
): Promise<ChosenManifest> {
  return choosePlatform(await platformCandidates(top, options, readBlob, archive), options, archive);
}

/**
 * The platforms of the image chooseManifest would read (`--platform all`), in index order; empty when its
 * manifests name no platform (one image, read as it is).
 */
export async function indexPlatforms(
  top: Descriptor[],
  options: ImageReadOptions,
  readBlob: (descriptor: Descriptor, what: string) => Promise<unknown>,
  archive: string,
): Promise<Platform[]> {
  const candidates = await platformCandidates(top, options, readBlob, archive);
  // The same manifest listed twice (under two names) is one platform; the same platform with two different
  // manifests is kept twice, so selectPlatforms can refuse the index rather than gate one of them silently.
  const platforms: Platform[] = [];
  const seen = new Set<string>();
  for (const { descriptor } of candidates) {
    const platform = descriptor.platform;
    const key = platform ? `${platformText(platform)} ${descriptor.digest}` : '';
    if (platform && !seen.has(key)) {
      seen.add(key);
      platforms.push(platform);
    }
  }
  return platforms;
}

async function platformCandidates(
  top: Descriptor[],
  options: ImageReadOptions,
  readBlob: (descriptor: Descriptor, what: string) => Promise<unknown>,
  archive: string,
): Promise<Candidate[]> {
  let candidates = top.filter((descriptor) => !isAttestation(descriptor));
  if (candidates.length === 0) throw new ConfigurationError('index.json lists only attestations', { path: archive });
  if (options.image !== undefined) {
    const selector = options.image;
    const matching = candidates.filter((d) => matchesSelector(selector, { names: namesOf(d), digests: [d.digest] }));
    if (matching.length === 0) {
      throw new ConfigurationError(
        `no image ${JSON.stringify(selector)} in the layout; it holds: ${describeAll(candidates)}`,
        { path: archive },
      );
    }
    candidates = matching;
  } else {
    // One image may be listed under several names (same digest) or as several platform manifests (same name).
    const first = candidates[0] as Descriptor;
    const firstKey = namesOf(first).join(' ');
    const group = candidates.filter((d) => d.digest === first.digest || namesOf(d).join(' ') === firstKey);
    if (group.length < candidates.length) {
      const images = new Set(candidates.map((d) => d.digest)).size;
      options.logger.debug(
        `${archive} holds ${images} images (${describeAll(candidates)}); reading the first, ` +
          `${describeAll([first])} (choose another by name)`,
      );
      candidates = group;
    }
  }

  const expanded: Candidate[] = [];
  for (const descriptor of candidates) {
    // Without a media type only the document itself tells an index from a manifest.
    const mayBeIndex = descriptor.mediaType === undefined || isIndexMediaType(descriptor.mediaType);
    const nested = mayBeIndex ? await readBlob(descriptor, `index ${descriptor.digest}`) : undefined;
    if (nested === undefined || !isIndexMediaType(descriptor.mediaType, nested)) {
      expanded.push({ descriptor, annotations: descriptor.annotations });
      continue;
    }
    const children = parseDescriptorList(nested, 'manifests', archive, `index ${descriptor.digest}`);
    for (const child of children) {
      if (isAttestation(child)) continue;
      expanded.push({ descriptor: child, annotations: { ...descriptor.annotations, ...child.annotations } });
    }
  }
  return expanded;
}

function choosePlatform(candidates: Candidate[], options: ImageReadOptions, archive: string): Candidate {
  if (candidates.length === 0) throw new ConfigurationError('the image index lists no manifests', { path: archive });
  const wanted = parsePlatform(options.platform ?? DEFAULT_PLATFORM);
  if (candidates.length === 1) {
    const only = candidates[0] as Candidate;
    const platform = only.descriptor.platform;
    if (options.platform !== undefined && platform && !platformMatches(platform, wanted)) {
      throw new ConfigurationError(
        `the image is for ${platformText(platform)}, not the requested ${options.platform}`,
        { path: archive },
      );
    }
    return only;
  }
  const withPlatform = candidates.filter((c) => c.descriptor.platform !== undefined);
  if (withPlatform.length === 0) {
    options.logger.debug(`${archive}: ${candidates.length} manifests without platforms; reading the first`);
    return candidates[0] as Candidate;
  }
  const matching = withPlatform.filter((c) => platformMatches(c.descriptor.platform as Platform, wanted));
  if (matching.length === 0) {
    const available = withPlatform.map((c) => platformText(c.descriptor.platform as Platform)).join(', ');
    throw new ConfigurationError(`no manifest for platform ${platformText(wanted)}; the index has ${available}`, {
      path: archive,
    });
  }
  const chosen = matching[0] as Candidate;
  options.logger.debug(
    `${archive}: chose ${platformText(chosen.descriptor.platform as Platform)} (${chosen.descriptor.digest}) ` +
      `among ${withPlatform.length} platforms`,
  );
  return chosen;
}

/** BuildKit attaches provenance/SBOM manifests to indexes; they are not images. */
function isAttestation(descriptor: Descriptor): boolean {
  if (descriptor.annotations['vnd.docker.reference.type'] === 'attestation-manifest') return true;
  return descriptor.platform?.os === 'unknown' && descriptor.platform.architecture === 'unknown';
}

function namesOf(descriptor: Descriptor): string[] {
  const names: string[] = [];
  const containerd = descriptor.annotations['io.containerd.image.name'];
  const ref = descriptor.annotations['org.opencontainers.image.ref.name'];
  if (containerd) names.push(containerd);
  if (ref) names.push(ref);
  return names;
}

function describeAll(descriptors: Descriptor[]): string {
  return descriptors.map((d) => namesOf(d)[0] ?? d.digest).join('; ');
}
