import { stat } from 'node:fs/promises';
import type { ProvenanceFacts } from '../../provenance/types.js';
import type { ProvenanceVerification } from '../../provenance/verify-provenance.js';
import type { Logger } from '../../util/logger.js';
import { DirectoryStore } from './directory-store.js';
import { parseJson } from './image-store.js';
import { layoutArtifacts } from './oci-layout-vex.js';
import { descriptors, type AttachmentLimits } from './registry/attachments.js';
import { findImageProvenance } from './registry/image-provenance.js';

/**
 * SLSA provenance attached to an image in an OCI layout directory (issue 15 item 4): what `docker buildx build
 * --output type=oci` and `skopeo copy --all … oci:` keep. BuildKit's attestation manifests sit in the image's index,
 * which is either the layout's index.json itself or an index it lists; referrers and cosign's `.att` tag are found
 * as for VEX (oci-layout-vex.ts). Same caps and hostility rules as for registries.
 */

/** Indexes of index.json opened while looking for the one that lists the image (each read whole, so capped). */
const MAX_NESTED_INDEXES = 32;
const MAX_INDEX_BYTES = 4 * 1024 * 1024;

/**
 * `undefined` when the layout is not a directory (a tar of a layout is not searched): the caller says why nothing
 * was read. `subject`: the platform manifest digest the image was read from (ImageFacts.digest).
 */
export async function readOciLayoutProvenance(
  layout: string,
  subject: string,
  options: { logger: Logger; limits?: Partial<AttachmentLimits>; verify?: ProvenanceVerification },
): Promise<ProvenanceFacts[] | undefined> {
  const info = await stat(layout).catch(() => undefined);
  if (!info?.isDirectory()) return undefined;
  const store = new DirectoryStore(layout);
  try {
    const source = layoutArtifacts(store);
    const top = parseJson(
      await store.readBytes('index.json', MAX_INDEX_BYTES, 'index.json'),
      store.locate('index.json'),
      'index.json',
    );
    const lists = (index: unknown) => descriptors(index, 'manifests').some((entry) => entry.digest === subject);
    let rootIndex: unknown = lists(top) ? top : undefined;
    let rootDigest: string | undefined;
    if (rootIndex === undefined) {
      for (const entry of descriptors(top, 'manifests').slice(0, MAX_NESTED_INDEXES)) {
        if (entry.digest === subject || entry.size > MAX_INDEX_BYTES) continue;
        const nested = await source.findManifest(entry.digest);
        if (nested && lists(nested.body)) {
          rootIndex = nested.body;
          rootDigest = nested.digest;
          break;
        }
      }
    }
    const facts = await findImageProvenance(source, rootDigest ? [subject, rootDigest] : [subject], {
      logger: options.logger,
      ...(rootIndex !== undefined ? { rootIndex } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.verify ? { verify: options.verify } : {}),
    });
    options.logger.info(
      `Provenance on the image: ${facts.length} SLSA provenance document${facts.length === 1 ? '' : 's'} in the OCI layout ${layout}`,
    );
    return facts;
  } finally {
    await store.close();
  }
}
