import { parseImageReference } from '../../../model/image-reference.js';
import type { ProvenanceFacts } from '../../../provenance/types.js';
import type { ProvenanceVerification } from '../../../provenance/verify-provenance.js';
import { resolveReadLimits } from '../../read-options.js';
import type { AttachmentLimits } from './attachments.js';
import { registryArtifacts } from './attachments.js';
import { findImageProvenance } from './image-provenance.js';
import { resolveRegistryImage, type RegistryReadOptions } from './read-registry.js';
import { RegistryClient } from './registry-client.js';

/**
 * The SLSA provenance attached to a registry image (image-provenance.ts), for the pipeline when the policy has a
 * `provenance:` section. `digest` pins the image that was read, so a tag moved since cannot bring another image's
 * provenance. Same shape as read-image-vex.ts.
 */
export async function readImageProvenance(
  reference: string,
  options: RegistryReadOptions & {
    digest?: string;
    attachmentLimits?: Partial<AttachmentLimits>;
    verify?: ProvenanceVerification;
  },
): Promise<ProvenanceFacts[]> {
  const ref = parseImageReference(reference);
  const pinned = options.digest ? `${ref.registry}/${ref.repository}@${options.digest}` : reference;
  const client =
    options.client ??
    (await RegistryClient.open(ref.registry, {
      ...options.access,
      logger: options.logger,
      maxDocumentBytes: resolveReadLimits(options.limits).maxJsonBytes,
    }));
  try {
    const resolved = await resolveRegistryImage(pinned, { ...options, client });
    const root =
      resolved.digest !== resolved.manifest.digest
        ? await client.getManifest(ref.repository, resolved.digest)
        : undefined;
    const facts = await findImageProvenance(
      registryArtifacts(client, ref.repository, 'provenance attestation'),
      [resolved.manifest.digest, resolved.digest],
      {
        logger: options.logger,
        ...(root ? { rootIndex: root.body } : {}),
        ...(options.attachmentLimits ? { limits: options.attachmentLimits } : {}),
        ...(options.verify ? { verify: options.verify } : {}),
      },
    );
    options.logger.info(
      `Provenance on the image: ${facts.length} SLSA provenance document${facts.length === 1 ? '' : 's'} attached to ${ref.original}`,
    );
    return facts;
  } finally {
    if (!options.client) client.close();
  }
}
