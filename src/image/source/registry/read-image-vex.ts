import { parseImageReference } from '../../../model/image-reference.js';
import { resolveReadLimits } from '../../read-options.js';
import { findImageVex, registryArtifacts, type ImageVexDocument, type ImageVexLimits } from './image-vex.js';
import { resolveRegistryImage, type RegistryReadOptions } from './read-registry.js';
import { RegistryClient } from './registry-client.js';

/**
 * The OpenVEX documents attached to a registry image (see image-vex.ts), for the pipeline when the policy sets
 * `vulnerabilities.vexFromImage: true`. `digest` pins the image that was read (ImageFacts.digest), so a tag moved
 * since cannot bring another image's VEX.
 */
export async function readImageVex(
  reference: string,
  options: RegistryReadOptions & { digest?: string; vexLimits?: Partial<ImageVexLimits> },
): Promise<ImageVexDocument[]> {
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
    const documents = await findImageVex(
      registryArtifacts(client, ref.repository),
      [resolved.manifest.digest, resolved.digest],
      {
        logger: options.logger,
        ...(root ? { rootIndex: root.body } : {}),
        ...(options.vexLimits ? { limits: options.vexLimits } : {}),
      },
    );
    options.logger.info(
      `VEX on the image: ${documents.length} OpenVEX document${documents.length === 1 ? '' : 's'} attached to ${ref.original}`,
    );
    return documents;
  } finally {
    if (!options.client) client.close();
  }
}
