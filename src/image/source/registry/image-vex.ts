import { isObject } from '../../image-config.js';
import { describeError } from '../../../util/errors.js';
import type { Logger } from '../../../util/logger.js';
import { DIGEST } from './digests.js';
import type { RegistryClient } from './registry-client.js';

/**
 * OpenVEX documents attached to an image in its registry (issue 14 item 6), found the ways tools attach them:
 * - OCI 1.1 referrers (`GET /v2/<name>/referrers/<digest>`, else the `sha256-<hex>` tag fallback index): an artifact
 *   whose type or layers are OpenVEX (`vexctl attach`, `oras attach --artifact-type application/vnd.openvex+json`),
 *   or an in-toto attestation with an OpenVEX predicate;
 * - cosign's `sha256-<hex>.att` tag: DSSE envelopes of in-toto statements (`cosign attest --type openvex`);
 * - BuildKit / Docker attestation manifests in the image's index (`vnd.docker.reference.type: attestation-manifest`,
 *   how `docker buildx build --attest type=vex` and Docker Scout store VEX).
 * Everything read is the registry's word and hostile: counts and sizes are capped, every blob is digest-checked by
 * the client, a malformed artifact is skipped with a warning (it never fails the run), and only the document's text
 * leaves here; the VEX parser validates it. Signatures are not verified: the policy's `vexFromImage` says whether
 * this repository's push access is trusted.
 */

/** One VEX document found on the image, for the VEX matcher (src/vex): where it came from, and its JSON text. */
export interface ImageVexDocument {
  /** `registry/repo@sha256:… (referrer artifact)`: how reports and errors name it. */
  source: string;
  text: string;
}

export interface ImageVexLimits {
  /** Referrers / attestation manifests looked at per subject (default 64). */
  maxArtifacts: number;
  /** Documents kept in all (default 16). */
  maxDocuments: number;
  /** Largest blob read (default 1 MiB). */
  maxBlobBytes: number;
}

const DEFAULT_LIMITS: ImageVexLimits = { maxArtifacts: 64, maxDocuments: 16, maxBlobBytes: 1024 * 1024 };

export const OPENVEX_MEDIA_TYPE = 'application/vnd.openvex+json';
const IN_TOTO_TYPES = new Set(['application/vnd.in-toto+json', 'application/vnd.dev.cosign.artifact.sbom.v1+json']);
const DSSE_TYPE = 'application/vnd.dsse.envelope.v1+json';

