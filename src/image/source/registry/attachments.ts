import { isObject } from '../../image-config.js';
import { describeError } from '../../../util/errors.js';
import type { Logger } from '../../../util/logger.js';
import { DIGEST } from './digests.js';
import type { RegistryClient } from './registry-client.js';

/**
 * Documents attached to an image, found the ways tools attach them (issue 14 item 6 for VEX, issue 15 item 4 for
 * provenance):
 * - OCI 1.1 referrers (`GET /v2/<name>/referrers/<digest>`, else the `sha256-<hex>` tag fallback index);
 * - cosign's `sha256-<hex>.att` tag: DSSE envelopes of in-toto statements;
 * - BuildKit / Docker attestation manifests in the image's index (`vnd.docker.reference.type: attestation-manifest`).
 * What is looked for is an AttachmentKind: which in-toto predicate types (and which raw media type, if any) count.
 * Everything read is the registry's word and hostile: counts and sizes are capped, every blob is digest-checked by
 * the client, a layer whose `in-toto.io/predicate-type` annotation names another predicate is never downloaded
 * (item 8: an SBOM attestation costs no blob when provenance is looked for), a malformed artifact is skipped with a
 * warning, and only text leaves here for the caller's parser. Signatures are not verified here: a DSSE envelope's
 * payload is read as is; see `AttachedDocument.envelope` for the verification seam.
 */

/** What to look for. */
export interface AttachmentKind {
  /** How warnings name the kind: `VEX`, `provenance`. */
  label: string;
  /** Whether an in-toto predicate type is one wanted. */
  acceptsPredicate(predicateType: unknown): boolean;
  /** A media type whose blobs are the document itself, not an in-toto statement (OpenVEX's), if any. */
  rawMediaType?: string;
  /** What to keep of a wanted in-toto statement (its predicate, or the whole statement), as JSON text. */
  keep(statement: Record<string, unknown>): string | undefined;
}

/** One document found on the image: where it came from, and its text (what AttachmentKind.keep returned). */
export interface AttachedDocument {
  /** `registry/repo@sha256:… (referrer artifact, blob sha256:…)`: how reports and errors name it. */
  source: string;
  /** The blob's digest (`sha256:…`, checked by the client): how a verification summary names what it relied on. */
  digest: string;
  text: string;
  /**
   * The DSSE envelope's JSON text when the statement came in one (cosign `.att`, Sigstore/GitHub attestations), so a
   * signature verifier (issue 15 items 1-3) can check it later; undefined for a bare statement (BuildKit's).
   */
  envelope?: string;
  /**
   * The Sigstore bundle's JSON text when the statement came in one (GitHub artifact attestations, `cosign attest
   * --new-bundle-format`): its DSSE envelope carries the statement, its verification material the signer.
   */
  bundle?: string;
}

export interface AttachmentLimits {
  /** Referrers / attestation manifests looked at per subject (default 64). */
  maxArtifacts: number;
  /** Documents kept in all (default 16). */
  maxDocuments: number;
  /** Largest blob read (default 1 MiB). */
  maxBlobBytes: number;
}

const DEFAULT_LIMITS: AttachmentLimits = { maxArtifacts: 64, maxDocuments: 16, maxBlobBytes: 1024 * 1024 };

const IN_TOTO_TYPES = new Set(['application/vnd.in-toto+json', 'application/vnd.dev.cosign.artifact.sbom.v1+json']);
const DSSE_TYPE = 'application/vnd.dsse.envelope.v1+json';
const PREDICATE_ANNOTATION = 'in-toto.io/predicate-type';
/** How Sigstore bundles pushed as referrers name their predicate (GitHub's `attest` actions, cosign). */
export const BUNDLE_PREDICATE_ANNOTATION = 'dev.sigstore.bundle.predicateType';
/** `application/vnd.dev.sigstore.bundle.v0.3+json`, `…bundle+json;version=0.3` and the v0.1/v0.2 spellings. */
const isBundleType = (type: string): boolean =>
  /^application\/vnd\.dev\.sigstore\.bundle(\.v0\.[0-9]+)?\+json\b/.test(type);

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

/** A registry repository as an ArtifactSource; `what` names the blobs in errors. */
export function registryArtifacts(client: RegistryClient, repository: string, what = 'VEX document'): ArtifactSource {
  return {
    name: `${client.registry}/${repository}`,
    async referrers(digest) {
      const index = await client.referrers(repository, digest);
      return index ?? (await client.findManifest(repository, tagFor(digest)))?.body;
    },
    findManifest: (reference) => client.findManifest(repository, reference),
    readBlob: (descriptor) => client.readBlob(repository, descriptor, what),
  };
}

/**
 * Finds the documents of `kind` attached to `subjects` (the digests the reference resolved to: the index, if any,
 * and the chosen platform's manifest). `rootIndex`: the image's index when it is one, for BuildKit attestation
 * manifests.
 */
export async function findAttachments(
  kind: AttachmentKind,
  source: ArtifactSource,
  subjects: readonly string[],
  options: { logger: Logger; rootIndex?: unknown; limits?: Partial<AttachmentLimits> },
): Promise<AttachedDocument[]> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const finder = new AttachmentFinder(kind, source, options.logger, limits);
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

