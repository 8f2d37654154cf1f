import type { RunConfig } from '../config/run-config.js';
import { parseImageReference } from '../model/image-reference.js';
import { RegistryClient } from '../image/source/registry/registry-client.js';
import type { Logger } from '../util/logger.js';
import type { PlannedScan } from './types.js';

/**
 * `rescan run --reference REF`: the one scan, as a plan would list it. A digest-pinned reference is taken as is; a
 * tag is resolved to its digest first (HEAD on the manifest), so the scan, the result and the ledger name the image
 * that was there at that moment, not whatever the tag points at later.
 */
export async function resolveReferenceScan(reference: string, base: RunConfig, logger: Logger): Promise<PlannedScan> {
  const ref = parseImageReference(reference, { path: '--reference' });
  // Without tag or digest, Docker means `latest`.
  const tag = ref.digest === undefined ? (ref.tag ?? 'latest') : ref.tag;
  const tags = tag !== undefined ? [tag] : [];
  let digest = ref.digest;
  if (digest === undefined) {
    const client = await RegistryClient.open(ref.registry, {
      logger,
      environment: base.environment,
      insecureRegistries: base.insecureRegistries ?? [],
    });
    try {
      digest = (await client.headManifest(ref.repository, tag ?? 'latest')).digest;
    } finally {
      client.close();
    }
    logger.info(`${reference} is ${digest}`);
  }
  return { repository: ref.repository, digest, tags, reference: `${ref.name}@${digest}` };
}
