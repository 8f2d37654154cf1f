import { parseImageReference } from '../../../model/image-reference.js';
import { resolveReadLimits } from '../../read-options.js';
import { registryArtifacts, type AttachmentLimits } from './attachments.js';
import { findImageSignatures, type SignatureDiscovery } from './image-signatures.js';
import type { RegistryReadOptions } from './read-registry.js';
import { RegistryClient } from './registry-client.js';

/** The signatures of one registry image, with the digest they were looked up for. */
export interface RegistrySignatures extends SignatureDiscovery {
  digest: string;
  /** The manifest's bytes (digest-checked): read only when a message-signature bundle needs them. */
  manifest?: Buffer;
}

/**
 * Resolves `reference` to the digest it names in its registry (a digest in the reference is used as is: no
 * request; else a HEAD of the tag; `options.digest` pins what was read already) and finds the signatures attached
 * to that digest (image-signatures.ts). Only that registry is contacted, with the run's credentials for it.
 */
export async function readImageSignatures(
  reference: string,
  options: Omit<RegistryReadOptions, 'limits'> & {
    digest?: string;
    limits?: RegistryReadOptions['limits'];
    attachmentLimits?: Partial<AttachmentLimits>;
  },
): Promise<RegistrySignatures> {
  const ref = parseImageReference(reference);
  const client =
    options.client ??
    (await RegistryClient.open(ref.registry, {
      ...options.access,
      logger: options.logger,
      maxDocumentBytes: resolveReadLimits(options.limits).maxJsonBytes,
    }));
  try {
    const digest =
      options.digest ?? ref.digest ?? (await client.headManifest(ref.repository, ref.tag ?? 'latest')).digest;
    const discovery = await findImageSignatures(registryArtifacts(client, ref.repository, 'signature'), digest, {
      logger: options.logger,
      ...(options.attachmentLimits ? { limits: options.attachmentLimits } : {}),
    });
    const needsManifest = discovery.signatures.some(
      (found) => found.kind === 'bundle' && !found.text.includes('"dsseEnvelope"'),
    );
    const manifest = needsManifest ? (await client.getManifest(ref.repository, digest)).bytes : undefined;
    return { ...discovery, digest, ...(manifest ? { manifest } : {}) };
  } finally {
    if (!options.client) client.close();
  }
}