/** `https://openvex.dev/ns`, `…/ns/v0.2.0`, `…/ns/v0.2.0#…` and `http://` spellings seen in attestations. */
export function isOpenVexPredicate(predicateType: unknown): boolean {
  return (
    typeof predicateType === 'string' && /^https?:\/\/openvex\.dev\/ns(\/v[0-9][0-9.]*)?([#/?].*)?$/.test(predicateType)
  );
}

/** Where attached artifacts are looked up: a registry repository, or an OCI layout (oci-layout-vex.ts). */
export interface ArtifactSource {
  /** `registry/repo`, or the layout's path: how documents name where they came from. */
  readonly name: string;
  /** The referrers index of `digest` (OCI 1.1 API, else the `sha256-<hex>` tag), or undefined. */
  referrers(digest: string): Promise<unknown>;
  /** A manifest by digest or tag, or undefined when there is none. */
  findManifest(reference: string): Promise<{ digest: string; body: unknown } | undefined>;
  /** A blob, digest-checked, at most `descriptor.size` bytes. */
  readBlob(descriptor: { digest: string; size: number }): Promise<Buffer>;
}

/** A registry repository as an ArtifactSource. */
export function registryArtifacts(client: RegistryClient, repository: string): ArtifactSource {
  return {
    name: `${client.registry}/${repository}`,
    async referrers(digest) {
      const index = await client.referrers(repository, digest);
      return index ?? (await client.findManifest(repository, tagFor(digest)))?.body;
    },
    findManifest: (reference) => client.findManifest(repository, reference),
    readBlob: (descriptor) => client.readBlob(repository, descriptor, 'VEX document'),
  };
}

/**
 * Finds the OpenVEX documents attached to `subjects` (the digests the reference resolved to: the index, if any, and
 * the chosen platform's manifest) in `repository`. `rootIndex`: the image's index when it is one, for BuildKit
 * attestation manifests.
 */
export async function findImageVex(
  source: ArtifactSource,
  subjects: readonly string[],
  options: { logger: Logger; rootIndex?: unknown; limits?: Partial<ImageVexLimits> },
): Promise<ImageVexDocument[]> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const finder = new VexFinder(source, options.logger, limits);
  for (const digest of new Set(subjects)) {
    if (!DIGEST.test(digest)) continue;
    await finder.guard(`referrers of ${digest}`, () => finder.fromReferrers(digest));
    await finder.guard(`attestations of ${digest}`, () => finder.fromCosignTag(digest));
  }
  if (options.rootIndex !== undefined) {
    await finder.guard('attestation manifests', () => finder.fromAttestationManifests(options.rootIndex, subjects));
  }
  return finder.documents;
}

class VexFinder {
  readonly documents: ImageVexDocument[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly source: ArtifactSource,
    private readonly logger: Logger,
    private readonly limits: ImageVexLimits,
  ) {}

  private get full(): boolean {
    return this.documents.length >= this.limits.maxDocuments;
  }

  /** A failure reading one kind of attachment is a warning: the image's VEX is optional evidence, never required. */
  async guard(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.warning(`VEX on the image: ${what} could not be read and are skipped: ${describeError(error)}`);
    }
  }

  async fromReferrers(digest: string): Promise<void> {
    const index = await this.source.referrers(digest);
    for (const entry of descriptors(index, 'manifests').slice(0, this.limits.maxArtifacts)) {
      if (this.full) return;
      const type = entry.artifactType ?? entry.mediaType;
      if (
        type !== OPENVEX_MEDIA_TYPE &&
        !IN_TOTO_TYPES.has(type ?? '') &&
        type !== DSSE_TYPE &&
        !isOpenVexPredicate(entry.annotations['in-toto.io/predicate-type'])
      )
        continue;
      await this.fromArtifact(entry.digest, 'referrer artifact');
    }
  }

  async fromCosignTag(digest: string): Promise<void> {
    const manifest = await this.source.findManifest(`${tagFor(digest)}.att`);
    if (manifest) await this.fromManifest(manifest, 'cosign attestation');
  }

  async fromAttestationManifests(index: unknown, subjects: readonly string[]): Promise<void> {
    const entries = descriptors(index, 'manifests').filter(
      (entry) =>
        entry.annotations['vnd.docker.reference.type'] === 'attestation-manifest' &&
        subjects.includes(entry.annotations['vnd.docker.reference.digest'] ?? ''),
    );
    for (const entry of entries.slice(0, this.limits.maxArtifacts)) {
      if (this.full) return;
      await this.fromArtifact(entry.digest, 'attestation manifest');
    }
  }

  private async fromArtifact(digest: string, kind: string): Promise<void> {
    if (!DIGEST.test(digest) || this.seen.has(digest)) return;
    this.seen.add(digest);
    const manifest = await this.source.findManifest(digest);
    if (manifest) await this.fromManifest(manifest, kind);
  }

  private async fromManifest(manifest: { digest: string; body: unknown }, kind: string): Promise<void> {
    const body = manifest.body;
    const artifactType = isObject(body) && typeof body.artifactType === 'string' ? body.artifactType : undefined;
    const configType =
      isObject(body) && isObject(body.config) && typeof body.config.mediaType === 'string'
        ? body.config.mediaType
        : undefined;
    const manifestIsVex = artifactType === OPENVEX_MEDIA_TYPE || configType === OPENVEX_MEDIA_TYPE;
    const layers = [...descriptors(body, 'layers'), ...descriptors(body, 'blobs')];
    for (const layer of layers.slice(0, this.limits.maxArtifacts)) {
      if (this.full) return;
      const source = `${this.source.name}@${manifest.digest} (${kind}, blob ${layer.digest})`;
      const predicate = layer.annotations['in-toto.io/predicate-type'] ?? layer.annotations.predicateType;
      const type = layer.mediaType ?? '';
      if (type === OPENVEX_MEDIA_TYPE || (manifestIsVex && type === 'application/json')) {
        const text = await this.blobText(layer);
        if (text !== undefined) this.add(source, text);
      } else if (IN_TOTO_TYPES.has(type) && (predicate === undefined || isOpenVexPredicate(predicate))) {
        const text = await this.blobText(layer);
        if (text !== undefined) this.addPredicate(source, text);
      } else if (type === DSSE_TYPE && (predicate === undefined || isOpenVexPredicate(predicate))) {
        const text = await this.blobText(layer);
        const payload = text === undefined ? undefined : dssePayload(text);
        if (payload !== undefined) this.addPredicate(source, payload);
      }
    }
  }

  private async blobText(layer: Descriptor): Promise<string | undefined> {
    if (layer.size > this.limits.maxBlobBytes) {
      this.logger.warning(
        `VEX on the image: blob ${layer.digest} is ${layer.size} bytes; imagegate reads at most ${this.limits.maxBlobBytes}`,
      );
      return undefined;
    }
    const bytes = await this.source.readBlob(layer);
    return bytes.toString('utf8');
  }

  /** An in-toto statement: kept only when its predicateType is OpenVEX; the predicate is the document. */
  private addPredicate(source: string, statementText: string): void {
    let statement: unknown;
    try {
      statement = JSON.parse(statementText);
    } catch {
      this.logger.warning(`VEX on the image: ${source} is not JSON; skipped`);
      return;
    }
    if (!isObject(statement) || !isOpenVexPredicate(statement.predicateType) || !isObject(statement.predicate)) return;
    this.add(source, JSON.stringify(statement.predicate));
  }

  private add(source: string, text: string): void {
    if (this.full) return;
    this.documents.push({ source, text });
  }
}

