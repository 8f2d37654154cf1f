import type { ImageVexDocument } from '../image/source/registry/image-vex.js';
import { readImageVex } from '../image/source/registry/read-image-vex.js';
import { readOciLayoutVex } from '../image/source/oci-layout-vex.js';
import type { VulnerabilityRules } from '../policy/types.js';
import type { Logger } from '../util/logger.js';
import type { AcquiredImage } from './acquire-image.js';
import { ConfigurationError } from '../util/errors.js';
import { parseVexDocument } from '../vex/parse-vex-document.js';
import type { VexDocument } from '../vex/types.js';

/**
 * Issue 14 item 6: the OpenVEX documents attached to the image, read only when the policy that applies to the image
 * sets `vulnerabilities.vexFromImage: true` and the image came from a registry (pinned to the digest read) or an
 * OCI layout directory. Other sources (the daemon, docker-archive) keep no referrers: said once, not an error. The documents go to the VEX matcher (src/vex) beside
 * the policy's own VEX files (parseAttachedVex), so they take part in the latest-statement-wins order and vex/unused.
 */
export async function readImageVexStage(
  acquired: AcquiredImage | undefined,
  rules: VulnerabilityRules,
  access: { environment: Record<string, string | undefined>; insecureRegistries?: string[] },
  logger: Logger,
): Promise<ImageVexDocument[] | undefined> {
  if (!rules.vexFromImage) return undefined;
  if (acquired?.scanInput.kind === 'oci-layout' && acquired.facts.digest) {
    return readOciLayoutVex(acquired.scanInput.path, acquired.facts.digest, { logger });
  }
  if (!acquired || acquired.facts.source !== 'registry' || !acquired.facts.reference) {
    logger.info(
      'vulnerabilities.vexFromImage: the image was not read from a registry or an OCI layout, so there are no ' +
        'attached VEX documents to read',
    );
    return [];
  }
  return readImageVex(acquired.facts.reference, {
    logger,
    access: { environment: access.environment, insecureRegistries: access.insecureRegistries ?? [] },
    ...(acquired.facts.digest ? { digest: acquired.facts.digest } : {}),
  });
}

/**
 * The attached documents parsed for the VEX matcher. Whoever can push to the image's repository wrote them, not the
 * workflow or the policy's author: one that does not parse is a warning naming where it came from (never exit 2,
 * which would let any push break the gate), and the others still count.
 */
export function parseAttachedVex(documents: readonly ImageVexDocument[], logger: Logger): VexDocument[] {
  const parsed: VexDocument[] = [];
  for (const document of documents) {
    try {
      parsed.push(parseVexDocument(document.text, { path: document.source }));
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      logger.warning(`vulnerabilities.vexFromImage: ignored a VEX document attached to the image: ${error.message}`);
    }
  }
  return parsed;
}
