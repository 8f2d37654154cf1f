import { stat } from 'node:fs/promises';
import type { Logger } from '../../util/logger.js';
import { blobPath } from './archive-paths.js';
import { DirectoryStore } from './directory-store.js';
import { layoutArtifacts } from './oci-layout-vex.js';
import { findImageSignatures } from './registry/image-signatures.js';
import type { RegistrySignatures } from './registry/read-image-signatures.js';

/**
 * The signatures of an image in an OCI layout directory (`cosign save`, `oras copy -r --to-oci-layout`): the
 * `sha256-<hex>.sig` manifest found by its `org.opencontainers.image.ref.name`, and Sigstore bundle referrers by
 * their `subject`, through the same discovery as for registries (image-signatures.ts) with the same caps and digest
 * checks. Undefined for a path that is not a directory (a tar of a layout is not searched).
 */
export async function readOciLayoutSignatures(
  layout: string,
  digest: string,
  options: { logger: Logger },
): Promise<RegistrySignatures | undefined> {
  const info = await stat(layout).catch(() => undefined);
  if (!info?.isDirectory()) return undefined;
  const store = new DirectoryStore(layout);
  try {
    const source = layoutArtifacts(store);
    const discovery = await findImageSignatures(source, digest, { logger: options.logger });
    const needsManifest = discovery.signatures.some(
      (found) => found.kind === 'bundle' && !found.text.includes('"dsseEnvelope"'),
    );
    let manifest: Buffer | undefined;
    if (needsManifest) {
      const name = blobPath(digest, store.path, `manifest ${digest}`);
      const size = await store.size(name);
      if (size !== undefined && size <= 4 * 1024 * 1024) manifest = await source.readBlob({ digest, size });
    }
    return { ...discovery, digest, ...(manifest ? { manifest } : {}) };
  } finally {
    await store.close();
  }
}