export interface Descriptor {
  mediaType?: string;
  artifactType?: string;
  digest: string;
  size: number;
  annotations: Record<string, string>;
}

/** The well-formed descriptors of `document[key]`; anything malformed is left out (the registry is not trusted). */
export function descriptors(document: unknown, key: string): Descriptor[] {
  const list = isObject(document) ? document[key] : undefined;
  if (!Array.isArray(list)) return [];
  const out: Descriptor[] = [];
  for (const item of list) {
    if (!isObject(item) || typeof item.digest !== 'string' || !DIGEST.test(item.digest)) continue;
    if (typeof item.size !== 'number' || !Number.isSafeInteger(item.size) || item.size < 0) continue;
    const annotations: Record<string, string> = {};
    if (isObject(item.annotations)) {
      for (const [name, value] of Object.entries(item.annotations))
        if (typeof value === 'string') annotations[name] = value;
    }
    out.push({
      digest: item.digest,
      size: item.size,
      annotations,
      ...(typeof item.mediaType === 'string' ? { mediaType: item.mediaType } : {}),
      ...(typeof item.artifactType === 'string' ? { artifactType: item.artifactType } : {}),
    });
  }
  return out;
}

/** `sha256:abc…` → `sha256-abc…`: the OCI referrers tag schema, and cosign's tag prefix. */
export function tagFor(digest: string): string {
  return digest.replace(':', '-');
}

/** The decoded payload of a DSSE envelope (`{payloadType, payload: base64, signatures}`), or undefined. */
function dssePayload(text: string): string | undefined {
  try {
    const envelope = JSON.parse(text) as unknown;
    if (!isObject(envelope) || typeof envelope.payload !== 'string') return undefined;
    return Buffer.from(envelope.payload, 'base64').toString('utf8');
  } catch {
    return undefined;
  }
}
