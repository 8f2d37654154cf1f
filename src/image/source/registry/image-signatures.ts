import { isObject } from '../../image-config.js';
import { describeError } from '../../../util/errors.js';
import type { Logger } from '../../../util/logger.js';
import {
  BUNDLE_PREDICATE_ANNOTATION,
  descriptors,
  tagFor,
  type ArtifactSource,
  type AttachmentLimits,
  type Descriptor,
} from './attachments.js';
import { DIGEST } from './digests.js';

/**
 * Signatures attached to one image digest (issue 15 item 2), found the two ways images are signed today:
 * - cosign's tag scheme: the manifest tagged `sha256-<hex>.sig`, one layer per signature, each layer's blob the
 *   simple-signing payload and its annotations the signature (`dev.cosignproject.cosign/signature`), and for keyless
 *   signatures the certificate, chain and Rekor bundle (`dev.sigstore.cosign/*`);
 * - Sigstore bundles (`application/vnd.dev.sigstore.bundle.v0.3+json`, and the `…bundle+json;version=0.x` spellings)
 *   attached as OCI 1.1 referrers or through the referrers tag fallback (the shared walk's ArtifactSource).
 * Everything here is the registry's word and hostile: counts and sizes capped, every blob digest-checked by the
 * client, a part that cannot be read is a note (a warning, and the findings say it) rather than a stop of the run.
 * Nothing is verified here: src/signature does that with the policy's signers and trust root.
 */

const COSIGN_SIMPLESIGNING_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';
/** The predicate (BUNDLE_PREDICATE_ANNOTATION) of the one bundle referrer that is a signature. */
const COSIGN_SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1';

const isBundleMediaType = (type: string | undefined): boolean =>
  type !== undefined &&
  /^application\/vnd\.dev\.sigstore\.bundle(\.v0\.[1-9]\+json|\+json(;\s*version=0\.[1-9])?)$/.test(type);

/** One signature found: where, and what it holds (not yet verified). */
export type FoundSignature =
  | {
      kind: 'cosign';
      /** `registry/repo:sha256-….sig (layer 1, blob sha256:…)`: how findings name it. */
      source: string;
      /** The signature blob's digest (the payload layer, or the bundle). */
      digest: string;
      payload: Buffer;
      annotations: Record<string, string>;
    }
  | {
      kind: 'bundle';
      source: string;
      digest: string;
      /** The bundle's JSON text. */
      text: string;
    };

export interface SignatureDiscovery {
  signatures: FoundSignature[];
  /** What could not be read (a hostile or broken registry answer), in imagegate's words: shown with the findings. */
  notes: string[];
}

const DEFAULT_LIMITS: AttachmentLimits = { maxArtifacts: 64, maxDocuments: 16, maxBlobBytes: 1024 * 1024 };

/** The signatures attached to `digest` in `source` (both storage schemes). */
export async function findImageSignatures(
  source: ArtifactSource,
  digest: string,
  options: { logger: Logger; limits?: Partial<AttachmentLimits> },
): Promise<SignatureDiscovery> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const found: SignatureDiscovery = { signatures: [], notes: [] };
  if (!DIGEST.test(digest)) return found;
  const guard = async (what: string, work: () => Promise<void>): Promise<void> => {
    try {
      await work();
    } catch (error) {
      const note = `${what} could not be read: ${describeError(error)}`;
      found.notes.push(note);
      options.logger.warning(`Signatures of ${source.name}@${digest}: ${note}`);
    }
  };
  const full = () => found.signatures.length >= limits.maxDocuments;
  const blob = async (layer: Descriptor, where: string): Promise<Buffer | undefined> => {
    if (layer.size > limits.maxBlobBytes) {
      const note = `${where} is ${layer.size} bytes; imagegate reads at most ${limits.maxBlobBytes}`;
      found.notes.push(note);
      options.logger.warning(`Signatures of ${source.name}@${digest}: ${note}`);
      return undefined;
    }
    return source.readBlob(layer);
  };

  const sigTag = `${tagFor(digest)}.sig`;
  await guard(`the cosign signature tag ${sigTag}`, async () => {
    const manifest = await source.findManifest(sigTag);
    if (!manifest) return;
    const layers = descriptors(manifest.body, 'layers').slice(0, limits.maxArtifacts);
    for (const [index, layer] of layers.entries()) {
      if (full()) return;
      if (layer.mediaType !== COSIGN_SIMPLESIGNING_TYPE) continue;
      const where = `${source.name}:${sigTag} (layer ${index + 1}, blob ${layer.digest})`;
      const payload = await blob(layer, where);
      if (payload)
        found.signatures.push({
          kind: 'cosign',
          source: where,
          digest: layer.digest,
          payload,
          annotations: layer.annotations,
        });
    }
  });

  await guard(`the referrers of ${digest}`, async () => {
    const index = await source.referrers(digest);
    const seen = new Set<string>();
    for (const entry of descriptors(index, 'manifests').slice(0, limits.maxArtifacts)) {
      if (full()) return;
      if (!isBundleMediaType(entry.artifactType) || seen.has(entry.digest)) continue;
      const predicate = entry.annotations[BUNDLE_PREDICATE_ANNOTATION];
      // An attestation in a bundle (provenance, SBOM) is not a signature of the image: provenance reads those.
      if (predicate !== undefined && predicate !== COSIGN_SIGN_PREDICATE) continue;
      seen.add(entry.digest);
      await guard(`the referrer ${entry.digest}`, async () => {
        const manifest = await source.findManifest(entry.digest);
        if (!manifest) return;
        const layers = [...descriptors(manifest.body, 'layers'), ...descriptors(manifest.body, 'blobs')];
        for (const layer of layers.slice(0, limits.maxArtifacts)) {
          if (full()) return;
          if (!isBundleMediaType(layer.mediaType)) continue;
          const where = `${source.name}@${manifest.digest} (referrer, blob ${layer.digest})`;
          const bytes = await blob(layer, where);
          if (bytes)
            found.signatures.push({
              kind: 'bundle',
              source: where,
              digest: layer.digest,
              text: bytes.toString('utf8'),
            });
        }
      });
    }
  });
  return found;
}

/** The in-toto statement a DSSE bundle carries, or undefined when it carries none (a message-signature bundle). */
export function bundleStatement(bundle: unknown): unknown {
  if (!isObject(bundle) || !isObject(bundle.dsseEnvelope)) return undefined;
  const payload = bundle.dsseEnvelope.payload;
  if (typeof payload !== 'string') return undefined;
  try {
    return JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as unknown;
  } catch {
    return null;
  }
}
