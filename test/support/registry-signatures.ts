import { OCI_INDEX, OCI_MANIFEST, putManifest, sha256, uploadBlob, type Pushed } from './registry-push.js';
import type { TestRegistry } from './registry.js';

/**
 * Attaching signatures to a pushed image the two ways signers store them, over the distribution API (independent
 * of the client under test): cosign's `sha256-<hex>.sig` tag (one layer per signature) and a Sigstore bundle as an
 * OCI 1.1 referrer, listed in the referrers tag fallback index (`sha256-<hex>`) since distribution 2.8 has no
 * referrers API. The layers and bundles come from test/support/sigstore-kit.ts.
 */

const EMPTY = Buffer.from('{}');
const EMPTY_TYPE = 'application/vnd.oci.empty.v1+json';
export const BUNDLE_V03_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';

export interface SignatureLayer {
  payload: Buffer;
  mediaType: string;
  annotations: Record<string, string>;
}

/** Puts `layers` as the manifest tagged `sha256-<hex>.sig` (what `cosign sign` pushes; later calls replace it). */
export async function pushCosignSignatures(
  registry: TestRegistry,
  repository: string,
  digest: string,
  layers: readonly SignatureLayer[],
): Promise<void> {
  const auth = await registry.pushAuthorization(repository);
  const config = Buffer.from(JSON.stringify({ architecture: '', os: '', config: {}, rootfs: { type: 'layers' } }));
  const configDigest = await uploadBlob(registry.url, repository, config, auth);
  const descriptors = [];
  for (const layer of layers) {
    const layerDigest = await uploadBlob(registry.url, repository, layer.payload, auth);
    descriptors.push({
      mediaType: layer.mediaType,
      digest: layerDigest,
      size: layer.payload.length,
      annotations: layer.annotations,
    });
  }
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
      layers: descriptors,
    }),
  );
  await putManifest(registry.url, repository, `${digest.replace(':', '-')}.sig`, manifest, OCI_MANIFEST, auth);
}

/**
 * Pushes each bundle as an artifact manifest whose subject is `subject` (what `cosign sign --new-bundle-format`
 * and `oras attach` do) and lists them in the referrers tag fallback index. `annotations` go on the index entries.
 */
export async function pushBundleReferrers(
  registry: TestRegistry,
  repository: string,
  subject: Pushed,
  bundles: ReadonlyArray<{ bundle: unknown; annotations?: Record<string, string> }>,
): Promise<void> {
  const auth = await registry.pushAuthorization(repository);
  await uploadBlob(registry.url, repository, EMPTY, auth);
  const entries = [];
  for (const { bundle, annotations } of bundles) {
    const bytes = Buffer.from(JSON.stringify(bundle));
    const digest = await uploadBlob(registry.url, repository, bytes, auth);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        artifactType: BUNDLE_V03_TYPE,
        config: { mediaType: EMPTY_TYPE, digest: sha256(EMPTY), size: EMPTY.length },
        layers: [{ mediaType: BUNDLE_V03_TYPE, digest, size: bytes.length }],
        subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
        ...(annotations ? { annotations } : {}),
      }),
    );
    const manifestDigest = sha256(manifest);
    await putManifest(registry.url, repository, manifestDigest, manifest, OCI_MANIFEST, auth);
    entries.push({
      mediaType: OCI_MANIFEST,
      artifactType: BUNDLE_V03_TYPE,
      digest: manifestDigest,
      size: manifest.length,
      ...(annotations ? { annotations } : {}),
    });
  }
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: entries }));
  await putManifest(registry.url, repository, subject.digest.replace(':', '-'), index, OCI_INDEX, auth);
}

/** The in-toto statement `cosign sign --new-bundle-format` wraps in DSSE: the image digest as its subject. */
export function signStatement(repository: string, digest: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: repository, digest: { sha256: digest.replace(/^sha256:/, '') } }],
      predicateType: 'https://sigstore.dev/cosign/sign/v1',
      predicate: {},
    }),
  );
}
