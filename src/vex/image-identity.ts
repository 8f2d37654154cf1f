import type { ImageFacts } from '../image/facts.js';
import { parseImageReference, type ImageReference } from '../model/image-reference.js';

/** What a VEX product can name the image under check by: its digests and its repositories (with tags). */
export interface VexImageIdentity {
  /** `sha256:…`: the manifest digest(s) and the config digest (image ID). */
  digests: string[];
  /** `registry/repository` with the tag when one is known. */
  references: Array<{ registry: string; repository: string; tag?: string }>;
}

export function imageIdentity(image: ImageFacts, reference: ImageReference | undefined): VexImageIdentity {
  const digests = new Set<string>();
  const references: VexImageIdentity['references'] = [];
  const addReference = (parsed: ImageReference) => {
    if (
      !references.some(
        (known) =>
          known.registry === parsed.registry && known.repository === parsed.repository && known.tag === parsed.tag,
      )
    ) {
      references.push({
        registry: parsed.registry,
        repository: parsed.repository,
        ...(parsed.tag ? { tag: parsed.tag } : {}),
      });
    }
    if (parsed.digest) digests.add(parsed.digest);
  };
  if (image.digest) digests.add(image.digest);
  if (image.id.startsWith('sha256:')) digests.add(image.id);
  if (reference) addReference(reference);
  for (const text of [...image.repoTags, ...image.repoDigests]) {
    try {
      addReference(parseImageReference(text));
    } catch {
      // A name the engine printed that is not a reference (`<none>:<none>`) names nothing.
    }
  }
  return { digests: [...digests], references };
}
