import { stat } from 'node:fs/promises';
import { ConfigurationError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { verifyDigest } from '../layers/layer-facts.js';
import { blobPath } from './archive-paths.js';
import { DirectoryStore } from './directory-store.js';
import type { ImageStore } from './image-store.js';
import { parseJson } from './image-store.js';
import {
  descriptors,
  findImageVex,
  tagFor,
  type ArtifactSource,
  type ImageVexDocument,
  type ImageVexLimits,
} from './registry/image-vex.js';

/**
 * OpenVEX documents attached to an image in an OCI layout directory (issue 14 item 6): `oras copy -r
 * --to-oci-layout` and `oras attach --oci-layout` keep referrers as manifests listed in `index.json` whose `subject`
 * is the image; the `sha256-<hex>` referrers tag and cosign's `.att` tag are found by their
 * `org.opencontainers.image.ref.name`. Same caps and hostility rules as for registries (image-vex.ts); a tar of a
 * layout is not searched (said in the log).
 */

/** Manifests of index.json looked at for a `subject` (each read whole, so capped). */
const MAX_INDEX_ENTRIES = 256;
/** Largest manifest read while looking for referrers. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const REF_NAME = 'org.opencontainers.image.ref.name';

export async function readOciLayoutVex(
  layout: string,
  subject: string,
  options: { logger: Logger; limits?: Partial<ImageVexLimits> },
): Promise<ImageVexDocument[]> {
  const info = await stat(layout).catch(() => undefined);
  if (!info?.isDirectory()) {
    options.logger.info(
      `VEX on the image: ${layout} is not an OCI layout directory; attached VEX is read only from directories`,
    );
    return [];
  }
  const store = new DirectoryStore(layout);
  try {
    const source = layoutArtifacts(store);
    return await findImageVex(source, [subject], {
      logger: options.logger,
      ...(options.limits ? { limits: options.limits } : {}),
    });
  } finally {
    await store.close();
  }
}

/** An OCI layout directory as an ArtifactSource (referrers by `subject` or the referrers tag, tags by ref.name); also for provenance (oci-layout-provenance.ts) and signatures. */
export function layoutArtifacts(store: ImageStore): ArtifactSource {
  let entries: ReturnType<typeof descriptors> | undefined;
  const indexEntries = async () => {
    if (!entries) {
      const bytes = await store.readBytes('index.json', MAX_MANIFEST_BYTES, 'index.json');
      entries = descriptors(parseJson(bytes, store.locate('index.json'), 'index.json'), 'manifests');
    }
    return entries;
  };
  const readBlob = async (descriptor: { digest: string; size: number }): Promise<Buffer> => {
    const name = blobPath(descriptor.digest, store.path, `blob ${descriptor.digest}`);
    const bytes = await store.readBytes(name, descriptor.size, `blob ${descriptor.digest}`);
    if (bytes.length !== descriptor.size) {
      throw new ConfigurationError(
        `blob ${descriptor.digest} has ${bytes.length} bytes, its descriptor says ${descriptor.size}`,
        {
          path: store.path,
        },
      );
    }
    verifyDigest(store, name, bytes, descriptor.digest, `blob ${descriptor.digest}`);
    return bytes;
  };
  const manifestByDigest = async (digest: string, size?: number) => {
    const name = blobPath(digest, store.path, `manifest ${digest}`);
    const actual = size ?? (await store.size(name));
    if (actual === undefined || actual > MAX_MANIFEST_BYTES) return undefined;
    const bytes = await readBlob({ digest, size: actual });
    return { digest, body: parseJson(bytes, store.locate(name), `manifest ${digest}`) };
  };
  return {
    name: store.path,
    async referrers(digest) {
      const all = await indexEntries();
      const tagged = all.find((entry) => entry.annotations[REF_NAME] === tagFor(digest));
      if (tagged) return (await manifestByDigest(tagged.digest, tagged.size))?.body;
      const manifests: unknown[] = [];
      for (const entry of all.slice(0, MAX_INDEX_ENTRIES)) {
        if (entry.digest === digest || entry.size > MAX_MANIFEST_BYTES) continue;
        const manifest = await manifestByDigest(entry.digest, entry.size);
        const body = manifest?.body as { subject?: { digest?: unknown }; artifactType?: unknown } | undefined;
        if (body?.subject?.digest !== digest) continue;
        manifests.push({
          mediaType: entry.mediaType,
          digest: entry.digest,
          size: entry.size,
          ...(typeof body.artifactType === 'string' ? { artifactType: body.artifactType } : {}),
          annotations: entry.annotations,
        });
      }
      return { manifests };
    },
    async findManifest(reference) {
      if (reference.startsWith('sha256:')) return manifestByDigest(reference);
      const entry = (await indexEntries()).find((candidate) => candidate.annotations[REF_NAME] === reference);
      return entry ? manifestByDigest(entry.digest, entry.size) : undefined;
    },
    readBlob,
  };
}