class AttachmentFinder {
  readonly documents: AttachedDocument[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly kind: AttachmentKind,
    private readonly source: ArtifactSource,
    private readonly logger: Logger,
    private readonly limits: AttachmentLimits,
  ) {}

  private get full(): boolean {
    return this.documents.length >= this.limits.maxDocuments;
  }

  /** A failure reading one kind of attachment is a warning: the caller decides what a missing document means. */
  async guard(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.warning(
        `${this.kind.label} on the image: ${what} could not be read and are skipped: ${describeError(error)}`,
      );
    }
  }

  async fromReferrers(digest: string): Promise<void> {
    const index = await this.source.referrers(digest);
    for (const entry of descriptors(index, 'manifests').slice(0, this.limits.maxArtifacts)) {
      if (this.full) return;
      const type = entry.artifactType ?? entry.mediaType ?? '';
      const predicate = entry.annotations[PREDICATE_ANNOTATION] ?? entry.annotations[BUNDLE_PREDICATE_ANNOTATION];
      const raw = this.kind.rawMediaType !== undefined && type === this.kind.rawMediaType;
      const statement = IN_TOTO_TYPES.has(type) || type === DSSE_TYPE || isBundleType(type);
      if (!raw && !this.kind.acceptsPredicate(predicate) && !(statement && predicate === undefined)) continue;
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
    const rawType = this.kind.rawMediaType;
    const manifestIsRaw = rawType !== undefined && (artifactType === rawType || configType === rawType);
    const manifestPredicate =
      isObject(body) && isObject(body.annotations) && typeof body.annotations[BUNDLE_PREDICATE_ANNOTATION] === 'string'
        ? body.annotations[BUNDLE_PREDICATE_ANNOTATION]
        : undefined;
    const layers = [...descriptors(body, 'layers'), ...descriptors(body, 'blobs')];
    for (const layer of layers.slice(0, this.limits.maxArtifacts)) {
      if (this.full) return;
      const source = `${this.source.name}@${manifest.digest} (${kind}, blob ${layer.digest})`;
      const predicate =
        layer.annotations[PREDICATE_ANNOTATION] ??
        layer.annotations.predicateType ??
        layer.annotations[BUNDLE_PREDICATE_ANNOTATION] ??
        manifestPredicate;
      const wanted = predicate === undefined || this.kind.acceptsPredicate(predicate);
      const type = layer.mediaType ?? '';
      if (rawType !== undefined && (type === rawType || (manifestIsRaw && type === 'application/json'))) {
        const text = await this.blobText(layer);
        if (text !== undefined) this.add({ source, digest: layer.digest, text });
      } else if (IN_TOTO_TYPES.has(type) && wanted) {
        const text = await this.blobText(layer);
        if (text !== undefined) this.addStatement({ source, digest: layer.digest }, text);
      } else if (type === DSSE_TYPE && wanted) {
        const text = await this.blobText(layer);
        const payload = text === undefined ? undefined : dssePayload(text);
        if (payload !== undefined) this.addStatement({ source, digest: layer.digest }, payload, { envelope: text });
      } else if (isBundleType(type) && wanted) {
        const text = await this.blobText(layer);
        const envelope = text === undefined ? undefined : bundleEnvelope(text);
        const payload = envelope === undefined ? undefined : dssePayload(envelope);
        if (text !== undefined && payload !== undefined)
          this.addStatement({ source, digest: layer.digest }, payload, { envelope, bundle: text });
      }
    }
  }

  private async blobText(layer: Descriptor): Promise<string | undefined> {
    if (layer.size > this.limits.maxBlobBytes) {
      this.logger.warning(
        `${this.kind.label} on the image: blob ${layer.digest} is ${layer.size} bytes; imagegate reads at most ${this.limits.maxBlobBytes}`,
      );
      return undefined;
    }
    const bytes = await this.source.readBlob(layer);
    return bytes.toString('utf8');
  }

  /** An in-toto statement: kept only when its predicateType is wanted; the kind says what of it is kept. */
  private addStatement(
    where: { source: string; digest: string },
    statementText: string,
    signed: { envelope?: string; bundle?: string } = {},
  ): void {
    let statement: unknown;
    try {
      statement = JSON.parse(statementText);
    } catch {
      this.logger.warning(`${this.kind.label} on the image: ${where.source} is not JSON; skipped`);
      return;
    }
    if (!isObject(statement) || !this.kind.acceptsPredicate(statement.predicateType)) return;
    const text = this.kind.keep(statement);
    if (text !== undefined) this.add({ ...where, text, ...signed });
  }

  private add(document: AttachedDocument): void {
    if (this.full) return;
    this.documents.push(document);
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

/** The DSSE envelope of a Sigstore bundle (`dsseEnvelope`), as JSON text, or undefined (a message signature). */
function bundleEnvelope(text: string): string | undefined {
  try {
    const bundle = JSON.parse(text) as unknown;
    return isObject(bundle) && isObject(bundle.dsseEnvelope) ? JSON.stringify(bundle.dsseEnvelope) : undefined;
  } catch {
    return undefined;
  }
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
